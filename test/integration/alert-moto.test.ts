// The root sign-in alert against moto through the real SDK adapter; the end state is
// read back with the SDK's own clients, not through the gateway under test.
import { EventBridgeClient, DescribeRuleCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand, SNSClient, CreateTopicCommand, SetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { ALERT_RULE, ALERT_TOPIC, alertTodo, inspect, plan, ROOT_SIGNIN_PATTERN } from '../../src/steps/alert.js';
import { runActions } from '../../src/steps/run-actions.js';
import type { StepContext } from '../../src/steps/types.js';
import { headless } from '../../src/headless/steps/alert.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { MOTO_ACCOUNT_ID, motoUrl, useMoto } from '../helpers/moto.js';

useMoto();

const now = () => new Date('2026-11-24T12:00:00Z');
const TOPIC_ARN = `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:${ALERT_TOPIC}`;
const sns = () => new SNSClient({ region: 'us-east-1' });
const events = () => new EventBridgeClient({ region: 'us-east-1' });

async function context(): Promise<StepContext> {
  const aws = createSdkGateway({});
  return { aws, caller: await aws.sts.getCallerIdentity(), now, randomBytes: (n) => new Uint8Array(n) };
}

async function runAlert(ctx: StepContext, email = 'security@acme.com') {
  const p = plan(await inspect(ctx), { email, callerArn: ctx.caller.arn, now: now() });
  const result = await runActions(p.actions, ctx);
  return { p, result };
}

describe('root sign-in alert on moto', () => {
  it('creates topic, policy, email subscription, rule and target; a second run plans nothing', async () => {
    const ctx = await context();
    const { p, result } = await runAlert(ctx);
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

    const again = plan(await inspect(ctx), { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now() });
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

  it('headless: --ci without --yes only shows the plan; with --yes applies; then nothing to do', async () => {
    const ctx = await context();
    const lines: string[] = [];
    const io = (yes: boolean) => ciIO((t) => lines.push(t), { yes });
    const input = { answers: { contacts: { security: { email: 'security@acme.com' } } }, shared: {}, preflight: { caller: ctx.caller, alias: null, aliasReadable: true, cloudShell: false, sandbox: false } };
    expect((await headless!(ctx, input, io(false))).status).toBe('pending');
    expect((await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN })).catch(() => null))?.Subscriptions ?? []).toEqual([]);
    const done = await headless!(ctx, input, io(true));
    expect(done.status).toBe('done');
    expect(done.todo?.join(' ')).toMatch(/Confirm the alert email/);
    lines.length = 0;
    await headless!(ctx, input, io(true));
    expect(lines.join('\n')).toMatch(/nothing to do/);
  });
});
