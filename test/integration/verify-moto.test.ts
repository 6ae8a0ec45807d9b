// `verify` against moto through the real SDK: fresh account, a user without MFA, a fully
// set-up account, least privilege under moto's IAM enforcement, and the built binary's --json.
import { CreateAccessKeyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { Ajv } from 'ajv';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/aws/port.js';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { preflight } from '../../src/steps/preflight.js';
import { emptyRecord, type LocalRecord } from '../../src/steps/local-record.js';
import { runVerify, type Check } from '../../src/steps/verify.js';
import { BIN } from '../helpers/pty.js';
import { MOTO_ACCOUNT_ID, resetAuth, useMoto } from '../helpers/moto.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const POLICY = JSON.parse(readFileSync(new URL('../../policies/verify.json', import.meta.url), 'utf8')) as {
  Statement: { Action: string[] }[];
};
const SCHEMA = JSON.parse(readFileSync(new URL('../verify-document.schema.json', import.meta.url), 'utf8')) as object;
const ROOT_PATTERN = '{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}';
const noWait = { sleep: async () => {} };

async function verify(gw: Gateway, record: LocalRecord | null = null): Promise<Record<string, Check>> {
  const pf = await preflight(gw, {});
  const { checks } = await runVerify({ aws: gw, caller: pf.caller, now: () => NOW }, { record }, noWait);
  return Object.fromEntries(checks.map((c) => [c.id, c]));
}

const status = (checks: Record<string, Check>) => Object.fromEntries(Object.entries(checks).map(([id, c]) => [id, c.status]));

async function alertRule(gw: Gateway) {
  await gw.events.putRule({ name: 'root-sign-in', eventPattern: ROOT_PATTERN, description: 'root sign-in', tags: {} });
  await gw.events.putTargets('root-sign-in', [{ id: 'email', arn: `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:root-sign-in` }]);
}

describe('verify on moto', () => {
  it('a fresh account fails root-mfa, password-policy and alternate-contacts; passes the user checks', async () => {
    const checks = await verify(createSdkGateway({}));
    expect(status(checks)).toMatchObject({
      'root-mfa': 'fail',
      'password-policy': 'fail',
      'alternate-contacts': 'fail',
      'users-mfa': 'pass',
      'admins-via-groups': 'pass',
      'stale-credentials': 'pass',
      'root-access-keys': 'pass',
      'root-login-alert': 'warn',
      'root-access-attested': 'unknown',
    });
    // moto has no root user: its credential report has no <root_account> row
    expect(checks['root-recent-use']).toMatchObject({ status: 'unknown', detail: expect.stringContaining('<root_account>') });
  });

  it('a console user without MFA fails users-mfa, named', async () => {
    const gw = createSdkGateway({});
    await gw.iam.createUser('bob', {});
    await gw.iam.createLoginProfile('bob', 'Correct-Horse-Battery-Staple-42', true);
    await gw.iam.createUser('ci-bot', {});
    const checks = await verify(gw);
    expect(checks['users-mfa']).toMatchObject({ status: 'fail', detail: 'Console password but no MFA: bob.' });
  });

  it('a fully set-up account passes every check moto can express', async () => {
    const gw = createSdkGateway({});
    await gw.iam.createUser('alice', {});
    await gw.iam.createGroup('Administrators');
    await gw.iam.attachGroupPolicy('Administrators', 'arn:aws:iam::aws:policy/AdministratorAccess');
    await gw.iam.addUserToGroup('Administrators', 'alice');
    await gw.iam.createLoginProfile('alice', 'Correct-Horse-Battery-Staple-42', true);
    const device = await gw.iam.createVirtualMfaDevice('alice', {});
    // moto accepts any two codes
    await gw.iam.enableMfaDevice('alice', device.serial, '123456', '654321');
    await gw.iam.updatePasswordPolicy({
      minimumPasswordLength: 14,
      requireSymbols: true,
      requireNumbers: true,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      allowUsersToChangePassword: true,
      passwordReusePrevention: 24,
    });
    for (const [type, email] of [['SECURITY', 'security@acme.com'], ['BILLING', 'billing@acme.com'], ['OPERATIONS', 'ops@acme.com']] as const) {
      await gw.account.putAlternateContact(type, { name: type, title: type, email, phone: '+14155550100' });
    }
    await gw.iam.createAccountAlias('acme-production');
    await alertRule(gw);
    const record: LocalRecord = {
      ...emptyRecord(MOTO_ACCOUNT_ID),
      rootHolders: ['Alice Doe', 'Bob Roe'],
      attestations: [{ at: '2026-11-20T09:00:00.000Z', rootSignIn: 'got-in', signedInBy: 'Alice Doe', holders: ['Alice Doe', 'Bob Roe'] }],
    };
    const checks = await verify(gw, record);
    expect(status(checks)).toEqual({
      'root-access-keys': 'pass',
      // moto: AccountMFAEnabled is always 0, so root MFA reads as missing
      'root-mfa': 'fail',
      'root-hardware-mfa': 'warn',
      'root-recent-use': 'unknown',
      'root-access-attested': 'pass',
      'alternate-contacts': 'pass',
      'password-policy': 'pass',
      'users-mfa': 'pass',
      'admins-via-groups': 'pass',
      'stale-credentials': 'pass',
      'root-login-alert': 'pass',
    });
  });

  it('an IAM user holding only policies/verify.json gets no AccessDenied, and the policy holds only actions verify calls', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const setup = createSdkGateway({});
    // five unchecked set-up calls, then moto checks every call against the user's policy
    await resetAuth(5);
    await setup.iam.createUser('auditor', {});
    await iam.send(new PutUserPolicyCommand({ UserName: 'auditor', PolicyName: 'mvsp-verify', PolicyDocument: JSON.stringify(POLICY) }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
    await alertRule(setup);
    process.env.AWS_ACCESS_KEY_ID = key.AccessKey?.AccessKeyId ?? '';
    process.env.AWS_SECRET_ACCESS_KEY = key.AccessKey?.SecretAccessKey ?? '';

    const called = new Set<string>();
    const checks = await verify(recording(createSdkGateway({}), called));
    for (const c of Object.values(checks)) expect(c.detail, c.id).not.toMatch(/access denied/i);
    expect(checks['root-login-alert']!.status).toBe('pass');
    const allowed = POLICY.Statement.flatMap((s) => s.Action).sort();
    expect([...called].sort()).toEqual(allowed);
  });

  // The control for the test above: enforcement really covers EventBridge and Account.
  it('without two of those actions, the checks that need them are unknown and name the action', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const lacking = { ...POLICY, Statement: POLICY.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== 'events:ListRules' && a !== 'account:GetAlternateContact') })) };
    await resetAuth(3);
    await createSdkGateway({}).iam.createUser('auditor', {});
    await iam.send(new PutUserPolicyCommand({ UserName: 'auditor', PolicyName: 'mvsp-verify', PolicyDocument: JSON.stringify(lacking) }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
    process.env.AWS_ACCESS_KEY_ID = key.AccessKey?.AccessKeyId ?? '';
    process.env.AWS_SECRET_ACCESS_KEY = key.AccessKey?.SecretAccessKey ?? '';
    const checks = await verify(createSdkGateway({}));
    expect(checks['root-login-alert']).toMatchObject({ status: 'unknown', detail: expect.stringContaining('events:ListRules') });
    expect(checks['alternate-contacts']).toMatchObject({ status: 'unknown', detail: expect.stringContaining('account:GetAlternateContact') });
    expect(checks['password-policy']!.status).toBe('fail');
  });
});

/** The IAM action behind each gateway method verify may use; anything else is recorded as unmapped. */
const ACTIONS: Record<string, string> = {
  'sts.getCallerIdentity': 'sts:GetCallerIdentity',
  'iam.listAccountAliases': 'iam:ListAccountAliases',
  'iam.getAccountSummary': 'iam:GetAccountSummary',
  'iam.generateCredentialReport': 'iam:GenerateCredentialReport',
  'iam.getCredentialReport': 'iam:GetCredentialReport',
  'iam.listVirtualMfaDevices': 'iam:ListVirtualMFADevices',
  'iam.getPasswordPolicy': 'iam:GetAccountPasswordPolicy',
  'iam.listUsers': 'iam:ListUsers',
  'iam.listAttachedUserPolicies': 'iam:ListAttachedUserPolicies',
  'iam.listMfaDevices': 'iam:ListMFADevices',
  'account.getAlternateContact': 'account:GetAlternateContact',
  'events.listRules': 'events:ListRules',
  'events.listTargetsByRule': 'events:ListTargetsByRule',
};

function recording(gw: Gateway, called: Set<string>): Gateway {
  const wrap = <T extends object>(service: string, port: T): T =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          called.add(ACTIONS[`${service}.${String(prop)}`] ?? `unmapped:${service}.${String(prop)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return { ...gw, kind: gw.kind, sts: wrap('sts', gw.sts), iam: wrap('iam', gw.iam), account: wrap('account', gw.account), events: wrap('events', gw.events), sns: wrap('sns', gw.sns), cloudtrail: wrap('cloudtrail', gw.cloudtrail) };
}

describe('mvsp-setup verify, the built binary, against moto', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'mvsp-verify-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  function run(args: string[], env: NodeJS.ProcessEnv = {}) {
    const e: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), ...env };
    delete e.CI;
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: e, timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('--ci --json prints exactly one document that validates against the schema, exit 1 on a fail, reports saved', () => {
    const r = run(['verify', '--ci', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as { account: { id: string }; checks: { id: string; status: string }[]; caller: { kind: string } };
    const ajv = new Ajv({ allErrors: true });
    const valid = ajv.validate(SCHEMA, doc);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
    expect(valid).toBe(true);
    expect(doc.account.id).toBe(MOTO_ACCOUNT_ID);
    expect(doc.checks.find((c) => c.id === 'root-mfa')?.status).toBe('fail');
    // the path goes to stderr, never into the JSON on stdout
    expect(r.stdout).not.toContain(home);
    const dir = join(home, 'data', 'mvsp-setup', MOTO_ACCOUNT_ID);
    expect(r.stderr).toContain(join(dir, 'verify-'));
    expect(readdirSync(dir).sort()).toEqual([expect.stringMatching(/^verify-\d{4}-\d{2}-\d{2}\.json$/), expect.stringMatching(/^verify-\d{4}-\d{2}-\d{2}\.md$/)]);
    // a second run has the first in the local record to compare root use with
    const record = JSON.parse(readFileSync(join(home, 'data', 'mvsp-setup', `${MOTO_ACCOUNT_ID}.json`), 'utf8')) as LocalRecord;
    expect(record.checks).toHaveLength(1);
  });

  it('without credentials: exit 2, the reason on stderr, nothing on stdout', () => {
    const r = run(['verify', '--ci', '--json'], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_CONFIG_FILE: join(home, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('No AWS credentials found');
  });

  it('--print-policy prints the shipped policy', () => {
    const r = run(['verify', '--print-policy']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(POLICY);
  });
});
