// `verify --org` against moto's Organizations and cross-account role sessions, through
// the built binary. Three members set up differently: one secured with the day-one
// steps' gateway calls, one with a console user without MFA, one whose
// OrganizationAccountAccessRole was deleted.
//
// moto gap: sts:AssumeRole succeeds for a role that does not exist. AWS answers
// AccessDenied ("… is not authorized to perform: sts:AssumeRole on resource …"); the
// loopback proxy answers that for the deleted role, in STS's query protocol.
// Also moto's: no root user, so root-mfa fails in every account (the exit code is 1).
import { CreateAccountCommand, CreateOrganizationCommand, EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AttachRolePolicyCommand, DeleteRoleCommand, EnableOrganizationsRootCredentialsManagementCommand, DetachRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, DeleteRolePolicyCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import type { Gateway } from '../../src/aws/port.js';
import type { OrgVerifyDocument } from '../../src/steps/org-verify.js';
import { BASELINE_PASSWORD_POLICY } from '../../src/steps/admin-user.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, runCli, type Sandbox } from '../helpers/cli-run.js';
import { MOTO_ACCOUNT_ID, motoUrl, useMoto } from '../helpers/moto.js';
import { enforcedCaller } from '../helpers/iam-user.js';
import { startRootAccessEmulator, type RootAccessEmulator } from '../helpers/root-access-emulator.js';

useMoto();

const ORG_POLICY = JSON.parse(readFileSync(new URL('../../policies/org.json', import.meta.url), 'utf8')) as {
  Statement: { Action: string[]; Resource: string; Condition?: object }[];
};
const VERIFY_POLICY = JSON.parse(readFileSync(new URL('../../policies/verify.json', import.meta.url), 'utf8')) as {
  Statement: { Action: string[] }[];
};
const SCHEMA = JSON.parse(readFileSync(new URL('../org-verify-document.schema.json', import.meta.url), 'utf8')) as object;
const ROLE = 'OrganizationAccountAccessRole';
const ROOT_PATTERN = '{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

async function createOrganization(): Promise<Record<'secured' | 'open' | 'noRole', string>> {
  const org = new OrganizationsClient({ region: 'us-east-1' });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const create = async (name: string) => {
    const out = await org.send(new CreateAccountCommand({ Email: `aws+${name}@acme.com`, AccountName: name }));
    return out.CreateAccountStatus!.AccountId!;
  };
  return { secured: await create('production'), open: await create('staging'), noRole: await create('sandbox') };
}

/** A role session in a member, opened here with the SDK (not through the code under test). */
async function memberCredentials(accountId: string): Promise<Credentials> {
  const out = await new STSClient({ region: 'us-east-1' }).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE}`, RoleSessionName: 'test-setup' }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** What the day-one steps leave: an admin through a group with password and MFA, the baseline policy, contacts, alias, the alert chain. */
async function secure(gw: Gateway, accountId: string, credentials: Credentials): Promise<void> {
  await gw.iam.createUser('alice', {});
  await gw.iam.createGroup('Administrators');
  await gw.iam.attachGroupPolicy('Administrators', 'arn:aws:iam::aws:policy/AdministratorAccess');
  await gw.iam.addUserToGroup('Administrators', 'alice');
  await gw.iam.createLoginProfile('alice', 'Correct-Horse-Battery-Staple-42', true);
  const device = await gw.iam.createVirtualMfaDevice('alice', {});
  // moto accepts any two codes
  await gw.iam.enableMfaDevice('alice', device.serial, '123456', '654321');
  await gw.iam.updatePasswordPolicy(BASELINE_PASSWORD_POLICY);
  for (const [type, email] of [['SECURITY', 'security@acme.com'], ['BILLING', 'billing@acme.com'], ['OPERATIONS', 'ops@acme.com']] as const) {
    await gw.account.putAlternateContact(type, { name: type, title: type, email, phone: '+14155550100' });
  }
  await gw.iam.createAccountAlias('acme-production');
  const topic = `arn:aws:sns:us-east-1:${accountId}:root-sign-in`;
  await gw.sns.createTopic('root-sign-in', {});
  // the topic's policy lets EventBridge publish, as the alert step writes it
  const current = JSON.parse((await gw.sns.getTopicAttributes(topic)).Policy ?? '{}') as { Statement: object[] };
  const publish = { Sid: 'EventsPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topic };
  await gw.sns.setTopicAttribute(topic, 'Policy', JSON.stringify({ ...current, Statement: [...current.Statement, publish] }));
  await gw.sns.subscribe(topic, 'email', 'security@acme.com');
  await gw.events.putRule({ name: 'root-sign-in', eventPattern: ROOT_PATTERN, description: 'root sign-in', tags: {} });
  await gw.events.putTargets('root-sign-in', [{ id: 'email', arn: topic }]);
  // moto's CreateTrail wants an existing bucket of the same account; a bare PUT makes one
  const bucket = await fetch(`${motoUrl()}/trail-${accountId}`, {
    method: 'PUT',
    headers: {
      Authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0`,
      'X-Amz-Security-Token': credentials.sessionToken,
    },
  });
  expect(bucket.ok).toBe(true);
  const ct = new CloudTrailClient({ region: 'us-east-1', credentials });
  await ct.send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: `trail-${accountId}`, IsMultiRegionTrail: true }));
  await ct.send(new StartLoggingCommand({ Name: 'org-trail' }));
  await ct.send(new PutEventSelectorsCommand({ TrailName: 'org-trail', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
}

async function deleteRole(credentials: Credentials): Promise<void> {
  const iam = new IAMClient({ region: 'us-east-1', credentials });
  for (const p of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }))).AttachedPolicies ?? []) {
    await iam.send(new DetachRolePolicyCommand({ RoleName: ROLE, PolicyArn: p.PolicyArn! }));
  }
  for (const name of (await iam.send(new ListRolePoliciesCommand({ RoleName: ROLE }))).PolicyNames ?? []) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: ROLE, PolicyName: name }));
  }
  await iam.send(new DeleteRoleCommand({ RoleName: ROLE }));
}

/** stdout as the one JSON document, valid against the published schema */
function schemaValid(stdout: string): OrgVerifyDocument {
  const doc = JSON.parse(stdout) as OrgVerifyDocument;
  const ajv = new Ajv({ allErrors: true });
  ajv.validate(SCHEMA, doc);
  expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
  return doc;
}

type Account = OrgVerifyDocument['accounts'][number];
const statusOf = (a: Account, id: string) => a.checks.find((c) => c.id === id)?.status;

// Centralized root access runs on an extension of the emulator (root-access-emulator.ts):
// the CLI talks to the recording proxy, the proxy to the extension, the extension to moto.
describe('mvsp-setup verify --org, the built binary, against moto', () => {
  let proxy: AwsProxy;
  let emulator: RootAccessEmulator;
  let home: Sandbox;
  beforeEach(async () => {
    emulator = await startRootAccessEmulator(motoUrl());
    proxy = await startAwsProxy(emulator.url);
    home = makeHome(proxy.url);
  });
  afterEach(async () => {
    home.remove();
    await proxy.close();
    await emulator.close();
  });

  it('three members set up differently: right per-account results, the management account as itself, exit 1', async () => {
    const ids = await createOrganization();
    const secured = await memberCredentials(ids.secured);
    await secure(createSdkGateway({ credentials: secured }), ids.secured, secured);
    const open = createSdkGateway({ credentials: await memberCredentials(ids.open) });
    await open.iam.createUser('bob', {});
    await open.iam.createLoginProfile('bob', 'Correct-Horse-Battery-Staple-42', true);
    await deleteRole(await memberCredentials(ids.noRole));
    // AWS refuses a session in a role that does not exist; moto does not (see the top)
    proxy.setFault((call) => (call.id === 'sts:AssumeRole' && call.body.includes(ids.noRole) ? 'denied' : null));
    proxy.clear();

    const r = await runCli(['verify', '--org', '--ci', '--json'], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(1);
    const doc = schemaValid(r.stdout);

    expect(doc.organization.managementAccountId).toBe(MOTO_ACCOUNT_ID);
    const byId = Object.fromEntries(doc.accounts.map((a) => [a.id, a]));
    expect(Object.keys(byId).sort()).toEqual([MOTO_ACCOUNT_ID, ids.secured, ids.open, ids.noRole].sort());

    const mgmt = byId[MOTO_ACCOUNT_ID]!;
    expect(mgmt.reachable).toBe(true);
    expect(statusOf(mgmt, 'users-mfa')).toBe('pass');

    const sec = byId[ids.secured]!;
    expect(sec).toMatchObject({ name: 'production', reachable: true });
    for (const id of ['users-mfa', 'password-policy', 'alternate-contacts', 'admins-via-groups', 'root-login-alert', 'unassigned-mfa-devices']) {
      expect([id, statusOf(sec, id)]).toEqual([id, 'pass']);
    }

    const opn = byId[ids.open]!;
    expect(opn).toMatchObject({ name: 'staging', reachable: true });
    expect(statusOf(opn, 'users-mfa')).toBe('fail');
    expect(opn.checks.find((c) => c.id === 'users-mfa')!.detail).toContain('bob');
    expect(statusOf(opn, 'password-policy')).toBe('fail');

    const gone = byId[ids.noRole]!;
    expect(gone).toMatchObject({ name: 'sandbox', reachable: false });
    expect(gone.reason).toContain(ROLE);
    expect(gone.reason).toContain('sts:AssumeRole');
    // verify's twelve unknown; member-root-credentials needs no role: centralized root access is off
    expect(gone.checks).toHaveLength(13);
    expect(gone.checks.filter((c) => c.id !== 'member-root-credentials').every((c) => c.status === 'unknown' && c.detail.includes('not reached'))).toBe(true);
    expect(gone.summary).toEqual({ pass: 0, warn: 1, fail: 0, unknown: 12 });
    for (const a of [sec, opn, gone]) expect(a.checks.find((c) => c.id === 'member-root-credentials')).toMatchObject({ status: 'warn', detail: expect.stringContaining('Centralized root access is off') });
    expect(mgmt.checks.map((c) => c.id)).not.toContain('member-root-credentials');

    // worst check per account: moto has no root user, so root-mfa fails in the three reached
    expect(doc.summary).toEqual({ accounts: 4, pass: 0, warn: 0, fail: 3, unknown: 1 });

    // the management account is read as itself: no role session into it; one per member
    const assumed = proxy.calls().filter((c) => c.id === 'sts:AssumeRole').map((c) => decodeURIComponent(c.body));
    expect(assumed.some((b) => b.includes(`::${MOTO_ACCOUNT_ID}:role`))).toBe(false);
    for (const id of Object.values(ids)) expect(assumed.some((b) => b.includes(`arn:aws:iam::${id}:role/${ROLE}`))).toBe(true);

    // a progress line per account as it starts and as it ends, on stderr (stdout is the document)
    for (const id of [MOTO_ACCOUNT_ID, ...Object.values(ids)]) {
      expect(r.stderr).toMatch(new RegExp(`\\[\\d/4\\] ${id}.*checking`));
      expect(r.stderr).toMatch(new RegExp(`\\[\\d/4\\] ${id}.*(PASS|WARN|FAIL|UNKNOWN)`));
    }

    // --alert-email is checked in every account: the secured member's alert reaches security@ only
    const alertIn = async (address: string) => {
      const again = await runCli(['verify', '--org', '--ci', '--json', '--alert-email', address], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 });
      return schemaValid(again.stdout).accounts.find((a) => a.id === ids.secured)!.checks.find((c) => c.id === 'root-login-alert')!;
    };
    expect((await alertIn('security@acme.com')).status).toBe('pass');
    expect(await alertIn('alerts@acme.com')).toMatchObject({ status: 'fail', detail: expect.stringContaining('The alert address, alerts@acme.com, is not a confirmed recipient') });
  }, 180_000);

  it('member-root-credentials: root credentials audited in root sessions (emulator extension); never the management account', async () => {
    const ids = await createOrganization();
    const mgmt = { region: 'us-east-1', endpoint: emulator.url };
    await new OrganizationsClient(mgmt).send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'iam.amazonaws.com' }));
    await new IAMClient(mgmt).send(new EnableOrganizationsRootCredentialsManagementCommand({}));
    emulator.roots.set(MOTO_ACCOUNT_ID, { password: true, accessKeys: [], mfaDevices: [], signingCertificates: [] });
    emulator.roots.set(ids.secured, { password: false, accessKeys: [], mfaDevices: [], signingCertificates: [] });
    emulator.roots.set(ids.open, { password: true, accessKeys: ['AKIAROOTKEY00000001'], mfaDevices: [`arn:aws:iam::${ids.open}:mfa/root`], signingCertificates: ['CERT0000001'] });
    emulator.roots.set(ids.noRole, { password: false, accessKeys: [], mfaDevices: [], signingCertificates: [] });
    await deleteRole(await memberCredentials(ids.noRole));
    proxy.setFault((call) => (call.id === 'sts:AssumeRole' && call.body.includes(ids.noRole) ? 'denied' : null));

    const r = await runCli(['verify', '--org', '--ci', '--json'], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(1);
    const doc = schemaValid(r.stdout);
    const rootCheck = (id: string) => doc.accounts.find((a) => a.id === id)!.checks.find((c) => c.id === 'member-root-credentials');
    expect(rootCheck(ids.secured)).toMatchObject({ status: 'pass' });
    const open = rootCheck(ids.open)!;
    expect(open.status).toBe('fail');
    expect(open.detail).toContain('a console password');
    expect(open.detail).toContain('AKIAROOTKEY00000001');
    expect(open.detail).toContain('1 signing certificate');
    expect(open.fix).toContain('IAMDeleteRootUserCredentials');
    // reached through a root session even though its role is gone
    expect(rootCheck(ids.noRole)).toMatchObject({ status: 'pass' });
    expect(rootCheck(MOTO_ACCOUNT_ID)).toBeUndefined();
    // one audit-only root session per member, none into the management account
    const sessions = emulator.sessions();
    expect(sessions.map((x) => x.accountId).sort()).toEqual(Object.values(ids).sort());
    expect(sessions.every((x) => x.task.endsWith('root-task/IAMAuditRootUserCredentials'))).toBe(true);
    // auditing changed nothing
    expect(emulator.roots.get(ids.open)!.accessKeys).toEqual(['AKIAROOTKEY00000001']);
  }, 180_000);

  it('--role names the role assumed in every member (never the management account); plain --ci prints the report', async () => {
    const ids = await createOrganization();
    const r = await runCli(['verify', '--org', '--ci', '--role', 'AuditRole'], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(1);
    const assumed = proxy.calls().filter((c) => c.id === 'sts:AssumeRole').map((c) => decodeURIComponent(c.body));
    expect(assumed).toHaveLength(3);
    for (const id of Object.values(ids)) expect(assumed.some((b) => b.includes(`arn:aws:iam::${id}:role/AuditRole`))).toBe(true);
    expect(r.stdout).toMatch(/summary: 4 accounts/);
    expect(r.stdout).toContain(`${MOTO_ACCOUNT_ID} (`);
  }, 180_000);

  it('--json: a member name with bidi and C1 characters reaches stdout with those characters replaced', async () => {
    const org = new OrganizationsClient({ region: 'us-east-1' });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    // moto takes any AccountName; AWS allows printable ASCII only, but the document's
    // strings (contacts, trail and rule names…) come from AWS all the same
    const name = 'prod\u202etxt.exe\u009b31m';
    await org.send(new CreateAccountCommand({ Email: 'aws+bidi@acme.com', AccountName: name }));
    const r = await runCli(['verify', '--org', '--ci', '--json'], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
    // each such character stands as U+FFFD, the rest of the name kept
    expect(schemaValid(r.stdout).accounts.map((a) => a.name)).toContain('prod\ufffdtxt.exe\ufffd31m');
  }, 180_000);

  it('outside an organization: exit 2, says so, nothing on stdout', async () => {
    const r = await runCli(['verify', '--org', '--ci', '--json'], { env: home.env, cwd: home.cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('is not in an AWS Organization');
  });

  it('--print-policy with --org prints policies/org.json; with --role, for that role; no AWS call', async () => {
    const r = await runCli(['verify', '--org', '--print-policy'], { env: home.env, cwd: home.cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(ORG_POLICY);
    const named = await runCli(['verify', '--org', '--role', 'AuditRole', '--print-policy'], { env: home.env, cwd: home.cwd });
    const doc = JSON.parse(named.stdout) as typeof ORG_POLICY;
    expect(doc.Statement.find((st) => st.Action.includes('sts:AssumeRole'))!.Resource).toBe('arn:aws:iam::*:role/AuditRole');
    expect(proxy.calls()).toEqual([]);
  });

  it('--role without --org, or a role name that cannot exist: usage error, exit 2, no AWS call', async () => {
    for (const args of [['verify', '--role', 'X'], ['verify', '--org', '--role', 'a/b']]) {
      const r = await runCli(args, { env: home.env, cwd: home.cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--role/);
    }
    expect(proxy.calls()).toEqual([]);
  });
});

describe('policies/org.json under moto\'s IAM enforcement', () => {
  let proxy: AwsProxy;
  let home: Sandbox;
  beforeEach(async () => {
    proxy = await startAwsProxy(motoUrl());
    home = makeHome(proxy.url);
  });
  afterEach(async () => {
    home.remove();
    await proxy.close();
  });

  /** Two members whose role is what AWS creates: OrganizationAccountAccessRole with AdministratorAccess (moto's has no policy). */
  async function organizationAsAws() {
    const ids = await createOrganization();
    for (const id of [ids.secured, ids.open]) {
      const iam = new IAMClient({ region: 'us-east-1', credentials: await memberCredentials(id) });
      await iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    }
    return ids;
  }

  function run(keys: NodeJS.ProcessEnv) {
    return runCli(['verify', '--org', '--ci', '--json'], { env: { ...home.env, ...keys }, cwd: home.cwd, timeoutMs: 120_000 });
  }

  it('a user holding only the policy reads every account without AccessDenied, calling only actions it allows', async () => {
    const ids = await organizationAsAws();
    const keys = await enforcedCaller('org-auditor', { inline: ORG_POLICY });
    proxy.clear();
    const r = await run(keys);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as OrgVerifyDocument;
    expect(doc.accounts.map((a) => a.id).sort()).toEqual([MOTO_ACCOUNT_ID, ids.secured, ids.open, ids.noRole].sort());
    for (const a of doc.accounts.filter((x) => x.id !== ids.noRole)) {
      expect(a.reachable, a.reason).toBe(true);
      for (const c of a.checks) expect(`${a.id} ${c.id}: ${c.detail}`).not.toMatch(/access denied/i);
    }
    // the management account's own calls, and the org's: all allowed by the policy
    const allowed = new Set(ORG_POLICY.Statement.flatMap((st) => st.Action));
    const called = new Set(proxy.calls().map((c) => c.id));
    for (const id of called) expect(allowed.has(id), id).toBe(true);
    for (const id of ['organizations:DescribeOrganization', 'organizations:ListAccounts', 'sts:AssumeRole']) expect(called.has(id), id).toBe(true);
    // and the policy holds nothing beyond verify's reads and the organization's (moto has no
    // iam:ListOrganizationsFeatures or sts:AssumeRoot: those two are not proven here)
    const verifyActions = VERIFY_POLICY.Statement.flatMap((st) => st.Action);
    const orgActions = ['organizations:DescribeOrganization', 'organizations:ListAccounts', 'sts:AssumeRole', 'iam:ListOrganizationsFeatures', 'sts:AssumeRoot'];
    expect([...allowed].sort()).toEqual([...verifyActions, ...orgActions].sort());
    // a root session only with the audit task policy
    expect(ORG_POLICY.Statement.find((st) => st.Action.includes('sts:AssumeRoot'))!.Condition).toEqual({
      StringEquals: { 'sts:TaskPolicyArn': 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' },
    });
    expect(ORG_POLICY.Statement.find((st) => st.Action.includes('sts:AssumeRole'))!.Resource).toBe(`arn:aws:iam::*:role/${ROLE}`);
  }, 180_000);

  it('the control: without organizations:ListAccounts, exit 2 naming it; without sts:AssumeRole, members are unreachable naming it', async () => {
    await organizationAsAws();
    const without = (action: string) => ({
      ...ORG_POLICY,
      Statement: ORG_POLICY.Statement.map((st) => ({ ...st, Action: st.Action.filter((a) => a !== action) })).filter((st) => st.Action.length > 0),
    });
    const noList = await run(await enforcedCaller('no-list', { inline: without('organizations:ListAccounts') }));
    expect(noList.code).toBe(2);
    expect(noList.stdout).toBe('');
    expect(noList.stderr).toContain('organizations:ListAccounts');

    await fetch(`${motoUrl()}/moto-api/reset-auth`, { method: 'POST', body: 'inf' });
    const noAssume = await run(await enforcedCaller('no-assume', { inline: without('sts:AssumeRole') }));
    const doc = JSON.parse(noAssume.stdout) as OrgVerifyDocument;
    const members = doc.accounts.filter((a) => a.id !== MOTO_ACCOUNT_ID);
    expect(members).toHaveLength(3);
    for (const m of members) expect(m).toMatchObject({ reachable: false, reason: expect.stringContaining('sts:AssumeRole') });
    expect(doc.accounts.find((a) => a.id === MOTO_ACCOUNT_ID)!.reachable).toBe(true);
  }, 180_000);
});
