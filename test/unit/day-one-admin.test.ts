// The 'admin' flow, scripted, against the real SDK gateway on moto; the end state is read
// back with the SDK directly and the local record from disk. A taken alias needs other
// accounts holding aliases, which moto (one account) cannot have: that case runs on the
// --demo sandbox, which implements the same gateway port.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateUserCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers.js';
import { UsageError, type Flags } from '../../src/args.js';
import type { Gateway } from '../../src/aws/port.js';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { createSession } from '../../src/session.js';
import { BASELINE_PASSWORD_POLICY, recordAdminUser, recordPasswordPending } from '../../src/steps/admin-user.js';
import { definition } from '../../src/steps/day-one/admin.js';
import type { WizardShared } from '../../src/steps/flow.js';
import { readRecord } from '../../src/steps/local-record.js';
import { generatePassword } from '../../src/steps/password.js';
import { MUTATING, recordingGateway } from '../helpers/day-one.js';
import { MOTO_ACCOUNT_ID, resetAuth, useMoto } from '../helpers/moto.js';
import { seededBytes } from '../helpers/random.js';
import { scriptedIO, type Script } from '../helpers/scripted-io.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const SEED = 7;
const iam = () => new IAMClient({ region: 'us-east-1' });
const ALICE: Answers = { admin: { userName: 'alice', accountAlias: 'acme-production' } };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-admin-flow-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(answers: Answers, script: Script = {}, gw: Gateway = createSdkGateway({})) {
  const { gateway, rec } = recordingGateway(gw);
  const session = createSession({ demo: false, gateway, dataDir: dir, now: () => NOW, randomBytes: seededBytes(SEED) });
  const [ctx, preflight] = await Promise.all([session.context(), session.preflight()]);
  const shared: WizardShared = { accountAlias: preflight.alias };
  const s = scriptedIO(script);
  const before = rec.calls.length;
  // as the run loop does: the read starts before the first question, once
  const inspected = definition.inspect!(ctx, { answers, preflight, shared });
  inspected.catch(() => {});
  const outcome = await definition.run({ ctx, answers, shared, preflight, inspect: () => inspected, reinspect: () => inspected }, s.io);
  const calls = rec.calls.slice(before);
  return { outcome, ...s, calls, out: s.transcript.join('\n') };
}

const record = () => readRecord(MOTO_ACCOUNT_ID, { dataDir: dir });
const password = () => generatePassword(seededBytes(SEED), BASELINE_PASSWORD_POLICY);

describe('admin flow', () => {
  it('a fresh account: the admin is made, the password shown once and taken off, the user remembered; a second run asks nothing', async () => {
    const first = await run(ALICE, { confirms: [true, false, true] });
    expect(first.asked).toEqual([]);
    expect(first.outcome.status).toBe('done');
    expect(first.outcome.summary).toEqual([
      'IAM admin alice in Administrators (MFA required before anything else)',
      'sign-in URL: https://acme-production.signin.aws.amazon.com/console',
    ]);
    expect(first.outcome.todo).toEqual(['alice: sign in at https://acme-production.signin.aws.amazon.com/console and change the temporary password']);
    expect(first.outcome.shared).toEqual({ adminUser: 'alice', accountAlias: 'acme-production' });
    // the secret went through showSecret only, and is off the screen once the person saved it
    expect(first.transcript.filter((l) => l.includes(password()))).toEqual([
      `[secret] Temporary password for alice (shown once, must be changed at first sign-in):\n  ${password()}`,
    ]);
    const saved = 'Saved the temporary password? It is not shown again once you go on';
    expect(first.confirmed).toEqual(['Apply this plan (9 changes)?', saved, saved]);
    expect(first.transcript).toContain('[warn] Copy it now: it is still shown above.');
    expect(first.secretsShown()).toBe(0);

    const c = iam();
    expect((await c.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual(['alice']);
    expect((await c.send(new GetGroupCommand({ GroupName: 'Administrators' }))).Users?.map((u) => u.UserName)).toEqual(['alice']);
    expect(await c.send(new GetLoginProfileCommand({ UserName: 'alice' }))).toHaveProperty('LoginProfile.UserName', 'alice');
    expect((await c.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['acme-production']);
    const r = await record();
    expect(r.adminUser).toBe('alice');
    expect(r.passwordHandOverPending).toEqual([]);
    // no read after a write AWS accepted, and no read twice (the alias came from preflight)
    const reads = first.calls.filter((x) => !MUTATING.test(x.split('.')[1]!));
    expect(reads.filter((x, i) => reads.indexOf(x) !== i)).toEqual([]);
    expect(reads).not.toContain('iam.listAccountAliases');

    // the wizard after that run, with no answers: the record names alice; nothing is asked
    const second = await run({});
    expect(second.asked).toEqual([]);
    expect(second.confirmed).toEqual([]);
    expect(second.outcome).toEqual({
      status: 'done',
      summary: ['IAM admin alice in Administrators: already in place'],
      todo: [],
      shared: { adminUser: 'alice', accountAlias: 'acme-production' },
    });
    expect(second.calls.filter((x) => MUTATING.test(x.split('.')[1]!))).toEqual([]);
    expect(second.transcript).toContain('https://acme-production.signin.aws.amazon.com/console');
  });

  it('a RequireMFA policy that was emptied: left as it is, and nothing says MFA is required before anything else', async () => {
    const gw = createSdkGateway({});
    // the name this tool uses, but a document with no Deny: members act without MFA
    await gw.iam.createPolicy({
      name: 'RequireMFA',
      description: 'edited',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] },
      tags: {},
    });
    const r = await run(ALICE, { confirms: [true, true] }, gw);
    expect(r.outcome.status).toBe('done');
    expect(r.outcome.summary[0]).toBe('IAM admin alice in Administrators (MFA not known to be required: RequireMFA differs)');
    expect(r.outcome.todo).toContainEqual(expect.stringMatching(/^Review policy RequireMFA \(IAM → Policies\)/));
    expect(r.out).toContain('differs from the expected document; left as it is, so MFA may not be required before anything else');
    expect(r.out).not.toMatch(/until then it can do nothing else|MFA required before anything else/);
  });

  it('asks the name (offering the one made last time) and the alias only when the account has none', async () => {
    const first = await run({}, { answers: { 'admin.userName': 'bob', 'admin.accountAlias': '' }, confirms: [true, true] });
    expect(first.asked.map((q) => q.key)).toEqual(['admin.userName', 'admin.accountAlias']);
    expect(first.asked[0]!.initial).toBeUndefined();
    expect(first.outcome.summary).toContain(`sign-in URL: https://${MOTO_ACCOUNT_ID}.signin.aws.amazon.com/console`);
    expect((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);

    // bob is complete: the next run without answers asks nothing
    const again = await run({});
    expect(again.asked).toEqual([]);
    expect(again.outcome.summary).toEqual(['IAM admin bob in Administrators: already in place']);

    // the record names a user that is not there (deleted since): offered, and no alias asked once there is one
    await recordAdminUser(MOTO_ACCOUNT_ID, 'dave', { dataDir: dir });
    await iam().send(new CreateAccountAliasCommand({ AccountAlias: 'acme-ops' }));
    const third = await run({}, { answers: { 'admin.userName': 'carol' }, confirms: [true, true] });
    expect(third.asked.map((q) => [q.key, q.initial])).toEqual([['admin.userName', 'dave']]);
    expect(third.outcome.summary).toContain('sign-in URL: https://acme-ops.signin.aws.amazon.com/console');
    expect((await record()).adminUser).toBe('carol');
  });

  it('--ci: a missing or bad answer is a usage error naming the flag and key, before any AWS call', async () => {
    for (const [answers, message] of [
      [{}, /"admin.userName" in --answers/],
      [{ admin: { userName: 'alice smith' } }, /--admin-user NAME \/ "admin.userName" "alice smith": A space is not allowed/],
      [{ admin: { userName: 'alice', accountAlias: 'Acme' } }, /--alias ALIAS \/ "admin.accountAlias" "Acme": Lowercase only/],
    ] as [Answers, RegExp][]) {
      const e = await run(answers, { ci: true, yes: true }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UsageError);
      expect((e as Error).message).toMatch(message);
    }
    expect((await iam().send(new ListUsersCommand({}))).Users).toEqual([]);
  });

  it('--password-file: the password goes to a new 0600 file and never to the screen', async () => {
    const file = join(dir, 'alice.txt');
    const r = await run(ALICE, { ci: true, yes: true, flags: { ci: true, yes: true, 'password-file': file } as Flags });
    expect(r.outcome.status).toBe('done');
    expect(await readFile(file, 'utf8')).toBe(`${password()}\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(r.out).not.toContain(password());
    expect(r.out).toContain(`Temporary password for alice written to ${file} (mode 0600)`);
  });

  it('--password-file in a folder that does not exist fails before anything changes', async () => {
    const e = await run(ALICE, { ci: true, yes: true, flags: { ci: true, yes: true, 'password-file': join(dir, 'nope', 'pw.txt') } as Flags }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect((await iam().send(new ListUsersCommand({}))).Users).toEqual([]);
  });

  it('a password set by a run that stopped before handing it over is replaced, and shown', async () => {
    await run(ALICE, { ci: true, yes: true });
    // as if that run had died between CreateLoginProfile and showing the password
    await recordPasswordPending(MOTO_ACCOUNT_ID, 'alice', true, { dataDir: dir });
    const r = await run(ALICE, { ci: true, yes: true });
    expect(r.transcript).toContain('+ New console password for alice: the earlier one was never handed over nor used (reset at first sign-in) [iam:UpdateLoginProfile]');
    expect(r.transcript.some((l) => l.startsWith('[secret] Temporary password for alice'))).toBe(true);
    expect((await record()).passwordHandOverPending).toEqual([]);
  });

  it('a refused replacement of a lost password keeps it noted, so the next run replaces it', async () => {
    await run(ALICE, { ci: true, yes: true });
    await recordPasswordPending(MOTO_ACCOUNT_ID, 'alice', true, { dataDir: dir });
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
            { Effect: 'Deny', Action: 'iam:UpdateLoginProfile', Resource: '*' },
          ],
        }),
      }),
    );
    const key = await c.send(new CreateAccessKeyCommand({ UserName: 'operator' }));
    process.env.AWS_ACCESS_KEY_ID = key.AccessKey!.AccessKeyId!;
    process.env.AWS_SECRET_ACCESS_KEY = key.AccessKey!.SecretAccessKey!;
    const r = await run(ALICE, { ci: true, yes: true });
    expect(r.outcome).toMatchObject({ status: 'failed', accessDenied: true });
    expect(r.out).not.toContain('Temporary password');
    expect((await record()).passwordHandOverPending).toEqual(['alice']);
  });

  it('access denied: failed with accessDenied, one line of advice, no sign-in URL for a user never made', async () => {
    const c = iam();
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

    const r = await run(ALICE, { ci: true, yes: true });
    expect(r.outcome.status).toBe('failed');
    expect(r.outcome.accessDenied).toBe(true);
    expect(r.transcript.filter((l) => l.includes('What to do') || l.includes('Access denied: iam:') && !l.startsWith('✖'))).toHaveLength(1);
    expect(r.outcome.summary[1]).toBe('access denied: iam:CreateUser, which the AWS managed policy IAMFullAccess (or AdministratorAccess) grants');
    expect(r.outcome.todo).toEqual(['npx mvsp-setup --steps admin']);
    expect(r.out).not.toContain('signin.aws.amazon.com');
    expect(r.out).not.toContain('Temporary password');
    expect(r.outcome.shared).not.toHaveProperty('adminUser');
    expect((await record()).adminUser).toBeUndefined();
  });

  it('access denied while reading IAM: failed with accessDenied, the granting policy said once, nothing asked', async () => {
    const c = iam();
    await resetAuth(3);
    await c.send(new CreateUserCommand({ UserName: 'blind' }));
    await c.send(
      new PutUserPolicyCommand({
        UserName: 'blind',
        PolicyName: 'sts-only',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity'], Resource: '*' }] }),
      }),
    );
    const key = await c.send(new CreateAccessKeyCommand({ UserName: 'blind' }));
    process.env.AWS_ACCESS_KEY_ID = key.AccessKey!.AccessKeyId!;
    process.env.AWS_SECRET_ACCESS_KEY = key.AccessKey!.SecretAccessKey!;

    const r = await run(ALICE);
    expect(r.asked).toEqual([]);
    expect(r.confirmed).toEqual([]);
    expect(r.outcome).toMatchObject({ status: 'failed', accessDenied: true, todo: ['npx mvsp-setup --steps admin'] });
    expect(r.outcome.summary).toEqual([expect.stringMatching(/^access denied: iam:\w+, which the AWS managed policy IAMFullAccess \(or AdministratorAccess\) grants$/)]);
    expect(r.transcript.filter((l) => l.includes('IAMFullAccess'))).toHaveLength(1);
    expect(r.calls.filter((x) => MUTATING.test(x.split('.')[1]!))).toEqual([]);
  });

  it('a taken alias (sandbox): suggestions, another one asked, and the step finishes', async () => {
    const sandbox = createSandboxGateway({ latencyMs: 0, now: () => NOW, random: seededBytes(1) });
    const r = await run({ admin: { userName: 'alice', accountAlias: 'acme' } }, { answers: { 'admin.accountAlias': 'acme-aws' }, confirms: [true, true] }, sandbox);
    expect(r.out).toContain('The alias acme is taken (aliases are unique across AWS). Try: acme-aws, acme-prod');
    expect(r.asked.map((q) => [q.message, q.initial])).toEqual([['Another account alias (empty for none)', 'acme-aws']]);
    expect(r.outcome.status).toBe('done');
    expect(r.outcome.summary).toContain('sign-in URL: https://acme-aws.signin.aws.amazon.com/console');
    expect(await sandbox.iam.listAccountAliases()).toEqual(['acme-aws']);
  });

  it('a taken alias in --ci: failed, with the command that finishes it', async () => {
    const sandbox = createSandboxGateway({ latencyMs: 0, now: () => NOW, random: seededBytes(1) });
    const r = await run({ admin: { userName: 'alice', accountAlias: 'acme' } }, { ci: true, yes: true }, sandbox);
    expect(r.outcome.status).toBe('failed');
    expect(r.outcome.todo).toEqual(['npx mvsp-setup --steps admin --alias acme-aws', 'npx mvsp-setup mfa --user alice']);
    // the password exists in AWS: it was handed over even though the step failed
    expect(r.transcript.some((l) => l.startsWith('[secret] Temporary password for alice'))).toBe(true);
  });

  it('--ci end to end through the line presenter: exit 0, then a second run changes nothing', async () => {
    const go = async () => {
      const lines: string[] = [];
      const session = createSession({ demo: false, gateway: createSdkGateway({}), dataDir: dir, now: () => NOW, randomBytes: seededBytes(SEED) });
      const io = ciIO((t) => lines.push(...t.replace(/\n$/, '').split('\n')), { ci: true, yes: true });
      const code = await runSetupLines(session, [definition], ALICE, io);
      return { code, out: lines.join('\n') };
    };
    const first = await go();
    expect(first.code).toBe(0);
    expect(first.out.split(password()).length - 1).toBe(1);
    expect(first.out).toContain('  admin: done — IAM admin alice in Administrators (MFA required before anything else)');
    const second = await go();
    expect(second.code).toBe(0);
    expect(second.out).toContain('admin: done — IAM admin alice in Administrators: already in place');
    expect(second.out).not.toContain(password());
  });
});
