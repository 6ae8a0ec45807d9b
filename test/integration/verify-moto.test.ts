// `verify` against moto through the real SDK: fresh account, a user without MFA, a fully
// set-up account, least privilege under moto's IAM enforcement, and the built binary's --json.
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateVirtualMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { DisableRuleCommand, EventBridgeClient, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateTopicCommand, DeleteTopicCommand, ListSubscriptionsByTopicCommand, SetSubscriptionAttributesCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { Ajv } from 'ajv';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/aws/port.js';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { preflight } from '../../src/steps/preflight.js';
import { emptyRecord, type LocalRecord } from '../../src/steps/local-record.js';
import { runVerify, type VerifyExpected, verifyExitCode, type Check } from '../../src/steps/verify.js';
import { BIN } from '../helpers/pty.js';
import { MOTO_ACCOUNT_ID, motoUrl, resetAuth, useMoto } from '../helpers/moto.js';
import { FOREIGN_FAULTS, startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, runCli } from '../helpers/cli-run.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const POLICY = JSON.parse(readFileSync(new URL('../../policies/verify.json', import.meta.url), 'utf8')) as {
  Statement: { Action: string[] }[];
};
const SCHEMA = JSON.parse(readFileSync(new URL('../verify-document.schema.json', import.meta.url), 'utf8')) as object;
const ROOT_PATTERN = '{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}';
const noWait = { sleep: async () => {} };

async function verify(gw: Gateway, record: LocalRecord | null = null, expected: VerifyExpected = {}): Promise<Record<string, Check>> {
  const pf = await preflight(gw, {});
  const { checks } = await runVerify({ aws: gw, caller: pf.caller, now: () => NOW }, { record, expected }, noWait);
  return Object.fromEntries(checks.map((c) => [c.id, c]));
}

const status = (checks: Record<string, Check>) => Object.fromEntries(Object.entries(checks).map(([id, c]) => [id, c.status]));

const TOPIC = `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:root-sign-in`;

/**
 * Rule → topic (subscribed; moto confirms an email subscription at once; its policy lets
 * EventBridge publish unless `policy` says otherwise) → a logging trail.
 */
async function alertRule(
  gw: Gateway,
  opts: { pattern?: string; target?: string; subscribe?: boolean; trail?: boolean; policy?: 'allow' | 'default' | 'deny' } = {},
) {
  await gw.sns.createTopic('root-sign-in', {});
  const policy = opts.policy ?? 'allow';
  if (policy !== 'default') {
    const current = JSON.parse((await gw.sns.getTopicAttributes(TOPIC)).Policy ?? '{}') as { Statement: object[] };
    const events = { Service: 'events.amazonaws.com' };
    const added = [{ Sid: 'EventsPublish', Effect: 'Allow', Principal: events, Action: 'sns:Publish', Resource: TOPIC }];
    if (policy === 'deny') added.push({ Sid: 'NoEvents', Effect: 'Deny', Principal: events, Action: 'SNS:Publish', Resource: TOPIC });
    await gw.sns.setTopicAttribute(TOPIC, 'Policy', JSON.stringify({ ...current, Statement: [...current.Statement, ...added] }));
  }
  if (opts.subscribe ?? true) await gw.sns.subscribe(TOPIC, 'email', 'security@acme.com');
  await gw.events.putRule({ name: 'root-sign-in', eventPattern: opts.pattern ?? ROOT_PATTERN, description: 'root sign-in', tags: {} });
  await gw.events.putTargets('root-sign-in', [{ id: 'email', arn: opts.target ?? TOPIC }]);
  if (opts.trail ?? true) await loggingTrail();
}

async function loggingTrail(options: { IsMultiRegionTrail?: boolean; IncludeGlobalServiceEvents?: boolean } = { IsMultiRegionTrail: true }) {
  // moto's CreateTrail wants an existing bucket; a bare PUT makes one
  const bucket = await fetch(`${motoUrl()}/trail-bucket`, {
    method: 'PUT',
    headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' },
  });
  expect(bucket.ok).toBe(true);
  const ct = new CloudTrailClient({ region: 'us-east-1' });
  await ct.send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: 'trail-bucket', ...options }));
  await ct.send(new StartLoggingCommand({ Name: 'org-trail' }));
  // AWS gives a new trail a management-events selector by default; moto gives it none
  await ct.send(new PutEventSelectorsCommand({ TrailName: 'org-trail', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
}

/** The tester's states where a whole-looking chain delivers nothing, set through the SDK after `alertRule`. */
const BROKEN_CHAINS = {
  /** the only subscription's FilterPolicy (message attributes scope, the default) drops every event */
  async filter() {
    await alertRule(createSdkGateway({}));
    const sns = new SNSClient({ region: 'us-east-1' });
    const subs = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }))).Subscriptions ?? [];
    expect(subs).toHaveLength(1);
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: subs[0]!.SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '{"nothing":["never"]}' }));
  },
  /** the topic encrypted with the AWS managed key */
  async kms() {
    await alertRule(createSdkGateway({}));
    await new SNSClient({ region: 'us-east-1' }).send(new SetTopicAttributesCommand({ TopicArn: TOPIC, AttributeName: 'KmsMasterKeyId', AttributeValue: 'alias/aws/sns' }));
  },
  /** EventBridge allowed only for another account */
  async srcacct() {
    await alertRule(createSdkGateway({}), { policy: 'default' });
    await eventsPolicy({ StringEquals: { 'aws:SourceAccount': '999999999999' } });
  },
  /** EventBridge allowed for every rule but ours */
  async notlike() {
    await alertRule(createSdkGateway({}), { policy: 'default' });
    await eventsPolicy({ ArnNotLike: { 'aws:SourceArn': `arn:aws:events:us-east-1:*:rule/root-sign-in` } });
  },
  /** the only trail: single-region in us-east-1, logging, global service events off */
  async noglobal() {
    await alertRule(createSdkGateway({}), { trail: false });
    await loggingTrail({ IsMultiRegionTrail: false, IncludeGlobalServiceEvents: false });
  },
};

/** The topic's policy: AWS's default owner statement and one Allow for EventBridge under `condition`. */
async function eventsPolicy(condition: object) {
  const allow = { Sid: 'EventsPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: TOPIC, Condition: condition };
  await new SNSClient({ region: 'us-east-1' }).send(
    new SetTopicAttributesCommand({ TopicArn: TOPIC, AttributeName: 'Policy', AttributeValue: JSON.stringify({ Version: '2012-10-17', Statement: [allow] }) }),
  );
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
      'root-access-attested': 'warn',
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

  it('a user name with commas (IAM allows them) does not blind users-mfa: the report is still read', async () => {
    const gw = createSdkGateway({});
    await gw.iam.createUser('ops,on-call', {});
    await gw.iam.createLoginProfile('ops,on-call', 'Correct-Horse-Battery-Staple-42', true);
    const checks = await verify(gw);
    expect(checks['users-mfa']).toMatchObject({ status: 'fail', detail: 'Console password but no MFA: ops,on-call.' });
    expect(checks['stale-credentials']!.status).not.toBe('unknown');
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
      'unassigned-mfa-devices': 'pass',
    });
  });

  describe('root-login-alert on moto: only a whole chain passes', () => {
    it.each<[string, Parameters<typeof alertRule>[1], string]>([
      ['the topic has no subscription', { subscribe: false }, 'has no subscription'],
      ['no trail logs management events', { trail: false }, 'no CloudTrail trail'],
      ['the pattern names another account', { pattern: ROOT_PATTERN.replace('{', '{"account":["999999999999"],') }, 'no EventBridge rule in us-east-1 fires on a root console sign-in of this account'],
      ['the target is a topic in another account', { target: 'arn:aws:sns:us-east-1:999999999999:root-sign-in' }, 'in another account (999999999999)'],
      ['the topic keeps its default policy (no Allow for EventBridge)', { policy: 'default' }, 'does not allow EventBridge (events.amazonaws.com) to publish'],
      ['the topic policy denies EventBridge sns:Publish', { policy: 'deny' }, 'denies EventBridge sns:Publish'],
    ])('warns when %s, naming the link', async (_what, opts, detail) => {
      const gw = createSdkGateway({});
      await alertRule(gw, opts);
      const c = (await verify(gw))['root-login-alert']!;
      expect(c.status).toBe('warn');
      expect(c.detail).toContain(detail);
    });

    it('warns when the topic has been deleted; passes with the whole chain', async () => {
      const gw = createSdkGateway({});
      await alertRule(gw);
      expect((await verify(gw))['root-login-alert']).toMatchObject({
        status: 'pass',
        detail: expect.stringContaining('→ root-sign-in; a trail logs management events. Confirmed recipients: email security@acme.com.'),
        items: ['email security@acme.com'],
      });
      await new SNSClient({ region: 'us-east-1' }).send(new DeleteTopicCommand({ TopicArn: TOPIC }));
      expect((await verify(gw))['root-login-alert']).toMatchObject({ status: 'warn', detail: expect.stringContaining('no longer exists') });
    });

    const FOREIGN_QUEUE = 'arn:aws:sqs:us-east-1:999999999999:collector';

    it('a pass names every confirmed recipient: a queue in another account is seen, not hidden behind "a confirmed subscription"', async () => {
      const gw = createSdkGateway({});
      await alertRule(gw, { subscribe: false });
      await new SNSClient({ region: 'us-east-1' }).send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'sqs', Endpoint: FOREIGN_QUEUE }));
      const c = (await verify(gw))['root-login-alert']!;
      expect(c.status).toBe('pass');
      expect(c.detail).toContain(`Confirmed recipients: sqs ${FOREIGN_QUEUE}.`);
      expect(c.items).toEqual([`sqs ${FOREIGN_QUEUE}`]);
    });

    it('warns, naming it, when the alert email set up on day one is no longer a confirmed recipient of the working chain', async () => {
      const gw = createSdkGateway({});
      await alertRule(gw, { subscribe: false });
      await new SNSClient({ region: 'us-east-1' }).send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'sqs', Endpoint: FOREIGN_QUEUE }));
      await gw.sns.subscribe(TOPIC, 'email', 'attacker@evil.example');
      const record: LocalRecord = { ...emptyRecord(MOTO_ACCOUNT_ID), alertEmail: 'security@acme.com' };
      const c = (await verify(gw, record))['root-login-alert']!;
      expect(c.status).toBe('warn');
      expect(c.detail).toContain('The alert address, security@acme.com, is not a confirmed recipient');
      expect(c.detail).toContain(`sqs ${FOREIGN_QUEUE}, email attacker@evil.example`);
      expect(c.fix).toContain('Subscribe security@acme.com again');
      // subscribed again (moto confirms at once), and the case of the address does not matter: pass
      await gw.sns.subscribe(TOPIC, 'email', 'Security@ACME.com');
      expect((await verify(gw, record))['root-login-alert']!.status).toBe('pass');
    });

    /** The rule's only target, put again through the SDK with what it sends instead of the event. */
    async function reshapeTarget(target: Record<string, unknown>) {
      await new EventBridgeClient({ region: 'us-east-1' }).send(new PutTargetsCommand({ Rule: 'root-sign-in', Targets: [{ Id: 'email', Arn: TOPIC, ...target }] }));
    }

    async function bodyFilter(policy: object, scope = 'MessageBody') {
      const sns = new SNSClient({ region: 'us-east-1' });
      const sub = ((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }))).Subscriptions ?? [])[0]!.SubscriptionArn;
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'FilterPolicyScope', AttributeValue: scope }));
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify(policy) }));
    }

    it.each<[string, Record<string, unknown>, string]>([
      ['InputTransformer', { InputTransformer: { InputPathsMap: { t: '$.time' }, InputTemplate: '"Root signed in at <t>"' } }, 'the text of its InputTransformer'],
      ['InputPath', { InputPath: '$.detail' }, 'only the part $.detail of the event (InputPath)'],
    ])('a body filter is not judged against the event when the target sends something else (%s): unknown, never pass', async (_what, target, sends) => {
      const gw = createSdkGateway({});
      await alertRule(gw);
      await bodyFilter({ 'detail-type': ['AWS Console Sign In via CloudTrail'] });
      expect((await verify(gw))['root-login-alert']!.status).toBe('pass');
      await reshapeTarget(target);
      const c = (await verify(gw))['root-login-alert']!;
      expect(c.status, c.detail).toBe('unknown');
      expect(c.detail).toContain(`the rule's target sends ${sends} instead of the event`);
    });

    const NOTHING_OF_IT = 'an InputTransformer whose template uses nothing of the sign-in';
    it.each<[string, Record<string, unknown>, string]>([
      ['a fixed Input', { Input: '"Scheduled test of the notification system - no action needed"' }, 'a fixed Input'],
      ['an InputTransformer whose template uses nothing of the event', { InputTransformer: { InputPathsMap: { t: '$.time' }, InputTemplate: '"Scheduled test - no action needed <aws.events.rule-name>"' } }, NOTHING_OF_IT],
      // one placeholder that is the same on every sign-in, or not in sign-in events at all
      ["an InputTransformer naming only the event's version", { InputTransformer: { InputPathsMap: { v: '$.version' }, InputTemplate: '"Scheduled test - no action needed (v<v>)"' } }, NOTHING_OF_IT],
      ['an InputTransformer naming a path sign-ins do not have', { InputTransformer: { InputPathsMap: { x: '$.detail.nonexistent' }, InputTemplate: '"test <x>"' } }, NOTHING_OF_IT],
      ['an InputPath to the version', { InputPath: '$.version' }, 'InputPath $.version, which holds nothing of the sign-in'],
      ['an InputTransformer naming only the account (the same on every sign-in)', { InputTransformer: { InputPathsMap: { a: '$.account' }, InputTemplate: '"test in <a>, no action needed"' } }, NOTHING_OF_IT],
    ])('warns when the target sends %s, not the sign-in, naming the target', async (_what, target, how) => {
      const gw = createSdkGateway({});
      await alertRule(gw);
      await reshapeTarget(target);
      const c = (await verify(gw))['root-login-alert']!;
      expect(c.status, c.detail).toBe('warn');
      expect(c.detail).toContain(`rule root-sign-in: its target email to topic root-sign-in sends a fixed text, not the sign-in (${how})`);
      expect(c.fix).toContain('Make target email of rule root-sign-in send the matched event');
      expect(c.items ?? []).toEqual([]);
    });

    it('a readable template of the sign-in passes, and the pass says the target sends its own text', async () => {
      const gw = createSdkGateway({});
      await alertRule(gw);
      await reshapeTarget({
        InputTransformer: {
          InputPathsMap: { who: '$.detail.userIdentity.arn', result: '$.detail.responseElements.ConsoleLogin', mfa: '$.detail.additionalEventData.MFAUsed' },
          InputTemplate: '"ROOT SIGN-IN by <who>: <result> (MFA used: <mfa>)"',
        },
      });
      const c = (await verify(gw))['root-login-alert']!;
      expect(c.status, c.detail).toBe('pass');
      expect(c.detail).toContain('Rule root-sign-in: target email sends the text of its InputTransformer, not the event: check that it tells of a root sign-in.');
    });

    it('--alert-email: an address a part not judged may reach is unknown, not a fail, even beside a working chain to others', async () => {
      const gw = createSdkGateway({});
      await alertRule(gw, { subscribe: false });
      // the address's own topic is encrypted with a customer managed key (its key policy is not read)
      const sns = new SNSClient({ region: 'us-east-1' });
      const mine = (await sns.send(new CreateTopicCommand({ Name: 'mine', Attributes: { KmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' } }))).TopicArn!;
      const current = JSON.parse((await gw.sns.getTopicAttributes(mine)).Policy ?? '{}') as { Statement: object[] };
      await gw.sns.setTopicAttribute(mine, 'Policy', JSON.stringify({ ...current, Statement: [...current.Statement, { Sid: 'E', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: mine }] }));
      await gw.sns.subscribe(mine, 'email', 'sec@acme.com');
      await new EventBridgeClient({ region: 'us-east-1' }).send(new PutTargetsCommand({ Rule: 'root-sign-in', Targets: [{ Id: 'mine', Arn: mine }] }));
      // a working chain to someone else beside it
      await gw.sns.subscribe(TOPIC, 'email', 'attacker@evil.example');
      const c = (await verify(gw, null, { alertEmail: 'sec@acme.com' }))['root-login-alert']!;
      expect(c.status, c.detail).toBe('unknown');
      expect(c.detail).toContain('Whether the alert address, sec@acme.com, receives it is not known: rule root-sign-in: topic mine is encrypted with KMS key');
      // a made-up address is not reached either, but with the same doubt: unknown too, never "swapped"
      expect((await verify(gw, null, { alertEmail: 'nobody@acme.com' }))['root-login-alert']!.status).toBe('unknown');
    });

    it('a template that carries the event (<aws.events.event.json>, or a name of its InputPathsMap) still passes', async () => {
      const gw = createSdkGateway({});
      await alertRule(gw);
      await reshapeTarget({ InputTransformer: { InputTemplate: '{"signin": <aws.events.event.json>}' } });
      expect((await verify(gw))['root-login-alert']!.status).toBe('pass');
      await reshapeTarget({ InputTransformer: { InputPathsMap: { ip: '$.detail.sourceIPAddress' }, InputTemplate: '"Root signed in from <ip>"' } });
      expect((await verify(gw))['root-login-alert']!.status).toBe('pass');
    });

    it('a reshaped target: no filter still passes; a message-attributes filter still warns', async () => {
      const gw = createSdkGateway({});
      await alertRule(gw);
      await reshapeTarget({ InputPath: '$.detail' });
      expect((await verify(gw))['root-login-alert']!.status).toBe('pass');
      await bodyFilter({ severity: ['high'] }, 'MessageAttributes');
      const c = (await verify(gw))['root-login-alert']!;
      expect(c.status, c.detail).toBe('warn');
      expect(c.detail).toContain('tests message attributes');
    });
  });

  it('admins-via-groups warns on an inline * on * and on a customer managed admin policy attached to a user', async () => {
    const gw = createSdkGateway({});
    const iam = new IAMClient({ region: 'us-east-1' });
    const star = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    await gw.iam.createUser('mallory', {});
    await iam.send(new PutUserPolicyCommand({ UserName: 'mallory', PolicyName: 'god-mode', PolicyDocument: star }));
    await gw.iam.createUser('carol', {});
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'iam-everything', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*'], Resource: ['*'] }] }) }),
    );
    await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: created.Policy!.Arn! }));
    await gw.iam.createUser('dave', {});
    await iam.send(new PutUserPolicyCommand({ UserName: 'dave', PolicyName: 'read-bucket', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }) }));
    const c = (await verify(gw))['admins-via-groups']!;
    expect(c.status).toBe('warn');
    expect(c.detail).toContain('mallory: inline policy god-mode (Allow * on *)');
    expect(c.detail).toContain('carol: customer managed policy iam-everything (Allow iam:* on *');
    expect(c.detail).not.toContain('dave');
  });

  it('admins-via-groups warns on a user with AWS managed PowerUserAccess when an admin role trusts the account root, and not without one', async () => {
    const gw = createSdkGateway({});
    const iam = new IAMClient({ region: 'us-east-1' });
    await gw.iam.createUser('dev1', {});
    await iam.send(new AttachUserPolicyCommand({ UserName: 'dev1', PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }));
    // no role to become: PowerUserAccess alone is no admin
    const before = (await verify(gw))['admins-via-groups']!;
    expect(before.status, before.detail).toBe('pass');

    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'Admin', AssumeRolePolicyDocument: trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'Admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const c = (await verify(gw))['admins-via-groups']!;
    expect(c.status).toBe('warn');
    expect(c.items).toEqual([
      'dev1: AWS managed PowerUserAccess (Allow NotAction iam:*, organizations:*, account:* on *, which allows sts:AssumeRole: it can become role Admin, which trusts the account root, has AWS managed AdministratorAccess: * on *)',
    ]);
  });

  it('admins-via-groups warns on a user allowed sts:AssumeRole on an admin role that trusts the account; a service role does not count', async () => {
    const gw = createSdkGateway({});
    const iam = new IAMClient({ region: 'us-east-1' });
    const trust = (Principal: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal, Action: 'sts:AssumeRole' }] });
    const assume = (Resource: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'Admin', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${MOTO_ACCOUNT_ID}:root` }) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'Admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'lambda-admin', AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'lambda-admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await gw.iam.createUser('hopper', {});
    await iam.send(new PutUserPolicyCommand({ UserName: 'hopper', PolicyName: 'become-admin', PolicyDocument: assume(`arn:aws:iam::${MOTO_ACCOUNT_ID}:role/Admin`) }));
    await gw.iam.createUser('builder', {});
    await iam.send(new PutUserPolicyCommand({ UserName: 'builder', PolicyName: 'run-lambda', PolicyDocument: assume(`arn:aws:iam::${MOTO_ACCOUNT_ID}:role/lambda-*`) }));

    const c = (await verify(gw))['admins-via-groups']!;
    expect(c.status).toBe('warn');
    expect(c.detail).toBe(
      `Admin-equivalent rights given to a user directly: hopper: inline policy become-admin (Allow sts:AssumeRole on arn:aws:iam::${MOTO_ACCOUNT_ID}:role/Admin: it can become role Admin, which trusts the account root, has AWS managed AdministratorAccess: * on *).`,
    );
    expect(c.detail).not.toContain('builder');

    // on *: the service role is still not counted, the admin role is
    await iam.send(new PutUserPolicyCommand({ UserName: 'builder', PolicyName: 'run-lambda', PolicyDocument: assume('*') }));
    const again = (await verify(gw))['admins-via-groups']!;
    expect(again.items).toHaveLength(2);
    expect(again.detail).toContain('builder: inline policy run-lambda (Allow sts:AssumeRole on *: it can become role Admin, which trusts the account root');
    expect(again.detail).not.toContain('lambda-admin');

    // a trust policy naming a user is enough on its own within the account: no policy of theirs needed
    await gw.iam.createUser('oncall', {});
    await iam.send(new CreateRoleCommand({ RoleName: 'BreakGlass', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/oncall` }) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'BreakGlass', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }));
    const third = (await verify(gw))['admins-via-groups']!;
    expect(third.items).toContain(
      "oncall: named in an admin role's trust policy (with no policy of their own they can become role BreakGlass, which trusts oncall, has AWS managed IAMFullAccess: iam:* on *, so it can grant itself anything)",
    );
  });

  describe('admins-via-groups: admin roles principals outside the account can assume', () => {
    const iam = () => new IAMClient({ region: 'us-east-1' });
    const trust = (Principal: unknown, Condition?: object) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) }] });
    /** CreateRole with `trustPolicy`, then AttachRolePolicy of the AWS managed `policy` */
    async function role(name: string, trustPolicy: string, policy = 'AdministratorAccess') {
      await iam().send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy }));
      await iam().send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: `arn:aws:iam::aws:policy/${policy}` }));
    }

    it('a role trusting {"AWS": "*"} with no condition fails, naming the role; the fail alone makes the exit code 1', async () => {
      const gw = createSdkGateway({});
      await role('OpenDoor', trust({ AWS: '*' }));
      const c = (await verify(gw))['admins-via-groups']!;
      expect(c.status).toBe('fail');
      expect(c.detail).toBe(
        'Anyone with an AWS account can become admin: role OpenDoor: its trust policy admits any AWS principal (*) with no condition, and it has AWS managed AdministratorAccess: * on *.',
      );
      expect(c.items).toEqual(['role OpenDoor: its trust policy admits any AWS principal (*) with no condition, and it has AWS managed AdministratorAccess: * on *']);
      expect(c.fix).toContain('IAM → Roles → NAME → Trust relationships');
      expect(verifyExitCode([c])).toBe(1);
    });

    it('a fail outranks a user warning; both are listed, the fail first', async () => {
      const gw = createSdkGateway({});
      await role('OpenDoor', trust('*'));
      await gw.iam.createUser('bob', {});
      await iam().send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      const c = (await verify(gw))['admins-via-groups']!;
      expect(c.status).toBe('fail');
      expect(c.detail).toMatch(/^Anyone with an AWS account can become admin: role OpenDoor: .*\. Admin-equivalent rights given to a user directly: bob: AWS managed AdministratorAccess: \* on \*\.$/);
      expect(c.items).toHaveLength(2);
      // both fixes: the trust policy's and the user's
      expect(c.fix).toContain('never "*"');
      expect(c.fix).toContain('Put the user in the Administrators group');
    });

    it('"*" under an aws:PrincipalOrgID condition warns, naming the role and the condition key', async () => {
      const gw = createSdkGateway({});
      await role('OrgWide', trust({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } }));
      const c = (await verify(gw))['admins-via-groups']!;
      expect(c.status).toBe('warn');
      expect(c.items).toEqual([
        'role OrgWide: its trust policy admits any AWS principal (*) under a condition on aws:PrincipalOrgID, and it has AWS managed AdministratorAccess: * on *',
      ]);
      expect(c.detail).toBe(`Admin roles principals outside this account can assume: ${c.items![0]}.`);
      expect(c.fix).toContain('Check that the condition admits only principals you mean to make admin here');
    });

    it('a role trusting arn:aws:iam::999999999999:root warns, naming the account, with the fix', async () => {
      const gw = createSdkGateway({});
      await role('Partner', trust({ AWS: 'arn:aws:iam::999999999999:root' }));
      const c = (await verify(gw))['admins-via-groups']!;
      expect(c.status).toBe('warn');
      expect(c.items).toEqual([
        'role Partner: account 999999999999 can assume it (trusts arn:aws:iam::999999999999:root), and it has AWS managed AdministratorAccess: * on *',
      ]);
      expect(c.fix).toBe("Remove that account from the role's trust policy if it should not be admin here (IAM → Roles → NAME → Trust relationships).");
    });

    it('a non-admin role (ReadOnlyAccess) trusting "*" is not reported by this check', async () => {
      const gw = createSdkGateway({});
      await role('Auditors', trust({ AWS: '*' }), 'ReadOnlyAccess');
      const c = (await verify(gw))['admins-via-groups']!;
      expect(c.status, c.detail).toBe('pass');
      expect(c.detail).not.toContain('Auditors');
    });

    it('an admin role trusting only this account is unchanged: pass, the text says no admin role is reachable from another account', async () => {
      const gw = createSdkGateway({});
      await role('Admin', trust({ AWS: [`arn:aws:iam::${MOTO_ACCOUNT_ID}:root`, MOTO_ACCOUNT_ID] }));
      const c = (await verify(gw))['admins-via-groups']!;
      expect(c).toMatchObject({
        status: 'pass',
        detail:
          'No user among 0 has an admin-equivalent policy of their own (inline or attached), nor one letting them assume an admin role, nor is there an admin role that another account can assume; admin rights come through groups.',
      });
    });
  });

  it('a read throttled past the SDK retries makes its check unknown, saying why; never pass', async () => {
    await createSdkGateway({}).iam.createUser('alice', {});
    await viaProxy(async (proxy) => {
      proxy.setFault((call) => (call.action === 'GetAccountAuthorizationDetails' ? 'throttle' : null));
      const checks = await verify(createSdkGateway({}));
      expect(checks['admins-via-groups']).toMatchObject({ status: 'unknown', detail: expect.stringContaining('iam:GetAccountAuthorizationDetails') });
      expect(checks['admins-via-groups']!.detail).toMatch(/Throttl/);
      expect(verifyExitCode(Object.values(checks).filter((c) => c.status !== 'fail'))).toBe(2);
      // the SDK retried it (adaptive retries), and no per-user read was made
      const calls = proxy.calls();
      expect(calls.find((c) => c.action === 'GetAccountAuthorizationDetails')!.attempts).toBeGreaterThan(1);
      expect(calls.map((c) => c.action)).not.toContain('ListMFADevices');
    });
  });

  it('a busy or unreachable endpoint’s non-AWS reply (503, 429, 502, 504) makes the check unknown, never "not available"', async () => {
    await createSdkGateway({}).iam.createUser('alice', {});
    await viaProxy(async (proxy) => {
      for (const fault of FOREIGN_FAULTS) {
        proxy.clear();
        proxy.setFault((call) => (call.action === 'GetAccountAuthorizationDetails' ? fault : null));
        const checks = await verify(createSdkGateway({}));
        const c = checks['admins-via-groups']!;
        expect(c.status, fault).toBe('unknown');
        expect(c.detail, fault).toContain('iam:GetAccountAuthorizationDetails');
        expect(c.detail, fault).toContain(`HTTP ${fault.slice(-3)}`);
        expect(c.detail, fault).not.toMatch(/not available/);
        expect(c.fix, fault).toMatch(/Re-run/);
        // the SDK took it as transient and retried it
        expect(proxy.calls().find((x) => x.action === 'GetAccountAuthorizationDetails')!.attempts, fault).toBeGreaterThan(1);
      }
    });
  });

  it('makes as many AWS calls with 40 users as with one: no per-user read', async () => {
    const proxy = await startAwsProxy(motoUrl());
    const direct = process.env.AWS_ENDPOINT_URL;
    const gw0 = createSdkGateway({});
    const callsWith = async () => {
      proxy.clear();
      process.env.AWS_ENDPOINT_URL = proxy.url;
      try {
        await verify(createSdkGateway({}));
      } finally {
        process.env.AWS_ENDPOINT_URL = direct;
      }
      return proxy.calls().map((c) => c.id).sort();
    };
    try {
      await gw0.iam.createUser('user-0', {});
      const one = await callsWith();
      for (let i = 1; i < 40; i++) {
        await gw0.iam.createUser(`user-${i}`, {});
        if (i % 4 === 0) await gw0.iam.createLoginProfile(`user-${i}`, 'Correct-Horse-Battery-Staple-42', false);
      }
      const forty = await callsWith();
      // the credential report may take one more poll on one run than the other
      const steady = (ids: string[]) => ids.filter((id) => id !== 'iam:GenerateCredentialReport' && id !== 'iam:GetCredentialReport');
      expect(steady(forty)).toEqual(steady(one));
      expect(forty.length).toBeLessThanOrEqual(20);
    } finally {
      await proxy.close();
    }
  });

  it('unassigned-mfa-devices warns naming a virtual device left from an interrupted enrolment', async () => {
    const gw = createSdkGateway({});
    await new IAMClient({ region: 'us-east-1' }).send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone' }));
    const c = (await verify(gw))['unassigned-mfa-devices']!;
    expect(c).toMatchObject({ status: 'warn', detail: expect.stringContaining('alice-phone') });
  });

  it('an IAM user holding only policies/verify.json gets no AccessDenied, and the policy holds only actions verify calls', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const setup = createSdkGateway({});
    // fourteen unchecked set-up calls, then moto checks every call against the user's policy:
    // user, policy, key, then the alert chain (topic, its policy read and written, subscribe,
    // rule, targets, trail: bucket, create, start, selectors) and a second user
    await resetAuth(14);
    await setup.iam.createUser('auditor', {});
    await iam.send(new PutUserPolicyCommand({ UserName: 'auditor', PolicyName: 'mvsp-verify', PolicyDocument: JSON.stringify(POLICY) }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
    await alertRule(setup);
    await setup.iam.createUser('bob', {});
    process.env.AWS_ACCESS_KEY_ID = key.AccessKey?.AccessKeyId ?? '';
    process.env.AWS_SECRET_ACCESS_KEY = key.AccessKey?.SecretAccessKey ?? '';

    const called = new Set<string>();
    const checks = await verify(recording(createSdkGateway({}), called));
    for (const c of Object.values(checks)) expect(c.detail, c.id).not.toMatch(/access denied/i);
    expect(checks['root-login-alert']!.status).toBe('pass');
    const allowed = POLICY.Statement.flatMap((s) => s.Action).sort();
    // iam:ListMFADevices counts users' devices only when root has a virtual MFA device,
    // which moto cannot give root (test/unit/verify-root-hardware.test.ts covers that read):
    // here the auditor calls it directly, under the same enforcement
    // iam:GetLoginProfile (with ListMFADevices) reads users created after a credential report
    // AWS still answers with; moto makes a new report each time (the replay test covers it)
    const rootOnly = ['iam:ListMFADevices', 'iam:GetLoginProfile'];
    expect([...called].sort()).toEqual(allowed.filter((a) => !rootOnly.includes(a)));
    await expect(createSdkGateway({}).iam.listMfaDevices('bob')).resolves.toEqual([]);
    await expect(createSdkGateway({}).iam.getLoginProfile('bob')).resolves.toBeNull();
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

  /** verify as an IAM user holding policies/verify.json without `gone`, over a whole alert chain. */
  async function verifyLacking(gone: string[]) {
    const iam = new IAMClient({ region: 'us-east-1' });
    const lacking = { ...POLICY, Statement: POLICY.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => !gone.includes(a)) })) };
    const setup = createSdkGateway({});
    await resetAuth(13);
    await setup.iam.createUser('auditor', {});
    await iam.send(new PutUserPolicyCommand({ UserName: 'auditor', PolicyName: 'mvsp-verify', PolicyDocument: JSON.stringify(lacking) }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
    await alertRule(setup);
    process.env.AWS_ACCESS_KEY_ID = key.AccessKey?.AccessKeyId ?? '';
    process.env.AWS_SECRET_ACCESS_KEY = key.AccessKey?.SecretAccessKey ?? '';
    return verify(createSdkGateway({}));
  }

  // The same control for the reads added with the alert chain and authorization details.
  it('without iam:GetAccountAuthorizationDetails or sns:ListSubscriptionsByTopic, those checks are unknown and name it; exit 2', async () => {
    const checks = await verifyLacking(['iam:GetAccountAuthorizationDetails', 'sns:ListSubscriptionsByTopic']);
    expect(checks['admins-via-groups']).toMatchObject({ status: 'unknown', detail: expect.stringContaining('iam:GetAccountAuthorizationDetails') });
    expect(checks['root-login-alert']).toMatchObject({ status: 'unknown', detail: expect.stringContaining('sns:ListSubscriptionsByTopic') });
    expect(verifyExitCode(Object.values(checks).filter((c) => c.status !== 'fail'))).toBe(2);
  });

  // The same control for the subscription filter read: without it the alert is unknown, never pass.
  it('without sns:GetSubscriptionAttributes, root-login-alert is unknown and names it', async () => {
    const checks = await verifyLacking(['sns:GetSubscriptionAttributes']);
    expect(checks['root-login-alert']).toMatchObject({ status: 'unknown', detail: expect.stringContaining('sns:GetSubscriptionAttributes') });
  });
});

/** The IAM actions behind each gateway method verify may use; anything else is recorded as unmapped. */
const ACTIONS: Record<string, string | string[]> = {
  'sts.getCallerIdentity': 'sts:GetCallerIdentity',
  'iam.listAccountAliases': 'iam:ListAccountAliases',
  'iam.getAccountSummary': 'iam:GetAccountSummary',
  'iam.generateCredentialReport': 'iam:GenerateCredentialReport',
  'iam.getCredentialReport': 'iam:GetCredentialReport',
  'iam.listVirtualMfaDevices': 'iam:ListVirtualMFADevices',
  'iam.listMfaDevices': 'iam:ListMFADevices',
  'iam.getLoginProfile': 'iam:GetLoginProfile',
  'iam.getPasswordPolicy': 'iam:GetAccountPasswordPolicy',
  'iam.getAccountAuthorizationDetails': 'iam:GetAccountAuthorizationDetails',
  'account.getAlternateContact': 'account:GetAlternateContact',
  'events.listRules': 'events:ListRules',
  'events.listTargetsByRule': 'events:ListTargetsByRule',
  'sns.listSubscriptionsByTopic': 'sns:ListSubscriptionsByTopic',
  'sns.getTopicAttributes': 'sns:GetTopicAttributes',
  'sns.getSubscriptionAttributes': 'sns:GetSubscriptionAttributes',
  // DescribeTrails, then GetTrailStatus and GetEventSelectors for each trail
  'cloudtrail.describeTrails': ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
};

function recording(gw: Gateway, called: Set<string>): Gateway {
  const wrap = <T extends object>(service: string, port: T): T =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          for (const a of [ACTIONS[`${service}.${String(prop)}`] ?? `unmapped:${service}.${String(prop)}`].flat()) called.add(a);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return { ...gw, kind: gw.kind, sts: wrap('sts', gw.sts), iam: wrap('iam', gw.iam), account: wrap('account', gw.account), events: wrap('events', gw.events), sns: wrap('sns', gw.sns), cloudtrail: wrap('cloudtrail', gw.cloudtrail) };
}

interface DocCheck {
  id: string;
  status: string;
  detail: string;
  fix: string;
  items?: string[];
}

/** The body's SDK gateways talk to moto through a recording proxy (AWS_ENDPOINT_URL pointed at it meanwhile). */
async function viaProxy(body: (proxy: AwsProxy) => Promise<void>): Promise<void> {
  const proxy = await startAwsProxy(motoUrl());
  const direct = process.env.AWS_ENDPOINT_URL;
  try {
    process.env.AWS_ENDPOINT_URL = proxy.url;
    await body(proxy);
  } finally {
    process.env.AWS_ENDPOINT_URL = direct;
    await proxy.close();
  }
}

/**
 * The built binary's `verify --ci --json` through a recording proxy in front of moto (its
 * own home folder); `body` sets the proxy up and runs verify as often as it needs.
 */
async function throughProxy(body: (proxy: AwsProxy, verifyJson: () => Promise<{ code: number | null; stderr: string; checks: DocCheck[] }>) => Promise<void>) {
  const proxy = await startAwsProxy(motoUrl());
  const sandbox = makeHome(proxy.url);
  const verifyJson = async () => {
    const r = await runCli(['verify', '--ci', '--json'], { env: sandbox.env, cwd: sandbox.cwd, timeoutMs: 60_000 });
    return { code: r.code, stderr: r.stderr, checks: (JSON.parse(r.stdout) as { checks: DocCheck[] }).checks };
  };
  try {
    await body(proxy, verifyJson);
  } finally {
    await proxy.close();
    sandbox.remove();
  }
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

  it('the alert set up by the step names its address; once an attacker address replaces it, verify warns naming the one set up', async () => {
    await loggingTrail();
    const answers = join(home, 'answers.json');
    writeFileSync(answers, JSON.stringify({ alert: { enabled: true, email: 'sec@acme.com', trail: false } }));
    const setup = run(['--ci', '--yes', '--steps', 'alert', '--answers', answers]);
    expect(setup.code, setup.stdout + setup.stderr).toBe(0);
    const alertCheck = () => (JSON.parse(run(['verify', '--ci', '--json']).stdout) as { checks: DocCheck[] }).checks.find((c) => c.id === 'root-login-alert')!;
    // moto confirms an email subscription at once
    expect(alertCheck()).toMatchObject({ status: 'pass', detail: expect.stringContaining('Confirmed recipients: email sec@acme.com.') });
    const sns = new SNSClient({ region: 'us-east-1' });
    const topic = `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:mvsp-root-signin-alert`;
    for (const x of (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions ?? []) {
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: x.SubscriptionArn }));
    }
    await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'attacker@evil.example' }));
    const c = alertCheck();
    expect(c.status, c.detail).toBe('warn');
    expect(c.detail).toContain('Confirmed recipients: email attacker@evil.example. The alert address, sec@acme.com, is not a confirmed recipient');
    expect(c.items).toEqual(['email attacker@evil.example']);
  });

  it('--json: an admin role anyone with an AWS account can assume is a fail naming it (exit 1)', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const before = run(['verify', '--ci', '--json']);
    const adminsCheck = (stdout: string) => (JSON.parse(stdout) as { checks: DocCheck[] }).checks.find((c) => c.id === 'admins-via-groups')!;
    expect(adminsCheck(before.stdout).status).toBe('pass');
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'OpenDoor', AssumeRolePolicyDocument: trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'OpenDoor', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const r = run(['verify', '--ci', '--json']);
    // moto has no root user, so root-mfa fails too: exit 1 either way; the check's own status is the point
    expect(r.code, r.stderr).toBe(1);
    const c = adminsCheck(r.stdout);
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('Anyone with an AWS account can become admin: role OpenDoor');
  });

  it('a runner without the local record (the monthly job) knows the alert address only from --alert-email, and then fails (exit 1)', async () => {
    await loggingTrail();
    const answers = join(home, 'answers.json');
    writeFileSync(answers, JSON.stringify({ alert: { enabled: true, email: 'sec@acme.com', trail: false } }));
    expect(run(['--ci', '--yes', '--steps', 'alert', '--answers', answers]).code).toBe(0);
    const sns = new SNSClient({ region: 'us-east-1' });
    const topic = `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:mvsp-root-signin-alert`;
    for (const x of (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions ?? []) {
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: x.SubscriptionArn }));
    }
    await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'attacker@evil.example' }));
    // another machine: a fresh home, so no local record of the address
    const runner = mkdtempSync(join(tmpdir(), 'mvsp-runner-'));
    try {
      const onRunner = (extra: string[]) => {
        const r = run(['verify', '--ci', '--json', ...extra], { HOME: runner, XDG_DATA_HOME: join(runner, 'data') });
        const doc = JSON.parse(r.stdout) as { checks: DocCheck[] };
        return { code: r.code, check: doc.checks.find((c) => c.id === 'root-login-alert')! };
      };
      // without the flag the runner cannot tell: the chain works, to whoever is subscribed
      expect(onRunner([]).check).toMatchObject({ status: 'pass', items: ['email attacker@evil.example'] });
      const flagged = onRunner(['--alert-email', 'sec@acme.com']);
      // a requirement not met: a fail, so the scheduled job's exit code shows it
      expect(flagged.check.status, flagged.check.detail).toBe('fail');
      expect(flagged.code).toBe(1);
      expect(flagged.check.detail).toContain('The alert address, sec@acme.com, is not a confirmed recipient: root sign-ins do not reach it.');
      expect(flagged.check.fix).toContain('Subscribe sec@acme.com again');
      // the address subscribed again: pass with the flag too
      await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'sec@acme.com' }));
      expect(onRunner(['--alert-email', 'sec@acme.com']).check.status).toBe('pass');
      // the flag wins over the local record
      expect(run(['verify', '--ci', '--json', '--alert-email', 'other@acme.com']).stdout).toContain('The alert address, other@acme.com, is not a confirmed recipient');
      // the alert gone altogether: the address required gets nothing, a fail too
      await new EventBridgeClient({ region: 'us-east-1' }).send(new DisableRuleCommand({ Name: 'mvsp-root-signin' }));
      const gone = onRunner(['--alert-email', 'sec@acme.com']);
      expect(gone.check).toMatchObject({ status: 'fail', detail: expect.stringContaining('The alert address, sec@acme.com, gets no root sign-in alert.') });
      // without the flag, no alert is the table's warn
      expect(onRunner([]).check.status).toBe('warn');
    } finally {
      rmSync(runner, { recursive: true, force: true });
    }
  });

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
    // with the credential report's GeneratedTime, which the next run compares root's use with
    expect(Date.parse(record.checks[0]!.reportGeneratedAt ?? '')).not.toBeNaN();
  });

  it('seven console users without MFA: the detail names five and "2 more", the JSON items and the .md report name all seven', async () => {
    const gw = createSdkGateway({});
    const names = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus'];
    for (const n of names) {
      await gw.iam.createUser(n, {});
      await gw.iam.createLoginProfile(n, 'Correct-Horse-Battery-Staple-42', true);
    }
    const r = run(['verify', '--ci', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as { checks: { id: string; detail: string; items?: string[] }[] };
    const ajv = new Ajv({ allErrors: true });
    ajv.validate(SCHEMA, doc);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
    const usersMfa = doc.checks.find((c) => c.id === 'users-mfa')!;
    expect(usersMfa.detail).toBe('Console password but no MFA: ann, ben, cat, dan, eve and 2 more.');
    expect(usersMfa.items).toEqual(names);
    // a check that names nothing carries no items
    expect(doc.checks.find((c) => c.id === 'root-mfa')).not.toHaveProperty('items');
    const md = readFileSync(/report written to (\S+\.md)/.exec(r.stderr)![1]!, 'utf8');
    expect(md).toContain(`  - All 7:\n${names.map((n) => `    - ${n}`).join('\n')}\n`);
  });

  it('sends every read that does not need the caller before the caller is known, each once', async () => {
    // sts:GetCallerIdentity is held until every caller-independent read has arrived; a
    // product that waited for the caller first would only send them when the ceiling lets it go
    const early = [
      'iam:GenerateCredentialReport',
      'iam:GetAccountAuthorizationDetails',
      'iam:GetAccountSummary',
      'iam:ListVirtualMFADevices',
      'iam:GetAccountPasswordPolicy',
      'account:GetAlternateContact',
      'events:ListRules',
      'cloudtrail:DescribeTrails',
    ];
    await throughProxy(async (proxy, verifyJson) => {
      let callerHeld = true;
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const ceiling = setTimeout(() => {
        callerHeld = false;
        release();
      }, 20_000);
      const seenWhileHeld = new Set<string>();
      proxy.setHold((call) => {
        if (call.id === 'sts:GetCallerIdentity') return released;
        if (early.includes(call.id) && callerHeld) {
          seenWhileHeld.add(call.id);
          if (seenWhileHeld.size === early.length) release();
        }
        return null;
      });
      try {
        const r = await verifyJson();
        expect(r.code, r.stderr).toBe(1);
        expect([...seenWhileHeld].sort()).toEqual([...early].sort());
        const ids = proxy.calls().map((c) => c.id);
        expect(ids.filter((id) => id === 'iam:GetAccountAuthorizationDetails')).toHaveLength(1);
        expect(ids.filter((id) => id === 'iam:GetCredentialReport')).toHaveLength(1);
        // what they read is judged as before: neither check is unknown
        const statusOf = (id: string) => r.checks.find((c) => c.id === id)?.status;
        expect([statusOf('admins-via-groups'), statusOf('users-mfa'), statusOf('stale-credentials')]).toEqual(['pass', 'pass', 'pass']);
      } finally {
        clearTimeout(ceiling);
        release();
      }
    });
  });

  it('a user given a password after the credential report AWS still answers with fails users-mfa, named', async () => {
    // AWS answers GenerateCredentialReport with the same report for four hours; moto makes a
    // new one each time, so the proxy replays the first report, as AWS would
    await throughProxy(async (proxy, verifyJson) => {
      let firstReport: string | null = null;
      proxy.setRewrite((call, body) => {
        if (call.id !== 'iam:GetCredentialReport' || call.status !== 200) return null;
        firstReport ??= body;
        return firstReport;
      });
      const usersMfa = async () => (await verifyJson()).checks.find((c) => c.id === 'users-mfa')!;
      expect(await usersMfa()).toMatchObject({ status: 'pass', detail: expect.stringContaining('No IAM user has a console password (credential report of ') });
      const gw = createSdkGateway({});
      await gw.iam.createUser('mallory', {});
      await gw.iam.createLoginProfile('mallory', 'Correct-Horse-Battery-Staple-42', false);
      await gw.iam.createUser('carol', {});
      expect(await usersMfa()).toMatchObject({ status: 'fail', detail: 'Console password but no MFA: mallory.' });
      const late = proxy.calls().filter((c) => c.id === 'iam:GetLoginProfile').map((c) => c.body);
      expect(late.some((b) => b.includes('UserName=mallory')) && late.some((b) => b.includes('UserName=carol'))).toBe(true);
    });
  });

  it('a credential report AWS kept from an hour ago: a password added and an MFA device removed since are seen (every user read directly)', async () => {
    const gw = createSdkGateway({});
    await gw.iam.createUser('svc-deploy', {});
    await gw.iam.createUser('carol', {});
    await gw.iam.createLoginProfile('carol', 'Correct-Horse-Battery-Staple-42', false);
    // moto takes any two codes
    const serial = (await gw.iam.createVirtualMfaDevice('carol', {})).serial;
    await gw.iam.enableMfaDevice('carol', serial, '123456', '654321');
    await throughProxy(async (proxy, verifyJson) => {
      // the first report, replayed as AWS does for four hours, made an hour before this run
      let firstReport: string | null = null;
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      proxy.setRewrite((call, body) => {
        if (call.id !== 'iam:GetCredentialReport' || call.status !== 200) return null;
        firstReport ??= body.replace(/<GeneratedTime>[^<]*<\/GeneratedTime>/, `<GeneratedTime>${hourAgo}</GeneratedTime>`);
        return firstReport;
      });
      const usersMfa = async () => (await verifyJson()).checks.find((c) => c.id === 'users-mfa')!;
      expect(await usersMfa()).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^All 1 IAM user\(s\) with a console password have MFA \(read one by one: the credential report of .* is 60 minutes old\)\.$/) });
      // a console password for the key-only user, and carol's MFA taken away: the old report shows neither
      await gw.iam.createLoginProfile('svc-deploy', 'Correct-Horse-Battery-Staple-42', false);
      await gw.iam.deactivateMfaDevice('carol', serial);
      const after = await usersMfa();
      expect(after.status).toBe('fail');
      expect((after as { items?: string[] }).items?.slice().sort()).toEqual(['carol', 'svc-deploy']);
    });
  });

  it('an unsubscribed recipient (SNS lists the subscription as Deleted for a while) is no subscriber: root-login-alert is not a pass', async () => {
    await alertRule(createSdkGateway({}));
    await throughProxy(async (proxy, verifyJson) => {
      // moto removes an unsubscribed subscription at once; AWS first lists it as "Deleted"
      proxy.setRewrite((call, body) => (call.id === 'sns:ListSubscriptionsByTopic' ? body.replace(/<SubscriptionArn>[^<]*<\/SubscriptionArn>/g, '<SubscriptionArn>Deleted</SubscriptionArn>') : null));
      const alert = (await verifyJson()).checks.find((c) => c.id === 'root-login-alert')!;
      expect(alert.status, alert.detail).toBe('warn');
      expect(alert.detail).not.toContain('confirmed subscription');
    });
  });

  it('a proxy answering every read with a plain-text 503: each check unknown, none "not available", exit 2', async () => {
    await throughProxy(async (proxy, verifyJson) => {
      // who the caller is and the account alias are read first; every check's read is busy
      proxy.setFault((call) => (call.id === 'sts:GetCallerIdentity' || call.id === 'iam:ListAccountAliases' ? null : 'proxy-503'));
      const r = await verifyJson();
      expect(r.code, r.stderr).toBe(2);
      const read = r.checks.filter((c) => c.id !== 'root-access-attested');
      expect(read.map((c) => [c.id, c.status])).toEqual(read.map((c) => [c.id, 'unknown']));
      for (const c of r.checks) expect(c.detail, c.id).not.toMatch(/not available/);
      expect(read.every((c) => c.detail.includes('HTTP 503')), JSON.stringify(read)).toBe(true);
    });
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

  it.each<[keyof typeof BROKEN_CHAINS, 'warn' | 'unknown', string]>([
    ['filter', 'warn', 'filter policy tests message attributes, which EventBridge does not send'],
    ['kms', 'warn', 'encrypted with the AWS managed key alias/aws/sns, which EventBridge cannot use'],
    ['srcacct', 'warn', 'does not allow EventBridge (events.amazonaws.com) to publish from this rule'],
    ['notlike', 'unknown', 'condition this check does not evaluate (ArnNotLike on aws:SourceArn)'],
    ['noglobal', 'warn', 'trail org-trail leaves them out (IncludeGlobalServiceEvents false)'],
  ])('--ci --json: root-login-alert is never pass for a chain that delivers nothing (%s)', async (state, want, detail) => {
    await BROKEN_CHAINS[state]();
    const r = run(['verify', '--ci', '--json']);
    const doc = JSON.parse(r.stdout) as { checks: { id: string; status: string; detail: string; fix: string }[] };
    const c = doc.checks.find((x) => x.id === 'root-login-alert')!;
    expect(c.status, c.detail).toBe(want);
    expect(c.detail).toContain(detail);
    expect(c.fix).not.toBe('Nothing to do.');
  });

  it('--ci --json: the same chain passes with a filter on the message body that lets root sign-ins through, and an Allow for this account', async () => {
    await alertRule(createSdkGateway({}), { policy: 'default' });
    await eventsPolicy({ StringEquals: { 'aws:SourceAccount': MOTO_ACCOUNT_ID }, ArnLike: { 'aws:SourceArn': `arn:aws:events:us-east-1:${MOTO_ACCOUNT_ID}:rule/*` } });
    const sns = new SNSClient({ region: 'us-east-1' });
    const sub = ((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }))).Subscriptions ?? [])[0]!.SubscriptionArn;
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'FilterPolicyScope', AttributeValue: 'MessageBody' }));
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'FilterPolicy', AttributeValue: '{"detail":{"userIdentity":{"type":["Root"]}}}' }));
    const r = run(['verify', '--ci', '--json']);
    const c = (JSON.parse(r.stdout) as { checks: { id: string; status: string; detail: string }[] }).checks.find((x) => x.id === 'root-login-alert')!;
    expect(c.status, c.detail).toBe('pass');
  });
});
