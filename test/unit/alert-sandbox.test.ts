// The alert step on the sandbox account, which models what moto does not: an email
// subscription that stays pending until the recipient confirms it.
import { describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { AwsError } from '../../src/aws/errors.js';
import { ALERT_RULE, alertTodo, inspect, plan } from '../../src/steps/alert.js';
import { runActions } from '../../src/steps/run-actions.js';
import type { StepContext } from '../../src/steps/types.js';
import { headless } from '../../src/headless/steps/alert.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { UsageError } from '../../src/args.js';

const now = () => new Date('2026-11-24T12:00:00Z');

async function setup() {
  const aws = createSandboxGateway({ now, random: (n) => new Uint8Array(n).fill(7) });
  const ctx: StepContext = { aws, caller: await aws.sts.getCallerIdentity(), now, randomBytes: (n) => new Uint8Array(n) };
  const run = async (email = 'security@acme.com') => {
    const p = plan(await inspect(ctx), { email, callerArn: ctx.caller.arn, now: now() });
    return { p, result: await runActions(p.actions, ctx) };
  };
  return { aws, ctx, run };
}

describe('alert step on the sandbox', () => {
  it('a pending subscription counts as present: the second run plans nothing', async () => {
    const { aws, run } = await setup();
    const first = await run();
    expect(first.result.ok).toBe(true);
    const topic = aws.controls.snapshot().topics[0]!;
    expect(topic.subscriptions).toEqual([expect.objectContaining({ endpoint: 'security@acme.com', confirmed: false })]);
    const second = await run();
    expect(second.p.actions).toEqual([]);
    expect(second.p.existing.map((e) => e.summary)).toContain('Email subscription for security@acme.com (waiting for confirmation)');
    expect(alertTodo(second.p).join(' ')).toMatch(/Confirm the alert email/);
    aws.controls.confirmSubscription(topic.arn);
    expect(alertTodo((await run()).p).join(' ')).not.toMatch(/Confirm the alert email/);
  });

  it('a trail that logs management events removes the CloudTrail note', async () => {
    const { aws, run } = await setup();
    expect((await run()).p.notes?.[0]).toMatch(/no CloudTrail trail/);
    aws.controls.addTrail({ name: 'main', isMultiRegion: false, homeRegion: 'eu-west-1' });
    expect((await run()).p.notes?.[0]).toMatch(/No trail logs management events in us-east-1/);
    aws.controls.addTrail({ name: 'org' });
    const p = (await run()).p;
    expect(p.notes).toEqual([]);
    expect(alertTodo(p).join(' ')).not.toMatch(/CloudTrail/);
  });

  it('says what it could not read when CloudTrail is denied, and still plans the alert', async () => {
    const { aws, ctx } = await setup();
    const denied = { ...aws, cloudtrail: { ...aws.cloudtrail, describeTrails: () => Promise.reject(new AwsError({ kind: 'AccessDenied', action: 'cloudtrail:DescribeTrails' })) } };
    const p = plan(await inspect({ ...ctx, aws: denied }), { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now() });
    expect(p.actions).toHaveLength(5);
    expect(p.notes?.[0]).toMatch(/cloudtrail:DescribeTrails denied/);
  });

  it('respects a hand-made rule that already alerts on root sign-ins', async () => {
    const { aws, run } = await setup();
    await aws.sns.createTopic('ops-alerts', {});
    await aws.events.putRule({
      name: 'root-login-by-hand',
      eventPattern: JSON.stringify({ detail: { userIdentity: { type: ['Root'] }, eventName: ['ConsoleLogin'] } }),
      description: '',
      tags: {},
    });
    await aws.events.putTargets('root-login-by-hand', [{ id: 'ops', arn: 'arn:aws:sns:us-east-1:111122223333:ops-alerts' }]);
    const { p } = await run();
    expect(p.actions).toEqual([]);
    expect(p.existing[0]?.summary).toBe('Rule root-login-by-hand already sends root sign-ins to ops-alerts');
    expect(aws.controls.snapshot().rules.map((r) => r.name)).toEqual(['root-login-by-hand']);
  });

  it('resets its own rule when someone changed its pattern', async () => {
    const { aws, run } = await setup();
    await run();
    await aws.events.putRule({ name: ALERT_RULE, eventPattern: '{"source":["aws.ec2"]}', description: '', tags: {} });
    const { p } = await run();
    expect(p.actions.map((a) => a.call)).toEqual(['events:PutRule']);
    expect(aws.controls.snapshot().rules.find((r) => r.name === ALERT_RULE)?.eventPattern).toContain('AWS Console Sign In via CloudTrail');
  });

  it('--ci: no address anywhere is a usage error naming the answers key; enabled false skips', async () => {
    const { ctx, aws } = await setup();
    const input = (answers: object) => ({ answers, shared: {}, preflight: { caller: ctx.caller, alias: null, aliasReadable: true, cloudShell: true, sandbox: true } });
    const lines: string[] = [];
    const io = ciIO((t) => lines.push(t), { yes: true });
    await expect(headless!(ctx, input({}), io)).rejects.toThrow(UsageError);
    await expect(headless!(ctx, input({}), io)).rejects.toThrow(/"alert.email" in --answers/);
    expect((await headless!(ctx, input({ alert: { enabled: false } }), io)).status).toBe('skipped');
    expect(aws.controls.snapshot().topics).toEqual([]);
  });
});
