import { AwsError } from '../aws/errors.js';
import type { Action, ApplyResult, ProgressEvent, StepContext } from './types.js';

/**
 * The actions `action` waits for: the ones its `needs` names (those not in this list are
 * taken as done: the plan found them in place), else every action of an earlier phase.
 */
export function prerequisites(action: Action, actions: readonly Action[]): Action[] {
  if (action.needs) return actions.filter((a) => a !== action && action.needs!.includes(a.id));
  return actions.filter((a) => a.phase < action.phase);
}

/**
 * Run a plan's actions, each as soon as the actions it waits for (`prerequisites`) are
 * done, so independent chains run side by side: CreateTopic → Subscribe next to
 * CreateBucket → PutBucketPolicy → CreateTrail. An action whose prerequisite failed, or
 * was itself not run, is not run: it gets a 'skipped' event naming the one it waited for,
 * and lands in `notDone`, so a re-run can finish the job. Nothing new starts once
 * `ctx.signal` is aborted. The gateway's socket pool caps the requests in flight.
 */
export async function runActions(
  actions: Action[],
  ctx: StepContext,
  onProgress: (e: ProgressEvent) => void = () => {},
): Promise<ApplyResult> {
  const result: ApplyResult = { ok: true, done: [], failed: [], notDone: [] };
  const before = new Map(actions.map((a) => [a, prerequisites(a, actions)]));
  const state = new Map<Action, 'waiting' | 'running' | 'done' | 'failed' | 'not done'>(actions.map((a) => [a, 'waiting']));
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let running = 0;

  const run = async (action: Action): Promise<void> => {
    const started = performance.now();
    onProgress({ type: 'start', action });
    try {
      await action.run(ctx);
      const ms = Math.round(performance.now() - started);
      state.set(action, 'done');
      result.done.push(action);
      onProgress({ type: 'done', action, ms });
    } catch (err) {
      const ms = Math.round(performance.now() - started);
      const error = err instanceof AwsError || err instanceof Error ? err : new Error(String(err));
      state.set(action, 'failed');
      result.ok = false;
      result.failed.push({ action, error });
      onProgress({ type: 'failed', action, ms, error });
    }
  };

  /** Start what is ready, mark what can no longer run, in the plan's order; resolve once nothing runs. */
  const advance = (): void => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const action of actions) {
        if (state.get(action) !== 'waiting') continue;
        const blocker = before.get(action)!.find((p) => state.get(p) === 'failed' || state.get(p) === 'not done');
        if (blocker || ctx.signal?.aborted) {
          state.set(action, 'not done');
          result.notDone.push(action);
          const reason = blocker ? `needs "${blocker.summary}", ${state.get(blocker) === 'failed' ? 'which failed' : 'not done'}` : stopReason(ctx);
          onProgress({ type: 'skipped', action, reason });
          changed = true;
        } else if (before.get(action)!.every((p) => state.get(p) === 'done')) {
          state.set(action, 'running');
          running += 1;
          void run(action).then(() => {
            running -= 1;
            advance();
          });
        }
      }
    }
    if (running > 0) return;
    // nothing runs and something still waits: its `needs` wait on each other (a bug in the plan)
    for (const action of actions) {
      if (state.get(action) !== 'waiting') continue;
      state.set(action, 'not done');
      result.notDone.push(action);
      onProgress({ type: 'skipped', action, reason: 'the actions it waits for wait for it' });
    }
    finish();
  };
  advance();
  await finished;
  return result;
}

/**
 * `actions` as one chain of their own: each waits for the earlier phases of these actions
 * only (its `needs`), not for the rest of a plan they join, so that the chain runs beside
 * the others (a trail's bucket → trail → logging next to the alert's topic → subscription).
 */
export function ownChain(actions: Action[]): Action[] {
  return actions.map((a) => (a.needs ? a : { ...a, needs: actions.filter((b) => b.phase < a.phase).map((b) => b.id) }));
}

/** Why nothing new starts: "interrupted", or what stopped the run (a string abort reason). */
export function stopReason(ctx: StepContext): string {
  return typeof ctx.signal?.reason === 'string' ? ctx.signal.reason : 'interrupted';
}
