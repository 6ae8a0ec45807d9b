// The team commands' pure parts: the CSV, the onboard plan, the offboard plan, the root
// holders from the local record.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CsvFileError, parseEngineersCsv } from '../../src/steps/onboard-csv.js';
import { plan as planOnboard, companyDomain, judgeGroups, judgeNewGroups, HandOvers, welcomeNote, type OnboardState } from '../../src/steps/onboard.js';
import { REQUIRE_MFA_POLICY_DOCUMENT } from '../../src/steps/require-mfa-policy.js';
import type { AuthorizationDetails } from '../../src/aws/port.js';
import { plan as planOffboard, matchRootHolder, revokeSessionsDocument, sessionsRevokedBefore, type OffboardState } from '../../src/steps/offboard.js';
import { readRootHolders } from '../../src/commands/root-holders.js';
import { emptyRecord, readRecord, writeRecord } from '../../src/steps/local-record.js';
import type { StepContext } from '../../src/steps/types.js';
import { seededBytes } from '../helpers/random.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const ACCOUNT = '123456789012';
const ROOT = { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, kind: 'root' as const, name: null };

describe('parseEngineersCsv', () => {
  it('keeps line numbers, any header order and case, and rejects bad rows with why', () => {
    const csv = ['Email,NAME,group', 'ann@acme.com,ann,Developers', '', 'ben@acme.com,ben', 'cy@acme.com,c y,ReadOnly', '"dee@acme.com",dee,'].join('\r\n');
    const { rows, bad } = parseEngineersCsv(csv);
    expect(rows).toEqual([{ line: 2, name: 'ann', email: 'ann@acme.com', group: 'Developers' }]);
    expect(bad.map((b) => [b.line, b.problems.join('; ')])).toEqual([
      [4, '2 fields where the header has 3 (a comma too many or too few?)'],
      [5, 'name: A space is not allowed: use letters, digits and + = , . @ _ -'],
      [6, 'group: no group'],
    ]);
  });

  it('rejects every row of a user name that appears twice, whatever its case', () => {
    const { rows, bad } = parseEngineersCsv('name,email,group\nann,a@acme.com,Developers\nAnn,b@acme.com,ReadOnly\nbob,bob@acme.com,ReadOnly\n');
    expect(rows.map((r) => r.name)).toEqual(['bob']);
    expect(bad.map((b) => b.line)).toEqual([2, 3]);
    expect(bad[0]!.problems[0]).toContain('also on line 3');
  });

  it('a file without the header, or with an open quote, is unusable as a whole', () => {
    expect(() => parseEngineersCsv('ann,ann@acme.com,Developers\n')).toThrow(CsvFileError);
    expect(() => parseEngineersCsv('name,email,group\n"ann,ann@acme.com,Developers\n')).toThrow(/line/);
    expect(() => parseEngineersCsv('')).toThrow(/empty/);
  });
});

function onboardState(over: Partial<OnboardState> = {}): OnboardState {
  return {
    accountId: ACCOUNT,
    alias: null,
    groups: [],
    groupStates: {},
    users: {},
    tagDomains: [],
    requireMfaPolicy: null,
    passwordPolicy: null,
    groupAdmin: {},
    ...over,
  };
}

describe('onboard plan', () => {
  const env = { callerArn: ROOT.arn, now: NOW, randomBytes: seededBytes(1) };

  it('creates the group with the MFA guard before it grants, the user, a password reset at first sign-in, no access key', async () => {
    const p = planOnboard(onboardState(), [{ name: 'bob', email: 'bob@acme.com', group: 'developers' }], env);
    expect(p.shared.map((a) => `${a.phase} ${a.call} ${a.summary}`)).toEqual([
      '1 iam:CreateGroup Create group Developers',
      '1 iam:CreatePolicy Create policy RequireMFA (nothing but MFA set-up without MFA)',
      '2 iam:AttachGroupPolicy Attach RequireMFA to group Developers',
      '3 iam:AttachGroupPolicy Attach PowerUserAccess to group Developers',
    ]);
    expect(p.engineers[0]!.actions.map((a) => a.call)).toEqual(['iam:CreateUser', 'iam:AddUserToGroup', 'iam:CreateLoginProfile']);
    expect(p.actions.some((a) => a.call === 'iam:CreateAccessKey')).toBe(false);

    const createLoginProfile = vi.fn(async () => {});
    const createUser = vi.fn(async () => ({}));
    const ctx = { aws: { iam: { createLoginProfile, createUser } } } as unknown as StepContext;
    await p.engineers[0]!.actions.find((a) => a.call === 'iam:CreateUser')!.run(ctx);
    expect(createUser).toHaveBeenCalledWith('bob', { email: 'bob@acme.com', 'mvsp-setup:created-by': ROOT.arn, 'mvsp-setup:created-at': NOW.toISOString() });
    await p.engineers[0]!.actions.find((a) => a.call === 'iam:CreateLoginProfile')!.run(ctx);
    expect(createLoginProfile).toHaveBeenCalledWith('bob', p.engineers[0]!.temporaryPassword, true);
  });

  it('uses an existing group as it is, and says when it has no MFA guard', () => {
    const p = planOnboard(
      onboardState({ groups: ['Platform'], groupStates: { Platform: { name: 'Platform', exists: true, members: [], attachedArns: [] } } }),
      [{ name: 'bob', email: 'bob@acme.com', group: 'platform' }],
      env,
    );
    expect(p.shared).toEqual([]);
    expect(p.engineers[0]!.group).toBe('Platform');
    expect(p.notes[0]).toContain('Group Platform has no RequireMFA policy');
  });

  it('a welcome note says "until then you can do nothing else" only where RequireMFA, as written by this tool, guards the group', () => {
    const guard = `arn:aws:iam::${ACCOUNT}:policy/RequireMFA`;
    const groupStates = {
      Platform: { name: 'Platform', exists: true, members: [], attachedArns: [] },
      Developers: { name: 'Developers', exists: true, members: [], attachedArns: [guard] },
    };
    const engineers = [
      { name: 'ann', email: 'ann@acme.com', group: 'Developers' },
      { name: 'bob', email: 'bob@acme.com', group: 'Platform' },
    ];
    const note = (p: ReturnType<typeof planOnboard>, name: string) => welcomeNote(p.engineers.find((e) => e.engineer.name === name)!, 'https://x', null).join('\n');
    const expected = { name: 'RequireMFA', arn: guard, defaultVersionId: 'v1', document: REQUIRE_MFA_POLICY_DOCUMENT, tags: {} };
    const fine = planOnboard(onboardState({ groups: ['Platform', 'Developers'], groupStates, requireMfaPolicy: expected }), engineers, env);
    expect(note(fine, 'ann')).toContain('Until then you can do nothing else.');
    expect(note(fine, 'bob')).not.toContain('nothing else');
    // the same name, its Deny gone
    const emptied = { ...expected, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'iam:GetUser', Resource: '*' }] } };
    const p = planOnboard(onboardState({ groups: ['Platform', 'Developers'], groupStates, requireMfaPolicy: emptied }), engineers, env);
    expect(note(p, 'ann')).not.toContain('nothing else');
    expect(p.notes).toContainEqual(expect.stringContaining('Policy RequireMFA on group Developers differs from the expected document: its members may act without MFA'));
  });

  describe('a password an earlier run set and never handed over', () => {
    const user = { name: 'bob', arn: `arn:aws:iam::${ACCOUNT}:user/bob`, createdAt: NOW, tags: { email: 'bob@acme.com' } };
    const existing = (passwordLastUsed?: Date) =>
      onboardState({
        groups: ['Developers'],
        groupStates: { Developers: { name: 'Developers', exists: true, members: ['bob'], attachedArns: [`arn:aws:iam::${ACCOUNT}:policy/RequireMFA`] } },
        users: {
          bob: {
            name: 'bob',
            user: { ...user, ...(passwordLastUsed ? { passwordLastUsed } : {}) },
            groups: ['Developers'],
            loginProfile: { userName: 'bob', createdAt: NOW, passwordResetRequired: true },
            directPolicies: [],
          },
        },
      });
    const bob = [{ name: 'bob', email: 'bob@acme.com', group: 'Developers' }];

    it('never used: reset with a new password, reset required at first sign-in', async () => {
      const p = planOnboard(existing(), bob, { ...env, handOverPending: ['Bob'] });
      const ep = p.engineers[0]!;
      expect(ep.actions.map((a) => a.call)).toEqual(['iam:UpdateLoginProfile']);
      expect(ep.temporaryPassword).toMatch(/.{14,}/);
      const updateLoginProfile = vi.fn(async () => {});
      await ep.actions[0]!.run({ aws: { iam: { updateLoginProfile } } } as unknown as StepContext);
      expect(updateLoginProfile).toHaveBeenCalledWith('bob', ep.temporaryPassword, true);
    });

    it('used since, or not noted in the record: left unchanged', () => {
      for (const p of [planOnboard(existing(NOW), bob, { ...env, handOverPending: ['bob'] }), planOnboard(existing(), bob, env)]) {
        expect(p.engineers[0]!.actions).toEqual([]);
        expect(p.engineers[0]!.temporaryPassword).toBeNull();
      }
      // used although nobody was recorded as receiving it: said, so a stranger's sign-in is looked into
      const used = planOnboard(existing(NOW), bob, { ...env, handOverPending: ['bob'] });
      expect(used.notes.join(' ')).toContain(`The console password of bob was never recorded as handed over, yet it was used on ${NOW.toISOString().slice(0, 10)}`);
      expect(planOnboard(existing(), bob, env).notes.join(' ')).not.toContain('never recorded as handed over');
    });
  });

  it('HandOvers: noted before, cleared once handed over or when no password came to exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvsp-handover-'));
    try {
      const opts = { dataDir: dir };
      const p = planOnboard(onboardState(), [
        { name: 'ann', email: 'ann@acme.com', group: 'Developers' },
        { name: 'cy', email: 'cy@acme.com', group: 'Developers' },
      ], env);
      const [ann, cy] = p.engineers as [typeof p.engineers[0], typeof p.engineers[0]];
      const h = await HandOvers.read(ACCOUNT, opts);
      expect(h.pending).toEqual([]);
      await h.before(ann);
      await h.before(cy);
      expect((await readRecord(ACCOUNT, opts)).passwordHandOverPending).toEqual(['ann', 'cy']);
      // IAM user names ignore case: the note for ann is taken away whatever the spelling
      await h.handedOver({ ...ann, engineer: { ...ann.engineer, name: 'Ann' } });
      // cy failed before CreateLoginProfile: nothing of cy's to hand over
      const failed = { ok: false, done: [], failed: [], notDone: cy.actions };
      await h.settle(p, { ok: false, shared: { ok: true, done: [], failed: [], notDone: [] }, engineers: { cy: failed } });
      expect((await readRecord(ACCOUNT, opts)).passwordHandOverPending).toEqual([]);
      expect((await HandOvers.read(ACCOUNT, opts)).pending).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the company domain: the lead’s choice, else existing tags, else the new addresses', () => {
    expect(companyDomain('@Acme.com', { tagDomains: ['other.io'] }, [])).toBe('acme.com');
    expect(companyDomain(null, { tagDomains: ['acme.com'] }, [{ email: 'x@y.io' }])).toBe('acme.com');
    expect(companyDomain(null, { tagDomains: [] }, [{ email: 'a@y.io' }, { email: 'b@acme.com' }, { email: 'c@acme.com' }])).toBe('acme.com');
  });

  it('the company domain counts only addresses that pass the syntax check', () => {
    const engineers = [{ email: 'carol@bad_domain' }, { email: 'dan@bad_domain' }, { email: 'alice@acme.com' }];
    expect(companyDomain(null, { tagDomains: [] }, engineers)).toBe('acme.com');
    expect(companyDomain(null, { tagDomains: [] }, [{ email: 'carol@bad_domain' }])).toBeNull();
  });
});

function offboardState(over: Partial<OffboardState> = {}): OffboardState {
  return {
    userName: 'bob',
    user: { name: 'bob', arn: `arn:aws:iam::${ACCOUNT}:user/bob`, createdAt: NOW, tags: { email: 'bob.roe@acme.com' } },
    loginProfile: null,
    accessKeys: [],
    mfaDevices: [],
    groups: [],
    directPolicies: [],
    inlinePolicies: [],
    revokePolicy: null,
    adminMembers: ['alice'],
    sshPublicKeys: [],
    serviceSpecificCredentials: [],
    signingCertificates: [],
    unread: [],
    ...over,
  };
}

describe('onboard: admin groups', () => {
  const details = (groups: AuthorizationDetails['groups'], policies: AuthorizationDetails['policies'] = [], roles: AuthorizationDetails['roles'] = []): AuthorizationDetails => ({ users: [], groups, roles, policies });
  const group = (name: string, over: Partial<AuthorizationDetails['groups'][number]> = {}) => ({ name, arn: `arn:aws:iam::${ACCOUNT}:group/${name}`, inlinePolicies: [], attachedPolicies: [], ...over });

  it('judges inline, AWS managed and customer managed policies; an unreadable one is unknown, never no', () => {
    const customer = `arn:aws:iam::${ACCOUNT}:policy/gone`;
    const v = judgeGroups(
      ['Inline', 'Managed', 'Readers', 'Unread', 'Missing'],
      details([
        group('Inline', { inlinePolicies: [{ name: 'x', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] } }] }),
        group('Managed', { attachedPolicies: [{ name: 'IAMFullAccess', arn: 'arn:aws:iam::aws:policy/IAMFullAccess' }] }),
        group('Readers', { attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }),
        group('Unread', { attachedPolicies: [{ name: 'gone', arn: customer }] }),
      ]),
      ACCOUNT,
    );
    expect(v.Inline?.admin).toBe('yes');
    expect(v.Managed).toEqual({ admin: 'yes', why: ['AWS managed IAMFullAccess: iam:* on *, so it can grant itself anything'] });
    expect(v.Readers).toEqual({ admin: 'no' });
    expect(v.Unread).toEqual({ admin: 'unknown', why: 'could not read gone' });
    expect(v.Missing?.admin).toBe('unknown');
  });

  it('a group allowed sts:AssumeRole on an admin role that trusts the account is an admin group; a service role is not', () => {
    const assume = (Resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'sts:AssumeRole', Resource }] });
    const trust = (Principal: unknown) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal, Action: 'sts:AssumeRole' }] });
    const admin = { name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
    const v = judgeGroups(
      ['Ops', 'Builders', 'Readers'],
      details(
        [
          group('Ops', { inlinePolicies: [{ name: 'hop', document: assume(`arn:aws:iam::${ACCOUNT}:role/Admin`) }] }),
          group('Builders', { inlinePolicies: [{ name: 'hop', document: assume(`arn:aws:iam::${ACCOUNT}:role/lambda-*`) }] }),
          group('Readers', { inlinePolicies: [{ name: 'hop', document: assume(`arn:aws:iam::${ACCOUNT}:role/Admin-*`) }] }),
        ],
        [],
        [
          { name: 'Admin', arn: `arn:aws:iam::${ACCOUNT}:role/Admin`, trustPolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), inlinePolicies: [], attachedPolicies: [admin] },
          { name: 'lambda-admin', arn: `arn:aws:iam::${ACCOUNT}:role/lambda-admin`, trustPolicy: trust({ Service: 'lambda.amazonaws.com' }), inlinePolicies: [], attachedPolicies: [admin] },
        ],
      ),
      ACCOUNT,
    );
    expect(v.Ops).toEqual({
      admin: 'yes',
      why: [`inline policy hop: Allow sts:AssumeRole on arn:aws:iam::${ACCOUNT}:role/Admin: it can become role Admin, which trusts the account root, has AWS managed AdministratorAccess: * on *`],
    });
    expect(v.Builders).toEqual({ admin: 'no' });
    expect(v.Readers).toEqual({ admin: 'no' });
  });

  it('a Developers group to create (PowerUserAccess) is an admin group when an admin role trusts the account; unknown when that role cannot be read', () => {
    const trust = (Principal: unknown) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal, Action: 'sts:AssumeRole' }] });
    const role = (name: string, Principal: unknown, attachedPolicies: { name: string; arn: string }[]) => ({
      name,
      arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      trustPolicy: trust(Principal),
      inlinePolicies: [],
      attachedPolicies,
    });
    const admin = { name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
    const serviceOnly = judgeNewGroups(['Developers', 'ReadOnly'], details([], [], [role('lambda-admin', { Service: 'lambda.amazonaws.com' }, [admin])]), ACCOUNT);
    // ReadOnlyAccess allows no sts:AssumeRole: not judged here
    expect(serviceOnly).toEqual({ Developers: { admin: 'no' } });

    const v = judgeNewGroups(['Developers'], details([], [], [role('Admin', { AWS: `arn:aws:iam::${ACCOUNT}:root` }, [admin])]), ACCOUNT);
    expect(v).toEqual({
      Developers: {
        admin: 'yes',
        why: [
          'AWS managed PowerUserAccess: Allow NotAction iam:*, organizations:*, account:* on *, which allows sts:AssumeRole: it can become role Admin, which trusts the account root, has AWS managed AdministratorAccess: * on *',
        ],
      },
    });

    const unread = judgeNewGroups(['Developers'], details([], [], [role('Ops', { AWS: ACCOUNT }, [{ name: 'gone', arn: `arn:aws:iam::${ACCOUNT}:policy/gone` }])]), ACCOUNT);
    expect(unread).toEqual({ Developers: { admin: 'unknown', why: 'could not read role Ops: gone' } });
  });

  it('the plan warns for each admin group someone is added to, and not for one they are already in', () => {
    const env = { callerArn: ROOT.arn, now: NOW, randomBytes: seededBytes(1) };
    const state = onboardState({
      groups: ['Ops'],
      groupStates: { Ops: { name: 'Ops', exists: true, members: [], attachedArns: [] } },
      groupAdmin: { Ops: { admin: 'unknown', why: 'iam:GetAccountAuthorizationDetails failed: denied' } },
    });
    const p = planOnboard(state, [
      { name: 'bob', email: 'bob@acme.com', group: 'Ops' },
      { name: 'eve', email: 'eve@acme.com', group: 'administrators' },
      { name: 'dev', email: 'dev@acme.com', group: 'Developers' },
    ], env);
    expect(p.adminWarnings).toEqual([
      'Admin rights unknown: could not tell whether Ops is an admin group (iam:GetAccountAuthorizationDetails failed: denied); bob joins it. Check its policies before applying.',
      'Admin rights: eve joins Administrators, an admin group (AWS managed AdministratorAccess: * on *).',
    ]);
  });
});

describe('offboard plan', () => {
  const env = { callerArn: ROOT.arn, now: NOW };

  it('cuts credentials first, deletes a virtual device only after deactivating it, tags last; hardware is only deactivated', () => {
    const p = planOffboard(
      offboardState({
        loginProfile: { userName: 'bob', createdAt: NOW, passwordResetRequired: false },
        accessKeys: [
          { id: 'AKIA1', userName: 'bob', status: 'Active', createdAt: NOW },
          { id: 'AKIA2', userName: 'bob', status: 'Inactive', createdAt: NOW },
        ],
        mfaDevices: [
          { serial: `arn:aws:iam::${ACCOUNT}:mfa/bob-phone`, userName: 'bob', enabledAt: NOW },
          { serial: 'GAHT12345678', userName: 'bob', enabledAt: NOW },
        ],
        groups: ['Developers'],
        inlinePolicies: ['extra'],
      }),
      { caller: ROOT },
      env,
    );
    expect(p.actions.map((a) => `${a.phase} ${a.call} ${a.summary}`)).toEqual([
      '1 iam:DeleteLoginProfile Delete the console password of bob',
      '1 iam:UpdateAccessKey Deactivate access key AKIA1',
      '2 iam:DeactivateMFADevice Deactivate MFA device bob-phone',
      '2 iam:DeactivateMFADevice Deactivate MFA device GAHT12345678',
      '2 iam:RemoveUserFromGroup Remove bob from group Developers',
      '3 iam:DeleteVirtualMFADevice Delete virtual MFA device bob-phone',
      "4 iam:PutUserPolicy End bob's own sessions, not role sessions (Deny mvsp-setup-revoke-sessions)",
      '5 iam:TagUser Tag bob mvsp-setup:disabled-at and mvsp-setup:disabled-by',
    ]);
    expect(p.notes[0]).toContain('inline policies (extra)');
  });

  it('a user with nothing left but no tag gets the revocation (even one already there) and the tag; a tagged, revoked one plans nothing', () => {
    const revoked = { revokePolicy: revokeSessionsDocument(new Date(NOW.getTime() + 60_000)) };
    expect(planOffboard(offboardState(), { caller: ROOT }, env).actions.map((a) => a.call)).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
    // untagged: a policy of that name is not known to be ours, whatever its date
    expect(planOffboard(offboardState(revoked), { caller: ROOT }, env).actions.map((a) => a.call)).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
    const planted = planOffboard(offboardState({ revokePolicy: revokeSessionsDocument(new Date('2001-01-01T00:00:00Z')) }), { caller: ROOT }, env);
    expect(planted.actions.map((a) => a.call)).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
    expect(planted.existing.map((e) => e.summary).join('\n')).not.toContain('2001');
    const tagged = offboardState(revoked);
    tagged.user!.tags['mvsp-setup:disabled-at'] = NOW.toISOString();
    const p = planOffboard(tagged, { caller: ROOT }, env);
    expect(p.actions).toEqual([]);
    expect(p.existing.map((e) => e.summary)).toContain("bob's own sessions issued before 2026-11-24T12:01:00.000Z ended (Deny mvsp-setup-revoke-sessions)");
  });

  it('writes the revocation again when it is missing, altered, or older than the disabled-at tag', () => {
    const tagged = (revokePolicy: OffboardState['revokePolicy']) => {
      const s = offboardState({ revokePolicy });
      s.user!.tags['mvsp-setup:disabled-at'] = NOW.toISOString();
      return planOffboard(s, { caller: ROOT }, env).actions.map((a) => a.call);
    };
    const doc = revokeSessionsDocument(new Date(NOW.getTime() + 60_000));
    // a user disabled before the revocation existed
    expect(tagged(null)).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
    // older than the tag: sessions issued in between are not cut
    expect(tagged(revokeSessionsDocument(new Date(NOW.getTime() - 60_000)))).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
    // the same name turned into an Allow, or its Deny narrowed
    expect(tagged({ ...doc, Statement: [{ ...doc.Statement[0]!, Effect: 'Allow' }] })).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
    expect(tagged({ ...doc, Statement: [{ ...doc.Statement[0]!, Action: 's3:*' }] })).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
    expect(tagged({ ...doc, Statement: [{ ...doc.Statement[0]!, Condition: { DateLessThan: { 'aws:TokenIssueTime': 'soon' } } }] })).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
    expect(tagged(doc)).toEqual([]);
    // a password used after the revocation's time: the user was not disabled since then
    const signedIn = offboardState({ revokePolicy: doc });
    signedIn.user!.tags['mvsp-setup:disabled-at'] = NOW.toISOString();
    signedIn.user!.passwordLastUsed = new Date(NOW.getTime() + 2 * 60_000);
    expect(planOffboard(signedIn, { caller: ROOT }, env).actions.map((a) => a.call)).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
    // one used before it is what a disabled user shows
    signedIn.user!.passwordLastUsed = new Date(NOW.getTime() - 60_000);
    expect(planOffboard(signedIn, { caller: ROOT }, env).actions).toEqual([]);
    // a disabled-at tag that is no date proves nothing: written again
    const junk = offboardState({ revokePolicy: doc });
    junk.user!.tags['mvsp-setup:disabled-at'] = 'long ago';
    expect(planOffboard(junk, { caller: ROOT }, env).actions.map((a) => a.call)).toEqual(['iam:PutUserPolicy', 'iam:TagUser']);
  });

  it('the revocation denies * on * only for tokens issued before its time', () => {
    const at = new Date('2026-11-24T12:05:00.000Z');
    expect(revokeSessionsDocument(at)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenySessionsIssuedBeforeOffboarding', Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-11-24T12:05:00.000Z' } } }],
    });
    expect(sessionsRevokedBefore(revokeSessionsDocument(at))).toEqual(at);
  });

  it('matches a root holder by user name, first name or email', () => {
    const s = offboardState();
    expect(matchRootHolder(s, ['Alice Doe', 'Bob Roe'])).toBe('Bob Roe');
    expect(matchRootHolder(s, ['bob.roe@acme.com'])).toBe('bob.roe@acme.com');
    expect(matchRootHolder(s, ['Alice Doe', 'Dana'])).toBeNull();
  });
});

describe('readRootHolders', () => {
  it('reads the holders from the local record, and the latest attestation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvsp-record-'));
    try {
      expect(await readRootHolders(ACCOUNT, { dataDir: dir })).toEqual([]);
      await writeRecord(
        { ...emptyRecord(ACCOUNT), rootHolders: ['Alice Doe'], attestations: [{ at: NOW.toISOString(), rootSignIn: 'got-in', holders: ['Alice Doe', 'Bob Roe'] }] },
        { dataDir: dir },
      );
      expect(await readRootHolders(ACCOUNT, { dataDir: dir })).toEqual(['Alice Doe', 'Bob Roe']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
