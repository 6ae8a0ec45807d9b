// Which root holder on record an offboarded user is (matchRootHolder), and the note a plan
// carries when none matches: a leaver who could reach root must never pass silently.
import { describe, expect, it } from 'vitest';
import { matchRootHolder, nameParts, plan, type OffboardState } from '../../src/steps/offboard.js';
import type { CallerIdentity } from '../../src/aws/port.js';

function state(userName: string, email?: string): OffboardState {
  return {
    userName,
    user: { name: userName, arn: `arn:aws:iam::111122223333:user/${userName}`, createdAt: new Date(0), tags: email ? { email } : {} },
    loginProfile: null,
    accessKeys: [],
    mfaDevices: [],
    groups: ['Developers'],
    directPolicies: [],
    inlinePolicies: [],
    revokePolicy: null,
    adminMembers: ['alice', 'dana'],
    sshPublicKeys: [],
    serviceSpecificCredentials: [],
    signingCertificates: [],
    unread: [],
  };
}

const HOLDERS = ['Alice Doe', 'Dana Roe'];

describe('matchRootHolder', () => {
  it.each([
    // user name, email tag, the holder it is
    ['alice', undefined, 'Alice Doe'],
    ['alice.doe', 'alice.doe@example.com', 'Alice Doe'],
    ['alice.doe', undefined, 'Alice Doe'],
    ['adoe', undefined, 'Alice Doe'],
    ['a.doe', undefined, 'Alice Doe'],
    ['alice_doe', undefined, 'Alice Doe'],
    ['doe.alice', undefined, 'Alice Doe'],
    ['alice-doe', undefined, 'Alice Doe'],
    ['alicedoe', undefined, 'Alice Doe'],
    ['AliceDoe', undefined, 'Alice Doe'],
    ['aliced', undefined, 'Alice Doe'],
    ['alice.doe2', undefined, 'Alice Doe'],
    ['alice+ops', undefined, null],
    ['ad', 'adoe@example.com', 'Alice Doe'],
    ['ops-7', 'alice.doe@example.com', 'Alice Doe'],
    ['ops-7', 'doe_alice+aws@example.com', null],
    ['droe', undefined, 'Dana Roe'],
    ['bob', 'bob@example.com', null],
    ['bob.doe', undefined, null],
    ['alicia.doe', undefined, null],
  ] as const)('%s (email %s) → %s', (user, email, holder) => {
    expect(matchRootHolder(state(user, email), HOLDERS)).toBe(holder);
  });

  it.each([
    // holders on record as user names or email addresses
    ['alice.doe', undefined, ['alice.doe@example.com'], 'alice.doe@example.com'],
    ['adoe', 'alice.doe@example.com', ['alice.doe@example.com'], 'alice.doe@example.com'],
    ['alice.doe', undefined, ['ALICE.DOE'], 'ALICE.DOE'],
    ['bob', undefined, ['', '  ', 'carol@example.com'], null],
  ] as const)('%s (email %s) among %j → %s', (user, email, holders, holder) => {
    expect(matchRootHolder(state(user, email), [...holders])).toBe(holder);
  });

  it('splits names on . _ - + spaces and case, and drops digits', () => {
    expect(nameParts('Alice.Doe_2-x+y')).toEqual(['alice', 'doe', 'x', 'y']);
    expect(nameParts('MaryAnn O Neil')).toEqual(['mary', 'ann', 'o', 'neil']);
  });
});

describe('the plan when no holder matches', () => {
  const caller: CallerIdentity = { kind: 'user', name: 'admin', arn: 'arn:aws:iam::111122223333:user/admin', accountId: '111122223333' };
  const env = { callerArn: caller.arn, now: new Date('2026-11-24T12:00:00Z') };

  it('names the holders on record, so a holder under another name is not passed over in silence', () => {
    const p = plan(state('ops7'), { caller, rootHolders: HOLDERS }, env);
    expect(p.rootHolder).toBeNull();
    expect(p.notes).toContain("Root holders on record: Alice Doe, Dana Roe — if ops7 is one of them, rotate root's password and MFA.");
  });

  it('carries no such note when the holder matched, or when none is on record', () => {
    const matched = plan(state('alice.doe'), { caller, rootHolders: HOLDERS }, env);
    expect(matched.rootHolder).toBe('Alice Doe');
    expect(matched.notes.filter((n) => n.startsWith('Root holders on record'))).toEqual([]);
    expect(plan(state('ops7'), { caller, rootHolders: [] }, env).notes).toEqual([]);
  });

  it('neutralises control characters in a holder name from the record', () => {
    const p = plan(state('ops7'), { caller, rootHolders: ['Eve\u001b]52;c;x\u0007 Doe'] }, env);
    expect(p.notes[0]).not.toMatch(/[\u0000-\u001f]/);
  });
});
