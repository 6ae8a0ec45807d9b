import { AwsError, describeAwsError } from '../aws/errors.js';
import { runActions } from '../steps/run-actions.js';
import type { ApplyResult, Plan, StepContext } from '../steps/types.js';
import type { HeadlessIO } from './types.js';

export function printPlan(plan: Plan, io: HeadlessIO, title: string): void {
  io.line(`${title}: plan`);
  if (plan.actions.length === 0) io.line('  nothing to do: everything is already in place');
  for (const a of plan.actions) io.line(`  + ${a.summary}  [${a.call}]`);
  for (const e of plan.existing) io.line(`  = ${e.summary} (already in place)`);
  for (const n of plan.notes ?? []) io.line(`  ! ${n}`);
}

export function errorText(error: Error): string {
  if (error instanceof AwsError) {
    const d = describeAwsError(error);
    return `${d.title}. ${d.fix}`;
  }
  return error.message;
}

/** Show the plan, then (with --yes) apply it with one line per finished action. null = not applied. */
export async function applyPlanHeadless(plan: Plan, ctx: StepContext, io: HeadlessIO, title: string): Promise<ApplyResult | null> {
  printPlan(plan, io, title);
  if (plan.actions.length === 0) return { ok: true, done: [], failed: [], notDone: [] };
  if (!(await io.confirm(`Apply this plan (${plan.actions.length} change${plan.actions.length === 1 ? '' : 's'})?`))) {
    io.line(`${title}: not applied${io.interactive ? '' : ' (add --yes to apply this plan)'}`);
    return null;
  }
  let firstError: Error | null = null;
  const result = await runActions(plan.actions, ctx, (e) => {
    if (e.type === 'done') io.line(`  ✔ ${e.action.summary} (${e.ms} ms)`);
    if (e.type === 'failed') {
      // concurrent actions often fail for the same reason: the fix is said once, below
      io.line(`  ✖ ${e.action.summary}: ${e.error instanceof AwsError ? describeAwsError(e.error).title : e.error.message}`);
      firstError ??= e.error;
    }
  });
  for (const a of result.notDone) io.line(`  ○ not done: ${a.summary}`);
  if (!result.ok) {
    const failure = firstError as Error | null;
    if (failure instanceof AwsError) io.line(`  What to do: ${describeAwsError(failure).fix}`);
    io.line(`${title}: stopped after a failure; re-run to finish (what is done will not be redone)`);
  }
  return result;
}
