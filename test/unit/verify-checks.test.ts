// Every check id and every status, judged from real-format credential reports and a fixed clock.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { AwsError } from '../../src/aws/errors.js';
import type { AuthorizationDetails, AuthorizationRole, AuthorizationUser, Gateway, PolicyStatement } from '../../src/aws/port.js';
import {
  CHECK_IDS,
  buildVerifyDocument,
  computeChecks,
  fetchCredentialReport,
  parseCredentialReport,
  renderMarkdown,
  verifyExitCode,
  whyUnknown,
  type Check,
  type CheckInput,
  type Read,
  type VerifyState,
} from '../../src/steps/verify.js';
import { emptyRecord, type LocalRecord } from '../../src/steps/local-record.js';
import { parsePolicy } from '../../src/steps/alert.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/credential-report-${name}.csv`, import.meta.url), 'utf8');
const report = (csv: string) => parseCredentialReport(csv, new Date('2026-11-24T11:00:00Z'));

const ok = <T,>(value: T): Read<T> => ({ ok: true, value });
const denied = (action: string): Read<never> => ({ ok: false, error: new AwsError({ kind: 'AccessDenied', action }) });

const DESIGN_PATTERN = '{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}';
const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:mvsp-root-sign-in`;
// A topic's "Policy" attribute as sns:GetTopicAttributes returns it: the default owner
// statement plus one letting EventBridge publish from the rule.
const ownerStatement = {
  Sid: '__default_statement_ID',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
  Resource: TOPIC,
  Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
};
const eventsStatement = {
  Sid: 'AllowEventBridgeRootSignInAlert',
  Effect: 'Allow',
  Principal: { Service: 'events.amazonaws.com' },
  Action: 'sns:Publish',
  Resource: TOPIC,
  Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:events:us-east-1:${ACCOUNT}:rule/*` } },
};
const topicPolicy = (...statements: object[]) => parsePolicy(JSON.stringify({ Version: '2008-10-17', Id: '__default_policy_ID', Statement: statements }));
const ADMIN = { name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
const TRAIL = { name: 'mvsp-trail', arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/mvsp-trail`, homeRegion: 'us-east-1', isMultiRegion: true, isLogging: true, logsManagementEvents: true, includeGlobalServiceEvents: true, s3BucketName: `mvsp-trail-${ACCOUNT}` };
const contact = (email: string) => ({ name: 'Team', title: 'Team', email, phone: '+14155550100' });

/** An account where everything is in place. */
function goodState(): VerifyState {
  return {
    accountId: ACCOUNT,
    summary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevicesInUse: 2 }),
    report: ok(report(fixture('root-never-used'))),
    virtualMfa: ok([{ serial: 'arn:aws:iam::111122223333:mfa/alice', userName: 'alice' }]),
    passwordPolicy: ok({
      minimumPasswordLength: 14,
      requireSymbols: true,
      requireNumbers: true,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      allowUsersToChangePassword: true,
      passwordReusePrevention: 24,
    }),
    contacts: {
      SECURITY: ok(contact('security@acme.com')),
      BILLING: ok(contact('billing@acme.com')),
      OPERATIONS: ok(contact('ops@acme.com')),
    },
    authorization: ok({
      users: [{ name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice', inlinePolicies: [], attachedPolicies: [], groups: ['Administrators'] }],
      groups: [{ name: 'Administrators', arn: 'arn:aws:iam::111122223333:group/Administrators', inlinePolicies: [], attachedPolicies: [ADMIN] }],
      roles: [],
      policies: [],
    }),
    alert: {
      rules: ok([{ name: 'mvsp-root-sign-in', arn: 'arn:aws:events:us-east-1:111122223333:rule/mvsp-root-sign-in', state: 'ENABLED', eventPattern: DESIGN_PATTERN }]),
      targets: { 'mvsp-root-sign-in': ok([{ id: 'sns', arn: TOPIC }]) },
      topics: { [TOPIC]: ok([{ arn: `${TOPIC}:0f1e2d3c`, protocol: 'email', endpoint: 'security@acme.com', pending: false }]) },
      policies: { [TOPIC]: ok(topicPolicy(ownerStatement, eventsStatement)) },
      kmsKeys: { [TOPIC]: ok(null) },
      subscriptionAttributes: { [`${TOPIC}:0f1e2d3c`]: ok({ Protocol: 'email', Endpoint: 'security@acme.com', PendingConfirmation: 'false' }) },
      trails: ok([TRAIL]),
    },
  };
}

function goodRecord(): LocalRecord {
  return {
    ...emptyRecord('111122223333'),
    rootHolders: ['Alice Doe', 'Bob Roe'],
    checks: [{ at: '2026-10-24T12:00:00.000Z', kind: 'verify', reportGeneratedAt: '2026-10-24T09:00:00.000Z' }],
    attestations: [{ at: '2026-11-20T09:00:00.000Z', rootSignIn: 'got-in', signedInBy: 'Alice Doe', holders: ['Alice Doe', 'Bob Roe'] }],
  };
}

function run(over: Partial<VerifyState> = {}, input: Partial<CheckInput> = {}): Record<string, Check> {
  const checks = computeChecks({ state: { ...goodState(), ...over }, record: goodRecord(), now: NOW, ...input });
  return Object.fromEntries(checks.map((c) => [c.id, c]));
}

describe('verify checks', () => {
  it('a fully set-up account passes every check, in the DESIGN.md order', () => {
    const checks = computeChecks({ state: goodState(), record: goodRecord(), now: NOW });
    expect(checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    for (const c of checks) expect(c, `${c.id}: ${c.detail}`).toMatchObject({ status: 'pass' });
    expect(verifyExitCode(checks)).toBe(0);
  });

  describe('root-access-keys', () => {
    it('fails on the summary flag, and on an active key in the root row even when the summary says 0', () => {
      expect(run({ summary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 }) })['root-access-keys']!.status).toBe('fail');
      const c = run({ report: ok(report(fixture('day-one'))) })['root-access-keys']!;
      expect(c.status).toBe('fail');
      expect(c.detail).toContain('1 active root access key');
      expect(c.fix).toContain('Security credentials');
    });
    it('falls back to the report when the summary is denied; unknown (naming the action) when both are', () => {
      expect(run({ summary: denied('iam:GetAccountSummary') })['root-access-keys']!.status).toBe('pass');
      // a report AWS kept from hours ago cannot say there is no key now; one it shows still fails
      const stale = run({ summary: denied('iam:GetAccountSummary'), reportStale: 180 })['root-access-keys']!;
      expect(stale).toMatchObject({ status: 'unknown', detail: expect.stringContaining('is 180 minutes old: root may have changed since') });
      expect(stale.detail).toContain('iam:GetAccountSummary');
      expect(stale.fix).toContain('Allow iam:GetAccountSummary');
      const keyThen = run({ summary: denied('iam:GetAccountSummary'), report: ok(report(fixture('day-one'))), reportStale: 180 })['root-access-keys']!;
      expect(keyThen).toMatchObject({ status: 'fail', detail: expect.stringMatching(/the credential report of .* shows 1 active root access key/) });
      const c = run({ summary: denied('iam:GetAccountSummary'), report: denied('iam:GetCredentialReport') })['root-access-keys']!;
      expect(c.status).toBe('unknown');
      expect(c.detail).toContain('iam:GetAccountSummary');
    });
  });

  describe('root-mfa', () => {
    it('fails when AccountMFAEnabled is 0', () => {
      const c = run({ summary: ok({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 }) })['root-mfa']!;
      expect(c).toMatchObject({ status: 'fail', detail: expect.stringContaining('AccountMFAEnabled is 0') });
    });
    it("uses the root row's mfa_active when the summary is denied", () => {
      expect(run({ summary: denied('iam:GetAccountSummary'), report: ok(report(fixture('day-one'))) })['root-mfa']!.status).toBe('fail');
      expect(run({ summary: denied('iam:GetAccountSummary') })['root-mfa']!.status).toBe('pass');
    });
    it("a stale report's root row (AWS serves one for up to 4 hours) does not stand in for the summary: unknown, root-hardware-mfa too", () => {
      const checks = run({ summary: denied('iam:GetAccountSummary'), reportStale: 180 });
      for (const id of ['root-mfa', 'root-hardware-mfa']) {
        expect(checks[id], id).toMatchObject({ status: 'unknown', detail: expect.stringContaining('is 180 minutes old: root may have changed since') });
        expect(checks[id]!.fix).toContain('Allow iam:GetAccountSummary');
      }
      // the summary answers: the report's age does not matter
      expect(run({ reportStale: 180 })['root-mfa']!.status).toBe('pass');
    });
    it('is unknown when neither can be read', () => {
      const c = run({ summary: denied('iam:GetAccountSummary'), report: denied('iam:GenerateCredentialReport') })['root-mfa']!;
      expect(c.status).toBe('unknown');
      expect(c.fix).toContain('iam:GetAccountSummary');
    });
  });

  describe('root-hardware-mfa', () => {
    const rootVirtual = { serial: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device', isRoot: true };
    const secured = () => ok(report(fixture('secured')));
    // secured: alice has MFA (a virtual device below), bob and ci-deployer none
    const aliceVirtual = { serial: 'arn:aws:iam::111122223333:mfa/alice', userName: 'alice' };
    it("warns when root's only device is virtual", () => {
      const c = run({ report: secured(), virtualMfa: ok([rootVirtual, aliceVirtual]), summary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevicesInUse: 2 }) })['root-hardware-mfa']!;
      expect(c.status).toBe('warn');
      expect(c.detail).toContain('root-account-mfa-device');
    });
    it("passes when devices in use outnumber every virtual device plus the users' own devices, counted one user at a time", () => {
      const summary = ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevicesInUse: 3 });
      // alice's one device is her virtual one: the third device in use is root's
      const c = run({ report: secured(), virtualMfa: ok([rootVirtual, aliceVirtual]), summary, usersMfaDevices: ok(1) })['root-hardware-mfa']!;
      expect(c.status).toBe('pass');
      expect(c.detail).toContain('Root has 1 MFA device that is not virtual');
    });
    it("warns when the devices that are not virtual are users' (alice: a virtual device and a security key)", () => {
      const summary = ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevicesInUse: 3 });
      const c = run({ report: secured(), virtualMfa: ok([rootVirtual, aliceVirtual]), summary, usersMfaDevices: ok(2) })['root-hardware-mfa']!;
      expect(c.status).toBe('warn');
      expect(c.detail).toContain("Root's only MFA is a virtual device");
      // a user with a hardware device and no virtual one: the same
      const hardwareUser = run({ report: secured(), virtualMfa: ok([rootVirtual]), summary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevicesInUse: 2 }), usersMfaDevices: ok(1) })['root-hardware-mfa']!;
      expect(hardwareUser.status).toBe('warn');
    });
    it("is unknown, never pass, when devices that are not virtual exist and users' devices could not be counted", () => {
      const summary = ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevicesInUse: 3 });
      const notCounted = run({ report: secured(), virtualMfa: ok([rootVirtual, aliceVirtual]), summary })['root-hardware-mfa']!;
      expect(notCounted.status).toBe('unknown');
      const denied1 = run({ report: secured(), virtualMfa: ok([rootVirtual, aliceVirtual]), summary, usersMfaDevices: denied('iam:ListMFADevices') })['root-hardware-mfa']!;
      expect(denied1).toMatchObject({ status: 'unknown', detail: expect.stringContaining('iam:ListMFADevices') });
      const noCount = run({ report: secured(), virtualMfa: ok([rootVirtual, aliceVirtual]), summary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 }) })['root-hardware-mfa']!;
      expect(noCount.status).toBe('unknown');
    });
    it('warns when root has no MFA at all; unknown when the device list is denied', () => {
      expect(run({ summary: ok({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 }) })['root-hardware-mfa']!.status).toBe('warn');
      const c = run({ virtualMfa: denied('iam:ListVirtualMFADevices') })['root-hardware-mfa']!;
      expect(c.status).toBe('unknown');
      expect(c.detail).toContain('iam:ListVirtualMFADevices');
    });
  });

  describe('root-recent-use', () => {
    it('warns when root was used after the last recorded check, and says when', () => {
      const c = run({ report: ok(report(fixture('secured'))) })['root-recent-use']!;
      expect(c.status).toBe('warn');
      expect(c.detail).toBe(
        'Root was used on 2026-10-30 (console password), not before the credential report of the last check on 2026-10-24, generated (2026-10-24T09:00:00Z): check that it was a root holder.',
      );
    });
    it("compares with the previous report's GeneratedTime, not the time the previous check ran", () => {
      // root signed in at 18:22; the check ran at 20:00 but read a report generated at 17:00
      const rec = { ...goodRecord(), checks: [{ at: '2026-10-30T20:00:00.000Z', kind: 'verify' as const, reportGeneratedAt: '2026-10-30T17:00:00.000Z' }] };
      expect(run({ report: ok(report(fixture('secured'))) }, { record: rec })['root-recent-use']!.status).toBe('warn');
      const later = { ...goodRecord(), checks: [{ at: '2026-10-30T20:00:00.000Z', kind: 'verify' as const, reportGeneratedAt: '2026-10-30T19:00:00.000Z' }] };
      expect(run({ report: ok(report(fixture('secured'))) }, { record: later })['root-recent-use']!.status).toBe('pass');
      // an entry from before GeneratedTime was kept: taken as 4 hours older than its run
      const old = { ...goodRecord(), checks: [{ at: '2026-10-30T20:00:00.000Z', kind: 'verify' as const }] };
      expect(run({ report: ok(report(fixture('secured'))) }, { record: old })['root-recent-use']!.status).toBe('warn');
      const oldLater = { ...goodRecord(), checks: [{ at: '2026-10-30T22:30:00.000Z', kind: 'verify' as const }] };
      expect(run({ report: ok(report(fixture('secured'))) }, { record: oldLater })['root-recent-use']!.status).toBe('pass');
    });
    it('with no previous check, warns on a use in the last 35 days and passes an older one', () => {
      const none = { ...goodRecord(), checks: [] };
      expect(run({ report: ok(report(fixture('secured'))) }, { record: none })['root-recent-use']!.status).toBe('warn');
      expect(run({ report: ok(report(fixture('secured'))) }, { record: none, now: new Date('2026-12-10T00:00:00Z') })['root-recent-use']!.status).toBe('pass');
    });
    it('passes when the use is older than the last check, or was confirmed in an attestation', () => {
      const later = { ...goodRecord(), checks: [{ at: '2026-11-01T00:00:00.000Z', kind: 'verify' as const, reportGeneratedAt: '2026-10-31T23:00:00.000Z' }] };
      expect(run({ report: ok(report(fixture('secured'))) }, { record: later })['root-recent-use']!.status).toBe('pass');
      const confirmed = goodRecord();
      confirmed.attestations[0]!.rootUseConfirmedThrough = '2026-10-30T18:22:05.000Z';
      expect(run({ report: ok(report(fixture('secured'))) }, { record: confirmed })['root-recent-use']!.status).toBe('pass');
    });
    it('ignores a check recorded by this very run (at or after now)', () => {
      const rec = { ...goodRecord(), checks: [{ at: NOW.toISOString(), kind: 'verify' as const }] };
      expect(run({ report: ok(report(fixture('day-one'))) }, { record: rec })['root-recent-use']!.status).toBe('warn');
    });
    it('counts root access-key use too', () => {
      const c = run({ report: ok(report(fixture('day-one'))) })['root-recent-use']!;
      expect(c.detail).toContain('2026-11-24 (access key 1)');
    });
    it('passes when root was never used', () => {
      expect(run()['root-recent-use']!.detail).toContain('never been used');
    });
    it('is unknown without a root row (moto) or without the report', () => {
      const noRoot = fixture('secured').split('\n').filter((l) => !l.startsWith('<root_account>')).join('\n');
      const c = run({ report: ok(report(noRoot)) })['root-recent-use']!;
      expect(c.status).toBe('unknown');
      expect(c.detail).toContain('<root_account>');
      expect(run({ report: denied('iam:GetCredentialReport') })['root-recent-use']!.status).toBe('unknown');
    });
  });

  describe('root-access-attested', () => {
    it('warns with no attestation on record (a finding, not a failed read)', () => {
      const c = computeChecks({ state: goodState(), record: null, now: NOW }).find((x) => x.id === 'root-access-attested')!;
      expect(c.status).toBe('warn');
      expect(c.detail).toContain('No attestation is recorded');
    });
    it('warns when the last attestation is older than 35 days', () => {
      const rec = goodRecord();
      rec.attestations[0]!.at = '2026-10-01T00:00:00.000Z';
      expect(run({}, { record: rec })['root-access-attested']!).toMatchObject({ status: 'warn', detail: expect.stringContaining('2026-10-01') });
    });
    it('warns, saying so, when the last attestation is dated more than a day in the future', () => {
      const ahead = goodRecord();
      ahead.attestations[0]!.at = '2026-12-20T00:00:00.000Z';
      expect(run({}, { record: ahead })['root-access-attested']!).toMatchObject({
        status: 'warn',
        detail: expect.stringContaining('last attestation is dated 2026-12-20, in the future'),
      });
      // a few hours ahead (another time zone, a clock off a little) still counts
      const hoursAhead = goodRecord();
      hoursAhead.attestations[0]!.at = '2026-11-24T20:00:00.000Z';
      expect(run({}, { record: hoursAhead })['root-access-attested']!.status).toBe('pass');
    });
    it('warns when fewer than two holders are named, or a holder could not get in', () => {
      const one = goodRecord();
      one.attestations[0]!.holders = ['Alice Doe'];
      one.rootHolders = ['Alice Doe'];
      expect(run({}, { record: one })['root-access-attested']!.detail).toContain('need at least two');
      const locked = goodRecord();
      locked.attestations[0]!.rootSignIn = 'locked-out';
      expect(run({}, { record: locked })['root-access-attested']!).toMatchObject({ status: 'warn', detail: expect.stringContaining('could NOT') });
    });
  });

  describe('alternate-contacts', () => {
    it('fails without SECURITY', () => {
      const c = run({ contacts: { ...goodState().contacts, SECURITY: ok(null) } })['alternate-contacts']!;
      expect(c.status).toBe('fail');
    });
    it('warns when BILLING is missing, two are the same, or one is the root email', () => {
      expect(run({ contacts: { ...goodState().contacts, BILLING: ok(null) } })['alternate-contacts']!.detail).toContain('no BILLING contact');
      expect(run({ contacts: { ...goodState().contacts, OPERATIONS: ok(contact('Billing@acme.com')) } })['alternate-contacts']!.detail).toContain(
        'BILLING and OPERATIONS are the same address',
      );
      expect(run({}, { rootEmail: 'ops@acme.com' })['alternate-contacts']!).toMatchObject({ status: 'warn', detail: expect.stringContaining('OPERATIONS is the root email') });
    });
    it('warns when SECURITY is on free mail or looks like one person, with the root-email classifier', () => {
      const free = run({ contacts: { ...goodState().contacts, SECURITY: ok(contact('acme.security@gmail.com')) } })['alternate-contacts']!;
      expect(free).toMatchObject({ status: 'warn', detail: expect.stringContaining('acme.security@gmail.com is on free mail (gmail.com)') });
      const person = run({ contacts: { ...goodState().contacts, SECURITY: ok(contact('john.smith@acme.com')) } })['alternate-contacts']!;
      expect(person).toMatchObject({ status: 'warn', detail: expect.stringContaining("john.smith@acme.com looks like one person's mailbox") });
    });
    it('is unknown when a contact cannot be read, naming the action', () => {
      const c = run({ contacts: { ...goodState().contacts, SECURITY: denied('account:GetAlternateContact') } })['alternate-contacts']!;
      expect(c.status).toBe('unknown');
      expect(c.detail).toContain('account:GetAlternateContact');
    });
  });

  describe('password-policy', () => {
    it('fails with none, warns when weaker, unknown when denied', () => {
      expect(run({ passwordPolicy: ok(null) })['password-policy']!.status).toBe('fail');
      const weak = run({
        passwordPolicy: ok({ minimumPasswordLength: 8, requireSymbols: false, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true, allowUsersToChangePassword: true }),
      })['password-policy']!;
      expect(weak.status).toBe('warn');
      expect(weak.detail).toContain('minimum length 8');
      expect(weak.detail).toContain('symbols');
      expect(weak.detail).toContain('no reuse prevention');
      expect(run({ passwordPolicy: denied('iam:GetAccountPasswordPolicy') })['password-policy']!.status).toBe('unknown');
    });
  });

  describe('users-mfa', () => {
    it('fails naming the user with a console password and no MFA', () => {
      const c = run({ report: ok(report(fixture('secured'))) })['users-mfa']!;
      expect(c.status).toBe('fail');
      expect(c.detail).toBe('Console password but no MFA: bob.');
    });
    it('counts users created after the credential report from their own reads; unknown when those failed, unless the report already fails', () => {
      const day = ok(report(fixture('day-one')));
      const late = run({ report: day, lateUsers: ok([{ name: 'mallory', password: true, mfa: false }, { name: 'carol', password: false, mfa: false }, { name: 'dave', password: true, mfa: true }]) })['users-mfa']!;
      expect(late).toMatchObject({ status: 'fail', detail: 'Console password but no MFA: mallory.' });
      const fine = run({ report: day, lateUsers: ok([{ name: 'dave', password: true, mfa: true }]) })['users-mfa']!;
      expect(fine.status).toBe('pass');
      const unread = run({ report: day, lateUsers: denied('iam:GetLoginProfile') })['users-mfa']!;
      expect(unread).toMatchObject({ status: 'unknown', detail: expect.stringContaining('iam:GetLoginProfile') });
      const failsAnyway = run({ report: ok(report(fixture('secured'))), lateUsers: denied('iam:GetLoginProfile') })['users-mfa']!;
      expect(failsAnyway).toMatchObject({ status: 'fail', detail: 'Console password but no MFA: bob.' });
    });
    it('a stale report (not this run\'s): the direct reads speak for every user; too many users to read is unknown, unless the report already fails', () => {
      const day = ok(report(fixture('day-one')));
      // the report's users all read again: what they say now wins over the report's rows
      const now = run({ report: day, reportStale: 90, lateUsers: ok([{ name: 'alice', password: true, mfa: false }]) })['users-mfa']!;
      expect(now).toMatchObject({ status: 'fail', detail: 'Console password but no MFA: alice.' });
      const fine = run({ report: day, reportStale: 90, lateUsers: ok([{ name: 'alice', password: true, mfa: true }]) })['users-mfa']!;
      expect(fine).toMatchObject({ status: 'pass', detail: expect.stringContaining('read one by one: the credential report of ') });
      expect(fine.detail).toContain('is 90 minutes old');
      const many = run({ report: day, reportStale: 90, lateUsers: { ok: false, error: new Error('the credential report of … is not this run\'s') } })['users-mfa']!;
      expect(many).toMatchObject({ status: 'unknown', detail: expect.stringContaining('read every user directly') });
      // the users of the account could not be listed: the stale report vouches for nobody
      const blind = run({ report: day, reportStale: 90, authorization: denied('iam:GetAccountAuthorizationDetails') })['users-mfa']!;
      expect(blind).toMatchObject({ status: 'unknown', detail: expect.stringContaining('iam:GetAccountAuthorizationDetails') });
      expect(blind.detail).toContain('is 90 minutes old');
      const failsAnyway = run({ report: ok(report(fixture('secured'))), reportStale: 90, lateUsers: { ok: false, error: new Error('too many') } })['users-mfa']!;
      expect(failsAnyway).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^Console password but no MFA: bob \(credential report of .*\)\.$/) });
    });
    it('never treats the <root_account> row as an IAM user', () => {
      // a root row that would fail the rule if it were a user
      const csv = fixture('day-one').replace('<root_account>,arn:aws:iam::111122223333:root,2026-11-20T09:12:41+00:00,not_supported', '<root_account>,arn:aws:iam::111122223333:root,2026-11-20T09:12:41+00:00,true');
      const parsed = report(csv);
      expect(parsed.users).toHaveLength(0);
      expect(parsed.root?.password_enabled).toBe('true');
      const checks = run({ report: ok(parsed) });
      expect(checks['users-mfa']!).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^No IAM user has a console password \(credential report of \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\.$/) });
      expect(checks['stale-credentials']!.status).toBe('pass');
    });
    it('is unknown when the report cannot be read', () => {
      expect(run({ report: denied('iam:GenerateCredentialReport') })['users-mfa']!.detail).toContain('iam:GenerateCredentialReport');
    });
  });

  describe('admins-via-groups', () => {
    const user = (name: string, over: Partial<AuthorizationUser> = {}): AuthorizationUser => ({
      name,
      arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
      inlinePolicies: [],
      attachedPolicies: [],
      groups: [],
      ...over,
    });
    const doc = (...Statement: PolicyStatement[]) => ({ Version: '2012-10-17', Statement });
    const auth = (users: AuthorizationUser[], policies: AuthorizationDetails['policies'] = [], roles: AuthorizationRole[] = []) =>
      ok<AuthorizationDetails>({ users, groups: goodState().authorization.ok ? (goodState().authorization as { value: AuthorizationDetails }).value.groups : [], roles, policies });
    const judge = (a: Read<AuthorizationDetails>) => run({ authorization: a })['admins-via-groups']!;

    it('warns on AdministratorAccess attached to a user', () => {
      const c = judge(auth([user('alice', { groups: ['Administrators'] }), user('bob', { attachedPolicies: [ADMIN] })]));
      expect(c).toMatchObject({ status: 'warn', detail: 'Admin-equivalent rights given to a user directly: bob: AWS managed AdministratorAccess: * on *.' });
    });
    it.each([
      ['Allow * on *, string form', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), 'Allow * on *'],
      ['Allow * on *, array form', doc({ Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: ['*'] }), 'Allow * on *'],
      ['iam:* on *', doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }), 'Allow iam:* on *'],
      ['NotAction with a narrow exception', doc({ Effect: 'Allow', NotAction: ['s3:DeleteBucket'], Resource: '*' }), 'Allow everything but s3:DeleteBucket on * (NotAction)'],
      ['*:* on *', doc({ Effect: 'Allow', Action: '*:*', Resource: '*' }), 'Allow *:* on *'],
      [
        '* on everything but one user (NotResource)',
        doc({ Effect: 'Allow', Action: '*', NotResource: `arn:aws:iam::${ACCOUNT}:user/nobody` }),
        `Allow * on everything but arn:aws:iam::${ACCOUNT}:user/nobody (NotResource)`,
      ],
      [
        'iam:* on everything but one role (NotResource)',
        doc({ Effect: 'Allow', Action: ['iam:*'], NotResource: [`arn:aws:iam::${ACCOUNT}:role/break-glass`] }),
        `Allow iam:* on everything but arn:aws:iam::${ACCOUNT}:role/break-glass (NotResource) (it can grant itself anything)`,
      ],
      [
        'iam:* on the account\'s users, groups, roles and policies',
        doc({ Effect: 'Allow', Action: 'iam:*', Resource: ['user/*', 'group/*', 'role/*', 'policy/*'].map((r) => `arn:aws:iam::${ACCOUNT}:${r}`) }),
        `Allow iam:* on arn:aws:iam::${ACCOUNT}:user/*, arn:aws:iam::${ACCOUNT}:group/*, arn:aws:iam::${ACCOUNT}:role/*, arn:aws:iam::${ACCOUNT}:policy/*, including iam:AttachUserPolicy (it can write policies onto IAM identities`,
      ],
      [
        'iam:Put*Policy on its own user',
        doc({ Effect: 'Allow', Action: ['iam:Get*', 'iam:Put*Policy'], Resource: `arn:aws:iam::${ACCOUNT}:user/mallory` }),
        `Allow iam:Get*, iam:Put*Policy on arn:aws:iam::${ACCOUNT}:user/mallory, including iam:PutUserPolicy`,
      ],
      [
        'iam:CreatePolicyVersion on customer managed policies',
        doc({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::*:policy/*' }),
        'Allow iam:CreatePolicyVersion on arn:aws:iam::*:policy/*, including iam:CreatePolicyVersion',
      ],
      [
        'NotAction sparing IAM on IAM users',
        doc({ Effect: 'Allow', NotAction: 's3:*', Resource: `arn:aws:iam::${ACCOUNT}:user/*` }),
        `Allow everything but s3:* on arn:aws:iam::${ACCOUNT}:user/*, including iam:AttachUserPolicy`,
      ],
      [
        'access keys and console passwords for any user (take over an admin)',
        doc({ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], Resource: `arn:aws:iam::${ACCOUNT}:user/*` }),
        `Allow iam:CreateAccessKey, iam:UpdateLoginProfile on arn:aws:iam::${ACCOUNT}:user/*, including iam:CreateAccessKey (it can give itself another IAM user's credentials`,
      ],
      [
        'iam:CreateLoginProfile on *',
        doc({ Effect: 'Allow', Action: 'iam:CreateLoginProfile', Resource: '*' }),
        "Allow iam:CreateLoginProfile on *, including iam:CreateLoginProfile (it can give itself another IAM user's credentials",
      ],
    ])('warns on an inline policy with %s, naming it and why', (_what, document, why) => {
      const c = judge(auth([user('mallory', { inlinePolicies: [{ name: 'god-mode', document }] })]));
      expect(c.status).toBe('warn');
      expect(c.detail).toContain(`mallory: inline policy god-mode (${why}`);
    });
    it('warns on a customer managed policy attached to a user, judged by its default version', () => {
      const arn = `arn:aws:iam::${ACCOUNT}:policy/everything`;
      const c = judge(auth([user('carol', { attachedPolicies: [{ name: 'everything', arn }] })], [{ name: 'everything', arn, defaultVersionId: 'v2', document: doc({ Effect: 'Allow', Action: ['*'], Resource: '*' }) }]));
      expect(c).toMatchObject({ status: 'warn', detail: expect.stringContaining('carol: customer managed policy everything (Allow * on *)') });
    });
    it('unknown when attached policies are missing from the authorization details, every one in items', () => {
      const users = Array.from({ length: 7 }, (_, i) => user(`u${i}`, { attachedPolicies: [{ name: `p${i}`, arn: `arn:aws:iam::${ACCOUNT}:policy/p${i}` }] }));
      const c = judge(auth(users));
      expect(c).toMatchObject({ status: 'unknown', detail: expect.stringContaining('attached policies missing from the authorization details: u0: p0,') });
      expect(c.detail).toContain('and 2 more');
      expect(c.items).toEqual(users.map((_, i) => `u${i}: p${i}`));
    });
    it('warns on a customer managed policy attached to a user that allows * on everything but one resource', () => {
      const arn = `arn:aws:iam::${ACCOUNT}:policy/almost-everything`;
      const document = doc({ Effect: 'Allow', Action: '*', NotResource: `arn:aws:iam::${ACCOUNT}:user/nobody` });
      const c = judge(auth([user('erin', { attachedPolicies: [{ name: 'almost-everything', arn }] })], [{ name: 'almost-everything', arn, defaultVersionId: 'v1', document }]));
      expect(c).toMatchObject({ status: 'warn', detail: expect.stringContaining(`erin: customer managed policy almost-everything (Allow * on everything but arn:aws:iam::${ACCOUNT}:user/nobody (NotResource))`) });
    });
    it.each([
      ['a scoped inline policy', doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*' })],
      ['* on one resource', doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket' })],
      ['a Deny of everything', doc({ Effect: 'Deny', Action: '*', Resource: '*' })],
      ['NotAction that excludes IAM (PowerUserAccess shape)', doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' })],
      ['s3:* on everything but one bucket (NotResource)', doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secrets' })],
      ['iam:* on its MFA device only', doc({ Effect: 'Allow', Action: 'iam:*', Resource: `arn:aws:iam::${ACCOUNT}:mfa/dave` })],
      ['iam read actions on users', doc({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: `arn:aws:iam::${ACCOUNT}:user/*` })],
      ['* on a NotResource of *', doc({ Effect: 'Allow', Action: '*', NotResource: '*' })],
      ['its own access keys and password only (user/${aws:username})', doc({ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], Resource: 'arn:aws:iam::*:user/${aws:username}' })],
      ['access keys of an MFA device ARN', doc({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: `arn:aws:iam::${ACCOUNT}:mfa/*` })],
    ])('passes %s', (_what, document) => {
      expect(judge(auth([user('dave', { inlinePolicies: [{ name: 'p', document }] })])).status).toBe('pass');
    });
    describe('through a role it may assume', () => {
      const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
      const trust = (Principal: unknown, Condition?: PolicyStatement['Condition']) =>
        doc({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) });
      const role = (name: string, over: Partial<AuthorizationRole> = {}): AuthorizationRole => ({
        name,
        arn: roleArn(name),
        trustPolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
        inlinePolicies: [],
        attachedPolicies: [ADMIN],
        ...over,
      });
      const assume = (over: Partial<PolicyStatement> = {}) => doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn('Admin'), ...over });
      const withPolicy = (document: ReturnType<typeof doc>, roles: AuthorizationRole[], policies: AuthorizationDetails['policies'] = []) =>
        judge(auth([user('erin', { inlinePolicies: [{ name: 'hop', document }] })], policies, roles));

      it('warns naming the user, the role, its trust and why the role is admin', () => {
        const c = withPolicy(assume(), [role('Admin')]);
        expect(c.status).toBe('warn');
        expect(c.detail).toBe(
          `Admin-equivalent rights given to a user directly: erin: inline policy hop (Allow sts:AssumeRole on ${roleArn('Admin')}: it can become role Admin, which trusts the account root, has AWS managed AdministratorAccess: * on *).`,
        );
        expect(c.items).toHaveLength(1);
      });
      it.each<[string, PolicyStatement | ReturnType<typeof doc>, AuthorizationRole]>([
        ['sts:AssumeRole on *', assume({ Resource: '*' }), role('Admin')],
        ['sts:* on role/*', assume({ Action: 'sts:*', Resource: `arn:aws:iam::${ACCOUNT}:role/*` }), role('Admin')],
        ['sts:AssumeRole on role/Adm*', assume({ Resource: `arn:aws:iam::*:role/Adm*` }), role('Admin')],
        ['a NotResource that spares the admin role', assume({ Resource: undefined, NotResource: roleArn('ReadOnly') }), role('Admin')],
        ['NotAction leaving sts:AssumeRole', assume({ Action: undefined, NotAction: ['iam:*', 's3:*'] }), role('Admin')],
        ['a trust naming the account by id', assume(), role('Admin', { trustPolicy: trust({ AWS: ACCOUNT }) })],
        ['a trust naming the user', assume(), role('Admin', { trustPolicy: trust({ AWS: [`arn:aws:iam::${ACCOUNT}:user/erin`] }) })],
        ['a role with iam:* inline', assume(), role('Admin', { attachedPolicies: [], inlinePolicies: [{ name: 'x', document: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) }] })],
      ])('warns on %s', (_what, document, r) => {
        const c = withPolicy(document as ReturnType<typeof doc>, [r]);
        expect(c.status).toBe('warn');
        expect(c.detail).toContain('erin: inline policy hop (Allow ');
        expect(c.detail).toContain('it can become role Admin');
      });
      it('quotes what the statement says, and says it allows sts:AssumeRole only when the text does not name it', () => {
        const said = (document: ReturnType<typeof doc>) => withPolicy(document, [role('Admin')]).detail;
        expect(said(assume({ Resource: '*' }))).toContain('erin: inline policy hop (Allow sts:AssumeRole on *: it can become role Admin');
        expect(said(assume({ Action: 'sts:*', Resource: '*' }))).toContain('erin: inline policy hop (Allow sts:* on *, which allows sts:AssumeRole: it can become role Admin');
        expect(said(assume({ Action: undefined, NotAction: ['iam:*', 's3:*'], Resource: '*' }))).toContain(
          'erin: inline policy hop (Allow NotAction iam:*, s3:* on *, which allows sts:AssumeRole: it can become role Admin',
        );
      });
      it('names an MFA or external-ID condition of the trust and still counts it', () => {
        const mfa = withPolicy(assume(), [role('Admin', { trustPolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) })]);
        expect(mfa.detail).toContain('role Admin, which trusts the account root with MFA, has AWS managed AdministratorAccess');
        const ext = withPolicy(assume(), [role('Admin', { trustPolicy: trust({ AWS: ACCOUNT }, { StringEquals: { 'sts:ExternalId': 'x1' } }) })]);
        expect(ext.detail).toContain('which trusts the account root with an external ID, has');
      });
      it('a customer managed policy on the role counts; one missing from the details makes it unknown', () => {
        const arn = `arn:aws:iam::${ACCOUNT}:policy/all`;
        const everything = { name: 'all', arn, defaultVersionId: 'v1', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) };
        const admin = role('Admin', { attachedPolicies: [{ name: 'all', arn }] });
        expect(withPolicy(assume(), [admin], [everything]).detail).toContain('has customer managed policy all: Allow * on *');
        const c = withPolicy(assume(), [admin]);
        expect(c).toMatchObject({ status: 'unknown', detail: expect.stringContaining('erin can assume role Admin: all') });
      });
      it('warns on a user the admin role\'s trust policy names, with no policy of their own; not on one it does not name', () => {
        const trusted = role('Admin', { trustPolicy: trust({ AWS: [`arn:aws:iam::${ACCOUNT}:user/ops/erin`, 'arn:aws:iam::999999999999:user/frank'] }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) });
        const users = [user('erin', { arn: `arn:aws:iam::${ACCOUNT}:user/ops/erin` }), user('frank'), user('gus')];
        const c = judge(auth(users, [], [trusted]));
        expect(c).toMatchObject({
          status: 'warn',
          detail:
            "Admin-equivalent rights given to a user directly: erin: named in an admin role's trust policy (with no policy of their own they can become role Admin, which trusts erin with MFA, has AWS managed AdministratorAccess: * on *). " +
            'Admin roles principals outside this account can assume: role Admin: account 999999999999 can assume it (trusts arn:aws:iam::999999999999:user/frank with MFA), and it has AWS managed AdministratorAccess: * on *.',
        });
        // frank of this account is not the one the trust names
        expect(c.items!.filter((i) => i.startsWith('frank'))).toEqual([]);
        // a role without admin rights naming a user is nothing
        expect(judge(auth(users, [], [{ ...trusted, attachedPolicies: [] }])).status).toBe('pass');
      });
      it.each<[string, ReturnType<typeof doc>, AuthorizationRole]>([
        ['a role trusting only a service', assume(), role('Admin', { trustPolicy: trust({ Service: 'lambda.amazonaws.com' }) })],
        ['a role trusting another user only', assume(), role('Admin', { trustPolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:user/frank` }) })],
        ['a trust that denies', assume(), role('Admin', { trustPolicy: doc({ Effect: 'Deny', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }) })],
        ['a role without admin rights', assume(), role('Admin', { attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] })],
        ['AssumeRole on another role only', assume({ Resource: roleArn('ReadOnly') }), role('Admin')],
        ['a NotResource that excludes the admin role', assume({ Resource: undefined, NotResource: `arn:aws:iam::${ACCOUNT}:role/Adm*` }), role('Admin')],
        ['NotAction excluding sts:* and iam:*', assume({ Action: undefined, NotAction: ['sts:*', 'iam:*'] }), role('Admin')],
        ['another action on the role', assume({ Action: 'iam:GetRole' }), role('Admin')],
        ['a Deny of sts:AssumeRole', assume({ Effect: 'Deny' }), role('Admin')],
      ])('passes %s', (_what, document, r) => {
        expect(withPolicy(document, [r]).status).toBe('pass');
      });
      it('a user allowed sts:AssumeRole on an admin role that trusts "*" with no condition: fail for the role, the user listed too', () => {
        const c = withPolicy(assume(), [role('Admin', { trustPolicy: trust('*') })]);
        expect(c.status).toBe('fail');
        expect(c.items).toEqual([
          'role Admin: its trust policy admits any AWS principal (*) with no condition, and it has AWS managed AdministratorAccess: * on *',
          `erin: inline policy hop (Allow sts:AssumeRole on ${roleArn('Admin')}: it can become role Admin, which trusts any AWS principal, has AWS managed AdministratorAccess: * on *)`,
        ]);
      });
      it('a role anyone can assume that can itself assume an admin role (a "vendor" role one hop from admin): fail naming both', () => {
        const vendor = role('Vendor', { trustPolicy: trust({ AWS: '*' }), attachedPolicies: [], inlinePolicies: [{ name: 'hop', document: assume() }] });
        const c = judge(auth([], [], [role('Admin'), vendor]));
        expect(c.status).toBe('fail');
        expect(c.items).toEqual([
          `role Vendor: its trust policy admits any AWS principal (*) with no condition, and it has inline policy hop: Allow sts:AssumeRole on ${roleArn('Admin')}: it can become role Admin, which trusts the account root, has AWS managed AdministratorAccess: * on *`,
        ]);
        // the same role trusted by this account only: nothing outside, nothing said
        expect(judge(auth([], [], [role('Admin'), { ...vendor, trustPolicy: trust({ AWS: ACCOUNT }) }])).status).toBe('pass');
        // an admin role that does not admit the vendor role: no hop
        expect(judge(auth([], [], [role('Admin', { trustPolicy: trust({ Service: 'ec2.amazonaws.com' }) }), vendor])).status).toBe('pass');
      });
      it('a role named in an admin role\'s trust policy (by its ARN, or a session of it) needs no policy of its own: anyone who can assume it can become admin', () => {
        const vendor = role('Vendor', { trustPolicy: trust({ AWS: '*' }), attachedPolicies: [] });
        for (const named of [roleArn('Vendor'), `arn:aws:sts::${ACCOUNT}:assumed-role/Vendor/s1`]) {
          const c = judge(auth([], [], [role('Admin', { trustPolicy: trust({ AWS: named }) }), vendor]));
          expect(c.status, named).toBe('fail');
          expect(c.items, named).toEqual([
            "role Vendor: its trust policy admits any AWS principal (*) with no condition, and it has named in role Admin's trust policy: it can become role Admin, which has AWS managed AdministratorAccess: * on *",
          ]);
        }
        // another role of the same name in another account is not this one
        expect(judge(auth([], [], [role('Admin', { trustPolicy: trust({ AWS: 'arn:aws:iam::999999999999:role/Vendor' }) }), vendor])).items).toEqual([
          'role Admin: account 999999999999 can assume it (trusts arn:aws:iam::999999999999:role/Vendor), and it has AWS managed AdministratorAccess: * on *',
        ]);
      });
      it('a role anyone can assume that may assume an admin role whose policies could not all be read: unknown, never pass', () => {
        const vendor = role('Vendor', { trustPolicy: trust({ AWS: '*' }), attachedPolicies: [], inlinePolicies: [{ name: 'hop', document: assume() }] });
        const admin = role('Admin', { attachedPolicies: [{ name: 'missing', arn: `arn:aws:iam::${ACCOUNT}:policy/missing` }] });
        const c = judge(auth([], [], [admin, vendor]));
        expect(c.status).toBe('unknown');
        expect(c.items).toContain('role Vendor, which any AWS principal can assume: role Admin: missing');
      });
      it('a Deny that shuts out nobody outside (it names a user here, or a service) leaves "*" with no condition a fail', () => {
        for (const Principal of [{ AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }, { Service: 'ec2.amazonaws.com' }]) {
          const trustPolicy = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal, Action: 'sts:AssumeRole' });
          expect(judge(auth([], [], [role('Admin', { trustPolicy })])).status, JSON.stringify(Principal)).toBe('fail');
        }
      });
      it('"*" with no condition beside a Deny (outside this account): a warning naming the Deny, not the fail', () => {
        const trustPolicy = doc(
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
          { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } } },
        );
        const c = judge(auth([], [], [role('Admin', { trustPolicy })]));
        expect(c.status).toBe('warn');
        expect(c.items).toEqual(['role Admin: its trust policy admits any AWS principal (*), beside a Deny statement that is not weighed, and it has AWS managed AdministratorAccess: * on *']);
      });
      it('a role trusting another account: its users are not reported (the trust does not admit them), the role is; a trusted account is not', () => {
        const r = role('Admin', { trustPolicy: trust({ AWS: 'arn:aws:iam::999999999999:root' }) });
        const state = { authorization: auth([user('erin', { inlinePolicies: [{ name: 'hop', document: assume() }] })], [], [r]) };
        const c = run(state)['admins-via-groups']!;
        expect(c.status).toBe('warn');
        expect(c.items).toEqual(['role Admin: account 999999999999 can assume it (trusts arn:aws:iam::999999999999:root), and it has AWS managed AdministratorAccess: * on *']);
        const trusted = run(state, { trustedAccounts: ['999999999999'] })['admins-via-groups']!;
        expect(trusted).toMatchObject({ status: 'pass', detail: expect.stringContaining('nor is there an admin role that another account can assume (other than trusted 999999999999)') });
      });
      it('an admin role outsiders can assume whose policies could not all be read is unknown, never pass', () => {
        const r = role('Vendor', { trustPolicy: trust({ AWS: '444455556666' }), attachedPolicies: [{ name: 'missing', arn: `arn:aws:iam::${ACCOUNT}:policy/missing` }] });
        const c = judge(auth([], [], [r]));
        expect(c).toMatchObject({ status: 'unknown', items: ['role Vendor, which account 444455556666 can assume: missing'] });
        // one that only this account can assume is left to the users who can
        expect(judge(auth([], [], [{ ...r, trustPolicy: trust({ AWS: ACCOUNT }) }])).status).toBe('pass');
      });
    });
    it('passes admin rights through a group and other AWS managed policies; unknown when denied', () => {
      expect(judge(auth([user('alice', { groups: ['Administrators'], attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] })])).status).toBe('pass');
      const c = judge(denied('iam:GetAccountAuthorizationDetails'));
      expect(c).toMatchObject({ status: 'unknown', detail: expect.stringContaining('iam:GetAccountAuthorizationDetails') });
    });
  });

  describe('unassigned-mfa-devices', () => {
    it('warns naming each virtual device assigned to nobody; root and users\' devices are fine', () => {
      const c = run({
        virtualMfa: ok([
          { serial: `arn:aws:iam::${ACCOUNT}:mfa/alice`, userName: 'alice' },
          { serial: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, isRoot: true },
          { serial: `arn:aws:iam::${ACCOUNT}:mfa/bob` },
          { serial: `arn:aws:iam::${ACCOUNT}:mfa/path/carol-phone` },
        ]),
      })['unassigned-mfa-devices']!;
      expect(c).toMatchObject({ status: 'warn', detail: expect.stringContaining('assigned to nobody') });
      expect(c.detail).toContain('bob, path/carol-phone.');
      expect(c.fix).toContain('delete-virtual-mfa-device');
      expect(run({ virtualMfa: denied('iam:ListVirtualMFADevices') })['unassigned-mfa-devices']!.status).toBe('unknown');
    });
  });

  describe('stale-credentials', () => {
    it('warns on an unused password, a never-used old key and a key older than 90 days; not on new ones or root', () => {
      const c = run({ report: ok(report(fixture('stale'))) })['stale-credentials']!;
      expect(c.status).toBe('warn');
      expect(c.detail).toContain('carol: password unused since 2026-06-01');
      expect(c.detail).toContain('dave: access key 1 never used, created 2026-01-01');
      expect(c.detail).toContain('erin, ops: access key 1 created 2025-03-01, older than 90 days');
      expect(c.detail).not.toContain('frank');
      expect(c.detail).not.toContain('root');
    });
    it('flags the secured fixture\'s old CI key', () => {
      expect(run({ report: ok(report(fixture('secured'))) })['stale-credentials']!.detail).toContain('ci-deployer: access key 1');
    });
  });

  describe('root-login-alert', () => {
    const RULE = { name: 'r', arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/r`, state: 'ENABLED', eventPattern: DESIGN_PATTERN };
    const confirmed = [{ arn: `${TOPIC}:1`, protocol: 'email', endpoint: 'security@acme.com', pending: false }];
    const alert = (over: Partial<VerifyState['alert']> = {}, rule: Partial<typeof RULE> = {}): Check => {
      const base = goodState().alert;
      return run({
        alert: {
          ...base,
          rules: ok([{ ...RULE, ...rule }]),
          targets: { r: ok([{ id: 't', arn: TOPIC }]) },
          topics: { [TOPIC]: ok(confirmed) },
          policies: { [TOPIC]: ok(topicPolicy(ownerStatement, eventsStatement)) },
          kmsKeys: { [TOPIC]: ok(null) },
          subscriptionAttributes: { [`${TOPIC}:1`]: ok({ Protocol: 'email', Endpoint: 'security@acme.com' }) },
          ...over,
        },
      })['root-login-alert']!;
    };
    it('passes a whole chain: enabled rule, own topic, confirmed subscription, logging trail', () => {
      expect(alert()).toMatchObject({ status: 'pass', detail: expect.stringContaining('Rule r (us-east-1)') });
    });
    it.each<[string, Partial<VerifyState['alert']>, Partial<typeof RULE>, string]>([
      ['no rule', { rules: ok([]) }, {}, 'no EventBridge rule in us-east-1 fires on a root console sign-in of this account'],
      ['a disabled rule', {}, { state: 'DISABLED' }, 'rule r matches but is disabled'],
      ['a rule without a target', { targets: { r: ok([]) } }, {}, 'rule r has no target'],
      ['a pattern naming another account', {}, { eventPattern: '{"account":["999999999999"],"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}' }, 'no EventBridge rule'],
      ['a topic with no subscription', { topics: { [TOPIC]: ok([]) } }, {}, 'has no subscription'],
      ['a topic that was deleted', { topics: { [TOPIC]: ok(null) } }, {}, 'no longer exists'],
      ['a topic in another account', { targets: { r: ok([{ id: 't', arn: 'arn:aws:sns:us-east-1:999999999999:theirs' }]) } }, {}, 'in another account (999999999999)'],
      ['no trail', { trails: ok([]) }, {}, 'no CloudTrail trail'],
      ['a trail that is not logging', { trails: ok([{ ...TRAIL, isLogging: false }]) }, {}, 'no trail is logging management events for us-east-1'],
      ['a trail without management events', { trails: ok([{ ...TRAIL, logsManagementEvents: false }]) }, {}, 'no trail is logging management events'],
      ['a topic policy with no Allow for EventBridge (the default policy)', { policies: { [TOPIC]: ok(topicPolicy(ownerStatement)) } }, {}, 'does not allow EventBridge (events.amazonaws.com) to publish'],
      ['a topic with no policy', { policies: { [TOPIC]: ok(null) } }, {}, 'does not allow EventBridge'],
      [
        'a topic policy that denies EventBridge sns:Publish',
        { policies: { [TOPIC]: ok(topicPolicy(ownerStatement, eventsStatement, { Sid: 'NoEvents', Effect: 'Deny', Principal: { Service: 'events.amazonaws.com' }, Action: 'SNS:Publish', Resource: TOPIC })) } },
        {},
        'denies EventBridge sns:Publish',
      ],
      [
        'a topic policy that denies every principal but the owner',
        { policies: { [TOPIC]: ok(topicPolicy(ownerStatement, eventsStatement, { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sns:*', Resource: '*' })) } },
        {},
        'denies EventBridge sns:Publish',
      ],
      ['a single-region trail in another region', { trails: ok([{ ...TRAIL, isMultiRegion: false, homeRegion: 'eu-west-1' }]) }, {}, 'no trail is logging'],
    ])('warns on %s, naming the missing link', (_what, over, rule, detail) => {
      const c = alert(over, rule);
      expect(c.status).toBe('warn');
      expect(c.detail).toContain(detail);
      expect(c.fix).not.toBe('Nothing to do.');
    });
    it('warns "confirm the email" when the only subscription is pending', () => {
      const c = alert({ topics: { [TOPIC]: ok([{ arn: 'PendingConfirmation', protocol: 'email', endpoint: 'security@acme.com', pending: true }]) } });
      expect(c).toMatchObject({ status: 'warn', detail: expect.stringContaining('confirm the email') });
      expect(c.fix).toContain('Confirm subscription');
    });
    it('is unknown, never pass, when a link cannot be read or the pattern cannot be evaluated', () => {
      expect(alert({ rules: denied('events:ListRules') })).toMatchObject({ status: 'unknown', detail: expect.stringContaining('events:ListRules') });
      expect(alert({ trails: denied('cloudtrail:DescribeTrails') })).toMatchObject({ status: 'unknown', detail: expect.stringContaining('cloudtrail:DescribeTrails') });
      expect(alert({ topics: { [TOPIC]: denied('sns:ListSubscriptionsByTopic') } })).toMatchObject({ status: 'unknown', detail: expect.stringContaining('sns:ListSubscriptionsByTopic') });
      expect(alert({ policies: { [TOPIC]: denied('sns:GetTopicAttributes') } })).toMatchObject({ status: 'unknown', detail: expect.stringContaining('sns:GetTopicAttributes') });
      const cidr = alert({}, { eventPattern: '{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"sourceIPAddress":[{"cidr":"0.0.0.0/0"}]}}' });
      expect(cidr).toMatchObject({ status: 'unknown', detail: expect.stringContaining('"detail.sourceIPAddress"') });
    });

    describe('links that never deliver, or cannot be judged', () => {
      const RULE_ARN = `arn:aws:events:us-east-1:${ACCOUNT}:rule/r`;
      const allowWhen = (Condition: object) => topicPolicy(ownerStatement, { ...eventsStatement, Condition });
      const filtered = (attributes: Record<string, string>) => ({ subscriptionAttributes: { [`${TOPIC}:1`]: ok({ Protocol: 'email', Endpoint: 'security@acme.com', ...attributes }) } });

      it.each<[string, Partial<VerifyState['alert']>, string, string]>([
        ['the only subscription filters on message attributes', filtered({ FilterPolicy: '{"nothing":["never"]}', FilterPolicyScope: 'MessageAttributes' }), 'message attributes, which EventBridge does not send', 'filter policy'],
        ['the only subscription filters the body to other events', filtered({ FilterPolicy: '{"source":["aws.ec2"]}', FilterPolicyScope: 'MessageBody' }), 'lets no root console sign-in through', 'filter policy'],
        ['the topic is encrypted with the AWS managed key', { kmsKeys: { [TOPIC]: ok('alias/aws/sns') } }, 'AWS managed key alias/aws/sns, which EventBridge cannot use', 'customer managed KMS key'],
        ['the topic is encrypted with the AWS managed key, by alias ARN', { kmsKeys: { [TOPIC]: ok(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/sns`) } }, 'AWS managed key', 'customer managed KMS key'],
        ['the Allow names another account as aws:SourceAccount', { policies: { [TOPIC]: ok(allowWhen({ StringEquals: { 'aws:SourceAccount': '999999999999' } })) } }, 'does not allow EventBridge (events.amazonaws.com) to publish', 'access policy'],
        ['the Allow names another rule as aws:SourceArn', { policies: { [TOPIC]: ok(allowWhen({ ArnEquals: { 'aws:SourceArn': `arn:aws:events:us-east-1:${ACCOUNT}:rule/other` } })) } }, 'does not allow EventBridge', 'access policy'],
        ['the only trail leaves out global service events', { trails: ok([{ ...TRAIL, isMultiRegion: false, includeGlobalServiceEvents: false }]) }, 'trail mvsp-trail leaves them out (IncludeGlobalServiceEvents false)', '--include-global-service-events'],
      ])('warns when %s, naming it and its fix', (_what, over, detail, fix) => {
        const c = alert(over);
        expect(c.status).toBe('warn');
        expect(c.detail).toContain(detail);
        expect(c.fix).toContain(fix);
      });

      it.each<[string, Partial<VerifyState['alert']>, string, string?]>([
        ['a customer managed key, whose key policy is not read', { kmsKeys: { [TOPIC]: ok(`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`) } }, 'whose key policy this check does not read', 'kms:GenerateDataKey* and kms:Decrypt'],
        ['an Allow only when the rule is NOT ours (ArnNotLike)', { policies: { [TOPIC]: ok(allowWhen({ ArnNotLike: { 'aws:SourceArn': RULE_ARN } })) } }, 'condition this check does not evaluate (ArnNotLike on aws:SourceArn)'],
        ['an Allow under StringNotEquals on aws:SourceAccount', { policies: { [TOPIC]: ok(allowWhen({ StringNotEquals: { 'aws:SourceAccount': ACCOUNT } })) } }, 'StringNotEquals on aws:SourceAccount'],
        ['an Allow under an unknown key', { policies: { [TOPIC]: ok(allowWhen({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } })) } }, 'StringEquals on aws:PrincipalOrgID'],
        ['a body filter on a field that differs between sign-ins', filtered({ FilterPolicy: '{"detail":{"sourceIPAddress":["192.0.2.10"]}}', FilterPolicyScope: 'MessageBody' }), '"detail.sourceIPAddress"'],
        ['subscription attributes that could not be read', { subscriptionAttributes: { [`${TOPIC}:1`]: denied('sns:GetSubscriptionAttributes') } }, 'sns:GetSubscriptionAttributes'],
        ['subscription attributes not read', { subscriptionAttributes: {} }, 'was not read'],
        ['the topic encryption not read', { kmsKeys: {} }, 'encryption of topic mvsp-root-sign-in was not read'],
      ])('is unknown, never pass, for %s', (_what, over, detail, fix) => {
        const c = alert(over);
        expect(c.status).toBe('unknown');
        expect(c.detail).toContain(detail);
        if (fix) expect(c.fix).toContain(fix);
      });

      it.each<[string, object]>([
        ['StringEquals aws:SourceArn of the rule', { StringEquals: { 'aws:SourceArn': RULE_ARN } }],
        ['ArnLike with a wildcard account part', { ArnLike: { 'aws:SourceArn': 'arn:aws:events:us-east-1:*:rule/r' } }],
        ['StringLike on the rule ARN', { StringLike: { 'aws:SourceArn': 'arn:aws:events:*:rule/*' } }],
        ['aws:SourceAccount this account, and the rule ARN', { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnEquals: { 'aws:SourceArn': [RULE_ARN, 'arn:aws:events:us-east-1:1:rule/x'] } }],
      ])('passes an Allow under %s', (_what, condition) => {
        expect(alert({ policies: { [TOPIC]: ok(allowWhen(condition)) } }).status).toBe('pass');
      });

      it('a condition known to fail wins over one not evaluated in the same statement', () => {
        const c = alert({ policies: { [TOPIC]: ok(allowWhen({ StringEquals: { 'aws:SourceAccount': '999999999999' }, StringNotEquals: { 'aws:SourceArn': 'x' } })) } });
        expect(c).toMatchObject({ status: 'warn', detail: expect.stringContaining('does not allow EventBridge') });
      });

      it('passes when another confirmed subscription has no filter; a filtered body that matches root sign-ins passes', () => {
        const two = [...confirmed, { arn: `${TOPIC}:2`, protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:111122223333:q', pending: false }];
        const c = alert({
          topics: { [TOPIC]: ok(two) },
          subscriptionAttributes: { [`${TOPIC}:1`]: ok({ FilterPolicy: '{"a":["b"]}' }), [`${TOPIC}:2`]: ok({ Protocol: 'sqs' }) },
        });
        expect(c.status).toBe('pass');
        const body = alert(filtered({ FilterPolicy: '{"detail":{"userIdentity":{"type":["Root"]}}}', FilterPolicyScope: 'MessageBody' }));
        expect(body.status).toBe('pass');
      });

      it('a pass names only the recipients the alert reaches: a filtered-out one is left out; past three, the rest are counted, all in items', () => {
        const five = Array.from({ length: 5 }, (_, i) => ({ arn: `${TOPIC}:s${i}`, protocol: 'email', endpoint: `s${i}@acme.com`, pending: false }));
        const evil = { arn: `${TOPIC}:evil`, protocol: 'https', endpoint: 'https://evil.example/\u001b[2Jx', pending: false };
        const dropped = { arn: `${TOPIC}:dropped`, protocol: 'email', endpoint: 'filtered@acme.com', pending: false };
        const attrs = Object.fromEntries([...five, evil].map((x) => [x.arn, ok({})]));
        const c = alert({ topics: { [TOPIC]: ok([...five, evil, dropped]) }, subscriptionAttributes: { ...attrs, [dropped.arn]: ok({ FilterPolicy: '{"a":["b"]}' }) } });
        expect(c.status).toBe('pass');
        expect(c.detail).toContain('Confirmed recipients: email s0@acme.com, email s1@acme.com, email s2@acme.com and 3 more.');
        expect(c.items).toEqual([...five.map((x) => `email ${x.endpoint}`), 'https https://evil.example/\ufffd[2Jx']);
      });

      it('a second working rule is named beside the first, and its recipients count', () => {
        const other = `arn:aws:sns:us-east-1:${ACCOUNT}:other`;
        const c = alert({
          rules: ok([RULE, { ...RULE, name: 'r2', arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/r2` }]),
          targets: { r: ok([{ id: 't', arn: TOPIC }]), r2: ok([{ id: 't', arn: other }]) },
          topics: { [TOPIC]: ok(confirmed), [other]: ok([{ arn: `${other}:1`, protocol: 'email', endpoint: 'ops@acme.com', pending: false }]) },
          policies: { [TOPIC]: ok(topicPolicy(ownerStatement, eventsStatement)), [other]: ok(topicPolicy({ ...eventsStatement, Resource: other })) },
          kmsKeys: { [TOPIC]: ok(null), [other]: ok(null) },
          subscriptionAttributes: { [`${TOPIC}:1`]: ok({}), [`${other}:1`]: ok({}) },
        });
        expect(c.status, c.detail).toBe('pass');
        expect(c.detail).toContain('(also rule r2 → other)');
        expect(c.items).toEqual(['email security@acme.com', 'email ops@acme.com']);
      });

      it('reads at most ten confirmed subscriptions of a topic: the rest leave it unknown, not pass', () => {
        const many = Array.from({ length: 12 }, (_, i) => ({ arn: `${TOPIC}:s${i}`, protocol: 'email', endpoint: `s${i}@acme.com`, pending: false }));
        const attrs = Object.fromEntries(many.slice(0, 10).map((s) => [s.arn, ok({ FilterPolicy: '{"a":["b"]}' })]));
        const c = alert({ topics: { [TOPIC]: ok(many) }, subscriptionAttributes: attrs });
        expect(c).toMatchObject({ status: 'unknown', detail: expect.stringContaining('2 more confirmed subscription(s)') });
      });

      it('a pending subscription beside a confirmed one whose filter drops the alert: "confirm the email"', () => {
        const c = alert({
          topics: { [TOPIC]: ok([...confirmed, { arn: 'PendingConfirmation', protocol: 'email', endpoint: 'ops@acme.com', pending: true }]) },
          ...filtered({ FilterPolicy: '{"nothing":["never"]}' }),
        });
        expect(c).toMatchObject({ status: 'warn', detail: expect.stringContaining('confirm the email') });
        expect(c.detail).toContain('message attributes');
      });

      it('a trail name and a key id from AWS reach the detail and the fix without control characters', () => {
        const c = alert({ kmsKeys: { [TOPIC]: ok('alias/aws/sns') }, trails: ok([{ ...TRAIL, name: 'evil\u001b]0;x\u0007', isMultiRegion: false, includeGlobalServiceEvents: false }]) });
        expect(c.detail + c.fix).not.toMatch(/[\u0000-\u001f]/);
      });
    });
  });

  it('every status of the document is counted and the exit code is 1 with a fail, else 2 when a permission is missing', () => {
    const checks = computeChecks({
      state: { ...goodState(), passwordPolicy: ok(null), alert: { ...goodState().alert, rules: ok([]) }, virtualMfa: denied('iam:ListVirtualMFADevices') },
      record: goodRecord(),
      now: NOW,
    });
    const doc = buildVerifyDocument({
      version: '9.9.9',
      checkedAt: NOW,
      caller: { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', kind: 'user', name: 'alice' },
      alias: 'acme-production',
      checks,
    });
    expect(doc).toMatchObject({
      tool: 'mvsp-setup',
      version: '9.9.9',
      checkedAt: '2026-11-24T12:00:00.000Z',
      account: { id: '111122223333', alias: 'acme-production' },
      caller: { arn: 'arn:aws:iam::111122223333:user/alice', kind: 'user' },
      summary: { pass: 8, warn: 1, fail: 1, unknown: 2 },
    });
    expect(verifyExitCode(checks)).toBe(1);
    // this state has a read denied (ListVirtualMFADevices): without fails, that is exit 2
    expect(verifyExitCode(checks.filter((c) => c.status !== 'fail'))).toBe(2);
    expect(verifyExitCode(checks.filter((c) => c.status !== 'fail' && c.status !== 'unknown'))).toBe(0);
    const deniedCheck = { id: 'password-policy', status: 'unknown' as const, title: 'x', detail: `Could not read it: ${whyUnknown(new AwsError({ kind: 'AccessDenied', action: 'iam:GetAccountPasswordPolicy' }))}.`, fix: '' };
    expect(verifyExitCode([...checks.filter((c) => c.status !== 'fail' && c.status !== 'unknown'), deniedCheck])).toBe(2);
    expect(verifyExitCode([...checks, deniedCheck])).toBe(1);
    // unknown for a reason other than a permission (throttling) is exit 2 as well
    const throttled = { ...deniedCheck, detail: `Could not read it: ${whyUnknown(new AwsError({ kind: 'Throttled', action: 'iam:GetAccountPasswordPolicy', code: 'Throttling' }))}.` };
    expect(verifyExitCode([...checks.filter((c) => c.status === 'pass'), throttled])).toBe(2);
    const md = renderMarkdown(doc);
    expect(md).toContain('✖ FAIL** `password-policy`');
    expect(md).toContain('## IAM users');
  });

  it('the Markdown report shows text from AWS as text: no HTML comment, link or emphasis it could start', () => {
    const doc = buildVerifyDocument({
      version: '9.9.9',
      checkedAt: NOW,
      caller: { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', kind: 'user', name: 'alice' },
      alias: 'acme',
      checks: [
        { id: 'root-login-alert', status: 'pass', title: 'Root sign-in alert', detail: 'Rule r → t, confirmed: https https://evil.example/<!-- [click](https://evil.example) *bold* `x` ~~gone~~ &lt;b&gt; a|b', fix: 'x' },
        { id: 'users-mfa', status: 'fail', title: 'Users MFA', detail: 'a and 4 more', fix: 'y', items: ['a', 'b', 'c', 'd', '<!--e'] },
        // four, three of them named: the fourth is listed too
        { id: 'stale-credentials', status: 'warn', title: 'Stale', detail: 'p, q, r and 1 more', fix: 'z', items: ['p', 'q', 'r', 'sqs arn:aws:sqs:us-east-1:999999999999:collector'] },
        // all named in the detail: no list repeats them
        { id: 'unassigned-mfa-devices', status: 'warn', title: 'Loose', detail: 'm1, m2.', fix: 'w', items: ['m1', 'm2'] },
      ],
    });
    const md = renderMarkdown(doc);
    expect(md).not.toMatch(/(^|[^\\])<!--/m);
    expect(md).toContain('https://evil.example/\\<!-- \\[click\\](https://evil.example) \\*bold\\* \\`x\\` \\~\\~gone\\~\\~ \\&lt;b\\&gt; a\\|b');
    expect(md).toContain('    - \\<!--e');
    expect(md).toContain('  - All 4:\n    - p\n    - q\n    - r\n    - sqs arn:aws:sqs:us-east-1:999999999999:collector\n');
    expect(md).not.toContain('All 2:');
  });
});

describe('fetchCredentialReport', () => {
  function fakeIam(script: { generate: (string | Error)[]; get: (string | Error)[] }) {
    const calls: string[] = [];
    const gen = [...script.generate];
    const get = [...script.get];
    const iam = {
      async generateCredentialReport() {
        calls.push('generate');
        const next = gen.length > 1 ? gen.shift()! : gen[0]!;
        if (next instanceof Error) throw next;
        return next;
      },
      async getCredentialReport() {
        calls.push('get');
        const next = get.length > 1 ? get.shift()! : get[0]!;
        if (next instanceof Error) throw next;
        return { content: next, generatedAt: NOW };
      },
    };
    return { aws: { iam } as unknown as Gateway, calls };
  }
  const err = (code: string, kind: 'InvalidInput' | 'LimitExceeded' = 'InvalidInput') => new AwsError({ kind, action: code === 'LimitExceeded' ? 'iam:GenerateCredentialReport' : 'iam:GetCredentialReport', code });
  const csv = fixture('secured');

  it('polls STARTED → INPROGRESS → COMPLETE with growing waits, then gets and parses', async () => {
    const waits: number[] = [];
    const { aws, calls } = fakeIam({ generate: ['STARTED', 'INPROGRESS', 'INPROGRESS', 'COMPLETE'], get: [csv] });
    const r = await fetchCredentialReport(aws, { sleep: async (ms) => void waits.push(ms) });
    expect(calls).toEqual(['generate', 'generate', 'generate', 'generate', 'get']);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(r.root?.arn).toBe('arn:aws:iam::111122223333:root');
    expect(r.users.map((u) => u.user)).toEqual(['alice', 'bob', 'ci-deployer']);
  });

  it('waits on ReportInProgress, regenerates once on ReportNotPresent / ReportExpired', async () => {
    const a = fakeIam({ generate: ['COMPLETE'], get: [err('ReportInProgress'), csv] });
    await fetchCredentialReport(a.aws, { sleep: async () => {} });
    expect(a.calls).toEqual(['generate', 'get', 'generate', 'get']);
    const b = fakeIam({ generate: ['COMPLETE'], get: [err('ReportExpired'), csv] });
    await fetchCredentialReport(b.aws, { sleep: async () => {} });
    expect(b.calls).toEqual(['generate', 'get', 'generate', 'get']);
    const c = fakeIam({ generate: ['COMPLETE'], get: [err('ReportNotPresent')] });
    await expect(fetchCredentialReport(c.aws, { sleep: async () => {} })).rejects.toMatchObject({ code: 'ReportNotPresent' });
  });

  it('reads the existing report when generating is refused with LimitExceeded', async () => {
    const { aws, calls } = fakeIam({ generate: [err('LimitExceeded', 'LimitExceeded')], get: [csv] });
    await fetchCredentialReport(aws, { sleep: async () => {} });
    expect(calls).toEqual(['generate', 'get']);
  });

  it('gives up after maxPolls with an error that says so', async () => {
    const { aws } = fakeIam({ generate: ['INPROGRESS'], get: [csv] });
    await expect(fetchCredentialReport(aws, { sleep: async () => {}, maxPolls: 3 })).rejects.toThrow(/still being generated after 3/);
  });
});

describe('parseCredentialReport', () => {
  const csv = fixture('secured');
  const [header, rootRow, aliceRow] = csv.split('\n');

  it('keys every row by the header, the root row apart, every value a string as the report has it', () => {
    const r = report(csv);
    expect(r.root).toMatchObject({ user: '<root_account>', arn: 'arn:aws:iam::111122223333:root', mfa_active: 'true', access_key_1_active: 'false' });
    const alice = r.users.find((u) => u.user === 'alice')!;
    expect(Object.keys(alice)).toEqual(header!.split(','));
    expect(alice).toMatchObject({ password_enabled: 'true', password_last_used: '2026-11-23T16:01:44+00:00', mfa_active: 'true', access_key_1_last_rotated: 'N/A' });
  });

  it('reads a quoted name with a comma (IAM allows one) as one field', () => {
    const r = report([header, rootRow, aliceRow!.replace('alice,arn:aws:iam::111122223333:user/alice', '"ops,alice","arn:aws:iam::111122223333:user/ops,alice"')].join('\n'));
    expect(r.users.map((u) => u.user)).toEqual(['ops,alice']);
    expect(r.users[0]!.arn).toBe('arn:aws:iam::111122223333:user/ops,alice');
    expect(r.users[0]!.mfa_active).toBe('true');
  });

  it('neutralises control characters in every field, header names included', () => {
    const r = report([header!.replace('mfa_active', 'mfa_active\u0007'), rootRow, aliceRow!.replace('alice,', 'al\u001b]52;c;eA==\u0007ice,')].join('\n'));
    expect(r.users[0]!.user).toBe('al\ufffd]52;c;eA==\ufffdice');
    expect(r.users[0]).toHaveProperty('mfa_active\ufffd', 'true');
  });

  it('keeps a column named __proto__ as a column, not a prototype', () => {
    const r = report([`${header},__proto__`, `${rootRow},x`, `${aliceRow},y`].join('\n'));
    expect(Object.getPrototypeOf(r.users[0])).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(r.users[0], '__proto__')?.value).toBe('y');
  });

  it('refuses a record whose field count differs from the header', () => {
    expect(() => report([header, rootRow, aliceRow!.split(',').slice(0, -1).join(',')].join('\n'))).toThrow(/record/i);
  });

  it('reads a user whose name holds commas (IAM allows them) from a report that does not quote it', () => {
    const [name, arn, ...rest] = aliceRow!.split(',');
    const odd = [`${name},x,y`, arn!.replace(/\/alice$/, `/${name},x,y`), ...rest].join(',');
    const r = report([header, rootRow, odd, aliceRow].join('\n'));
    expect(r.users.map((u) => u.user)).toEqual([`${name},x,y`, 'alice']);
    expect(r.users[0]!.arn).toMatch(/user\/alice,x,y$/);
    expect(r.users[0]!.mfa_active).toBe(r.users[1]!.mfa_active);
    // extra fields that do not come from the name: still refused
    expect(() => report([header, rootRow, `${aliceRow},a,b`].join('\n'))).toThrow(/record/i);
  });

  it('reads a report with no users but the header and the root row', () => {
    const r = report([header, rootRow].join('\n'));
    expect(r.users).toEqual([]);
    expect(r.root?.user).toBe('<root_account>');
  });
});
