// The alert step on the sandbox account, which models what moto does not: an email
// subscription that stays pending until the recipient confirms it.
import { describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { AwsError } from '../../src/aws/errors.js';
import { ALERT_RULE, alertTodo, inspect, plan } from '../../src/steps/alert.js';
import { bucketPolicyOk, TRAIL_NAME, trailBucketName } from '../../src/steps/trail.js';
import { runActions } from '../../src/steps/run-actions.js';
import type { StepContext } from '../../src/steps/types.js';
import { definition as alertStep } from '../../src/steps/day-one/alert.js';
import { runSteps } from '../../src/steps/run-steps.js';
import { lineStepIO } from '../../src/headless/line-presenter.js';
import type { HeadlessIO } from '../../src/headless/types.js';
import type { Answers } from '../../src/answers.js';
import type { Preflight } from '../../src/steps/preflight.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { UsageError } from '../../src/args.js';


/** The alert step's flow through the run loop with the line presenter (--ci), as `setup --ci --steps alert` runs it. */
async function alertLines(ctx: StepContext, input: { answers: object; preflight: Preflight }, io: HeadlessIO) {
  const run = await runSteps({ ctx, preflight: input.preflight, answers: input.answers as Answers, defs: [alertStep], ioFor: () => lineStepIO(io, 'alert') });
  return run.results[0]!.outcome;
}

const now = () => new Date('2026-11-24T12:00:00Z');

async function setup() {
  const aws = createSandboxGateway({ now, random: (n) => new Uint8Array(n).fill(7) });
  const ctx: StepContext = { aws, caller: await aws.sts.getCallerIdentity(), now, randomBytes: (n) => new Uint8Array(n) };
  const run = async (email = 'security@acme.com', trail?: boolean) => {
    const p = plan(await inspect(ctx), { email, callerArn: ctx.caller.arn, now: now(), ...(trail === undefined ? {} : { trail }) });
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

  it('an Allow for EventBridge under a condition not evaluated (ArnNotLike our rule) is not taken as in place: our statement is added', async () => {
    const { aws, ctx, run } = await setup();
    const topicArn = await aws.sns.createTopic('mvsp-root-signin-alert', {});
    const ruleArn = `arn:aws:events:us-east-1:${ctx.caller.accountId}:rule/${ALERT_RULE}`;
    const notOurs = { Sid: 'Others', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topicArn, Condition: { ArnNotLike: { 'aws:SourceArn': ruleArn } } };
    await aws.sns.setTopicAttribute(topicArn, 'Policy', JSON.stringify({ Version: '2012-10-17', Statement: [notOurs] }));
    const first = await run('security@acme.com', false);
    expect(first.p.actions.map((a) => a.call)).toContain('sns:SetTopicAttributes');
    expect(first.result.ok).toBe(true);
    const policy = JSON.parse((await aws.sns.getTopicAttributes(topicArn)).Policy ?? '{}') as { Statement: { Sid?: string; Condition?: unknown }[] };
    expect(policy.Statement.map((x) => x.Sid)).toEqual(['Others', 'AllowEventBridgeRootSignInAlert']);
    expect((await run('security@acme.com', false)).p.actions).toEqual([]);
  });

  it('a trail that logs management events removes the CloudTrail note', async () => {
    const { aws, run } = await setup();
    // the trail declined: the note and the to-do say what is missing
    expect((await run('security@acme.com', false)).p.notes?.[0]).toMatch(/no CloudTrail trail/);
    aws.controls.addTrail({ name: 'main', isMultiRegion: false, homeRegion: 'eu-west-1' });
    expect((await run('security@acme.com', false)).p.notes?.[0]).toMatch(/No trail logs management events in us-east-1/);
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

  /** The topic's default policy plus `extra` statements (an Allow for EventBridge unless told otherwise). */
  async function setTopicPolicy(aws: Awaited<ReturnType<typeof setup>>['aws'], topic: string, extra?: object[]) {
    const current = JSON.parse((await aws.sns.getTopicAttributes(topic)).Policy ?? '{}') as { Statement: object[] };
    const allow = { Sid: 'EventsPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topic };
    await aws.sns.setTopicAttribute(topic, 'Policy', JSON.stringify({ ...current, Statement: [...current.Statement, ...(extra ?? [allow])] }));
  }

  it('respects a hand-made rule whose whole chain works: own topic EventBridge may publish to, confirmed subscription', async () => {
    const { aws, ctx, run } = await setup();
    const topic = await aws.sns.createTopic('ops-alerts', {});
    await aws.sns.subscribe(topic, 'email', 'ops@acme.com');
    aws.controls.confirmSubscription(topic);
    await setTopicPolicy(aws, topic);
    await aws.events.putRule({
      name: 'root-login-by-hand',
      eventPattern: JSON.stringify({ detail: { userIdentity: { type: ['Root'] }, eventName: ['ConsoleLogin'] } }),
      description: '',
      tags: {},
    });
    await aws.events.putTargets('root-login-by-hand', [{ id: 'ops', arn: topic }]);
    // for another address it is not the alert asked for: our own chain is planned
    const other = plan(await inspect(ctx), { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now() });
    expect(other.handMade).toEqual([]);
    expect(other.actions.map((a) => a.call)).toEqual(expect.arrayContaining(['events:PutRule', 'sns:Subscribe']));
    const { p } = await run('OPS@acme.com');
    // nothing of the alert's own; the trail the hand-made rule needs too
    expect(p.actions.filter((a) => !/^(s3|cloudtrail):/.test(a.call))).toEqual([]);
    expect(p.actions.map((a) => a.call)).toContain('cloudtrail:CreateTrail');
    expect(p.existing[0]?.summary).toBe('Rule root-login-by-hand already sends root sign-ins to ops-alerts → email ops@acme.com');
    expect(aws.controls.snapshot().rules.map((r) => r.name)).toEqual(['root-login-by-hand']);
  });

  it('a hand-made chain that reaches the address only through a pending subscription is in place, with "confirm the email" to do', async () => {
    const { aws, ctx, run } = await setup();
    const topic = await aws.sns.createTopic('ops-alerts', {});
    await aws.sns.subscribe(topic, 'email', 'ops@acme.com');
    aws.controls.confirmSubscription(topic);
    await aws.sns.subscribe(topic, 'email', 'security@acme.com');
    await setTopicPolicy(aws, topic);
    await aws.events.putRule({ name: 'root-login-by-hand', eventPattern: JSON.stringify({ detail: { userIdentity: { type: ['Root'] } } }), description: '', tags: {} });
    await aws.events.putTargets('root-login-by-hand', [{ id: 'ops', arn: topic }]);
    const { p } = await run('security@acme.com');
    expect(p.handMade.map((h) => h.rule.name)).toEqual(['root-login-by-hand']);
    expect(p.actions.filter((a) => !/^(s3|cloudtrail):/.test(a.call))).toEqual([]);
    expect(p.existing[0]?.summary).toBe('Rule root-login-by-hand already sends root sign-ins to ops-alerts → email ops@acme.com, email security@acme.com (waiting for confirmation)');
    expect(alertTodo(p).join(' ')).toMatch(/Confirm the alert email: .* sent to security@acme\.com/);
  });

  it.each([
    ['a topic in another account', 'arn:aws:sns:us-east-1:999999999999:ops-alerts', false, true],
    ['its own topic with nobody subscribed', 'arn:aws:sns:us-east-1:111122223333:ops-alerts', false, false],
    ['its own topic with a pending subscription only', 'arn:aws:sns:us-east-1:111122223333:ops-alerts', true, false],
    ['a topic that was deleted', 'arn:aws:sns:us-east-1:111122223333:gone', false, false],
  ])('does not take a hand-made rule as ours when it sends to %s: our own alert is planned', async (_what, target, subscribe, foreign) => {
    const { aws, run } = await setup();
    if (!foreign) {
      const topic = await aws.sns.createTopic('ops-alerts', {});
      if (subscribe) await aws.sns.subscribe(topic, 'email', 'ops@acme.com');
    }
    await aws.events.putRule({ name: 'root-login-by-hand', eventPattern: JSON.stringify({ detail: { userIdentity: { type: ['Root'] } } }), description: '', tags: {} });
    await aws.events.putTargets('root-login-by-hand', [{ id: 'ops', arn: target }]);
    const { p } = await run();
    expect(p.handMade).toEqual([]);
    expect(p.actions.map((a) => a.call)).toEqual(expect.arrayContaining(['events:PutRule', 'sns:Subscribe']));
    expect(aws.controls.snapshot().rules.map((r) => r.name).sort()).toEqual([ALERT_RULE, 'root-login-by-hand'].sort());
  });

  it.each([
    ['the default policy (no Allow for EventBridge)', undefined],
    [
      'an Allow and an explicit Deny of sns:Publish for EventBridge',
      (topic: string) => [
        { Sid: 'EventsPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topic },
        { Sid: 'NoEvents', Effect: 'Deny', Principal: { Service: 'events.amazonaws.com' }, Action: 'SNS:Publish', Resource: topic },
      ],
    ],
  ])('does not take a hand-made rule as ours when its topic policy is %s', async (_what, statements) => {
    const { aws, run } = await setup();
    const topic = await aws.sns.createTopic('ops-alerts', {});
    await aws.sns.subscribe(topic, 'email', 'ops@acme.com');
    aws.controls.confirmSubscription(topic);
    if (statements) await setTopicPolicy(aws, topic, statements(topic));
    await aws.events.putRule({ name: 'root-login-by-hand', eventPattern: JSON.stringify({ detail: { userIdentity: { type: ['Root'] } } }), description: '', tags: {} });
    await aws.events.putTargets('root-login-by-hand', [{ id: 'ops', arn: topic }]);
    const { p } = await run();
    expect(p.handMade).toEqual([]);
    expect(p.existing.map((e) => e.summary).join(' ')).not.toMatch(/root-login-by-hand/);
    expect(aws.controls.snapshot().rules.map((r) => r.name).sort()).toEqual([ALERT_RULE, 'root-login-by-hand'].sort());
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
    // an account no other test records an alert address for (the record folder is shared by the run)
    const aws = createSandboxGateway({ accountId: '444455556666', now, random: (n) => new Uint8Array(n).fill(7) });
    const ctx: StepContext = { aws, caller: await aws.sts.getCallerIdentity(), now, randomBytes: (n) => new Uint8Array(n) };
    const input = (answers: object) => ({ answers, shared: {}, preflight: { caller: ctx.caller, alias: null, aliasReadable: true, cloudShell: true, sandbox: true } });
    const lines: string[] = [];
    const io = ciIO((t) => lines.push(t), { yes: true });
    await expect(alertLines(ctx, input({}), io)).rejects.toThrow(UsageError);
    await expect(alertLines(ctx, input({}), io)).rejects.toThrow(/"alert.email" in --answers/);
    expect((await alertLines(ctx, input({ alert: { enabled: false } }), io)).status).toBe('skipped');
    expect(aws.controls.snapshot().topics).toEqual([]);
  });
});

describe('the trail the alert needs, on the sandbox', () => {
  const ours = (aws: Awaited<ReturnType<typeof setup>>['aws']) => aws.controls.snapshot().trails.find((t) => t.name === TRAIL_NAME);

  it('creates mvsp-trail and a locked bucket; CreateTrail, as in AWS, needs the bucket policy first', async () => {
    const { aws, ctx, run } = await setup();
    const { p, result } = await run();
    expect(result.ok).toBe(true);
    expect(p.trailFix).toBe('ours');
    expect(ours(aws)).toMatchObject({ isLogging: true, isMultiRegion: true, logsManagementEvents: true, logFileValidation: true, s3BucketName: trailBucketName('111122223333') });
    const bucket = aws.controls.snapshot().buckets[0]!;
    expect(bucket.publicAccessBlock).toEqual({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(bucket.objectOwnership).toBe('BucketOwnerEnforced');
    expect(bucketPolicyOk(bucket.policy, 'aws', '111122223333')).toBe(true);
    expect((await run()).p.actions).toEqual([]);

    // a bucket without that policy is refused
    aws.controls.addBucket('no-policy-bucket');
    await expect(ctx.aws.cloudtrail.createTrail({ name: 'other', region: 'us-east-1', s3BucketName: 'no-policy-bucket', tags: {} })).rejects.toMatchObject({
      kind: 'InvalidInput',
      code: 'InsufficientS3BucketPolicyException',
    });
  });

  it('a trail with management events off is named, and a new trail made rather than changing it', async () => {
    const { aws, run } = await setup();
    aws.controls.addTrail({ name: 'data-only', logsManagementEvents: false });
    const { p, result } = await run();
    expect(result.ok).toBe(true);
    expect(p.notes?.join(' ')).toMatch(/trail data-only has management events off/);
    expect(p.actions.map((a) => a.call)).toContain('cloudtrail:CreateTrail');
    expect(aws.controls.snapshot().trails.find((t) => t.name === 'data-only')?.logsManagementEvents).toBe(false);
    expect(ours(aws)?.isLogging).toBe(true);
  });

  it('a stopped trail is started (in its home region) only when that alone is enough', async () => {
    const { aws, run } = await setup();
    aws.controls.addTrail({ name: 'stopped-no-mgmt', isLogging: false, logsManagementEvents: false });
    aws.controls.addTrail({ name: 'stopped-home', isLogging: false, isMultiRegion: false });
    const { p, result } = await run();
    expect(result.ok).toBe(true);
    expect(p.trailFix).toBe('start');
    expect(p.actions.filter((a) => /^(s3|cloudtrail):/.test(a.call)).map((a) => a.summary)).toEqual(['Start logging on trail stopped-home (us-east-1), which is stopped']);
    const trails = aws.controls.snapshot().trails;
    expect(trails.map((t) => [t.name, t.isLogging])).toEqual([
      ['stopped-no-mgmt', false],
      ['stopped-home', true],
    ]);
  });

  it("a stopped trail writing to another account's bucket is not started: the note names the bucket and mvsp-trail is made", async () => {
    const { aws, run } = await setup();
    aws.controls.addBucket('old-logs-acme', '999999999999');
    aws.controls.addTrail({ name: 'old', isLogging: false, s3BucketName: 'old-logs-acme' });
    const { p, result } = await run();
    expect(result.ok).toBe(true);
    expect(p.trailFix).toBe('ours');
    expect(p.actions.map((a) => a.call)).toEqual(expect.arrayContaining(['s3:CreateBucket', 'cloudtrail:CreateTrail', 'cloudtrail:StartLogging']));
    expect(p.actions.map((a) => a.summary).join('\n')).not.toMatch(/trail old/);
    expect(p.notes?.join('\n')).toContain(
      "Trail old is stopped and is not started: its S3 bucket old-logs-acme is not known to be this account's (S3 refused HeadBucket with ExpectedBucketOwner 111122223333: another account owns it, or s3:ListBucket is not allowed); started, it would deliver this account's management events there.",
    );
    const trails = aws.controls.snapshot().trails;
    expect(trails.map((t) => [t.name, t.isLogging])).toEqual([
      ['old', false],
      [TRAIL_NAME, true],
    ]);
  });

  it('a stopped trail whose bucket is gone, or is no bucket name, is not started either; its name is neutralised', async () => {
    const { aws, run } = await setup();
    aws.controls.addTrail({ name: 'gone', isLogging: false, s3BucketName: 'deleted-logs' });
    aws.controls.addTrail({ name: 'odd', isLogging: false, s3BucketName: 'x\u001b[31my' });
    const { p } = await run();
    expect(p.trailFix).toBe('ours');
    const notes = p.notes?.join('\n') ?? '';
    expect(notes).toContain('Trail gone is stopped and is not started: its S3 bucket deleted-logs does not exist, and anyone may create a bucket of that name;');
    expect(notes).toContain('Trail odd is stopped and is not started: its S3 bucket x\ufffd[31my is not a valid bucket name;');
    expect(notes).not.toContain('\u001b');
    expect(aws.controls.snapshot().trails.filter((t) => t.name !== TRAIL_NAME).map((t) => t.isLogging)).toEqual([false, false]);
  });

  it("of two stopped trails, the one writing to this account's bucket is started, even when the other records every region", async () => {
    const { aws, run } = await setup();
    aws.controls.addBucket('theirs-logs', '999999999999');
    aws.controls.addTrail({ name: 'everywhere', isLogging: false, s3BucketName: 'theirs-logs' });
    aws.controls.addTrail({ name: 'home', isLogging: false, isMultiRegion: false });
    const { p, result } = await run();
    expect(result.ok).toBe(true);
    expect(p.trailFix).toBe('start');
    expect(p.actions.filter((a) => /^(s3|cloudtrail):/.test(a.call)).map((a) => a.summary)).toEqual(['Start logging on trail home (us-east-1), which is stopped']);
    expect(aws.controls.snapshot().trails.map((t) => [t.name, t.isLogging])).toEqual([
      ['everywhere', false],
      ['home', true],
    ]);
  });

  it('finishes its own trail and bucket when they were left half done', async () => {
    const { aws, run } = await setup();
    aws.controls.addBucket(trailBucketName('111122223333'));
    await aws.s3.putBucketTagging(trailBucketName('111122223333'), '111122223333', { team: 'platform' });
    aws.controls.addTrail({ name: TRAIL_NAME, isLogging: false, logsManagementEvents: false });
    const { p, result } = await run();
    expect(result.ok).toBe(true);
    expect(p.notes?.join(' ')).toMatch(/Trail mvsp-trail is stopped and has management events off: finishing it/);
    expect(p.actions.filter((a) => /^(s3|cloudtrail):/.test(a.call)).map((a) => a.call).sort()).toEqual(
      ['cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging', 's3:PutBucketOwnershipControls', 's3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock', 's3:PutBucketTagging'].sort(),
    );
    expect(p.existing.map((e) => e.summary)).toEqual(expect.arrayContaining(['S3 bucket mvsp-trail-111122223333', 'Bucket encrypts by default (AES256)']));
    expect(ours(aws)).toMatchObject({ isLogging: true, logsManagementEvents: true });
    expect(aws.controls.snapshot().trails).toHaveLength(1);
    // its own tags added, the bucket's other tags kept
    expect(Object.keys(aws.controls.snapshot().buckets[0]!.tags).sort()).toEqual(['mvsp-setup:created-at', 'mvsp-setup:created-by', 'team']);
    expect((await run()).p.actions).toEqual([]);
  });

  it('a bucket of that name in another account: the plan says it could not read it, and nothing is written anywhere', async () => {
    const { aws, ctx } = await setup();
    const name = trailBucketName('111122223333');
    aws.controls.addBucket(name, '999988887777');
    const p = plan(await inspect(ctx), { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now() });
    expect(p.notes?.join(' ')).toContain(`Could not read bucket ${name} (s3:ListBucket denied)`);
    const result = await runActions(p.actions, ctx);
    expect(result.ok).toBe(false);
    expect(result.failed.map((f) => [f.action.call, (f.error as AwsError).code])).toContainEqual(['s3:CreateBucket', 'BucketAlreadyExists']);
    const after = aws.controls.snapshot();
    expect(after.trails).toEqual([]);
    expect(after.buckets).toEqual([expect.objectContaining({ name, owner: '999988887777', policy: null, tags: {} })]);
  });

  it('without S3 permissions the alert itself is still planned, and the trail stops at CreateBucket', async () => {
    const { aws, ctx } = await setup();
    const denied = new AwsError({ kind: 'AccessDenied', action: 's3:ListBucket', code: 'AccessDenied' });
    const noS3 = { ...aws, s3: { ...aws.s3, bucketExists: () => Promise.reject(denied) } };
    const p = plan(await inspect({ ...ctx, aws: noS3 }), { email: 'security@acme.com', callerArn: ctx.caller.arn, now: now(), trail: false });
    expect(p.actions.map((a) => a.call)).not.toContain('s3:CreateBucket');
    expect((await runActions(p.actions, ctx)).ok).toBe(true);
    expect(aws.controls.snapshot().rules.map((r) => r.name)).toEqual([ALERT_RULE]);
  });

  it('--ci: "alert.trail": false leaves CloudTrail alone and keeps the to-do; the default makes the trail', async () => {
    const { ctx, aws } = await setup();
    const input = (answers: object) => ({ answers, shared: {}, preflight: { caller: ctx.caller, alias: null, aliasReadable: true, cloudShell: true, sandbox: true } });
    const lines: string[] = [];
    const io = ciIO((t) => lines.push(t), { yes: true });
    const declined = await alertLines(ctx, input({ alert: { email: 'security@acme.com', trail: false } }), io);
    expect(declined.status).toBe('done');
    expect(declined.todo?.join(' ')).toMatch(/Create a CloudTrail trail/);
    expect(aws.controls.snapshot().trails).toEqual([]);
    expect(aws.controls.snapshot().buckets).toEqual([]);
    lines.length = 0;
    const done = await alertLines(ctx, input({ alert: { email: 'security@acme.com' } }), io);
    expect(done.todo?.join(' ')).not.toMatch(/CloudTrail/);
    expect(lines.join('\n')).toMatch(/cloudtrail:CreateTrail|Create trail mvsp-trail/);
    expect(ours(aws)?.isLogging).toBe(true);
  });
});

describe('trail data from AWS is data', () => {
  it('a stopped trail with a malformed region or ARN is not started, and its name prints without control characters', async () => {
    const { aws, run } = await setup();
    aws.controls.addTrail({ name: 'evil\u001b]52;c;Zm9v\u0007', isLogging: false, homeRegion: 'us-east-1.evil.example' });
    const { p } = await run('security@acme.com');
    expect(p.trailFix).toBe('ours');
    expect(p.actions.map((a) => a.call)).toContain('cloudtrail:CreateTrail');
    const text = [...(p.notes ?? []), ...p.actions.map((a) => a.summary), ...p.existing.map((e) => e.summary)].join('\n');
    expect(text).toContain('trail evil\ufffd]52;c;Zm9v\ufffd');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
