import { describe, expect, it, vi } from 'vitest';
import type { Gateway, IamPort, PasswordPolicy } from '../../src/aws/port.js';
import { AwsError } from '../../src/aws/errors.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  BASELINE_PASSWORD_POLICY,
  PHASE,
  accessDeniedLine,
  aliasTaken,
  apply,
  mergePasswordPolicy,
  plan,
  resultSignInUrl,
  passwordWasSet,
  suggestAliases,
  validateAlias,
  validateUserName,
  type AdminState,
} from '../../src/steps/admin-user.js';
import { REQUIRE_MFA_POLICY_DOCUMENT } from '../../src/steps/require-mfa-policy.js';
import { meetsPolicy } from '../../src/steps/password.js';
import { prerequisites } from '../../src/steps/run-actions.js';
import type { StepContext } from '../../src/steps/types.js';
import { seededBytes } from '../helpers/random.js';

const ACCOUNT = '123456789012';
const NOW = new Date('2026-11-24T12:00:00Z');
const CALLER = `arn:aws:iam::${ACCOUNT}:root`;
const MFA_ARN = `arn:aws:iam::${ACCOUNT}:policy/RequireMFA`;
const env = () => ({ callerArn: CALLER, now: NOW, randomBytes: seededBytes(7) });

function fresh(): AdminState {
  return {
    accountId: ACCOUNT,
    user: { name: 'alice', user: null, groups: [], loginProfile: null, directPolicies: [] },
    group: { name: 'Administrators', exists: false, members: [], attachedArns: [] },
    requireMfaPolicy: null,
    passwordPolicy: null,
    aliases: [],
  };
}

function finished(): AdminState {
  return {
    accountId: ACCOUNT,
    user: {
      name: 'alice',
      user: { name: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, createdAt: NOW, tags: {} },
      groups: ['Administrators'],
      loginProfile: { userName: 'alice', createdAt: NOW, passwordResetRequired: true },
      directPolicies: [],
    },
    group: { name: 'Administrators', exists: true, members: ['alice'], attachedArns: [ADMINISTRATOR_ACCESS_ARN, MFA_ARN] },
    requireMfaPolicy: { name: 'RequireMFA', arn: MFA_ARN, defaultVersionId: 'v1', document: REQUIRE_MFA_POLICY_DOCUMENT, tags: {} },
    passwordPolicy: { ...BASELINE_PASSWORD_POLICY },
    aliases: ['acme-production'],
  };
}

const calls = (p: { actions: { call: string }[] }) => p.actions.map((a) => a.call).sort();

/** Records what each IAM call was sent; enough of the port for this step. */
function recordingContext() {
  const sent: { method: string; args: unknown[] }[] = [];
  const iam = new Proxy({} as IamPort, {
    get: (target, method: string) =>
      (target as unknown as Record<string, unknown>)[method] ??
      vi.fn(async (...args: unknown[]) => {
        sent.push({ method, args });
        return method === 'createPolicy' ? { name: 'RequireMFA', arn: MFA_ARN } : undefined;
      }),
  });
  const ctx: StepContext = {
    aws: { kind: 'sandbox', iam } as unknown as Gateway,
    caller: { accountId: ACCOUNT, arn: CALLER, kind: 'root', name: null },
    now: () => NOW,
    randomBytes: seededBytes(1),
  };
  return { ctx, sent };
}

describe('plan, by starting state', () => {
  it('fresh account: every resource, in a safe order', () => {
    const p = plan(fresh(), { userName: 'alice', accountAlias: 'acme-production' }, env());
    expect(calls(p)).toEqual(
      [
        'iam:AddUserToGroup',
        'iam:AttachGroupPolicy',
        'iam:AttachGroupPolicy',
        'iam:CreateAccountAlias',
        'iam:CreateGroup',
        'iam:CreateLoginProfile',
        'iam:CreatePolicy',
        'iam:CreateUser',
        'iam:UpdateAccountPasswordPolicy',
      ].sort(),
    );
    expect(p.existing).toEqual([]);
    const phase = (id: string) => p.actions.find((a) => a.id === id)!.phase;
    // the MFA guard is on the group before the group grants admin, and before the user joins
    expect(phase(`attach-group-policy:Administrators:${MFA_ARN}`)).toBeLessThan(phase(`attach-group-policy:Administrators:${ADMINISTRATOR_ACCESS_ARN}`));
    expect(phase(`attach-group-policy:Administrators:${MFA_ARN}`)).toBeLessThan(phase('add-user-to-group:Administrators:alice'));
    expect(phase('create-login-profile:alice')).toBeGreaterThan(phase('add-user-to-group:Administrators:alice'));
    expect(phase('create-account-alias:acme-production')).toBe(PHASE.alias);
    expect(Math.max(...p.actions.map((a) => a.phase))).toBe(PHASE.alias);
    // what each one waits for when applied: what it builds on, the same order
    const waitsFor = (id: string) =>
      prerequisites(p.actions.find((a) => a.id === id)!, p.actions)
        .map((a) => a.id)
        .sort();
    const guard = `attach-group-policy:Administrators:${MFA_ARN}`;
    const grant = `attach-group-policy:Administrators:${ADMINISTRATOR_ACCESS_ARN}`;
    expect(waitsFor(guard)).toEqual(['create-group:Administrators', 'create-policy:RequireMFA']);
    expect(waitsFor(grant)).toEqual(['create-group:Administrators', guard].sort());
    expect(waitsFor('add-user-to-group:Administrators:alice')).toEqual(['create-group:Administrators', 'create-user:alice', guard].sort());
    expect(waitsFor('create-login-profile:alice')).toEqual(expect.arrayContaining(['add-user-to-group:Administrators:alice', grant, 'update-password-policy']));
    // the alias, beside the password: once the user is set up, and nothing waits for it
    expect(waitsFor('create-account-alias:acme-production')).toEqual(expect.arrayContaining(['add-user-to-group:Administrators:alice', grant, 'create-user:alice']));
    expect(waitsFor('create-account-alias:acme-production')).not.toContain('create-login-profile:alice');
    expect(p.actions.filter((a) => prerequisites(a, p.actions).some((b) => b.call === 'iam:CreateAccountAlias'))).toEqual([]);
    expect(p.temporaryPassword).not.toBeNull();
    expect(meetsPolicy(p.temporaryPassword!, BASELINE_PASSWORD_POLICY)).toBe(true);
    expect(p.alias).toBe('acme-production');
    expect(p.actions.some((a) => /AccessKey/.test(a.call))).toBe(false);
  });

  it('finished account: nothing to do, everything reported as in place', () => {
    const p = plan(finished(), { userName: 'alice', accountAlias: 'acme-production' }, env());
    expect(p.actions).toEqual([]);
    expect(p.temporaryPassword).toBeNull();
    expect(p.existing.map((e) => e.summary)).toEqual([
      'IAM user alice',
      'alice is in group Administrators',
      'Console password for alice (left unchanged)',
      'Group Administrators',
      'RequireMFA attached to Administrators',
      'AdministratorAccess attached to Administrators',
      'Policy RequireMFA',
      'Password policy at least as strong as the baseline',
      'Account alias acme-production',
    ]);
    expect(p.notes).toEqual([]);
  });

  it('existing user without group or password: only what is missing', () => {
    const s = fresh();
    s.user = { ...finished().user, groups: [], loginProfile: null };
    const p = plan(s, { userName: 'alice' }, env());
    expect(calls(p)).not.toContain('iam:CreateUser');
    expect(calls(p)).toContain('iam:AddUserToGroup');
    expect(calls(p)).toContain('iam:CreateLoginProfile');
    expect(calls(p)).not.toContain('iam:CreateAccountAlias');
    expect(p.existing.map((e) => e.summary)).toContain('IAM user alice');
  });

  it('an existing user with an active access key: joining Administrators gives the key admin rights, and the plan says so', () => {
    const s = fresh();
    const key = (id: string, status: 'Active' | 'Inactive') => ({ id, userName: 'alice', status, createdAt: NOW });
    s.user = { ...finished().user, groups: [], accessKeys: [key('AKIAOLDKEY1', 'Active'), key('AKIAOLDKEY2', 'Inactive')] };
    const p = plan(s, { userName: 'alice' }, env());
    expect(calls(p)).toContain('iam:AddUserToGroup');
    expect(p.notes.join(' ')).toContain('alice already exists with an active access key (AKIAOLDKEY1): once in Administrators, whoever holds it gets the group\'s rights.');
    // already in the group: nothing is granted now, nothing to say
    const member = fresh();
    member.user = { ...finished().user, accessKeys: [key('AKIAOLDKEY1', 'Active')] };
    expect(plan(member, { userName: 'alice' }, env()).notes.join(' ')).not.toContain('access key');
  });

  it('existing user with a password: the password is left alone and none is generated', () => {
    const s = fresh();
    s.user = { ...finished().user, groups: [] };
    const p = plan(s, { userName: 'alice' }, env());
    expect(calls(p)).not.toContain('iam:CreateLoginProfile');
    expect(p.temporaryPassword).toBeNull();
  });

  it('existing group with AdministratorAccess only: RequireMFA created and attached, group kept', () => {
    const s = fresh();
    s.group = { name: 'Administrators', exists: true, members: ['bob'], attachedArns: [ADMINISTRATOR_ACCESS_ARN] };
    const p = plan(s, { userName: 'alice' }, env());
    expect(calls(p)).not.toContain('iam:CreateGroup');
    expect(p.actions.filter((a) => a.call === 'iam:AttachGroupPolicy').map((a) => a.id)).toEqual([`attach-group-policy:Administrators:${MFA_ARN}`]);
    expect(calls(p)).toContain('iam:CreatePolicy');
  });

  it('user with policies attached directly: reported, never changed, nothing attached to the user', () => {
    const s = fresh();
    s.user = { ...finished().user, groups: [], directPolicies: [{ name: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS_ARN }] };
    const p = plan(s, { userName: 'alice' }, env());
    expect(p.notes.join(' ')).toMatch(/alice has policies attached directly \(AdministratorAccess\)/);
    expect(p.actions.some((a) => /UserPolicy/.test(a.call))).toBe(false);
  });

  it('stronger password policy: kept, only missing classes added', () => {
    const s = finished();
    s.passwordPolicy = { ...BASELINE_PASSWORD_POLICY, minimumPasswordLength: 32, requireSymbols: false, maxPasswordAge: 90, hardExpiry: true };
    const p = plan(s, { userName: 'alice' }, env());
    expect(calls(p)).toEqual(['iam:UpdateAccountPasswordPolicy']);
    expect(p.notes.join(' ')).toMatch(/minimum length 32.*expiry after 90 days.*hard expiry/);
  });

  it('a password policy at least as strong in every field: nothing to do', () => {
    const s = finished();
    s.passwordPolicy = { ...BASELINE_PASSWORD_POLICY, minimumPasswordLength: 20, maxPasswordAge: 90 };
    const p = plan(s, { userName: 'alice' }, env());
    expect(p.actions).toEqual([]);
  });

  it('a new password meets a stricter existing policy', () => {
    const s = fresh();
    s.passwordPolicy = { ...BASELINE_PASSWORD_POLICY, minimumPasswordLength: 40 };
    const p = plan(s, { userName: 'alice' }, env());
    expect(p.temporaryPassword!.length).toBeGreaterThanOrEqual(40);
  });

  it('existing alias: kept, a different wanted alias is a note, not a change', () => {
    const s = fresh();
    s.aliases = ['acme'];
    const p = plan(s, { userName: 'alice', accountAlias: 'acme-production' }, env());
    expect(calls(p)).not.toContain('iam:CreateAccountAlias');
    expect(p.notes.join(' ')).toMatch(/already has the alias acme; kept/);
    expect(p.alias).toBe('acme');
  });

  it('RequireMFA edited by someone: reported, not overwritten', () => {
    const s = finished();
    s.requireMfaPolicy = { ...s.requireMfaPolicy!, document: { Version: '2012-10-17', Statement: [] } };
    const p = plan(s, { userName: 'alice' }, env());
    expect(p.actions).toEqual([]);
    expect(p.notes.join(' ')).toMatch(/RequireMFA differs/);
  });
});

describe('mergePasswordPolicy', () => {
  const weak: PasswordPolicy = {
    minimumPasswordLength: 8,
    requireSymbols: false,
    requireNumbers: true,
    requireUppercaseCharacters: false,
    requireLowercaseCharacters: true,
    allowUsersToChangePassword: false,
    passwordReusePrevention: 3,
  };
  it('raises every weaker field to the baseline', () => {
    expect(mergePasswordPolicy(weak).policy).toEqual(BASELINE_PASSWORD_POLICY);
  });
  it('never lowers a field, whatever the current policy (every combination)', () => {
    for (let bits = 0; bits < 64; bits++) {
      const cur: PasswordPolicy = {
        minimumPasswordLength: bits & 1 ? 30 : 6,
        requireSymbols: Boolean(bits & 2),
        requireNumbers: Boolean(bits & 4),
        requireUppercaseCharacters: Boolean(bits & 8),
        requireLowercaseCharacters: Boolean(bits & 16),
        allowUsersToChangePassword: true,
        ...(bits & 32 ? { maxPasswordAge: 60, hardExpiry: true } : {}),
      };
      const m = mergePasswordPolicy(cur).policy;
      expect(m.minimumPasswordLength).toBeGreaterThanOrEqual(Math.max(14, cur.minimumPasswordLength));
      expect(m.requireSymbols && m.requireNumbers && m.requireUppercaseCharacters && m.requireLowercaseCharacters).toBe(true);
      expect(m.passwordReusePrevention).toBe(24);
      expect(m.maxPasswordAge).toBe(cur.maxPasswordAge);
      expect(Boolean(m.hardExpiry)).toBe(Boolean(cur.hardExpiry));
    }
  });
});

describe('what the tool sends', () => {
  it('CreateLoginProfile: a policy-compliant password and PasswordResetRequired true (moto enforces neither)', async () => {
    const { ctx, sent } = recordingContext();
    const p = plan(fresh(), { userName: 'alice', accountAlias: 'acme-production' }, env());
    const result = await apply(p, ctx);
    expect(result.ok).toBe(true);
    const login = sent.filter((s) => s.method === 'createLoginProfile');
    expect(login).toHaveLength(1);
    const [user, password, reset] = login[0]!.args as [string, string, boolean];
    expect(user).toBe('alice');
    expect(reset).toBe(true);
    expect(password).toBe(p.temporaryPassword);
    expect(meetsPolicy(password, BASELINE_PASSWORD_POLICY)).toBe(true);
    expect(passwordWasSet(p, result)).toBe(true);
  });

  it('tags the user and the policy with who and when; the policy document is the reviewed one', async () => {
    const { ctx, sent } = recordingContext();
    await apply(plan(fresh(), { userName: 'alice' }, env()), ctx);
    const tags = { 'mvsp-setup:created-by': CALLER, 'mvsp-setup:created-at': '2026-11-24T12:00:00.000Z' };
    expect(sent.find((s) => s.method === 'createUser')!.args).toEqual(['alice', tags]);
    const policy = sent.find((s) => s.method === 'createPolicy')!.args[0] as { name: string; document: unknown; tags: unknown };
    expect(policy.name).toBe('RequireMFA');
    expect(policy.document).toEqual(REQUIRE_MFA_POLICY_DOCUMENT);
    expect(policy.tags).toEqual(tags);
    expect(sent.find((s) => s.method === 'updatePasswordPolicy')!.args).toEqual([BASELINE_PASSWORD_POLICY]);
  });

  it('a stricter existing policy is sent back whole, never weakened', async () => {
    const { ctx, sent } = recordingContext();
    const s = finished();
    s.passwordPolicy = { ...BASELINE_PASSWORD_POLICY, minimumPasswordLength: 32, requireSymbols: false, maxPasswordAge: 90 };
    await apply(plan(s, { userName: 'alice' }, env()), ctx);
    expect(sent.find((x) => x.method === 'updatePasswordPolicy')!.args).toEqual([{ ...BASELINE_PASSWORD_POLICY, minimumPasswordLength: 32, maxPasswordAge: 90 }]);
  });

  it('a taken alias fails last: everything else is done, the URL falls back to the account id', async () => {
    const { ctx } = recordingContext();
    ctx.aws.iam.createAccountAlias = async () => {
      throw new AwsError({ kind: 'AlreadyExists', action: 'iam:CreateAccountAlias', code: 'EntityAlreadyExists' });
    };
    const p = plan(fresh(), { userName: 'alice', accountAlias: 'acme' }, env());
    const result = await apply(p, ctx);
    expect(result.ok).toBe(false);
    expect(result.done).toHaveLength(p.actions.length - 1);
    expect(result.notDone).toEqual([]);
    expect(aliasTaken(result)).toBe('acme');
    expect(passwordWasSet(p, result)).toBe(true);
    expect(resultSignInUrl(p, result)).toBe(`https://${ACCOUNT}.signin.aws.amazon.com/console`);
  });

  it('an earlier failure leaves later phases not done (a re-run finishes them)', async () => {
    const { ctx } = recordingContext();
    ctx.aws.iam.attachGroupPolicy = async () => {
      throw new AwsError({ kind: 'AccessDenied', action: 'iam:AttachGroupPolicy' });
    };
    const p = plan(fresh(), { userName: 'alice' }, env());
    const result = await apply(p, ctx);
    expect(result.done.map((a) => a.call).sort()).toEqual(['iam:CreateGroup', 'iam:CreatePolicy', 'iam:CreateUser', 'iam:UpdateAccountPasswordPolicy']);
    expect(result.notDone.map((a) => a.call).sort()).toEqual(['iam:AddUserToGroup', 'iam:AttachGroupPolicy', 'iam:CreateLoginProfile']);
    expect(passwordWasSet(p, result)).toBe(false);
  });
});

describe('validation and messages', () => {
  it("user names follow IAM's rule", () => {
    expect(validateUserName('alice')).toBeNull();
    expect(validateUserName('a.b+c=d,e@f_g-h')).toBeNull();
    expect(validateUserName('x'.repeat(64))).toBeNull();
    expect(validateUserName('')).toMatch(/Enter/);
    expect(validateUserName('alice smith')).toMatch(/A space is not allowed/);
    expect(validateUserName('alice!')).toMatch(/"!" is not allowed/);
    expect(validateUserName('x'.repeat(65))).toMatch(/At most 64/);
  });
  it("aliases follow IAM's rule", () => {
    expect(validateAlias('acme-production')).toBeNull();
    expect(validateAlias('abc')).toBeNull();
    expect(validateAlias('ab')).toMatch(/At least 3/);
    expect(validateAlias('Acme')).toMatch(/Lowercase only: try "acme"/);
    expect(validateAlias('acme_prod')).toMatch(/Only lowercase/);
    expect(validateAlias('-acme')).toMatch(/hyphen/);
    expect(validateAlias('acme--prod')).toMatch(/two hyphens/);
    expect(validateAlias('a'.repeat(64))).toMatch(/At most 63/);
    expect(validateAlias('123456789012')).toMatch(/account id/);
  });
  it('suggests valid alternatives for a taken alias', () => {
    const s = suggestAliases('acme', ACCOUNT);
    expect(s).toEqual(['acme-aws', 'acme-prod', 'acme-9012', 'aws-acme']);
    expect(suggestAliases('a'.repeat(63), ACCOUNT).every((a) => validateAlias(a) === null)).toBe(true);
  });
  it('access denied names the action and the policy that grants it', () => {
    const line = accessDeniedLine(new AwsError({ kind: 'AccessDenied', action: 'iam:CreateUser' }));
    expect(line).toMatch(/Access denied: iam:CreateUser/);
    expect(line).toMatch(/IAMFullAccess/);
  });
});
