// The reminder's files as other programs read them: the calendar through ical.js (an
// independent RFC 5545 parser), the workflow through the yaml package.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  calendarText,
  cronLine,
  defaultStart,
  occurrences,
  planReminder,
  recurrence,
  reminderUid,
  validateStart,
  workflowText,
  writeReminder,
  writtenLines,
  type ReminderInput,
} from '../../src/steps/reminder.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const base: ReminderInput = {
  accountId: '123456789012',
  accountAlias: 'acme-production',
  start: '2026-12-07',
  icsPath: 'mvsp-root-check.ics',
  workflowPath: null,
  cron: true,
  rootHolders: ['Alice Doe', 'Bob Roe'],
};

function parseEvent(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const vevents = cal.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  return { vevent: vevents[0]!, event: new ICAL.Event(vevents[0]!) };
}

/** The first n dates the parser's own recurrence expansion yields. */
function expand(text: string, n: number): string[] {
  const { event } = parseEvent(text);
  const it = event.iterator();
  const out: string[] = [];
  for (let t = it.next(); t && out.length < n; t = it.next()) out.push(t.toString().slice(0, 10));
  return out;
}

describe('calendar file', () => {
  it('expands, per ical.js, to the first Monday of each of the next 12 months at 10:00', () => {
    const text = calendarText(base, NOW);
    const dates = expand(text, 12);
    expect(dates).toEqual([
      '2026-12-07', '2027-01-04', '2027-02-01', '2027-03-01', '2027-04-05', '2027-05-03',
      '2027-06-07', '2027-07-05', '2027-08-02', '2027-09-06', '2027-10-04', '2027-11-01',
    ]);
    for (const d of dates) expect(new Date(`${d}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(occurrences(base.start, 12)).toEqual(dates);
    const { event } = parseEvent(text);
    expect(event.startDate.hour).toBe(10);
    // floating time: 10:00 in whatever zone the calendar is in
    expect(event.startDate.zone?.tzid).toBe('floating');
    expect(event.isRecurring()).toBe(true);
  });

  it('keeps a weekday start on a weekday: the last Friday when the start is the 5th one', () => {
    const start = '2027-01-29'; // the fifth Friday of January 2027
    expect(recurrence(start).rrule).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    const dates = expand(calendarText({ ...base, start }, NOW), 12);
    expect(dates.slice(0, 4)).toEqual(['2027-01-29', '2027-02-26', '2027-03-26', '2027-04-30']);
    expect(occurrences(start, 12)).toEqual(dates);
    for (const d of dates) expect(new Date(`${d}T00:00:00Z`).getUTCDay()).toBe(5);
  });

  it('keeps a weekend start on its day of the month', () => {
    const start = '2026-12-12'; // a Saturday
    expect(recurrence(start).rrule).toBe('FREQ=MONTHLY;BYMONTHDAY=12');
    const dates = expand(calendarText({ ...base, start }, NOW), 12);
    expect(dates).toEqual(occurrences(start, 12));
    expect(dates.every((d) => d.endsWith('-12'))).toBe(true);
  });

  it('has the checklist, an alarm and a UID derived from the account id', () => {
    const { vevent, event } = parseEvent(calendarText(base, NOW));
    expect(event.uid).toBe(reminderUid('123456789012'));
    expect(event.uid).toContain('123456789012');
    const description = event.description;
    expect(description).toContain('Sign in as root');
    expect(description).toContain('MFA');
    expect(description).toContain('Alice Doe, Bob Roe');
    expect(description).toContain('npx mvsp-setup verify');
    expect(description).toMatch(/anything verify flagged/);
    const alarms = vevent.getAllSubcomponents('valarm');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarms[0]!.getFirstPropertyValue('trigger'))).toBe('-P1D');
  });

  it('rewriting keeps the UID and raises SEQUENCE, so an import replaces the event', () => {
    const first = calendarText(base, NOW);
    const second = calendarText({ ...base, start: '2026-12-14' }, new Date('2026-11-25T08:00:00Z'), first);
    const a = parseEvent(first).event;
    const b = parseEvent(second).event;
    expect(b.uid).toBe(a.uid);
    expect(b.sequence).toBe(a.sequence + 1);
    // another account's file does not lend its sequence
    const other = calendarText({ ...base, accountId: '210987654321' }, NOW, second);
    expect(parseEvent(other).event.sequence).toBe(0);
  });
});

describe('start date', () => {
  it('defaults to the first Monday of next month', () => {
    expect(defaultStart(NOW)).toBe('2026-12-07');
    expect(defaultStart(new Date('2026-12-20T12:00:00Z'))).toBe('2027-01-04');
  });

  it('refuses malformed, impossible and past dates', () => {
    expect(validateStart('2026-12-07', NOW)).toBeNull();
    expect(validateStart('2026-11-24', NOW)).toBeNull();
    expect(validateStart('7/12/2026', NOW)).toMatch(/YYYY-MM-DD/);
    expect(validateStart('2027-02-30', NOW)).toMatch(/YYYY-MM-DD/);
    expect(validateStart('2026-11-23', NOW)).toMatch(/past/);
  });
});

describe('crontab line', () => {
  it('is five schedule fields and the verify command', () => {
    const line = cronLine('2026-12-07');
    const fields = line.split(' ');
    expect(fields.slice(0, 5)).toEqual(['0', '9', '7', '*', '*']);
    expect(line).toMatch(/^\d{1,2} \d{1,2} ([1-9]|1\d|2[0-8]) \* \* \S/);
    expect(fields.slice(5).join(' ')).toMatch(/^npx --yes mvsp-setup verify --ci --json > /);
    // an unescaped % ends the command in a crontab
    expect(line).not.toContain('%');
  });

  it('runs on day 28 at the latest, so it fires every month', () => {
    expect(cronLine('2027-01-31').split(' ')[2]).toBe('28');
  });
});

describe('GitHub Actions workflow', () => {
  it('parses as YAML with a monthly schedule, OIDC credentials, verify and the report uploaded', () => {
    const doc = parseYaml(workflowText(base)) as {
      on: { schedule: { cron: string }[] };
      permissions: Record<string, string>;
      jobs: { verify: { steps: { uses?: string; run?: string; if?: string; with?: Record<string, unknown> }[] } };
    };
    expect(doc.on.schedule).toEqual([{ cron: '0 9 7 * *' }]);
    expect(doc.permissions['id-token']).toBe('write');
    const steps = doc.jobs.verify.steps;
    const creds = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(creds?.with?.['role-to-assume']).toMatch(/^arn:aws:iam::123456789012:role\/REPLACE-/);
    expect(creds?.with?.['aws-region']).toBe('us-east-1');
    const verifyIndex = steps.findIndex((s) => s.run?.includes('mvsp-setup verify --ci --json > report.json'));
    const uploadIndex = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(steps.indexOf(creds!)).toBeLessThan(verifyIndex);
    expect(verifyIndex).toBeLessThan(uploadIndex);
    expect(steps[uploadIndex]).toMatchObject({ if: 'always()', with: { path: 'report.json' } });
  });
});

describe('writing the files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mvsp-reminder-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes only the named paths, and says when it replaced a file', async () => {
    const input = { ...base, workflowPath: '.github/workflows/mvsp-verify.yml' };
    const plan = await planReminder(input, NOW, dir);
    expect(plan.files.map((f) => [f.kind, f.replaces])).toEqual([['calendar', false], ['workflow', false]]);
    const written = await writeReminder(plan);
    const ics = await readFile(join(dir, 'mvsp-root-check.ics'), 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(await readFile(join(dir, '.github/workflows/mvsp-verify.yml'), 'utf8')).toContain('aws-actions/configure-aws-credentials');
    expect(writtenLines(plan, written).join('\n')).not.toContain('replaced');

    const again = await planReminder(input, new Date('2026-11-25T08:00:00Z'), dir);
    expect(again.files.every((f) => f.replaces)).toBe(true);
    const lines = writtenLines(again, await writeReminder(again));
    expect(lines[0]).toMatch(/replaced the earlier file: same event UID/);
    expect(parseEvent(await readFile(join(dir, 'mvsp-root-check.ics'), 'utf8')).event.sequence).toBe(1);
  });

  it('writes nothing when no path is named', async () => {
    await writeFile(join(dir, 'keep.txt'), 'x');
    const plan = await planReminder({ ...base, icsPath: null }, NOW, dir);
    expect(plan.files).toEqual([]);
    expect(await writeReminder(plan)).toEqual([]);
  });
});
