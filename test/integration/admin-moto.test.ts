// The admin step end to end against moto through the real SDK gateway; the end state is
// read back with the SDK directly. Moto accepts any password and always reports
// PasswordResetRequired false: what the tool sends for the login profile is asserted in
// test/unit/admin-user.test.ts, not here.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  GetAccountPasswordPolicyCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { loadSteps } from '../../src/steps/registry.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { createSession } from '../../src/session.js';
import type { Answers } from '../../src/answers.js';
import type { Flags } from '../../src/args.js';
import { BASELINE_PASSWORD_POLICY } from '../../src/steps/admin-user.js';
import { REQUIRE_MFA_POLICY_DOCUMENT } from '../../src/steps/require-mfa-policy.js';
import { generatePassword, meetsPolicy } from '../../src/steps/password.js';
import { MOTO_ACCOUNT_ID, resetAuth, useMoto } from '../helpers/moto.js';
import { seededBytes } from '../helpers/random.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const SEED = 5;
const CALLER = `arn:aws:sts::${MOTO_ACCOUNT_ID}:user/moto`;
const MFA_ARN = `arn:aws:iam::${MOTO_ACCOUNT_ID}:policy/RequireMFA`;
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const iam = () => new IAMClient({ region: 'us-east-1' });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-admin-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(answers: Answers, flags: Flags = {}) {
  const lines: string[] = [];
  const session = createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW, randomBytes: seededBytes(SEED) });
  const io = ciIO((t) => lines.push(...t.replace(/\n$/, '').split('\n')), { ci: true, yes: true, ...flags });
  const code = await runSetupLines(session, await loadSteps(['admin']), answers, io);
  return { code, lines, out: lines.join('\n') };
}

const ALICE: Answers = { admin: { userName: 'alice', accountAlias: 'acme-production' } };

async function readBack() {
  const c = iam();
  const [users, groups, local, alias, pwPolicy] = await Promise.all([
    c.send(new ListUsersCommand({})),
    c.send(new ListGroupsCommand({})),
    c.send(new ListPoliciesCommand({ Scope: 'Local' })),
    c.send(new ListAccountAliasesCommand({})),
    c.send(new GetAccountPasswordPolicyCommand({})),
  ]);
  return { users, groups, local, alias, pwPolicy: pwPolicy.PasswordPolicy! };
}

describe('admin step on moto', () => {
  it('a fresh account ends with exactly the resources of the plan', async () => {
    const { code, out } = await run(ALICE);
    expect(code).toBe(0);
    const c = iam();
    const { users, groups, local, alias, pwPolicy } = await readBack();

    expect(users.Users?.map((u) => u.UserName)).toEqual(['alice']);
    const tags = await c.send(new ListUserTagsCommand({ UserName: 'alice' }));
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'mvsp-setup:created-by', Value: CALLER },
        { Key: 'mvsp-setup:created-at', Value: NOW.toISOString() },
      ]),
    );
    expect(tags.Tags).toHaveLength(2);

    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['Administrators']);
    const group = await c.send(new GetGroupCommand({ GroupName: 'Administrators' }));
    expect(group.Users?.map((u) => u.UserName)).toEqual(['alice']);
    const attached = await c.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Administrators' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn).sort()).toEqual([ADMIN_ARN, MFA_ARN].sort());
    // permissions through the group only
    expect((await c.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }))).AttachedPolicies).toEqual([]);
    expect((await c.send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata).toEqual([]);

    expect(local.Policies?.map((p) => p.PolicyName)).toEqual(['RequireMFA']);
    const policy = await c.send(new GetPolicyCommand({ PolicyArn: MFA_ARN }));
    const version = await c.send(new GetPolicyVersionCommand({ PolicyArn: MFA_ARN, VersionId: policy.Policy!.DefaultVersionId! }));
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!))).toEqual(REQUIRE_MFA_POLICY_DOCUMENT);
    const policyTags = await c.send(new ListPolicyTagsCommand({ PolicyArn: MFA_ARN }));
    expect(policyTags.Tags).toEqual(expect.arrayContaining([{ Key: 'mvsp-setup:created-by', Value: CALLER }]));

    expect(await c.send(new GetLoginProfileCommand({ UserName: 'alice' }))).toHaveProperty('LoginProfile.UserName', 'alice');

    expect(pwPolicy).toMatchObject({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: 24,
    });
    expect(alias.AccountAliases).toEqual(['acme-production']);

    // the password is printed once, and it is the one the plan generated (seeded)
    const password = generatePassword(seededBytes(SEED), BASELINE_PASSWORD_POLICY);
    expect(meetsPolicy(password, BASELINE_PASSWORD_POLICY)).toBe(true);
    expect(out.split(password).length - 1).toBe(1);
    expect(out).toContain('https://acme-production.signin.aws.amazon.com/console');
  });

  it('a second run plans nothing, prints no password and exits 0', async () => {
    expect((await run(ALICE)).code).toBe(0);
    const before = await readBack();
    const second = await run(ALICE);
    expect(second.code).toBe(0);
    // already in place: what exists is listed, nothing planned, no password made
    expect(second.out).toContain('admin: done — IAM admin alice in Administrators: already in place');
    expect(second.out).not.toContain('admin: plan');
    expect(second.out).not.toMatch(/temporary password for/i);
    const after = await readBack();
    expect(after.users.Users?.length).toBe(before.users.Users?.length);
    expect(after.local.Policies?.map((p) => p.PolicyName)).toEqual(['RequireMFA']);
  });

  it('converges on an account with the user, the group and a stricter password policy, weakening nothing', async () => {
    const c = iam();
    await c.send(new CreateUserCommand({ UserName: 'alice' }));
    await c.send(new CreateGroupCommand({ GroupName: 'Administrators' }));
    await c.send(new CreateUserCommand({ UserName: 'bob' }));
    await c.send(new AddUserToGroupCommand({ GroupName: 'Administrators', UserName: 'bob' }));
    await c.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 30,
        RequireSymbols: false,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 24,
      }),
    );

    const { code, out } = await run({ admin: { userName: 'alice' } });
    expect(code).toBe(0);
    expect(out).toContain('IAM user alice (already in place)');
    expect(out).toContain('Group Administrators (already in place)');
    expect(out).toContain('Stronger settings of the existing password policy kept: minimum length 30, expiry after 90 days');

    const { users, groups, pwPolicy } = await readBack();
    expect(users.Users?.map((u) => u.UserName).sort()).toEqual(['alice', 'bob']);
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['Administrators']);
    const group = await c.send(new GetGroupCommand({ GroupName: 'Administrators' }));
    expect(group.Users?.map((u) => u.UserName).sort()).toEqual(['alice', 'bob']);
    expect(pwPolicy).toMatchObject({ MinimumPasswordLength: 30, RequireSymbols: true, MaxPasswordAge: 90, PasswordReusePrevention: 24 });
    // a user the tool did not create is not tagged as created by it
    expect((await c.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags).toEqual([]);
    // the password generated for the stricter policy is long enough for it
    const line = out.split('\n').find((l) => /temporary password for alice/i.test(l))!;
    expect(line.split(': ').pop()!.length).toBeGreaterThanOrEqual(30);

    expect((await run({ admin: { userName: 'alice' } })).out).toContain('nothing to do');
  });

  it('--password-file: the password goes to a new 0600 file, not to the output', async () => {
    const file = join(dir, 'alice-password.txt');
    const { code, out } = await run(ALICE, { 'password-file': file });
    expect(code).toBe(0);
    const password = generatePassword(seededBytes(SEED), BASELINE_PASSWORD_POLICY);
    expect(await readFile(file, 'utf8')).toBe(`${password}\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(out).not.toContain(password);
    expect(out).toContain(`written to ${file} (mode 0600)`);
  });

  it('a missing or invalid user name is a usage error naming the flag and the answers key', async () => {
    await expect(run({})).rejects.toThrow(/--admin-user NAME or "admin.userName" in --answers/);
    await expect(run({ admin: { userName: 'alice smith' } })).rejects.toThrow(/--admin-user NAME \/ "admin.userName" "alice smith": A space is not allowed/);
  });

  it('access denied under IAM enforcement names the action and the policy that grants it; exit 2', async () => {
    const c = iam();
    // three unchecked set-up calls, then every call is checked against limited's policy
    await resetAuth(3);
    await c.send(new CreateUserCommand({ UserName: 'limited' }));
    await c.send(
      new PutUserPolicyCommand({
        UserName: 'limited',
        PolicyName: 'read-only-iam',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 'sts:GetCallerIdentity'], Resource: '*' }],
        }),
      }),
    );
    const key = await c.send(new CreateAccessKeyCommand({ UserName: 'limited' }));
    process.env.AWS_ACCESS_KEY_ID = key.AccessKey!.AccessKeyId!;
    process.env.AWS_SECRET_ACCESS_KEY = key.AccessKey!.SecretAccessKey!;

    const { code, out } = await run(ALICE);
    expect(code).toBe(2);
    // the first denied call in plan order
    expect(out).toContain("admin: failed — no change made (of 9)");
    expect(out).toContain('access denied: iam:CreateUser, which the AWS managed policy IAMFullAccess (or AdministratorAccess) grants');
    // the fix said once
    expect(out.split('What to do: Grant iam:CreateUser to the caller').length - 1).toBe(1);
    // nothing was done, and the output says what was not
    expect(out).toMatch(/not done: .*Add alice to group Administrators/);
    expect(out).not.toMatch(/  ✔ /);
    expect(out).not.toMatch(/temporary password for/i);
  });

  it('a partial failure says what was done and what was not; a re-run finishes it', async () => {
    const c = iam();
    await resetAuth(3);
    await c.send(new CreateUserCommand({ UserName: 'operator' }));
    await c.send(
      new PutUserPolicyCommand({
        UserName: 'operator',
        PolicyName: 'all-but-login-profiles',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', Action: 'iam:CreateLoginProfile', Resource: '*' },
          ],
        }),
      }),
    );
    const key = await c.send(new CreateAccessKeyCommand({ UserName: 'operator' }));
    process.env.AWS_ACCESS_KEY_ID = key.AccessKey!.AccessKeyId!;
    process.env.AWS_SECRET_ACCESS_KEY = key.AccessKey!.SecretAccessKey!;

    const first = await run(ALICE);
    expect(first.code).toBe(2);
    expect(first.out).toContain('✔ Add alice to group Administrators');
    expect(first.out).toContain('✖ Console password for alice (reset at first sign-in): Access denied: iam:CreateLoginProfile');
    // the alias waits for the user's set-up, not for the password
    expect(first.out).toContain('admin: failed — 8 of 9 changes made; not done: Console password for alice (reset at first sign-in)');
    expect(first.out).toContain('stopped after a failure; re-run to finish');
    expect(first.out).not.toMatch(/temporary password for/i);

    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    await resetAuth(Infinity);
    const second = await run(ALICE);
    expect(second.code).toBe(0);
    expect(second.lines.filter((l) => l.startsWith('  + '))).toEqual(['  + Console password for alice (reset at first sign-in)  [iam:CreateLoginProfile]']);
    expect(second.out).toMatch(/temporary password for alice/i);
    expect((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['acme-production']);
  });
});
