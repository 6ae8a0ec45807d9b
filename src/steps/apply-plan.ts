// Show a plan, ask, apply it with progress, report failures: the same for every step and
// every front end.
import { AwsError, describeAwsError, isAwsError } from '../aws/errors.js';
import { runActions, stopReason } from './run-actions.js';
import type { StepIO } from './flow.js';
import type { ApplyResult, Plan, StepContext } from './types.js';

/**
 * Show `plan`, ask before applying it (--yes answers in --ci), apply it phase by phase with
 * progress, and say what failed with the fix once. null: the person did not apply it.
 * An empty plan is "applied" at once with nothing done. Interrupted (ctx.signal) part way,
 * the changes under way end, the rest are not started, and the result is not ok.
 */
export async function applyPlan(plan: Plan, ctx: StepContext, io: StepIO, title: string, opts: { defaultNo?: boolean } = {}): Promise<ApplyResult | null> {
  io.plan(plan, title);
  if (plan.actions.length === 0) return { ok: true, done: [], failed: [], notDone: [] };
  const n = plan.actions.length;
  if (!(await io.confirm(`Apply this plan (${n} change${n === 1 ? '' : 's'})?`, opts))) {
    // the presenter names the step (a line front end prefixes it): the title is for the plan
    io.line(`not applied${io.interactive ? '' : ' (add --yes to apply this plan)'}`, 'dim');
    return null;
  }
  const result = await runActions(plan.actions, ctx, io.progress(plan.actions));
  if (!result.ok) {
    // concurrent actions often fail for the same reason: the fix is said once, for the
    // first failure in the plan's order (not whichever answered first)
    const first = plan.actions.map((a) => result.failed.find((f) => f.action.id === a.id)).find(Boolean)?.error;
    if (first instanceof AwsError) io.line(`What to do: ${describeAwsError(first).fix}`, 'fail');
    io.line('stopped after a failure; re-run to finish (what is done will not be redone)', 'fail');
  } else if (result.notDone.length > 0) {
    // only an interrupt leaves actions undone without a failure: the plan is not applied
    io.line(`${stopReason(ctx)}: ${result.done.length} of ${n} changes made; re-run to finish (what is done will not be redone)`, 'warn');
    return { ...result, ok: false };
  }
  return result;
}

/** The first action refused for lack of permission, in plan order. */
export function firstAccessDenied(plan: Plan, result: ApplyResult): AwsError | null {
  for (const a of plan.actions) {
    const f = result.failed.find((x) => x.action.id === a.id);
    if (f && isAwsError(f.error, 'AccessDenied')) return f.error;
  }
  return null;
}

/** One line for an error in a progress list: the AWS title, or the message. */
export function errorText(error: Error): string {
  if (error instanceof AwsError) {
    const d = describeAwsError(error);
    return `${d.title}. ${d.fix}`;
  }
  return error.message;
}
