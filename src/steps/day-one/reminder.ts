// The 'reminder' step: a monthly calendar event (and, if wanted, a GitHub Actions
// workflow and a crontab line) for whoever holds root to check they still can sign in and
// run verify. Files only: nothing touches AWS. `reminderFlow` is also the `reminder` command.
import type { Answers } from '../../answers.js';
import { OutputFileError } from '../../output-file.js';
import { neutralize } from '../../untrusted.js';
import { emptyRecord, readRecord } from '../local-record.js';
import {
  DEFAULT_ICS_PATH,
  alertEmailByHand,
  cronWords,
  defaultStart,
  formatDay,
  occurrences,
  planReminder,
  recordReminder,
  reminderInPlace,
  reminderInput,
  reminderOutcome,
  safeProfile,
  startPreview,
  validateStart,
  workflowAlertEmail,
  workflowChecksAlertEmail,
  writeReminder,
  writtenLines,
  type ReminderInPlace,
  type ReminderInput,
  type WrittenFile,
} from '../reminder.js';
import type { StepDefinition, StepIO, StepOutcome } from '../flow.js';

export const TODO_REMINDER = 'npx mvsp-setup --steps reminder';

export interface ReminderInspect {
  /** the files the record says were written, still there: nothing to do */
  inPlace: ReminderInPlace | null;
  /** the people who can reach root, from the record (named in the calendar's checklist) */
  rootHolders: string[];
  /** the address the alert step recorded (local record `alertEmail`) */
  alertEmail?: string;
}

export interface ReminderFlowInput {
  answers: Answers;
  accountId: string;
  accountAlias: string | null;
  now: Date;
  /** relative paths are resolved here (default: the working directory) */
  cwd?: string;
  /** named in the checklist when the answers name nobody */
  rootHolders?: string[];
  /** the address root sign-in alerts must reach, given to verify in the workflow (see workflowAlertEmail) */
  alertEmail?: string;
}

const NONE = /^(none|-)?$/i;
const path = (v: string) => (NONE.test(v.trim()) ? null : v.trim());

/** The three questions (start, calendar file, workflow file) as one form; in --ci the answers alone. */
async function askInput(input: ReminderFlowInput, io: StepIO, earlier?: ReminderInput): Promise<ReminderInput> {
  const { answers, now } = input;
  const account = { accountId: input.accountId, accountAlias: input.accountAlias };
  const rootHolders = answers.rootHolders ?? (input.rootHolders?.length ? input.rootHolders : undefined);
  // cron has neither --profile nor AWS_PROFILE: the crontab line names the profile itself
  const profile = typeof io.flags.profile === 'string' ? io.flags.profile : process.env.AWS_PROFILE || undefined;
  if (profile !== undefined && !safeProfile(profile) && !earlier) {
    io.line(`The profile name ${neutralize(profile)} cannot stand in a crontab line as it is: add --profile to the line by hand.`, 'warn');
  }
  const named = { ...(profile !== undefined ? { profile } : {}), ...(input.alertEmail !== undefined ? { alertEmail: input.alertEmail } : {}) };
  if (!io.interactive) return { ...reminderInput(answers, account, now), rootHolders, ...named };
  const r = answers.reminder ?? {};
  if (!earlier) {
    io.line('Once a month, whoever holds root checks they still can sign in, and runs verify.');
    io.line('This writes a calendar file for that, and (if you want) a scheduled GitHub job.');
    io.line('A GitHub Actions workflow can run `mvsp-setup verify --ci --json` monthly and keep the report.');
  }
  const problem = (v: string) => {
    const p = validateStart(v.trim(), now);
    return p ? `must be ${p}` : null;
  };
  const given = (v: string | null | undefined) => (v === null ? 'none' : v);
  // the date and both paths on one screen: the offered values take one Enter
  const [typedStart, typedIcs, typedWorkflow] = await io.form([
    {
      message: 'First reminder (YYYY-MM-DD)',
      flag: '--start',
      key: 'reminder.start',
      initial: earlier?.start ?? (r.start ?? defaultStart(now)).trim(),
      validate: problem,
      // the preview under the field while a date is typed (FindingId has no reminder ids:
      // the id only keys the note)
      notes: (v) => [{ id: 'syntax', severity: 'info', message: problem(v) ? 'a date as YYYY-MM-DD, from today on' : startPreview(v.trim()) }],
    },
    {
      message: 'Calendar file (a path, or "none")',
      flag: '--ics',
      key: 'reminder.icsPath',
      initial: given(earlier ? earlier.icsPath : r.icsPath === undefined ? DEFAULT_ICS_PATH : r.icsPath),
      placeholder: 'none: no calendar file',
    },
    {
      message: 'Workflow file (a path, or empty for none)',
      flag: '--workflow',
      key: 'reminder.githubWorkflowPath',
      // empty, not "none": typing a path needs no clearing first
      initial: earlier ? (earlier.workflowPath ?? '') : r.githubWorkflowPath === null ? '' : (r.githubWorkflowPath ?? ''),
      placeholder: 'e.g. .github/workflows/mvsp-verify.yml',
    },
  ]);
  const start = typedStart!.trim();
  io.line(startPreview(start), 'info');
  const icsPath = path(typedIcs!);
  const workflowPath = path(typedWorkflow!);
  return { ...account, start, icsPath, workflowPath, cron: r.cron ?? true, rootHolders, ...named };
}

/**
 * Ask for (or take from the answers) the start date and paths, show what will be written,
 * write it once confirmed (--yes in --ci; --force replaces a file this tool did not write),
 * remember it in the local record, and give the crontab line to copy. Throws UsageError for
 * a bad answer in --ci or a calendar and workflow on the same path.
 */
export async function reminderFlow(input: ReminderFlowInput, io: StepIO): Promise<StepOutcome> {
  let settings = await askInput(input, io);
  for (;;) {
    const plan = await io.task('Looking at the paths…', () => planReminder(settings, input.now, input.cwd));
    io.line(`Reminder ${plan.schedule}; next: ${occurrences(plan.start, 3).map(formatDay).join(', ')}`);
    for (const f of plan.files) {
      io.line(`+ write ${neutralize(f.absolutePath)} (${f.kind})`);
      if (f.kind === 'workflow' && settings.alertEmail) io.line(`its verify fails unless root sign-in alerts reach ${neutralize(settings.alertEmail)} (--alert-email)`, 'dim');
      if (f.foreign && io.flags.force !== true) io.line('a file mvsp-setup did not write is there: it is kept (another path, or --force to replace it)', 'fail');
      else if (f.replaces) io.line(`replaces the file there${f.kind === 'calendar' ? ' (same event UID: an import updates it)' : ''}`, 'warn');
    }
    if (plan.files.length === 0) io.line('No file to write: no calendar path and no workflow path were given.');

    let problem = '';
    let declined = false;
    let refused = false;
    let written: WrittenFile[] | undefined;
    // a file that would be refused is refused before the question, not after a yes
    const kept = plan.files.some((f) => f.foreign) && io.flags.force !== true;
    if (!kept && plan.files.length > 0 && !(await io.confirm(`Write ${plan.files.length === 1 ? 'this file' : 'these files'}?`))) {
      declined = true;
      problem = `reminder files not written${io.interactive ? '' : ' (add --yes to write them)'}`;
    } else {
      try {
        written = await writeReminder(plan, { force: io.flags.force === true });
      } catch (e) {
        if (!(e instanceof OutputFileError)) throw e;
        refused = true;
        problem = neutralize(e.message);
        io.line(problem, 'fail');
      }
    }
    if (written === undefined) {
      if (io.interactive && (await io.confirm('Change the paths?'))) {
        settings = await askInput(input, io, settings);
        continue;
      }
      if (declined) io.line(problem, 'dim');
      return { status: declined ? 'pending' : 'failed', summary: [problem], todo: [TODO_REMINDER], ...(refused ? { outputRefused: true } : {}) };
    }

    if (written.length > 0) {
      io.line('Wrote:', 'pass');
      for (const l of writtenLines(plan, written)) io.line(neutralize(l));
      // what was written where, so a re-run finds it instead of asking again
      try {
        await recordReminder(input.accountId, plan, written, input.now);
      } catch (e) {
        io.line(`Could not remember the files in the local record (${neutralize(e instanceof Error ? e.message : String(e))}); a re-run will ask again.`, 'warn');
      }
    }
    if (plan.cronLine) io.copy(plan.cronLine, `On a machine with AWS credentials, this crontab line (crontab -e) runs verify ${cronWords(plan.start)}:`);
    const outcome = reminderOutcome(plan, written);
    const workflow = plan.files.find((f) => f.kind === 'workflow' && written.some((w) => w.kind === 'workflow'));
    const { accountId, accountAlias, start, alertEmail } = settings;
    return {
      ...outcome,
      // the alert step, later in this run, adds its address to the workflow if it is unchanged
      shared: {
        ...outcome.shared,
        ...(workflow ? { reminderWorkflow: { path: workflow.absolutePath, content: workflow.content, input: { accountId, accountAlias, start, alertEmail } } } : {}),
      },
      summary: outcome.summary.map(neutralize),
      todo: outcome.todo.map(neutralize),
      // the Done screen keeps the line to copy: no pause for it here
      ...(plan.cronLine ? { copy: [{ label: 'Monthly verify: add with crontab -e on a machine with AWS credentials:', text: neutralize(plan.cronLine) }] } : {}),
    };
  }
}

export const definition: StepDefinition<ReminderInspect> = {
  id: 'reminder',
  // the alias (admin) names the account; the holders (lockaway) go into the checklist
  after: ['admin', 'lockaway'],
  title: 'Monthly reminder',
  outline: 'Write a monthly calendar reminder to check root and run verify',
  async inspect(ctx, { answers }) {
    const record = await readRecord(ctx.caller.accountId).catch(() => emptyRecord(ctx.caller.accountId));
    const inPlace = await reminderInPlace(record, ctx.now(), answers.reminder?.icsPath);
    return { inPlace, rootHolders: record.rootHolders, ...(record.alertEmail !== undefined ? { alertEmail: record.alertEmail } : {}) };
  },
  async run({ ctx, answers, shared, preflight, inspect, steps }, io) {
    const now = ctx.now();
    // a bad start date in the answers stops a script before anything is written
    if (!io.interactive) reminderInput(answers, { accountId: ctx.caller.accountId, accountAlias: null }, now);
    const found = await io.task('Looking for the reminder written last time…', inspect);
    const f = found.inPlace;
    const start = answers.reminder?.start?.trim();
    // the address the workflow's verify checks the alert reaches: the one the alert step of
    // this run will set up (an answer), else the one it set up before (the record)
    const alertStep = (steps?.includes('alert') ?? false) && answers.alert?.enabled !== false;
    const alertEmail = workflowAlertEmail(alertStep ? answers.alert?.email : undefined) ?? workflowAlertEmail(found.alertEmail);
    if (f && (!start || start === f.entry.start)) {
      const day = f.entry.at.slice(0, 10);
      io.line(`Reminder ${f.schedule}; next on ${formatDay(f.next)}`, 'pass');
      io.line(`Calendar file ${neutralize(f.calendarPath)} (written ${day}, event UID unchanged)`, 'pass');
      if (f.workflowPath) io.line(`Workflow file ${neutralize(f.workflowPath)}`, 'pass');
      // a workflow written before its verify was given the alert address: said, never rewritten (the person's role ARN is in it)
      const byHand = f.workflowPath && alertEmail && !workflowChecksAlertEmail(f.workflowContent ?? '', alertEmail) ? alertEmailByHand(f.workflowPath, alertEmail) : null;
      if (byHand) io.line(`Its verify is not given ${byHand.flag}: the monthly job does not check that root sign-in alerts reach ${neutralize(alertEmail!)}.`, 'warn');
      return {
        status: 'done',
        summary: [`monthly root check: ${f.schedule}, next on ${formatDay(f.next)}`, `calendar file ${neutralize(f.calendarPath)} (written ${day})`, 'already in place'],
        ...(byHand ? { todo: [byHand.todo] } : {}),
        shared: {
          nextCheck: f.next,
          ...(f.workflowPath ? { reminderWorkflowInPlace: { path: f.workflowPath, content: f.workflowContent ?? '', ...(alertEmail ? { checkedFor: alertEmail } : {}) } } : {}),
        },
      };
    }
    return reminderFlow(
      {
        answers,
        accountId: ctx.caller.accountId,
        accountAlias: shared.accountAlias ?? preflight.alias,
        now,
        rootHolders: found.rootHolders,
        ...(alertEmail !== undefined ? { alertEmail } : {}),
      },
      io,
    );
  },
};
