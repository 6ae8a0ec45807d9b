// The day-one flow without prompts (--ci): every answer from flags or --answers,
// plans applied only with --yes, one plain line per event.
import type { Answers } from '../answers.js';
import { UsageError, type StepId } from '../args.js';
import { AwsError, describeAwsError } from '../aws/errors.js';
import type { Session } from '../session.js';
import type { StepOutcome, WizardShared } from '../screens/wizard/types.js';
import { HEADLESS_STEPS } from './registry.js';
import { awsErrorExitCode, awsErrorLines, isEnvironmentError } from './aws-error-lines.js';
import { errorText } from './plan-io.js';
import { runActions } from '../steps/run-actions.js';
import type { HeadlessIO } from './types.js';


export async function runSetupHeadless(session: Session, steps: StepId[], answers: Answers, io: HeadlessIO): Promise<number> {
  let ctx;
  let preflight;
  try {
    [preflight, ctx] = await Promise.all([session.preflight(), session.context()]);
  } catch (e) {
    if (e instanceof AwsError) {
      for (const l of awsErrorLines(e)) io.line(l);
      return awsErrorExitCode(e);
    }
    throw e;
  }
  io.line(`account ${preflight.caller.accountId}${preflight.alias ? ` (${preflight.alias})` : ''} · caller ${preflight.caller.arn}${session.demo ? ' · DEMO sandbox, nothing reaches AWS' : ''}`);
  let shared: WizardShared = { accountAlias: preflight.alias };
  const outcomes: [StepId, StepOutcome][] = [];
  for (const id of steps) {
    const step = HEADLESS_STEPS[id];
    if (!step) {
      io.line(`${id}: not available in this version; skipped`);
      continue;
    }
    let outcome: StepOutcome;
    try {
      outcome = await step(ctx, { answers, shared, preflight }, io);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      if (e instanceof AwsError) {
        const d = describeAwsError(e);
        io.line(`${id}: ✖ ${d.title}. ${d.fix}`);
        outcome = { status: 'failed', summary: [d.title] };
        if (isEnvironmentError(e)) {
          outcomes.push([id, outcome]);
          return 2;
        }
      } else throw e;
    }
    outcomes.push([id, outcome]);
    shared = { ...shared, ...outcome.shared };
    if (outcome.status === 'failed') break;
  }
  const last = outcomes.flatMap(([id, o]) => (o.lastActions ?? []).map((action) => ({ id, action })));
  if (last.length > 0 && !outcomes.some(([, o]) => o.status === 'failed')) {
    // these end the session's own credentials: nothing may run after them
    io.line('last: the confirmed final actions');
    const result = await runActions(last.map((l) => l.action), ctx, (e) => {
      if (e.type === 'done') io.line(`  ✔ ${e.action.summary} (${e.ms} ms)`);
      if (e.type === 'failed') io.line(`  ✖ ${e.action.summary}: ${errorText(e.error)}`);
    });
    for (const { id, action } of last) {
      const o = outcomes.find(([oid]) => oid === id)![1];
      const ok = result.done.includes(action);
      o.summary = [...o.summary, `${ok ? 'done' : 'NOT done'}: ${action.summary}`];
      if (!ok) o.status = 'failed';
    }
  }
  io.line('summary:');
  for (const [id, o] of outcomes) io.line(`  ${id}: ${o.status}${o.summary.length ? ` — ${o.summary.join('; ')}` : ''}`);
  const todo = outcomes.flatMap(([, o]) => o.todo ?? []);
  for (const t of todo) io.line(`  todo: ${t}`);
  if (shared.nextCheck) io.line(`  next root check: ${shared.nextCheck}`);
  return outcomes.some(([, o]) => o.status === 'failed') ? 1 : 0;
}
