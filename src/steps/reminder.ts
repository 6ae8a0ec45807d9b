// The monthly reminder: a calendar file (RFC 5545, one recurring event whose UID is
// derived from the account id, so importing a rewritten file replaces the event), a
// crontab line and a GitHub Actions workflow that run `verify --ci --json`. Files are
// written only to the paths the person named; nothing touches AWS.
import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { fileError, OutputFileError, prepareOutput, type PreparedOutput } from '../output-file.js';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { hasControl, neutralize } from '../untrusted.js';
import ical, { ICalAlarmType } from 'ical-generator';
import { VERSION } from '../version.js';
import { updateRecord, type LocalRecord, type RecordOptions, type ReminderEntry } from './local-record.js';
import type { Answers } from '../answers.js';
import { parseEmail } from './root-email.js';

export const DEFAULT_ICS_PATH = 'mvsp-root-check.ics';
/** the reminder's wall-clock time, in whatever time zone the calendar is in */
const EVENT_HOUR = 10;
const EVENT_MINUTES = 30;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const ORDINALS = ['first', 'second', 'third', 'fourth'] as const;

export interface ReminderInput {
  accountId: string;
  accountAlias: string | null;
  /** YYYY-MM-DD */
  start: string;
  /** null: no calendar file */
  icsPath: string | null;
  /** null: no workflow file */
  workflowPath: string | null;
  /** show the crontab line */
  cron: boolean;
  /** the people who can reach root, named in the checklist */
  rootHolders?: string[];
  /**
   * the named AWS profile this run used (--profile or AWS_PROFILE), given to verify in the
   * crontab line and the checklist: cron has neither the flag nor the variable. Only names
   * of letters, digits and . _ - + @ are written (see safeProfile).
   */
  profile?: string;
  /**
   * the address root sign-in alerts must reach, given to verify in the workflow as
   * --alert-email (a GitHub runner has no local record of it); only an address that
   * `workflowAlertEmail` accepts
   */
  alertEmail?: string;
}

/** A profile name that can stand bare in a shell command and a crontab line (no quoting, no %). */
export function safeProfile(profile: string | undefined): string | undefined {
  return profile !== undefined && /^[A-Za-z0-9._+@-]{1,64}$/.test(profile) ? profile : undefined;
}

const profileArg = (profile: string | undefined) => (safeProfile(profile) ? ` --profile ${safeProfile(profile)}` : '');

export interface ReminderFile {
  kind: 'calendar' | 'workflow';
  /** as given */
  path: string;
  /** absolute */
  absolutePath: string;
  content: string;
  /** a file is there already: it is replaced */
  replaces: boolean;
  /** the file there is not one this tool wrote: it is kept unless --force */
  foreign: boolean;
}

export interface ReminderPlan {
  start: string;
  /** RRULE value, e.g. FREQ=MONTHLY;BYDAY=1MO */
  rrule: string;
  /** "every month on the first Monday at 10:00" */
  schedule: string;
  uid: string;
  files: ReminderFile[];
  cronLine: string | null;
  /** when the scheduled jobs (cron, GitHub Actions) run: the calendar's days */
  jobs: JobSchedule;
}

export interface WrittenFile {
  kind: ReminderFile['kind'];
  path: string;
  absolutePath: string;
  replaced: boolean;
}

// ---- dates (all calendar arithmetic in UTC on plain Y-M-D values) ----

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parseDate(s: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { y, m, d };
}

function weekday(s: string): number {
  const { y, m, d } = parseDate(s)!;
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The default first reminder: the first Monday of next month. */
export function defaultStart(now: Date): string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  const firstDow = new Date(Date.UTC(ny, nm - 1, 1)).getUTCDay();
  const day = 1 + ((1 - firstDow + 7) % 7);
  return ymd(ny, nm, day);
}

/** null when fine, else what is wrong with a start date typed by a person. */
export function validateStart(s: string, now: Date): string | null {
  const p = parseDate(s);
  if (!p) return 'a date as YYYY-MM-DD, e.g. 2026-12-07';
  const today = ymd(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
  if (s.trim() < today) return `a date from today (${today}) on, not in the past`;
  return null;
}

/**
 * A start on a weekday repeats on the same weekday of the month ("first Monday"), so the
 * reminder never lands on a weekend; days 29-31 become "last". A weekend start keeps its
 * day of the month, except days 29-31, which become the month's last day: a BYMONTHDAY
 * that a month lacks yields no event that month (RFC 5545 3.3.10), and a two-month gap
 * outlasts verify's 35-day attestation window.
 */
export function recurrence(start: string): { rrule: string; words: string } {
  const rule = dayRule(start);
  switch (rule.kind) {
    case 'monthday':
      return { rrule: `FREQ=MONTHLY;BYMONTHDAY=${rule.day}`, words: `every month on day ${rule.day}` };
    case 'last-day':
      return { rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1', words: 'every month on its last day' };
    case 'weekday':
      return { rrule: `FREQ=MONTHLY;BYDAY=${rule.nth}${WEEKDAYS[rule.weekday]}`, words: `every month on the ${ORDINALS[rule.nth - 1]} ${WEEKDAY_NAMES[rule.weekday]}` };
    case 'last-weekday':
      return { rrule: `FREQ=MONTHLY;BYDAY=-1${WEEKDAYS[rule.weekday]}`, words: `every month on the last ${WEEKDAY_NAMES[rule.weekday]}` };
  }
}

/** Which day of each month the reminder falls on (see recurrence for why). */
export type DayRule =
  | { kind: 'monthday'; day: number }
  | { kind: 'last-day' }
  /** the nth (1-4) weekday (0 Sunday .. 6 Saturday) of the month */
  | { kind: 'weekday'; nth: 1 | 2 | 3 | 4; weekday: number }
  | { kind: 'last-weekday'; weekday: number };

export function dayRule(start: string): DayRule {
  const { d } = parseDate(start)!;
  const dow = weekday(start);
  if (dow === 0 || dow === 6) return d >= 29 ? { kind: 'last-day' } : { kind: 'monthday', day: d };
  const nth = Math.ceil(d / 7);
  return nth >= 5 ? { kind: 'last-weekday', weekday: dow } : { kind: 'weekday', nth: nth as 1 | 2 | 3 | 4, weekday: dow };
}

/** The day of month `rule` picks in month `mm` (1-12) of year `yy`. */
function dayIn(rule: DayRule, yy: number, mm: number): number {
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  if (rule.kind === 'monthday') return rule.day;
  if (rule.kind === 'last-day') return last;
  const first = new Date(Date.UTC(yy, mm - 1, 1)).getUTCDay();
  const firstMatch = 1 + ((rule.weekday - first + 7) % 7);
  return rule.kind === 'last-weekday' ? firstMatch + 7 * Math.floor((last - firstMatch) / 7) : firstMatch + 7 * (rule.nth - 1);
}

/** The next `count` dates of the recurrence from the start (inclusive), as YYYY-MM-DD. */
export function occurrences(start: string, count: number): string[] {
  const { y, m } = parseDate(start)!;
  const rule = dayRule(start);
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const mi = m - 1 + i;
    const yy = y + Math.floor(mi / 12);
    const mm = (mi % 12) + 1;
    out.push(ymd(yy, mm, dayIn(rule, yy, mm)));
  }
  return out;
}

/**
 * The first reminder: the start itself, or (a weekend start on days 29-31) the last day
 * of its month, so the calendar's DTSTART is the rule's first date (RFC 5545 3.8.5.3).
 */
export function firstOccurrence(start: string): string {
  return occurrences(start, 1)[0]!;
}

/** What a typed start date gives: "Mon 7 Dec 2026: then every month on the first Monday at 10:00". */
export function startPreview(start: string): string {
  const first = firstOccurrence(start);
  const words = `${recurrence(start).words} at ${EVENT_HOUR}:00`;
  return first === start ? `${formatDay(start)}: then ${words}` : `${formatDay(start)}: ${words}, so first on ${formatDay(first)}`;
}

export function formatDay(s: string): string {
  const { y, m, d } = parseDate(s)!;
  return `${WEEKDAY_NAMES[weekday(s)]!.slice(0, 3)} ${d} ${MONTHS[m - 1]} ${y}`;
}

// ---- contents ----

export function reminderUid(accountId: string): string {
  return `mvsp-root-check-${accountId}@mvsp-setup`;
}

function accountLabel(accountId: string, alias: string | null): string {
  return alias ? `${accountId} (${alias})` : accountId;
}

export function checklist(input: Pick<ReminderInput, 'accountId' | 'accountAlias' | 'rootHolders' | 'profile'>): string {
  const holders = input.rootHolders?.filter((h) => h.trim() !== '') ?? [];
  return [
    `Monthly root check for AWS account ${accountLabel(input.accountId, input.accountAlias)}.`,
    '',
    '1. Sign in as root (https://console.aws.amazon.com/, "Root user") and confirm the password and the MFA device still work.',
    holders.length > 0
      ? `2. Confirm the two people who can reach root still can: ${holders.join(', ')}.`
      : '2. Confirm the two people who can reach root still can (password and MFA device).',
    `3. Run: npx mvsp-setup${profileArg(input.profile)} verify`,
    '4. Look at anything verify flagged (fail or warn) and fix it or write down why not.',
  ].join('\n');
}

/** SEQUENCE of an earlier file with this UID (so the rewrite counts as a newer version), else -1. */
function previousSequence(existing: string | null, uid: string): number {
  if (!existing || !existing.includes(`UID:${uid}`)) return -1;
  const m = /^SEQUENCE:(\d+)\s*$/m.exec(existing);
  return m ? Number(m[1]) : 0;
}

export function calendarText(input: ReminderInput, now: Date, existing: string | null = null): string {
  const { y, m, d } = parseDate(firstOccurrence(input.start))!;
  const uid = reminderUid(input.accountId);
  const cal = ical({ prodId: '//mvsp-setup//monthly root check//EN', name: 'AWS root check' });
  cal.createEvent({
    id: uid,
    sequence: previousSequence(existing, uid) + 1,
    stamp: now,
    // floating time: 10:00 wherever the calendar is; ical-generator writes a floating Date with UTC getters
    floating: true,
    start: new Date(Date.UTC(y, m - 1, d, EVENT_HOUR, 0)),
    end: new Date(Date.UTC(y, m - 1, d, EVENT_HOUR, EVENT_MINUTES)),
    repeating: recurrence(input.start).rrule,
    summary: `AWS root check: ${input.accountAlias ?? input.accountId}`,
    description: checklist(input),
    alarms: [{ type: ICalAlarmType.display, trigger: 24 * 3600, description: 'Tomorrow: monthly AWS root check' }],
  });
  // RFC 5545 3.1: every content line ends in CRLF, the last one too
  const text = cal.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

// ---- scheduled jobs ----

/** the scheduled jobs' hour: an hour before the calendar's, so the report is there when the person checks */
const JOB_HOUR = 9;

/**
 * When the scheduled jobs run. Cron has no "first Monday" and no "last day": `dayOfMonth`
 * is the range the day always falls in, and `guard` (a JavaScript expression on `d`, today
 * in local time, true on the calendar's day) is run by `node -e` before verify.
 */
export interface JobSchedule {
  /** cron's day-of-month field: "7", "1-7", "22-31", "28-31" */
  dayOfMonth: string;
  guard: string | null;
  /** "on the first Monday of each month" */
  words: string;
}

export function jobSchedule(start: string): JobSchedule {
  const rule = dayRule(start);
  switch (rule.kind) {
    case 'monthday':
      return { dayOfMonth: String(rule.day), guard: null, words: `on day ${rule.day} of each month` };
    case 'last-day':
      // tomorrow is the 1st (24 hours on from 09:00 is tomorrow, summer time or not)
      return { dayOfMonth: '28-31', guard: 'new Date(+d+864e5).getDate()==1', words: 'on the last day of each month' };
    case 'weekday':
      return {
        dayOfMonth: `${7 * rule.nth - 6}-${7 * rule.nth}`,
        guard: `d.getDay()==${rule.weekday}`,
        words: `on the ${ORDINALS[rule.nth - 1]} ${WEEKDAY_NAMES[rule.weekday]} of each month`,
      };
    case 'last-weekday':
      // the same weekday a week on is in the next month
      return {
        dayOfMonth: '22-31',
        guard: `d.getDay()==${rule.weekday}&&new Date(+d+6048e5).getDate()<=7`,
        words: `on the last ${WEEKDAY_NAMES[rule.weekday]} of each month`,
      };
  }
}

/** `node -e` that exits 0 on the calendar's day only; single-quoted, so no shell expands it. */
function guardCommand(guard: string): string {
  return `node -e 'd=new Date;process.exit(${guard}?0:1)'`;
}

/** The pinned command the jobs run: the version that wrote them, never whatever is published later. */
/** `profile`: see ReminderInput.profile (the workflow signs in through OIDC and gives none). */
export function verifyCommand(profile?: string): string {
  return `npx --yes mvsp-setup@${VERSION}${profileArg(profile)} verify --ci --json`;
}

/**
 * A crontab line (5 fields, then the command) running verify on the calendar's days at
 * 09:00 machine time. Cron days and the guard: with both day-of-month and day-of-week set,
 * cron runs on either, so the weekday is tested in the command. No `%` (it ends a
 * crontab command).
 */
export function cronLine(start: string, profile?: string): string {
  const jobs = jobSchedule(start);
  const run = `${verifyCommand(profile)} > "$HOME/mvsp-verify.json" 2> "$HOME/mvsp-verify.log"`;
  return `0 ${JOB_HOUR} ${jobs.dayOfMonth} * * ${jobs.guard ? `${guardCommand(jobs.guard)} && ` : ''}${run}`;
}

/** "on the first Monday of each month at 09:00 (machine time), an hour before the reminder" */
export function cronWords(start: string): string {
  return `${jobSchedule(start).words} at 0${JOB_HOUR}:00 machine time, an hour before the reminder, so the report is ready`;
}

// Pinned by commit (a tag can be moved to other code; this job can assume an AWS role),
// with the release each commit is, for people and update bots to read.
const ACTIONS = {
  setupNode: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0',
  awsCredentials: 'aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3',
  uploadArtifact: 'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0',
} as const;

/** Node for the job: an LTS line the tool supports (package.json engines). */
const WORKFLOW_NODE = 24;

/**
 * The address as verify's --alert-email takes it (parseEmail), trimmed; undefined when it
 * is not one, or holds a control or formatting character (nothing a YAML scalar or a
 * terminal should carry).
 */
export function workflowAlertEmail(email: string | undefined): string | undefined {
  const address = email?.trim();
  if (address === undefined || hasControl(address) || !parseEmail(address).ok) return undefined;
  return address;
}

/**
 * One POSIX shell word that is exactly `text`: single-quoted, each `'` as '\''. A `$` is
 * followed by '' (closing and reopening the quotes), so the text never holds `${{`, which
 * GitHub Actions expands in a run script before the shell sees it.
 */
export function shellWord(text: string): string {
  // replacers as functions: in a replacement string, $' means "the text after the match"
  return `'${text.replace(/'/g, () => "'\\''").replace(/\$/g, () => "$''")}'`;
}

/** A YAML double-quoted scalar of a one-line text without control characters (YAML 1.2, 7.3.1). */
function yamlQuoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The workflow's verify command line (the YAML value of its `run:`), with --alert-email when an address is given. */
function workflowVerifyRun(alertEmail: string | undefined): string {
  const run = `${verifyCommand()} > report.json`;
  if (alertEmail === undefined) return run;
  const address = workflowAlertEmail(alertEmail);
  if (address === undefined) throw new Error('workflowText: the alert address is not one verify --alert-email takes (check it with workflowAlertEmail)');
  // one word with the option (--alert-email=ADDRESS): an address may start with "--"
  return yamlQuoted(`${verifyCommand()} --alert-email=${shellWord(address)} > report.json`);
}

/** What the header says about --alert-email: what it does, and how to change it. */
function alertEmailComment(alertEmail: string | undefined): string {
  return alertEmail === undefined
    ? `# Root sign-in alert: add --alert-email=ADDRESS to the verify line below, and verify fails
# (root-login-alert) unless the alert reaches ADDRESS: this job has no local record of it.
`
    : `# Root sign-in alert: with --alert-email, verify fails (root-login-alert) unless the alert
# (EventBridge rule → SNS topic) reaches that address through a confirmed subscription, so
# an alert re-pointed at someone else fails this job. To change the address, edit it after
# --alert-email= in the verify line below (keep it in single quotes).
`;
}

export function workflowText(input: Pick<ReminderInput, 'accountId' | 'accountAlias' | 'start' | 'alertEmail'>): string {
  const jobs = jobSchedule(input.start);
  const header = `# Monthly check of AWS account ${accountLabel(input.accountId, input.accountAlias)}, written by mvsp-setup ${VERSION}.
# It runs mvsp-setup ${VERSION} verify, the calendar reminder's days:
# ${jobs.words} at 0${JOB_HOUR}:00 UTC (GitHub's clock), and keeps the report as an artifact.
# Before it can run: create an IAM role this repository can assume through GitHub's OIDC
# provider (token.actions.githubusercontent.com), allowed the read-only actions that
# \`npx mvsp-setup@${VERSION} verify --print-policy\` prints, and put its ARN in role-to-assume below.
# The report is kept as an artifact only in a private repository (anyone signed in to GitHub
# can download a public one's); in a public one the job's result is the only record.
# Scheduled runs stop by themselves: in a public repository GitHub disables this schedule
# after 60 days without activity (a commit, for example; scheduled runs do not count).
# Keep it alive with a commit now and then; if it was disabled, "Enable workflow" on its
# page in the Actions tab turns it back on. "Run workflow" there (workflow_dispatch) runs
# it by hand at any time.
${alertEmailComment(input.alertEmail)}name: mvsp-setup monthly verify

on:
  schedule:
    - cron: '0 ${JOB_HOUR} ${jobs.dayOfMonth} * *'
  workflow_dispatch: {}

permissions:
  id-token: write
  contents: read

jobs:
`;
  const gate = jobs.guard
    ? `  due:
    # cron cannot say "${jobs.words.replace(/^on /, '')}": the schedule fires on days ${jobs.dayOfMonth}, this keeps the one day
    runs-on: ubuntu-latest
    permissions: {}
    outputs:
      due: \${{ steps.today.outputs.due }}
    steps:
      - id: today
        run: |
          if [ "$GITHUB_EVENT_NAME" = workflow_dispatch ] || ${guardCommand(jobs.guard)}; then
            echo "due=true" >> "$GITHUB_OUTPUT"
          else
            echo "due=false" >> "$GITHUB_OUTPUT"
          fi

`
    : '';
  const needs = jobs.guard
    ? `    needs: due
    if: needs.due.outputs.due == 'true'
`
    : '';
  return `${header}${gate}  verify:
${needs}    runs-on: ubuntu-latest
    steps:
      - uses: ${ACTIONS.setupNode}
        with:
          node-version: ${WORKFLOW_NODE}
      - uses: ${ACTIONS.awsCredentials}
        with:
          role-to-assume: arn:aws:iam::${input.accountId}:role/REPLACE-WITH-YOUR-VERIFY-ROLE
          aws-region: us-east-1
      - name: mvsp-setup verify
        run: ${workflowVerifyRun(input.alertEmail)}
      - name: Is this repository private?
        id: visibility
        if: always()
        env:
          GH_TOKEN: \${{ github.token }}
        run: echo "private=$(gh api "repos/$GITHUB_REPOSITORY" --jq .private)" >> "$GITHUB_OUTPUT"
      - name: Upload the report
        # verify exits 1 when a check fails: the report matters most then. It names users,
        # contacts and what is unprotected; anyone signed in to GitHub can download a public
        # repository's artifacts, so it is kept only in a private one.
        if: always() && steps.visibility.outputs.private == 'true'
        uses: ${ACTIONS.uploadArtifact}
        with:
          name: mvsp-verify-report
          path: report.json
`;
}

// ---- what is ours to replace ----

/** Content lines of an iCalendar text, folded lines joined (RFC 5545 3.1). */
function unfoldedLines(text: string): string[] {
  return text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/).filter((l) => l !== '');
}

/**
 * A calendar file this tool wrote for `uid`: one calendar whose only event is ours (with
 * at most its alarm). A file holding any other event is the person's: never replaced
 * without --force, since the rewrite would drop their events.
 */
export function isOurCalendar(text: string, uid: string): boolean {
  const lines = unfoldedLines(text);
  const begins = lines.filter((l) => /^BEGIN:/i.test(l)).map((l) => l.slice(6).trim().toUpperCase());
  if (begins.filter((c) => c === 'VCALENDAR').length !== 1 || begins.filter((c) => c === 'VEVENT').length !== 1) return false;
  if (begins.some((c) => c !== 'VCALENDAR' && c !== 'VEVENT' && c !== 'VALARM')) return false;
  const uids = lines.filter((l) => /^UID[;:]/i.test(l)).map((l) => l.slice(l.indexOf(':') + 1).trim());
  return uids.length === 1 && uids[0] === uid;
}

const WORKFLOW_FIRST_LINE = /^# Monthly check of AWS account \d{12}(?: \(.*\))?, written by mvsp-setup [^\s]+\.\r?\n/;

/**
 * A workflow this tool wrote: it starts with the header line the tool writes, is named as
 * the tool names it, and holds no job but the tool's (the person's edit of role-to-assume
 * is expected and kept ours). A workflow that merely mentions mvsp-setup is not.
 */
export function isOurWorkflow(text: string): boolean {
  if (!WORKFLOW_FIRST_LINE.test(text)) return false;
  const lines = text.split(/\r?\n/);
  if (lines.filter((l) => /^name:/.test(l)).join('\n') !== 'name: mvsp-setup monthly verify') return false;
  const topLevel = lines.filter((l) => /^[^\s#]/.test(l)).map((l) => l.split(':')[0]!.trim());
  if (topLevel.some((k) => !['name', 'on', 'permissions', 'jobs'].includes(k))) return false;
  const jobsAt = lines.indexOf('jobs:');
  if (jobsAt < 0) return false;
  const jobs = lines.slice(jobsAt + 1).filter((l) => /^  [^\s#]/.test(l)).map((l) => l.trim().split(':')[0]!);
  return jobs.length > 0 && jobs.every((j) => j === 'due' || j === 'verify');
}

// ---- plan and write ----

/**
 * What is at `path` now, read without following a symlink: null when nothing is there.
 * A symlink (or anything that cannot be read as a file) counts as something there with no
 * content of ours; writing refuses it later.
 */
async function readIfExists(path: string): Promise<string | null> {
  let handle;
  try {
    // O_NONBLOCK: a FIFO planted at the path must not hang the plan
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP' || code === 'EACCES' || code === 'EISDIR') return '';
    throw e;
  }
  try {
    if (!(await handle.stat()).isFile()) return '';
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** Read what is at the named paths and compute every file's content. Writes nothing. */
export async function planReminder(input: ReminderInput, now: Date, cwd: string = process.cwd()): Promise<ReminderPlan> {
  const files: ReminderFile[] = [];
  if (input.icsPath && input.workflowPath && resolve(cwd, input.icsPath) === resolve(cwd, input.workflowPath)) {
    throw new UsageError(
      `reminder: the calendar file (--ics) and the workflow (--workflow) are the same path ${neutralize(resolve(cwd, input.icsPath))}; give each its own`,
    );
  }
  if (input.icsPath) {
    const absolutePath = resolve(cwd, input.icsPath);
    const existing = await readIfExists(absolutePath);
    const foreign = existing !== null && !isOurCalendar(existing, reminderUid(input.accountId));
    files.push({ kind: 'calendar', path: input.icsPath, absolutePath, content: calendarText(input, now, existing), replaces: existing !== null, foreign });
  }
  if (input.workflowPath) {
    const absolutePath = resolve(cwd, input.workflowPath);
    const existing = await readIfExists(absolutePath);
    files.push({ kind: 'workflow', path: input.workflowPath, absolutePath, content: workflowText(input), replaces: existing !== null, foreign: existing !== null && !isOurWorkflow(existing) });
  }
  const r = recurrence(input.start);
  return {
    start: input.start,
    rrule: r.rrule,
    schedule: `${r.words} at ${EVENT_HOUR}:00`,
    uid: reminderUid(input.accountId),
    files,
    cronLine: input.cron ? cronLine(input.start, input.profile) : null,
    jobs: jobSchedule(input.start),
  };
}

/**
 * Write the plan's files. Every destination is checked and opened before any is written
 * (no symlink followed, no other user's file, a file this tool did not write kept unless
 * `force`); each is replaced by rename. Throws OutputFileError naming the path.
 */
export async function writeReminder(plan: ReminderPlan, opts: { force?: boolean } = {}): Promise<WrittenFile[]> {
  const prepared: PreparedOutput[] = [];
  try {
    for (const f of plan.files) {
      await mkdir(dirname(f.absolutePath), { recursive: true }).catch(() => undefined);
      prepared.push(
        await prepareOutput(f.absolutePath, {
          // the calendar event names the people who hold root: private like the local record
          secret: false,
          mode: f.kind === 'calendar' ? 0o600 : 0o644,
          force: opts.force === true,
          ours: (text) => (f.kind === 'calendar' ? isOurCalendar(text, plan.uid) : isOurWorkflow(text)),
        }),
      );
    }
    const written: WrittenFile[] = [];
    for (const [i, f] of plan.files.entries()) {
      await prepared[i]!.write(f.content);
      written.push({ kind: f.kind, path: f.path, absolutePath: f.absolutePath, replaced: prepared[i]!.replaces });
    }
    return written;
  } finally {
    await Promise.all(prepared.map((p) => p.discard()));
  }
}

/**
 * Does this workflow text give --alert-email `alertEmail` to verify (as workflowText writes
 * it, or as a person adds it by hand, in any quoting a shell takes)? Only a `run:` line that
 * runs mvsp-setup counts, read as the shell reads it: YAML quoting undone, a shell comment
 * and what follows dropped, words joined from their quoted parts. The option as verify reads
 * it (lower case), the address in any case (as verify compares addresses). Text only: a miss
 * is said, never acted on.
 */
export function workflowChecksAlertEmail(text: string, alertEmail: string): boolean {
  const address = alertEmail.trim().toLowerCase();
  const gives = (shellLine: string) => {
    const words = shellWords(shellLine);
    if (!words.some((w) => w.includes('mvsp-setup'))) return false;
    return words.some(
      (w, i) => (w.startsWith('--alert-email=') && w.slice('--alert-email='.length).toLowerCase() === address) || (w === '--alert-email' && words[i + 1]?.toLowerCase() === address),
    );
  };
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const m = /^(\s*)(?:-\s+)?run:\s*(.*)$/.exec(lines[n]!);
    if (!m) continue;
    // a block scalar (| or >): the lines indented under it, each a line of the script (> joins them)
    if (/^[|>][-+0-9]*\s*$/.test(m[2]!)) {
      const block: string[] = [];
      for (let k = n + 1; k < lines.length && (lines[k]!.trim() === '' || /^\s*/.exec(lines[k]!)![0].length > m[1]!.length); k++) block.push(lines[k]!.trim());
      if ((m[2]!.startsWith('>') ? [block.join(' ')] : block).some(gives)) return true;
    } else if (gives(yamlScalar(m[2]!))) {
      return true;
    }
  }
  return false;
}

/** A one-line YAML scalar's text: double-quoted (\\ and \" undone), single-quoted ('' undone), or plain (up to a " #" comment). */
function yamlScalar(value: string): string {
  const v = value.trim();
  if (v.startsWith('"')) return v.slice(1, v.lastIndexOf('"') > 0 ? v.lastIndexOf('"') : undefined).replace(/\\(["\\])/g, '$1');
  if (v.startsWith("'")) return v.slice(1, v.lastIndexOf("'") > 0 ? v.lastIndexOf("'") : undefined).replace(/''/g, "'");
  const comment = v.search(/\s#/);
  return comment >= 0 ? v.slice(0, comment) : v;
}

/** The words a POSIX shell makes of a line (quotes and backslashes undone), up to a comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word = (word ?? '') + c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word = (word ?? '') + line[++i]!;
      else word = (word ?? '') + c;
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === '#' && word === null) {
      break;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i]!;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** `--alert-email='ADDRESS'` as a person adds it to the verify line by hand, and the to-do that says where. */
export function alertEmailByHand(workflowPath: string, alertEmail: string): { flag: string; todo: string } {
  const flag = `--alert-email=${neutralize(shellWord(alertEmail.trim()))}`;
  return { flag, todo: `In ${neutralize(workflowPath)}, give verify ${flag} (the run line of the step "mvsp-setup verify")` };
}

/** The workflow file a run wrote: where, exactly what, and what its text was made from. */
export interface WrittenWorkflow {
  /** absolute */
  path: string;
  content: string;
  input: Pick<ReminderInput, 'accountId' | 'accountAlias' | 'start' | 'alertEmail'>;
}

/**
 * What became of a written workflow once the alert address was known: `updated` (written
 * again with --alert-email), `current` (it already had that address), `unusable` (not an
 * address verify's --alert-email takes), `changed` (someone edited it since: left as it
 * is), `gone` (no file there now), `refused` (the file could not be replaced: `message`).
 */
export type WorkflowUpdate = { kind: 'updated' | 'current' | 'unusable' | 'changed' | 'gone' } | { kind: 'refused'; message: string };

/**
 * Write the workflow again as workflowText gives it with `alertEmail`, only when the file
 * is still exactly what was written (never through a symlink, replaced by rename:
 * prepareOutput). Throws only what is not an OutputFileError or an errno error.
 */
export async function updateWorkflowAlertEmail(written: WrittenWorkflow, alertEmail: string): Promise<WorkflowUpdate> {
  const address = workflowAlertEmail(alertEmail);
  if (address === undefined) return { kind: 'unusable' };
  const next = workflowText({ ...written.input, alertEmail: address });
  if (next === written.content) return { kind: 'current' };
  try {
    const onDisk = await readIfExists(written.path);
    if (onDisk === null) return { kind: 'gone' };
    if (onDisk !== written.content) return { kind: 'changed' };
    const out = await prepareOutput(written.path, { secret: false, mode: 0o644, ours: (text) => text === written.content });
    await out.write(next);
    return { kind: 'updated' };
  } catch (e) {
    // changed between the read and the replace: left as it is, as any edit is
    if (e instanceof OutputFileError) return e.code === 'EEXIST' ? { kind: 'changed' } : { kind: 'refused', message: e.message };
    if ((e as NodeJS.ErrnoException | undefined)?.code) return { kind: 'refused', message: fileError(written.path, e, 'cannot read').message };
    throw e;
  }
}

/** What a written file is, and whether it replaced one: for "where it wrote what". */
export function writtenDetail(plan: ReminderPlan, w: WrittenFile): string {
  return w.kind === 'calendar'
    ? `calendar event, ${plan.schedule}${w.replaced ? '; replaced the earlier file: same event UID, so re-importing updates it instead of adding a second one' : ''}`
    : `GitHub Actions workflow, runs verify ${plan.jobs.words} at 0${JOB_HOUR}:00 UTC${w.replaced ? '; replaced the earlier file' : ''}; put your role ARN in role-to-assume`;
}

/** One line per file for the end of a run: where, what, and whether it replaced a file. */
export function writtenLines(plan: ReminderPlan, written: WrittenFile[]): string[] {
  return written.map((w) => `${w.absolutePath}: ${writtenDetail(plan, w)}`);
}

// ---- a re-run ----

/** Remember what was written where and when (paths and dates only). */
export async function recordReminder(accountId: string, plan: ReminderPlan, written: WrittenFile[], at: Date, opts: RecordOptions = {}): Promise<LocalRecord> {
  return updateRecord(
    accountId,
    (r) => ({
      ...r,
      reminder: { at: at.toISOString(), start: plan.start, uid: plan.uid, files: written.map((w) => ({ kind: w.kind, path: w.absolutePath })) },
    }),
    opts,
  );
}

export interface ReminderInPlace {
  entry: ReminderEntry;
  /** the calendar file, still there with this account's event UID */
  calendarPath: string;
  /** the workflow file, when it is still there */
  workflowPath: string | null;
  /** what that file holds now (read without following a symlink; empty when it is not a file) */
  workflowContent: string | null;
  schedule: string;
  /** the next reminder from today on, YYYY-MM-DD */
  next: string;
}

/** The next date of the recurrence on or after `now`'s day. */
/** What the step ended with, for the Done screen and the --ci summary (both front ends). */
export function reminderOutcome(plan: ReminderPlan, written: WrittenFile[]) {
  const todo: string[] = [];
  const ics = written.find((w) => w.kind === 'calendar');
  if (ics) todo.push(`Import ${ics.absolutePath} into the calendar of whoever holds root`);
  const wf = written.find((w) => w.kind === 'workflow');
  if (wf) todo.push(`Put the verify role's ARN in ${wf.path} (role-to-assume) and commit it`);
  return {
    status: 'done' as const,
    summary: [`monthly root check: ${plan.schedule}, first on ${formatDay(firstOccurrence(plan.start))}`, ...written.map((w) => `wrote ${w.absolutePath}`)],
    todo,
    shared: { nextCheck: firstOccurrence(plan.start) },
  };
}

export function nextOccurrence(start: string, now: Date): string {
  const today = ymd(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
  if (start >= today) return firstOccurrence(start);
  const { y, m } = parseDate(start)!;
  const months = (now.getUTCFullYear() - y) * 12 + (now.getUTCMonth() + 1 - m) + 2;
  return occurrences(start, months + 1).find((d) => d >= today) ?? start;
}

/**
 * The reminder the record says was written, when its calendar file is still there with
 * this account's UID (and is the one wanted now, when a path is given). Reads, never writes.
 */
export async function reminderInPlace(
  record: LocalRecord,
  now: Date,
  wantedIcsPath?: string | null,
  cwd: string = process.cwd(),
): Promise<ReminderInPlace | null> {
  const entry = record.reminder;
  if (!entry || !parseDate(entry.start)) return null;
  const uid = reminderUid(record.accountId);
  const calendar = entry.files.find((f) => f.kind === 'calendar');
  if (!calendar || entry.uid !== uid) return null;
  if (wantedIcsPath === null) return null;
  if (wantedIcsPath !== undefined && resolve(cwd, wantedIcsPath) !== calendar.path) return null;
  const text = await readIfExists(calendar.path).catch(() => null);
  if (!text || !/^UID:(.*)$/m.test(text) || /^UID:(.*)$/m.exec(text)![1]!.trim() !== uid) return null;
  const workflow = entry.files.find((f) => f.kind === 'workflow');
  const workflowContent = workflow ? await readIfExists(workflow.path).catch(() => null) : null;
  return {
    entry,
    calendarPath: calendar.path,
    workflowPath: workflow && workflowContent !== null ? workflow.path : null,
    workflowContent,
    schedule: `${recurrence(entry.start).words} at ${EVENT_HOUR}:00`,
    next: nextOccurrence(entry.start, now),
  };
}

/**
 * The reminder's settings from answers (flags already merged in), for a run with nobody to
 * ask. A bad start date is a UsageError naming --start and "reminder.start".
 */
export function reminderInput(answers: Answers, account: { accountId: string; accountAlias: string | null }, now: Date): ReminderInput {
  const r = answers.reminder ?? {};
  const start = (r.start ?? defaultStart(now)).trim();
  const problem = validateStart(start, now);
  if (problem) throw new UsageError(`reminder: --start / "reminder.start" "${neutralize(start)}" must be ${problem}`);
  return {
    ...account,
    start,
    icsPath: r.icsPath === undefined ? DEFAULT_ICS_PATH : r.icsPath,
    workflowPath: r.githubWorkflowPath ?? null,
    cron: r.cron ?? true,
    rootHolders: answers.rootHolders,
  };
}
