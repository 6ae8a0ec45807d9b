// The monthly reminder: a calendar file (RFC 5545, one recurring event whose UID is
// derived from the account id, so importing a rewritten file replaces the event), a
// crontab line and a GitHub Actions workflow that run `verify --ci --json`. Files are
// written only to the paths the person named; nothing touches AWS.
import { mkdir, readFile } from 'node:fs/promises';
import { prepareOutput, type PreparedOutput } from '../output-file.js';
import { dirname, resolve } from 'node:path';
import ical, { ICalAlarmType } from 'ical-generator';
import { updateRecord, type LocalRecord, type RecordOptions, type ReminderEntry } from './local-record.js';

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
}

export interface ReminderFile {
  kind: 'calendar' | 'workflow';
  /** as given */
  path: string;
  /** absolute */
  absolutePath: string;
  content: string;
  /** a file is there already: it is replaced */
  replaces: boolean;
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
  /** day of month the scheduled jobs (cron, GitHub Actions) run on */
  jobDay: number;
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
 * day of the month.
 */
export function recurrence(start: string): { rrule: string; words: string } {
  const { d } = parseDate(start)!;
  const dow = weekday(start);
  if (dow === 0 || dow === 6) {
    return { rrule: `FREQ=MONTHLY;BYMONTHDAY=${d}`, words: `every month on day ${d}` };
  }
  const nth = Math.ceil(d / 7);
  if (nth >= 5) return { rrule: `FREQ=MONTHLY;BYDAY=-1${WEEKDAYS[dow]}`, words: `every month on the last ${WEEKDAY_NAMES[dow]}` };
  return { rrule: `FREQ=MONTHLY;BYDAY=${nth}${WEEKDAYS[dow]}`, words: `every month on the ${ORDINALS[nth - 1]} ${WEEKDAY_NAMES[dow]}` };
}

/** The next `count` dates of the recurrence from the start (inclusive), as YYYY-MM-DD. */
export function occurrences(start: string, count: number): string[] {
  const { y, m, d } = parseDate(start)!;
  const dow = weekday(start);
  const out: string[] = [];
  for (let i = 0; out.length < count && i < count * 2; i++) {
    const mi = m - 1 + i;
    const yy = y + Math.floor(mi / 12);
    const mm = (mi % 12) + 1;
    const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
    let day: number;
    if (dow === 0 || dow === 6) {
      if (d > last) continue; // BYMONTHDAY=31 skips short months, as RFC 5545 says
      day = d;
    } else {
      const first = new Date(Date.UTC(yy, mm - 1, 1)).getUTCDay();
      const firstMatch = 1 + ((dow - first + 7) % 7);
      const nth = Math.ceil(d / 7);
      day = nth >= 5 ? firstMatch + 7 * Math.floor((last - firstMatch) / 7) : firstMatch + 7 * (nth - 1);
    }
    out.push(ymd(yy, mm, day));
  }
  return out;
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

export function checklist(input: Pick<ReminderInput, 'accountId' | 'accountAlias' | 'rootHolders'>): string {
  const holders = input.rootHolders?.filter((h) => h.trim() !== '') ?? [];
  return [
    `Monthly root check for AWS account ${accountLabel(input.accountId, input.accountAlias)}.`,
    '',
    '1. Sign in as root (https://console.aws.amazon.com/, "Root user") and confirm the password and the MFA device still work.',
    holders.length > 0
      ? `2. Confirm the two people who can reach root still can: ${holders.join(', ')}.`
      : '2. Confirm the two people who can reach root still can (password and MFA device).',
    '3. Run: npx mvsp-setup verify',
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
  const { y, m, d } = parseDate(input.start)!;
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
  return cal.toString();
}

/** Scheduled jobs run on a day of the month (cron cannot say "first Monday": see cronLine). */
export function jobDay(start: string): number {
  return Math.min(parseDate(start)!.d, 28);
}

export function cronLine(start: string): string {
  // Day of month only: with both day-of-month and day-of-week set, cron runs on either.
  return `0 9 ${jobDay(start)} * * npx --yes mvsp-setup verify --ci --json > "$HOME/mvsp-verify.json" 2> "$HOME/mvsp-verify.log"`;
}

export function workflowText(input: Pick<ReminderInput, 'accountId' | 'accountAlias' | 'start'>): string {
  return `# Monthly check of AWS account ${accountLabel(input.accountId, input.accountAlias)}, written by mvsp-setup.
# Before it can run: create an IAM role this repository can assume through GitHub's OIDC
# provider (token.actions.githubusercontent.com), allowed the read-only actions that
# \`npx mvsp-setup verify --print-policy\` prints, and put its ARN in role-to-assume below.
name: mvsp-setup monthly verify

on:
  schedule:
    - cron: '0 9 ${jobDay(input.start)} * *'
  workflow_dispatch: {}

permissions:
  id-token: write
  contents: read

jobs:
  verify:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::${input.accountId}:role/REPLACE-WITH-YOUR-VERIFY-ROLE
          aws-region: us-east-1
      - name: mvsp-setup verify
        run: npx --yes mvsp-setup verify --ci --json > report.json
      - name: Upload the report
        # verify exits 1 when a check fails: the report matters most then
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: mvsp-verify-report
          path: report.json
`;
}

// ---- plan and write ----

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Read what is at the named paths and compute every file's content. Writes nothing. */
export async function planReminder(input: ReminderInput, now: Date, cwd: string = process.cwd()): Promise<ReminderPlan> {
  const files: ReminderFile[] = [];
  if (input.icsPath) {
    const absolutePath = resolve(cwd, input.icsPath);
    const existing = await readIfExists(absolutePath);
    files.push({ kind: 'calendar', path: input.icsPath, absolutePath, content: calendarText(input, now, existing), replaces: existing !== null });
  }
  if (input.workflowPath) {
    const absolutePath = resolve(cwd, input.workflowPath);
    const existing = await readIfExists(absolutePath);
    files.push({ kind: 'workflow', path: input.workflowPath, absolutePath, content: workflowText(input), replaces: existing !== null });
  }
  const r = recurrence(input.start);
  return {
    start: input.start,
    rrule: r.rrule,
    schedule: `${r.words} at ${EVENT_HOUR}:00`,
    uid: reminderUid(input.accountId),
    files,
    cronLine: input.cron ? cronLine(input.start) : null,
    jobDay: jobDay(input.start),
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
          ours: (text) => (f.kind === 'calendar' ? text.includes(`UID:${plan.uid}`) : text.includes('mvsp-setup')),
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

/** What a written file is, and whether it replaced one: for "where it wrote what". */
export function writtenDetail(plan: ReminderPlan, w: WrittenFile): string {
  return w.kind === 'calendar'
    ? `calendar event, ${plan.schedule}${w.replaced ? '; replaced the earlier file: same event UID, so re-importing updates it instead of adding a second one' : ''}`
    : `GitHub Actions workflow, monthly on day ${plan.jobDay}${w.replaced ? '; replaced the earlier file' : ''}; put your role ARN in role-to-assume`;
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
    summary: [`monthly root check: ${plan.schedule}, first on ${formatDay(plan.start)}`, ...written.map((w) => `wrote ${w.absolutePath}`)],
    todo,
    shared: { nextCheck: plan.start },
  };
}

export function nextOccurrence(start: string, now: Date): string {
  const today = ymd(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
  if (start >= today) return start;
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
  const workflowThere = workflow ? (await readIfExists(workflow.path).catch(() => null)) !== null : false;
  return {
    entry,
    calendarPath: calendar.path,
    workflowPath: workflow && workflowThere ? workflow.path : null,
    schedule: `${recurrence(entry.start).words} at ${EVENT_HOUR}:00`,
    next: nextOccurrence(entry.start, now),
  };
}
