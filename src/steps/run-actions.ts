import { AwsError } from '../aws/errors.js';
import type { Action, ApplyResult, ProgressEvent, StepContext } from './types.js';

/**
 * Run a plan's actions phase by phase: independent actions of one phase concurrently,
 * a phase only after the previous one fully succeeded. Stops at the first failing
 * phase (the rest is reported as not done) so a re-run can finish the job.
 */
export async function runActions(
  actions: Action[],
  ctx: StepContext,
  onProgress: (e: ProgressEvent) => void = () => {},
): Promise<ApplyResult> {
  const phases = [...new Set(actions.map((a) => a.phase))].sort((a, b) => a - b);
  const result: ApplyResult = { ok: true, done: [], failed: [], notDone: [] };
  for (const phase of phases) {
    const batch = actions.filter((a) => a.phase === phase);
    if (!result.ok || ctx.signal?.aborted) {
      result.notDone.push(...batch);
      continue;
    }
    await Promise.all(
      batch.map(async (action) => {
        const started = performance.now();
        onProgress({ type: 'start', action });
        try {
          await action.run(ctx);
          const ms = Math.round(performance.now() - started);
          result.done.push(action);
          onProgress({ type: 'done', action, ms });
        } catch (err) {
          const ms = Math.round(performance.now() - started);
          const error = err instanceof AwsError || err instanceof Error ? err : new Error(String(err));
          result.ok = false;
          result.failed.push({ action, error });
          onProgress({ type: 'failed', action, ms, error });
        }
      }),
    );
  }
  return result;
}
