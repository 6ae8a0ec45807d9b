import { UsageError } from '../../args.js';
import {
  cronWords,
  DEFAULT_ICS_PATH,
  defaultStart,
  formatDay,
  occurrences,
  planReminder,
  startPreview,
  reminderOutcome,
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

const NONE = /^(none|-)$/i;

/**
 * The reminder's settings: in --ci from the answers (reminderInput, a bad date is a
 * usage error); with a person there, the screen's three questions, the answers (or
 * the defaults) kept with Enter.
 */
export async function askReminderInput(
  answers: Answers,
  account: { accountId: string; accountAlias: string | null },
  now: Date,
  io: HeadlessIO,
): Promise<ReminderInput> {
  if (!io.interactive) return reminderInput(answers, account, now);
  const r = answers.reminder ?? {};
  io.line('Monthly reminder: once a month, whoever holds root checks they still can sign in, and runs verify.');
  io.line('This writes a calendar file for that, and (if you want) a scheduled GitHub job.');
  const start = (
    await io.ask({
      message: 'First reminder (YYYY-MM-DD)',
      flag: '--start',
      key: 'reminder.start',
      initial: (r.start ?? defaultStart(now)).trim(),
      validate: (v) => {
        const problem = validateStart(v.trim(), now);
        return problem ? `must be ${problem}` : null;
      },
    })
  ).trim();
  io.line(`  ${startPreview(start)}`);
  const path = async (message: string, key: string, flag: string, given: string | null | undefined) => {
    const v = (await io.ask({ message, key, flag, initial: given ?? undefined })).trim();
    return v === '' || NONE.test(v) ? null : v;
  };
  const icsPath = await path('Calendar file (a path, or "none")', 'reminder.icsPath', '--ics', r.icsPath === undefined ? DEFAULT_ICS_PATH : r.icsPath);
  io.line('A GitHub Actions workflow can run `mvsp-setup verify --ci --json` monthly and keep the report.');
  const workflowPath = await path('Workflow file (a path, or empty for none)', 'reminder.githubWorkflowPath', '--workflow', r.githubWorkflowPath);
  return { ...account, start, icsPath, workflowPath, cron: r.cron ?? true, rootHolders: answers.rootHolders };
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
    return { status: 'pending', summary: [`reminder files not written`], todo: [io.interactive ? 'write the reminder files: npx mvsp-setup reminder' : 're-run with --yes to write the reminder files'] };
  }
  const written = await writeReminder(plan, { force: io.flags.force === true });
  io.line('reminder: wrote');
  for (const line of writtenLines(plan, written)) io.line(`  ${line}`);
  if (plan.cronLine) {
    io.line(`reminder: for a machine with AWS credentials, this crontab line (crontab -e) runs verify ${cronWords(plan.start)}:`);
    io.line(`  ${plan.cronLine}`);
  }
  return reminderOutcome(plan, written);
}

/** The 'reminder' step without Ink: questions in --plain, answers only in --ci. */
export const headless: HeadlessStep = async (ctx, { answers, shared, preflight }, io) => {
  const input = await askReminderInput(
    answers,
    { accountId: ctx.caller.accountId, accountAlias: shared.accountAlias ?? preflight.alias },
    ctx.now(),
    io,
  );
  return runReminderHeadless(input, ctx.now(), io);
};
