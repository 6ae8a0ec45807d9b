// The root sign-in alert against moto through the real SDK adapter; the end state is
// read back with the SDK's own clients, not through the gateway under test.
import { EventBridgeClient, DescribeRuleCommand, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand, SNSClient, CreateTopicCommand, SetSubscriptionAttributesCommand, SetTopicAttributesCommand } from '@aws-sdk/client-sns';
import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, runCli, STACK_TRACE } from '../helpers/cli-run.js';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { ALERT_RULE, ALERT_TOPIC, alertTodo, inspect, plan, ROOT_SIGNIN_PATTERN, trailCovers } from '../../src/steps/alert.js';
import { TRAIL_NAME, trailBucketName } from '../../src/steps/trail.js';
import { runActions } from '../../src/steps/run-actions.js';
import type { StepContext } from '../../src/steps/types.js';
import { definition as alertStep } from '../../src/steps/day-one/alert.js';
import { runSteps } from '../../src/steps/run-steps.js';
import { lineStepIO } from '../../src/headless/line-presenter.js';
import type { HeadlessIO } from '../../src/headless/types.js';
import type { Answers } from '../../src/answers.js';
import type { Preflight } from '../../src/steps/preflight.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { MOTO_ACCOUNT_ID, motoUrl, useMoto } from '../helpers/moto.js';
import { runVerify } from '../../src/steps/verify.js';

useMoto();


/** The alert step's flow through the run loop with the line presenter (--ci), as `setup --ci --steps alert` runs it. */
async function alertLines(ctx: StepContext, input: { answers: object; preflight: Preflight }, io: HeadlessIO) {
  const run = await runSteps({ ctx, preflight: input.preflight, answers: input.answers as Answers, defs: [alertStep], ioFor: () => lineStepIO(io, 'alert') });
  return run.results[0]!.outcome;
}

const now = () => new Date('2026-11-24T12:00:00Z');
const TOPIC_ARN = `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:${ALERT_TOPIC}`;
const sns = () => new SNSClient({ region: 'us-east-1' });
const events = () => new EventBridgeClient({ region: 'us-east-1' });
const s3 = () => new S3Client({ region: 'us-east-1' });
const cloudtrail = (region = 'us-east-1') => new CloudTrailClient({ region });
const BUCKET = trailBucketName(MOTO_ACCOUNT_ID);
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MOTO_ACCOUNT_ID}:trail/${TRAIL_NAME}`;
const ALERT_CALLS = ['events:PutRule', 'events:PutTargets', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe'];
const TRAIL_CALLS = [
  's3:CreateBucket',
  's3:PutBucketTagging',
  's3:PutBucketPublicAccessBlock',
  's3:PutEncryptionConfiguration',
  's3:PutBucketPolicy',
  'cloudtrail:CreateTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:StartLogging',
];

/** A bucket made outside the product (moto's CreateTrail wants one); a bare signed PUT does it. */
async function makeBucket(name: string): Promise<void> {
  const r = await fetch(`${motoUrl()}/${name}`, {
    method: 'PUT',
    headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' },
  });
  expect(r.ok).toBe(true);
}

async function context(): Promise<StepContext> {
  const aws = createSdkGateway({});
  return { aws, caller: await aws.sts.getCallerIdentity(), now, randomBytes: (n) => new Uint8Array(n) };
}

async function runAlert(ctx: StepContext, email = 'security@acme.com', trail?: boolean) {
  const p = plan(await inspect(ctx), { email, callerArn: ctx.caller.arn, now: now(), ...(trail === undefined ? {} : { trail }) });
  const result = await runActions(p.actions, ctx);
  return { p, result };
}

describe('root sign-in alert on moto', () => {
  it('creates topic, policy, email subscription, rule and target; a second run plans nothing', async () => {
    const ctx = await context();
    // the trail declined: the alert's own parts (the trail has its tests below)
    const { p, result } = await runAlert(ctx, 'security@acme.com', false);
    expect(result.ok).toBe(true);
    expect(p.actions.map((a) => a.call).sort()).toEqual(
      ['events:PutRule', 'events:PutTargets', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe'].sort(),
    );

    const attrs = (await sns().send(new GetTopicAttributesCommand({ TopicArn: TOPIC_ARN }))).Attributes ?? {};
    const policy = JSON.parse(attrs.Policy ?? '{}') as { Statement: { Sid?: string; Principal?: { Service?: string }; Action?: string; Resource?: string; Condition?: unknown }[] };
    const ours = policy.Statement.find((s) => s.Principal?.Service === 'events.amazonaws.com');
    expect(ours).toMatchObject({ Action: 'sns:Publish', Resource: TOPIC_ARN });
    expect(ours?.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': `arn:aws:events:us-east-1:${MOTO_ACCOUNT_ID}:rule/${ALERT_RULE}` } });
    // AWS's default statement is still there
    expect(policy.Statement.length).toBeGreaterThanOrEqual(2);

    const tags = (await sns().send(new ListTagsForResourceCommand({ ResourceArn: TOPIC_ARN }))).Tags ?? [];
    expect(tags.map((t) => t.Key)).toContain('mvsp-setup:created-by');

    const subs = (await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }))).Subscriptions ?? [];
    expect(subs).toHaveLength(1);
    // AWS lists an email subscription as PendingConfirmation until the link is clicked;
    // moto confirms it at once (the sandbox test covers the pending case).
    expect(subs[0]).toMatchObject({ Protocol: 'email', Endpoint: 'security@acme.com', TopicArn: TOPIC_ARN });

    const rule = await events().send(new DescribeRuleCommand({ Name: ALERT_RULE }));
    expect(rule.EventPattern).toBe(ROOT_SIGNIN_PATTERN);
    expect(JSON.parse(rule.EventPattern ?? '')).toEqual({
      'detail-type': ['AWS Console Sign In via CloudTrail'],
      detail: { userIdentity: { type: ['Root'] } },
    });
    expect(rule.State).toBe('ENABLED');
    const targets = (await events().send(new ListTargetsByRuleCommand({ Rule: ALERT_RULE }))).Targets ?? [];
    expect(targets.map((t) => t.Arn)).toEqual([TOPIC_ARN]);

    // moto has no trail by default: the plan says what the rule needs
    expect(p.notes?.join(' ')).toMatch(/no CloudTrail trail/);
    expect(alertTodo(p).join(' ')).toMatch(/Confirm the alert email.*security@acme.com/);

    const again = plan(await inspect(ctx), { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now(), trail: false });
    expect(again.actions).toEqual([]);
    expect(again.existing.map((e) => e.summary).join('\n')).toMatch(/Email subscription for security@acme.com/);
  });

  it('keeps the statements of an existing topic policy and sees a logging trail', async () => {
    const created = await sns().send(new CreateTopicCommand({ Name: ALERT_TOPIC }));
    const other = { Sid: 'SomeoneElse', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: created.TopicArn };
    await sns().send(new SetTopicAttributesCommand({ TopicArn: created.TopicArn, AttributeName: 'Policy', AttributeValue: JSON.stringify({ Version: '2012-10-17', Statement: [other] }) }));
    // moto's CreateTrail wants an existing bucket; a bare PUT makes one (see gateway-moto.test.ts)
    const bucket = await fetch(`${motoUrl()}/trail-bucket`, {
      method: 'PUT',
      headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' },
    });
    expect(bucket.ok).toBe(true);
    const ct = new CloudTrailClient({ region: 'us-east-1' });
    await ct.send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: 'trail-bucket', IsMultiRegionTrail: true }));
    await ct.send(new StartLoggingCommand({ Name: 'org-trail' }));
    // AWS gives a new trail a management-events selector by default; moto gives it none
    await ct.send(new PutEventSelectorsCommand({ TrailName: 'org-trail', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));

    const ctx = await context();
    const { p, result } = await runAlert(ctx);
    expect(result.ok).toBe(true);
    expect(p.actions.map((a) => a.call)).not.toContain('sns:CreateTopic');
    expect(p.trail.ok).toBe(true);
    expect(p.notes).toEqual([]);
    const attrs = (await sns().send(new GetTopicAttributesCommand({ TopicArn: TOPIC_ARN }))).Attributes ?? {};
    const sids = (JSON.parse(attrs.Policy ?? '{}') as { Statement: { Sid?: string }[] }).Statement.map((s) => s.Sid);
    expect(sids).toEqual(['SomeoneElse', 'AllowEventBridgeRootSignInAlert']);
  });

  it('--ci without --yes only shows the plan; with --yes applies; then nothing to do', async () => {
    const ctx = await context();
    const lines: string[] = [];
    const io = (yes: boolean) => ciIO((t) => lines.push(t), { yes });
    const input = { answers: { contacts: { security: { email: 'security@acme.com' } } }, shared: {}, preflight: { caller: ctx.caller, alias: null, aliasReadable: true, cloudShell: false, sandbox: false } };
    expect((await alertLines(ctx, input, io(false))).status).toBe('pending');
    expect((await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN })).catch(() => null))?.Subscriptions ?? []).toEqual([]);
    const done = await alertLines(ctx, input, io(true));
    expect(done.status).toBe('done');
    expect(done.todo?.join(' ')).toMatch(/Confirm the alert email/);
    lines.length = 0;
    // already in place: said, nothing planned or applied
    const again = await alertLines(ctx, input, io(true));
    expect(again).toMatchObject({ status: 'done', summary: expect.arrayContaining(['already in place']) });
    expect(lines.join('\n')).toContain('alert: ✔ Rule mvsp-root-signin');
    expect(lines.join('\n')).not.toMatch(/alert: plan|\+ /);
  });
});

describe('the alert step does not call a chain done that cannot deliver, on moto', () => {
  const DENY = { Sid: 'NoEvents', Effect: 'Deny', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: TOPIC_ARN };
  const preflightOf = (ctx: StepContext): Preflight => ({ caller: ctx.caller, alias: null, aliasReadable: true, cloudShell: false, sandbox: false });
  const answers = { alert: { email: 'security@acme.com', trail: false } };

  async function stepLines(ctx: StepContext) {
    const lines: string[] = [];
    const outcome = await alertLines(ctx, { answers, preflight: preflightOf(ctx) }, ciIO((t) => lines.push(t), { yes: true }));
    return { outcome, out: lines.join('\n') };
  }

  async function setTopic(name: string, value: string) {
    await sns().send(new SetTopicAttributesCommand({ TopicArn: TOPIC_ARN, AttributeName: name, AttributeValue: value }));
  }

  it('a Deny for EventBridge in the existing topic policy: said, the step failed, nothing created; the binary exits 1', async () => {
    await sns().send(new CreateTopicCommand({ Name: ALERT_TOPIC }));
    await setTopic('Policy', JSON.stringify({ Version: '2012-10-17', Statement: [DENY] }));
    const ctx = await context();
    const { outcome, out } = await stepLines(ctx);
    expect(outcome.status).toBe('failed');
    expect(out).toContain(`The access policy of topic ${ALERT_TOPIC} denies EventBridge sns:Publish`);
    expect(out).not.toMatch(/Root sign-ins now email/);
    expect(outcome.todo?.join(' ')).toMatch(/Remove that Deny/);
    // nothing applied: no rule, no subscription, the policy as it was
    expect((await events().send(new ListRulesCommand({}))).Rules ?? []).toEqual([]);
    expect((await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }))).Subscriptions ?? []).toEqual([]);
    const policy = JSON.parse((await sns().send(new GetTopicAttributesCommand({ TopicArn: TOPIC_ARN }))).Attributes?.Policy ?? '{}') as { Statement: unknown[] };
    expect(policy.Statement).toEqual([DENY]);

    const home = makeHome(motoUrl());
    try {
      writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify(answers));
      const r = await runCli(['setup', '--ci', '--yes', '--steps', 'alert', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd, timeoutMs: 60_000 });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain('alert: ✖ The access policy of topic mvsp-root-signin-alert denies EventBridge sns:Publish');
      expect(r.stdout).toMatch(/alert: failed — root sign-in alert blocked: nothing changed/);
      expect(r.stdout).not.toMatch(/alert: done/);
      expect(r.stdout).not.toMatch(STACK_TRACE);
    } finally {
      home.remove();
    }
  });

  it('"already in place" is not said when the topic uses the AWS managed key, or the email subscription filters the alert out', async () => {
    const ctx = await context();
    expect((await runAlert(ctx, 'security@acme.com', false)).result.ok).toBe(true);
    expect((await stepLines(ctx)).outcome.summary).toContain('already in place');

    await setTopic('KmsMasterKeyId', 'alias/aws/sns');
    const kms = await stepLines(ctx);
    expect(kms.outcome.status).toBe('failed');
    expect(kms.out).toContain('encrypted with the AWS managed key alias/aws/sns, which EventBridge cannot use');
    expect(kms.out).not.toMatch(/already in place/);

    await setTopic('KmsMasterKeyId', '');
    const sub = ((await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }))).Subscriptions ?? [])[0]!.SubscriptionArn;
    await sns().send(new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'FilterPolicy', AttributeValue: '{"nothing":["never"]}' }));
    const filtered = await stepLines(ctx);
    expect(filtered.outcome.status).toBe('failed');
    expect(filtered.out).toContain('The subscription for security@acme.com: its filter policy tests message attributes');
    expect(filtered.outcome.todo?.join(' ')).toMatch(/Remove the filter policy/);
  });

  it('a customer managed key: done, with the key policy to check as a to-do', async () => {
    const ctx = await context();
    expect((await runAlert(ctx, 'security@acme.com', false)).result.ok).toBe(true);
    const key = `arn:aws:kms:us-east-1:${MOTO_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    await setTopic('KmsMasterKeyId', key);
    const { outcome, out } = await stepLines(ctx);
    expect(outcome.status).toBe('done');
    expect(out).toContain(`encrypted with KMS key ${key}, whose key policy is not read here`);
    expect(outcome.todo?.join(' ')).toContain(`key policy of KMS key ${key} grants events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt`);
  });

  it('a single-region us-east-1 trail without global service events does not cover sign-ins: the plan makes mvsp-trail', async () => {
    await makeBucket('org-logs');
    await cloudtrail().send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: 'org-logs', IsMultiRegionTrail: false, IncludeGlobalServiceEvents: false }));
    await cloudtrail().send(new PutEventSelectorsCommand({ TrailName: 'org-trail', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
    await cloudtrail().send(new StartLoggingCommand({ Name: 'org-trail' }));
    const ctx = await context();
    const state = await inspect(ctx);
    expect(state.trail.trails?.map((t) => [t.name, t.includeGlobalServiceEvents])).toEqual([['org-trail', false]]);
    expect(state.trail.ok).toBe(false);
    const { p, result } = await runAlert(ctx);
    expect(result.ok).toBe(true);
    expect(p.notes?.join(' ')).toContain('trail org-trail leaves out global service events');
    expect(p.actions.map((a) => a.call)).toEqual(expect.arrayContaining(['cloudtrail:CreateTrail', 'cloudtrail:StartLogging']));
    const ours = (await cloudtrail().send(new GetTrailCommand({ Name: TRAIL_NAME }))).Trail;
    expect(ours).toMatchObject({ IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true });
    expect((await inspect(ctx)).trail.ok).toBe(true);
  });
});

describe('the trail the alert needs, on moto', () => {
  it('from a fresh account: a logging multi-region trail, its bucket locked to CloudTrail; a second run plans nothing', async () => {
    const ctx = await context();
    const { p, result } = await runAlert(ctx);
    expect(result.ok, JSON.stringify(result.failed.map((f) => f.error.message))).toBe(true);
    expect(p.actions.map((a) => a.call).sort()).toEqual([...ALERT_CALLS, ...TRAIL_CALLS].sort());
    expect(p.notes?.join(' ')).toMatch(/no CloudTrail trail/);
    expect(p.notes?.join(' ')).toMatch(/first copy of management events is free/);
    expect(p.actions.find((a) => a.call === 's3:CreateBucket')?.summary).toContain(BUCKET);
    expect(alertTodo(p).join(' ')).not.toMatch(/CloudTrail/);

    // the trail, read back in its home region
    const trail = (await cloudtrail().send(new GetTrailCommand({ Name: TRAIL_NAME }))).Trail;
    expect(trail).toMatchObject({ Name: TRAIL_NAME, TrailARN: TRAIL_ARN, S3BucketName: BUCKET, IsMultiRegionTrail: true, LogFileValidationEnabled: true });
    expect((await cloudtrail().send(new GetTrailStatusCommand({ Name: TRAIL_NAME }))).IsLogging).toBe(true);
    const selectors = await cloudtrail().send(new GetEventSelectorsCommand({ TrailName: TRAIL_NAME }));
    expect(selectors.EventSelectors).toEqual([expect.objectContaining({ ReadWriteType: 'All', IncludeManagementEvents: true })]);
    const trailTags = (await cloudtrail().send(new ListTagsCommand({ ResourceIdList: [TRAIL_ARN] }))).ResourceTagList?.[0]?.TagsList ?? [];
    expect(trailTags.map((t) => t.Key).sort()).toEqual(['mvsp-setup:created-at', 'mvsp-setup:created-by']);
    // multi-region: it shows in another region too
    const elsewhere = (await cloudtrail('eu-west-1').send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
    expect(elsewhere.map((t) => t.Name)).toContain(TRAIL_NAME);

    // the bucket
    const pab = (await s3().send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }))).PublicAccessBlockConfiguration;
    expect(pab).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const enc = (await s3().send(new GetBucketEncryptionCommand({ Bucket: BUCKET }))).ServerSideEncryptionConfiguration?.Rules ?? [];
    expect(enc.map((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm)).toEqual(['AES256']);
    const own = (await s3().send(new GetBucketOwnershipControlsCommand({ Bucket: BUCKET }))).OwnershipControls?.Rules ?? [];
    expect(own.map((r) => r.ObjectOwnership)).toEqual(['BucketOwnerEnforced']);
    const bucketTags = (await s3().send(new GetBucketTaggingCommand({ Bucket: BUCKET }))).TagSet ?? [];
    expect(bucketTags.map((t) => t.Key).sort()).toEqual(['mvsp-setup:created-at', 'mvsp-setup:created-by']);

    // the policy: every Allow is for CloudTrail and this trail only; writes only under AWSLogs/<account>/; no plain HTTP
    type S = { Effect: string; Principal: unknown; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> };
    const policy = JSON.parse((await s3().send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy ?? '{}') as { Statement: S[] };
    const allows = policy.Statement.filter((s) => s.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const s of allows) {
      expect(s.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
      expect(s.Condition?.StringEquals).toMatchObject({ 'aws:SourceArn': TRAIL_ARN, 'aws:SourceAccount': MOTO_ACCOUNT_ID });
    }
    const writes = allows.filter((s) => [s.Action].flat().some((a) => /put/i.test(a)));
    expect(writes.map((s) => [s.Action].flat())).toEqual([['s3:PutObject']]);
    expect(writes[0]?.Resource).toBe(`arn:aws:s3:::${BUCKET}/AWSLogs/${MOTO_ACCOUNT_ID}/*`);
    const deny = policy.Statement.find((s) => s.Effect === 'Deny');
    expect(deny).toMatchObject({ Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect([deny?.Resource].flat().sort()).toEqual([`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`]);

    const state = await inspect(ctx);
    expect(state.trail.ok).toBe(true);
    expect(state.trail.trails?.filter(trailCovers).map((t) => t.name)).toEqual([TRAIL_NAME]);
    const again = plan(state, { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now() });
    expect(again.actions).toEqual([]);
    expect(again.existing.map((e) => e.summary).join('\n')).toMatch(/trail mvsp-trail logs management events/);
  });

  it('starts an existing stopped trail instead of creating another', async () => {
    await makeBucket('org-logs');
    await cloudtrail().send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: 'org-logs', IsMultiRegionTrail: true }));
    await cloudtrail().send(new PutEventSelectorsCommand({ TrailName: 'org-trail', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));

    const ctx = await context();
    const { p, result } = await runAlert(ctx);
    expect(result.ok).toBe(true);
    const trailActions = p.actions.filter((a) => !ALERT_CALLS.includes(a.call));
    expect(trailActions.map((a) => [a.call, a.summary])).toEqual([['cloudtrail:StartLogging', expect.stringMatching(/org-trail.*stopped/)]]);
    expect(p.notes?.join(' ')).toMatch(/org-trail is stopped/);
    expect((await cloudtrail().send(new GetTrailStatusCommand({ Name: 'org-trail' }))).IsLogging).toBe(true);
    const names = ((await cloudtrail().send(new DescribeTrailsCommand({}))).trailList ?? []).map((t) => t.Name);
    expect(names).toEqual(['org-trail']);
    expect(plan(await inspect(ctx), { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now() }).actions).toEqual([]);
  });

  it('a single-region trail elsewhere is named, and the plan makes mvsp-trail', async () => {
    await makeBucket('eu-logs');
    const eu = cloudtrail('eu-west-1');
    await eu.send(new CreateTrailCommand({ Name: 'eu-only', S3BucketName: 'eu-logs', IsMultiRegionTrail: false }));
    await eu.send(new PutEventSelectorsCommand({ TrailName: 'eu-only', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
    await eu.send(new StartLoggingCommand({ Name: 'eu-only' }));

    // DescribeTrails shows a single-region trail only in its own region: run with --region eu-west-1
    const aws = createSdkGateway({ region: 'eu-west-1' });
    const ctx: StepContext = { aws, caller: await aws.sts.getCallerIdentity(), now, randomBytes: (n) => new Uint8Array(n) };
    const state = await inspect(ctx);
    const p = plan(state, { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now() });
    expect(p.notes?.join(' ')).toMatch(/trail eu-only logs only eu-west-1/);
    expect(p.actions.map((a) => a.call)).toEqual(expect.arrayContaining(['cloudtrail:CreateTrail', 'cloudtrail:StartLogging']));
    const result = await runActions(p.actions, ctx);
    expect(result.ok).toBe(true);
    expect((await cloudtrail().send(new GetTrailStatusCommand({ Name: TRAIL_NAME }))).IsLogging).toBe(true);
  });

  it('declined: no trail, no bucket, and the to-do says what is missing', async () => {
    const ctx = await context();
    const { p, result } = await runAlert(ctx, 'security@acme.com', false);
    expect(result.ok).toBe(true);
    expect(p.actions.map((a) => a.call).sort()).toEqual([...ALERT_CALLS].sort());
    expect(alertTodo(p).join(' ')).toMatch(/Create a CloudTrail trail/);
    expect((await cloudtrail().send(new DescribeTrailsCommand({}))).trailList ?? []).toEqual([]);
    await expect(s3().send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).rejects.toThrow();
  });

  it('an interrupted run (bucket made, trail not) is finished by the next one without redoing the bucket', async () => {
    const ctx = await context();
    const first = plan(await inspect(ctx), { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now() });
    // only the bucket's phase ran
    await runActions(first.actions.filter((a) => a.call === 's3:CreateBucket'), ctx);
    const second = plan(await inspect(ctx), { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now() });
    const calls = second.actions.map((a) => a.call);
    expect(calls).not.toContain('s3:CreateBucket');
    expect(calls).toEqual(expect.arrayContaining(['s3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock', 's3:PutBucketTagging', 'cloudtrail:CreateTrail']));
    expect((await runActions(second.actions, ctx)).ok).toBe(true);
    const bucketTags = (await s3().send(new GetBucketTaggingCommand({ Bucket: BUCKET }))).TagSet ?? [];
    expect(bucketTags.map((t) => t.Key).sort()).toEqual(['mvsp-setup:created-at', 'mvsp-setup:created-by']);
    expect(plan(await inspect(ctx), { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now() }).actions).toEqual([]);
  });
});

describe("verify's root-login-alert and the alert step's trail, on moto", () => {
  async function alertCheck(ctx: StepContext) {
    const { checks } = await runVerify({ aws: ctx.aws, caller: ctx.caller, now }, { record: null }, { sleep: async () => {} });
    return checks.find((c) => c.id === 'root-login-alert')!;
  }

  it('warns while no trail logs, passes once the step made its trail, warns again when the trail stops', async () => {
    const ctx = await context();
    await runAlert(ctx, 'security@acme.com', false);
    const before = await alertCheck(ctx);
    expect(before.status).toBe('warn');
    expect(before.detail).toContain('no CloudTrail trail');

    const { p } = await runAlert(ctx, 'security@acme.com', true);
    expect(p.actions.map((a) => a.call)).toEqual(expect.arrayContaining(['cloudtrail:CreateTrail', 'cloudtrail:StartLogging']));
    const after = await alertCheck(ctx);
    expect(after.status, after.detail).toBe('pass');
    expect(after.detail).toContain('a trail logs management events');

    await cloudtrail().send(new StopLoggingCommand({ Name: TRAIL_ARN }));
    const stopped = await alertCheck(ctx);
    expect(stopped.status).toBe('warn');
    expect(stopped.detail).toContain('no trail is logging management events for us-east-1');
  });
});

describe('the trail under failing calls (built binary, through the faulting proxy)', () => {
  let proxy: AwsProxy;
  beforeAll(async () => {
    proxy = await startAwsProxy(motoUrl());
  });
  afterAll(async () => {
    await proxy.close();
  });

  async function alertRun(home: ReturnType<typeof makeHome>) {
    return runCli(['setup', '--ci', '--yes', '--steps', 'alert', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd, timeoutMs: 60_000 });
  }

  it("a stopped trail writing to another account's bucket stays stopped: the bucket is named and mvsp-trail made instead", async () => {
    // e.g. a trail left pointing at a deleted bucket whose name another account registered;
    // moto ignores ExpectedBucketOwner, so the proxy answers for that account as S3 does (403)
    await makeBucket('old-logs-acme');
    await cloudtrail().send(new CreateTrailCommand({ Name: 'old', S3BucketName: 'old-logs-acme', IsMultiRegionTrail: true }));
    await cloudtrail().send(new PutEventSelectorsCommand({ TrailName: 'old', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
    const home = makeHome(proxy.url);
    try {
      proxy.clear();
      proxy.setBucketOwners({ 'old-logs-acme': '999999999999' });
      writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify({ alert: { enabled: true, email: 'sec@acme.com' } }));
      const r = await alertRun(home);
      const out = r.stdout + r.stderr;
      expect(r.code, out).toBe(0);
      expect(out.replace(/\s+/g, ' ')).toContain(
        `Trail old is stopped and is not started: its S3 bucket old-logs-acme is not known to be this account's (S3 refused HeadBucket with ExpectedBucketOwner ${MOTO_ACCOUNT_ID}: another account owns it, or s3:ListBucket is not allowed); started, it would deliver this account's management events there.`,
      );
      expect(out).not.toMatch(/Start logging on trail old/);
      expect(proxy.calls().filter((c) => c.id === 's3:ListBucket' && c.status === 403)).toHaveLength(1);
      // read back from moto itself: the trail stays stopped, ours logs
      expect((await cloudtrail().send(new GetTrailStatusCommand({ Name: 'old' }))).IsLogging).toBe(false);
      expect((await cloudtrail().send(new GetTrailStatusCommand({ Name: TRAIL_NAME }))).IsLogging).toBe(true);
      const trail = ((await cloudtrail().send(new DescribeTrailsCommand({}))).trailList ?? []).find((t) => t.Name === TRAIL_NAME);
      expect(trail?.S3BucketName).toBe(BUCKET);
    } finally {
      proxy.setBucketOwners(null);
      // the next test counts its calls from the first
      proxy.clear();
      home.remove();
    }
  });

  it('a refused bucket read is named and the trail still made; a CreateTrail failure says how to go on, and the re-run finishes it', async () => {
    const home = makeHome(proxy.url);
    try {
      writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify({ alert: { email: 'security@acme.com' } }));
      proxy.setFault((c) => (c.id === 's3:ListBucket' && c.occurrence === 0 ? 'denied' : c.id === 'cloudtrail:CreateTrail' ? 'server' : null));
      const first = await alertRun(home);
      const out = first.stdout + first.stderr;
      expect(out).toContain(`Could not read bucket ${BUCKET} (s3:ListBucket denied)`);
      expect(out).toMatch(/✖ Create trail mvsp-trail/);
      expect(out).toMatch(/re-run/);
      expect(first.code, out).toBe(1);
      expect(out).not.toMatch(STACK_TRACE);

      proxy.setFault(null);
      const second = await alertRun(home);
      expect(second.code, second.stdout + second.stderr).toBe(0);
      // the bucket the first run made is reused, not made again
      expect(second.stdout).not.toContain('s3:CreateBucket');
      expect(second.stdout).toContain('cloudtrail:CreateTrail');
      expect((await cloudtrail().send(new GetTrailStatusCommand({ Name: TRAIL_NAME }))).IsLogging).toBe(true);
      expect(((await cloudtrail().send(new DescribeTrailsCommand({}))).trailList ?? []).map((t) => t.Name)).toEqual([TRAIL_NAME]);

      const third = await alertRun(home);
      // everything in place: said, nothing planned
      expect(third.code).toBe(0);
      expect(third.stdout).toContain('alert: ✔ CloudTrail trail mvsp-trail logs management events for us-east-1');
      expect(third.stdout).toMatch(/alert: done — .*already in place/);
      expect(third.stdout).not.toMatch(/alert: plan|\[cloudtrail:|\[s3:/);
    } finally {
      proxy.setFault(null);
      home.remove();
    }
  });
});
