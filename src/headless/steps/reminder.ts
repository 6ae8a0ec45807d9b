import { UsageError } from '../../args.js';
import {
  DEFAULT_ICS_PATH,
  defaultStart,
  formatDay,
  occurrences,
  planReminder,
  validateStart,
  writeReminder,
  writtenLines,
  type ReminderInput,
} from '../../steps/reminder.js';
import type { Answers } from '../../answers.js';
import type { StepOutcome } from '../../screens/wizard/types.js';
import type { HeadlessIO, HeadlessStep } from '../types.js';

/** The reminder's settings from answers (flags already merged in); bad ones are usage errors. */
export function reminderInput(
  answers: Answers,
  account: { accountId: string; accountAlias: string | null },
  now: Date,
): ReminderInput {
  const r = answers.reminder ?? {};
  const start = (r.start ?? defaultStart(now)).trim();
  const problem = validateStart(start, now);
  if (problem) throw new UsageError(`reminder: --start / "reminder.start" "${start}" must be ${problem}`);
  return {
    ...account,
    start,
    icsPath: r.icsPath === undefined ? DEFAULT_ICS_PATH : r.icsPath,
    workflowPath: r.githubWorkflowPath ?? null,
    cron: r.cron ?? true,
    rootHolders: answers.rootHolders,
  };
}

/** Plan, write (with --yes) and report the reminder files in plain lines. */
export async function runReminderHeadless(input: ReminderInput, now: Date, io: HeadlessIO, cwd?: string): Promise<StepOutcome> {
  const plan = await planReminder(input, now, cwd);
  const next = occurrences(plan.start, 3).map(formatDay);
  io.line(`reminder: ${plan.schedule}; next: ${next.join(', ')}`);
  for (const f of plan.files) io.line(`  + write ${f.absolutePath} (${f.kind}${f.replaces ? ', replaces the existing file' : ''})`);
  if (plan.files.length === 0) io.line('  no files to write (no calendar path, no workflow path)');
  if (plan.files.length > 0 && !(await io.confirm(`Write ${plan.files.length === 1 ? 'this file' : 'these files'}?`))) {
    io.line(`reminder: not written${io.interactive ? '' : ' (add --yes to write these files)'}`);
    return { status: 'pending', summary: [`reminder files not written`], todo: ['re-run with --yes to write the reminder files'] };
  }
  const written = await writeReminder(plan);
  io.line('reminder: wrote');
  for (const line of writtenLines(plan, written)) io.line(`  ${line}`);
  if (plan.cronLine) {
    io.line('reminder: for a machine with AWS credentials, this crontab line (crontab -e) runs the check monthly:');
    io.line(`  ${plan.cronLine}`);
  }
  const todo: string[] = [];
  const ics = written.find((w) => w.kind === 'calendar');
  if (ics) todo.push(`Import ${ics.absolutePath} into the calendar of whoever holds root`);
  const wf = written.find((w) => w.kind === 'workflow');
  if (wf) todo.push(`Put the verify role's ARN in ${wf.path} (role-to-assume) and commit it`);
  return {
    status: 'done',
    summary: [`monthly root check: ${plan.schedule}, first on ${formatDay(plan.start)}`, ...written.map((w) => `wrote ${w.absolutePath}`)],
    todo,
    shared: { nextCheck: plan.start },
  };
}

/** The 'reminder' step without prompts. */
export const headless: HeadlessStep = async (ctx, { answers, shared, preflight }, io) => {
  const input = reminderInput(
    answers,
    { accountId: ctx.caller.accountId, accountAlias: shared.accountAlias ?? preflight.alias },
    ctx.now(),
  );
  return runReminderHeadless(input, ctx.now(), io);
};
