// Applying a plan: each action starts once the actions it waits for are done, independent
// chains side by side; a failed action leaves its dependents not done, with the reason said.
// Actions here are gates the test opens one by one; the order of the progress events is
// what is checked, never timings.
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/aws/errors.js';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { applyPlan } from '../../src/steps/apply-plan.js';
import { inspect as inspectAlert, plan as planAlert } from '../../src/steps/alert.js';
import { prerequisites, runActions } from '../../src/steps/run-actions.js';
import { lineStepIO } from '../../src/headless/line-presenter.js';
import type { Action, ProgressEvent, StepContext } from '../../src/steps/types.js';
import { scriptedIO } from '../helpers/scripted-io.js';

const NOW = new Date('2026-11-24T12:00:00Z');

async function context(): Promise<StepContext> {
  const aws = createSandboxGateway({ now: () => NOW });
  return { aws, caller: await aws.sts.getCallerIdentity(), now: () => NOW, randomBytes: (n) => new Uint8Array(n) };
}

/** Actions whose run waits until the test opens (or fails) them; `log` gets every progress event. */
function gated() {
  const log: string[] = [];
  const gates = new Map<string, { open: () => void; fail: (e: Error) => void }>();
  const listeners: (() => void)[] = [];
  const action = (id: string, extra: Partial<Action> = {}): Action => ({
    id,
    call: `test:${id}`,
    summary: `Make ${id}`,
    phase: 1,
    run: () =>
      new Promise<void>((resolve, reject) => {
        gates.set(id, { open: resolve, fail: reject });
        for (const l of [...listeners]) l();
      }),
    ...extra,
  });
  const onProgress = (e: ProgressEvent) => {
    log.push(e.type === 'skipped' ? `skipped ${e.action.id}: ${e.reason}` : `${e.type} ${e.action.id}`);
    for (const l of [...listeners]) l();
  };
  /** resolves once `holds()` is true (checked at every event and every action started) */
  const when = (holds: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!holds()) return;
        listeners.splice(listeners.indexOf(check), 1);
        resolve();
      };
      listeners.push(check);
      check();
    });
  /** resolves once `entry` is in the log */
  const seen = (entry: string) => when(() => log.includes(entry));
  /** resolves once the action `id` is running */
  const running = (id: string) => when(() => gates.has(id));
  return { log, action, onProgress, seen, running, open: (id: string) => gates.get(id)!.open(), fail: (id: string, e: Error) => gates.get(id)!.fail(e) };
}

describe('runActions', () => {
  it('an action waits for the actions it needs; independent ones start together', async () => {
    const ctx = await context();
    const g = gated();
    const actions = [
      g.action('topic', { needs: [] }),
      g.action('subscription', { needs: ['topic'], phase: 2 }),
      g.action('bucket', { needs: [] }),
      g.action('bucket-policy', { needs: ['bucket'], phase: 2 }),
      g.action('trail', { needs: ['bucket-policy'], phase: 3 }),
    ];
    const applied = runActions(actions, ctx, g.onProgress);
    // both chains' first links start at once; nothing that waits has started
    expect(g.log).toEqual(['start topic', 'start bucket']);
    g.open('bucket');
    await g.seen('start bucket-policy');
    // the bucket's chain went on while the topic is still being made
    expect(g.log).toEqual(['start topic', 'start bucket', 'done bucket', 'start bucket-policy']);
    g.open('topic');
    await g.seen('start subscription');
    g.open('bucket-policy');
    await g.seen('start trail');
    expect(g.log.indexOf('start trail')).toBeGreaterThan(g.log.indexOf('done bucket-policy'));
    g.open('subscription');
    g.open('trail');
    const result = await applied;
    expect(result.ok).toBe(true);
    expect(result.done.map((a) => a.id).sort()).toEqual(['bucket', 'bucket-policy', 'subscription', 'topic', 'trail']);
    expect(result.notDone).toEqual([]);
  });

  it('a failed action skips its dependents with the reason, and the chains beside it finish', async () => {
    const ctx = await context();
    const g = gated();
    const actions = [
      g.action('topic', { needs: [] }),
      g.action('subscription', { needs: ['topic'], phase: 2 }),
      g.action('target', { needs: ['subscription'], phase: 3 }),
      g.action('bucket', { needs: [] }),
    ];
    const applied = runActions(actions, ctx, g.onProgress);
    g.fail('topic', new AwsError({ kind: 'AccessDenied', action: 'sns:CreateTopic' }));
    await g.seen('skipped target: needs "Make subscription", not done');
    expect(g.log).toContain('skipped subscription: needs "Make topic", which failed');
    // the independent bucket is still being made, and then is done
    expect(g.log).not.toContain('done bucket');
    g.open('bucket');
    const result = await applied;
    expect(result.ok).toBe(false);
    expect(result.failed.map((f) => f.action.id)).toEqual(['topic']);
    expect(result.notDone.map((a) => a.id)).toEqual(['subscription', 'target']);
    expect(result.done.map((a) => a.id)).toEqual(['bucket']);
    expect(g.log.filter((l) => l.startsWith('start'))).toEqual(['start topic', 'start bucket']);
  });

  it('without `needs`, an action waits for every action of an earlier phase, as phases always did', async () => {
    const ctx = await context();
    const g = gated();
    const actions = [g.action('user'), g.action('group'), g.action('member', { phase: 2 }), g.action('alias', { phase: 3 })];
    const applied = runActions(actions, ctx, g.onProgress);
    expect(g.log).toEqual(['start user', 'start group']);
    g.open('user');
    await g.seen('done user');
    expect(g.log).not.toContain('start member');
    g.fail('group', new Error('boom'));
    const result = await applied;
    expect(g.log).toContain('skipped member: needs "Make group", which failed');
    // the first one it waits for that did not happen, in the plan's order
    expect(g.log).toContain('skipped alias: needs "Make group", which failed');
    expect(result.notDone.map((a) => a.id)).toEqual(['member', 'alias']);
  });

  it('nothing starts once the run is interrupted', async () => {
    const aborting = new AbortController();
    const ctx = { ...(await context()), signal: aborting.signal };
    const g = gated();
    const applied = runActions([g.action('user'), g.action('member', { phase: 2 })], ctx, g.onProgress);
    aborting.abort();
    g.open('user');
    const result = await applied;
    expect(result.done.map((a) => a.id)).toEqual(['user']);
    expect(g.log).toContain('skipped member: interrupted');
  });

  it('the reason is shown: in a step transcript and in --ci lines, which keep the plan order', async () => {
    const ctx = await context();
    const g = gated();
    const actions = [g.action('topic', { needs: [] }), g.action('bucket', { needs: [] }), g.action('subscription', { needs: ['topic'], phase: 2 })];
    const s = scriptedIO({ yes: true });
    const applied = applyPlan({ actions, existing: [] }, ctx, s.io, 'alert');
    await Promise.all([g.running('bucket'), g.running('topic')]);
    g.open('bucket');
    g.fail('topic', new Error('Topic limit exceeded'));
    await applied;
    expect(s.transcript).toContain('○ not done: Make subscription (needs "Make topic", which failed)');

    const lines: string[] = [];
    const io = lineStepIO({ line: (l) => lines.push(l), yes: true, flags: {}, interactive: false, ask: async () => '', confirm: async () => true, showSecret: () => ({ clear: () => {} }) }, 'alert');
    const sink = io.progress(actions);
    // ended in another order than listed: printed in the plan's order
    sink({ type: 'done', action: actions[1]!, ms: 5 });
    expect(lines).toEqual([]);
    sink({ type: 'failed', action: actions[0]!, ms: 7, error: new Error('Topic limit exceeded') });
    sink({ type: 'skipped', action: actions[2]!, reason: 'needs "Make topic", which failed' });
    expect(lines).toEqual(['  ✖ Make topic: Topic limit exceeded', '  ✔ Make bucket (5 ms)', '  ○ not done: Make subscription (needs "Make topic", which failed)']);
  });
});

describe('the alert plan', () => {
  it("runs the trail's chain beside the topic's: neither waits for the other", async () => {
    const ctx = await context();
    const state = await inspectAlert(ctx);
    const p = planAlert(state, { email: 'security@acme.com', callerArn: ctx.caller.arn, now: NOW });
    const waitsFor = (call: string) =>
      prerequisites(p.actions.find((a) => a.call === call)!, p.actions)
        .map((a) => a.call)
        .sort();
    expect(waitsFor('sns:CreateTopic')).toEqual([]);
    expect(waitsFor('events:PutRule')).toEqual([]);
    expect(waitsFor('s3:CreateBucket')).toEqual([]);
    expect(waitsFor('sns:Subscribe')).toEqual(['events:PutRule', 'sns:CreateTopic']);
    expect(waitsFor('events:PutTargets')).toEqual(['events:PutRule', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe']);
    expect(waitsFor('cloudtrail:CreateTrail')).toEqual([
      's3:CreateBucket',
      's3:PutBucketPolicy',
      's3:PutBucketPublicAccessBlock',
      's3:PutBucketTagging',
      's3:PutEncryptionConfiguration',
    ]);
    expect(waitsFor('cloudtrail:StartLogging')).toContain('cloudtrail:CreateTrail');
    expect(waitsFor('cloudtrail:StartLogging').every((c) => !c.startsWith('sns:') && !c.startsWith('events:'))).toBe(true);
  });
});
