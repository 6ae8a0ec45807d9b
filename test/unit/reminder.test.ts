// The reminder's files as other programs read them: the calendar through ical.js (an
// independent RFC 5545 parser), the crontab line through sh, the workflow through the
// yaml package and actionlint.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONLINT, actionlint } from '../helpers/actionlint.js';
import { VERSION } from '../../src/version.js';
import { parseArgs } from '../../src/args.js';
import {
  calendarText,
  cronLine,
  defaultStart,
  occurrences,
  planReminder,
  recurrence,
  reminderUid,
  startPreview,
  isOurWorkflow,
  updateWorkflowAlertEmail,
  validateStart,
  workflowAlertEmail,
  workflowChecksAlertEmail,
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

/** YYYY-MM-DD of every day from `from` on, for `days` days */
function days(from: string, count: number): string[] {
  const t0 = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(t0 + i * 86_400_000).toISOString().slice(0, 10));
}

/** Starts on every day 1-31 of January 2027, and one start for each weekday rule (1st-4th and last, Monday-Friday). */
function everyKindOfStart(): string[] {
  const starts = new Set(days('2027-01-01', 31));
  const rules = new Set<string>();
  for (const d of days('2027-01-01', 365)) {
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    const rule = recurrence(d).rrule;
    if (!rules.has(rule)) {
      rules.add(rule);
      starts.add(d);
    }
  }
  expect(rules.size).toBe(25);
  return [...starts].sort();
}

/** the 12 year-months from the start's on, as YYYY-MM */
function twelveMonths(start: string): string[] {
  const [y, m] = start.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const mi = m - 1 + i;
    return `${y + Math.floor(mi / 12)}-${String((mi % 12) + 1).padStart(2, '0')}`;
  });
}

/** cron's day-of-month field as a test: "7", "1-7" */
function inDayField(field: string, day: number): boolean {
  return field.split(',').some((part) => {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    return b === undefined ? day === a : day >= a && day <= b;
  });
}

/** Whether `node -e '<js>'` exits 0 when run on `date` at 09:00 local time. */
function guardPasses(js: string, date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const now = new Date(y, m - 1, d, 9, 0).getTime();
  class FakeDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now);
      else super(...(args as [number, number, number]));
    }
  }
  let code: number | undefined;
  // the guard's own text, run with a clock that reads 09:00 on `date`
  new Function('Date', 'process', js)(FakeDate, { exit: (c: number) => (code = c) });
  if (code === undefined) throw new Error(`the guard did not exit: ${js}`);
  return code === 0;
}

/** The days in `range` a crontab line (or a workflow's cron and its due test) runs verify on. */
function cronDays(dayField: string, guard: string | null, range: string[]): string[] {
  return range.filter((d) => inDayField(dayField, Number(d.slice(8))) && (guard === null || guardPasses(guard, d)));
}

function guardOf(command: string): string | null {
  const m = /node -e '([^']*)'/.exec(command);
  return m ? m[1]! : null;
}

describe('every month has exactly one reminder, whatever the start', () => {
  it('per ical.js: 12 reminders in 12 consecutive months for starts on days 1-31 and on every weekday rule', () => {
    for (const start of everyKindOfStart()) {
      const dates = expand(calendarText({ ...base, start }, NOW), 12);
      // the first is the start, or for a weekend start on days 29-31 its month's last day
      expect(dates[0]! >= start && dates[0]!.slice(0, 7) === start.slice(0, 7), start).toBe(true);
      if (dates[0] !== start) expect(recurrence(start).rrule, start).toBe('FREQ=MONTHLY;BYMONTHDAY=-1');
      expect(dates.map((d) => d.slice(0, 7)), start).toEqual(twelveMonths(start));
      // the dates the screens announce are the calendar's
      expect(occurrences(start, 12), start).toEqual(dates);
    }
  });

  it('keeps weekday starts on their weekday and moves days 29-31 of a weekend start to the last day', () => {
    expect(recurrence('2027-01-31')).toEqual({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1', words: 'every month on its last day' });
    expect(expand(calendarText({ ...base, start: '2027-01-31' }, NOW), 4)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    // a Saturday the 30th: the first reminder is that month's last day, and the screens say so
    expect(expand(calendarText({ ...base, start: '2027-01-30' }, NOW), 2)).toEqual(['2027-01-31', '2027-02-28']);
    expect(startPreview('2027-01-30')).toBe('Sat 30 Jan 2027: every month on its last day at 10:00, so first on Sun 31 Jan 2027');
    expect(startPreview('2026-12-07')).toBe('Mon 7 Dec 2026: then every month on the first Monday at 10:00');
    expect(recurrence('2027-01-29').rrule).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    expect(recurrence('2027-01-25').rrule).toBe('FREQ=MONTHLY;BYDAY=4MO');
    expect(recurrence('2027-01-23').rrule).toBe('FREQ=MONTHLY;BYMONTHDAY=23');
  });

  it('the crontab line and the workflow run verify on exactly the calendar days', () => {
    for (const start of everyKindOfStart()) {
      const calendar = expand(calendarText({ ...base, start }, NOW), 12);
      const range = days(start, 370).filter((d) => d <= calendar[11]!);
      const fields = cronLine(start).split(' ');
      expect(fields.slice(0, 2), start).toEqual(['0', '9']);
      expect(fields.slice(3, 5), start).toEqual(['*', '*']);
      expect(cronDays(fields[2]!, guardOf(fields.slice(5).join(' ')), range), `cron, start ${start}`).toEqual(calendar);

      const doc = parseYaml(workflowText({ ...base, start })) as {
        on: { schedule: { cron: string }[] };
        jobs: Record<string, { if?: string; steps: { run?: string }[] }>;
      };
      const [, , dayField] = doc.on.schedule[0]!.cron.split(' ');
      const due = doc.jobs.due?.steps[0]?.run ?? null;
      expect(Boolean(due), start).toBe(guardOf(fields.slice(5).join(' ')) !== null);
      if (due) expect(doc.jobs.verify!.if).toBe("needs.due.outputs.due == 'true'");
      expect(cronDays(dayField!, due ? guardOf(due) : null, range), `workflow, start ${start}`).toEqual(calendar);
    }
  });
});

describe('calendar file bytes', () => {
  it('ends every line in CRLF, the last one too (RFC 5545 3.1)', () => {
    const text = calendarText(base, NOW);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('crontab line', () => {
  it('is five schedule fields and the pinned verify command', () => {
    const line = cronLine('2026-12-12'); // a Saturday: day 12 every month, no weekday test
    const fields = line.split(' ');
    expect(fields.slice(0, 5)).toEqual(['0', '9', '12', '*', '*']);
    expect(fields.slice(5).join(' ')).toMatch(new RegExp(`^npx --yes mvsp-setup@${VERSION.replace(/\./g, '\\.')} verify --ci --json > `));
    // an unescaped % ends the command in a crontab
    expect(cronLine('2026-12-07')).not.toContain('%');
    expect(cronLine('2027-01-29')).not.toContain('%');
  });

  it('runs through sh: verify on the first Monday, nothing on the Tuesday after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvsp-cron-'));
    try {
      const bin = join(dir, 'bin');
      const clock = join(dir, 'clock.mjs');
      const ran = join(dir, 'ran');
      mkdirSync(bin);
      // npx stands in for the tool: it records that it ran; node runs with a fixed clock
      writeFileSync(join(bin, 'npx'), `#!/bin/sh\necho "$*" > "${ran}"\n`, { mode: 0o755 });
      writeFileSync(join(bin, 'node'), `#!/bin/sh\nexec "${process.execPath}" --import "${clock}" "$@"\n`, { mode: 0o755 });
      writeFileSync(
        clock,
        'const T = new Date(process.env.FAKE_NOW).getTime(); const R = Date;\n' +
          'globalThis.Date = class extends R { constructor(...a) { if (a.length === 0) super(T); else super(...a); } static now() { return T; } };\n',
      );
      const command = cronLine('2026-12-07').split(' ').slice(5).join(' ');
      const run = (day: string) => {
        rmSync(ran, { force: true });
        const r = spawnSync('/bin/sh', ['-c', command], { env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, FAKE_NOW: `${day}T09:00:00`, TZ: 'UTC' }, encoding: 'utf8' });
        expect(r.stderr).toBe('');
        return existsSync(ran) ? readFileSync(ran, 'utf8').trim() : null;
      };
      expect(run('2027-02-01')).toBe(`--yes mvsp-setup@${VERSION} verify --ci --json`);
      expect(run('2027-02-02')).toBeNull(); // a Tuesday in days 1-7
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GitHub Actions workflow', () => {
  it('parses as YAML with a monthly schedule, OIDC credentials, verify and the report uploaded', () => {
    const doc = parseYaml(workflowText(base)) as {
      on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
      permissions: Record<string, string>;
      jobs: { verify: { steps: { id?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> }[] } };
    };
    expect(doc.on.schedule).toEqual([{ cron: '0 9 1-7 * *' }]);
    expect(doc.on.workflow_dispatch).toEqual({});
    expect(doc.permissions['id-token']).toBe('write');
    const steps = doc.jobs.verify.steps;
    const creds = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(creds?.with?.['role-to-assume']).toMatch(/^arn:aws:iam::123456789012:role\/REPLACE-/);
    expect(creds?.with?.['aws-region']).toBe('us-east-1');
    const verifyIndex = steps.findIndex((s) => s.run?.includes(`npx --yes mvsp-setup@${VERSION} verify --ci --json > report.json`));
    const uploadIndex = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(steps.indexOf(creds!)).toBeLessThan(verifyIndex);
    expect(verifyIndex).toBeLessThan(uploadIndex);
    // the report names users and contacts: uploaded only when the repository is private
    // (anyone signed in to GitHub can download a public repository's artifacts)
    const visibility = steps.find((s) => s.run?.includes('gh api'));
    expect(visibility).toMatchObject({ id: 'visibility', if: 'always()', env: { GH_TOKEN: '${{ github.token }}' } });
    expect(visibility!.run).toContain('--jq .private');
    expect(steps.indexOf(visibility!)).toBeLessThan(uploadIndex);
    expect(steps[uploadIndex]).toMatchObject({ if: "always() && steps.visibility.outputs.private == 'true'", with: { path: 'report.json' } });
  });

  it('runs actions whose majors run on Node 24, on Node 24, and never an unpinned mvsp-setup', () => {
    const text = workflowText(base);
    const doc = parseYaml(text) as { jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }> };
    const uses = Object.values(doc.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    // the first majors whose action.yml says runs.using: node24, each pinned by its commit
    // (a tag can be moved), the release named beside it
    expect(uses.sort()).toEqual([
      'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020',
      'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f',
      'aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c',
    ]);
    expect(text).toMatch(/uses: actions\/setup-node@[0-9a-f]{40} # v7\.0\.0\n/);
    expect(text).toMatch(/uses: aws-actions\/configure-aws-credentials@[0-9a-f]{40} # v6\.2\.3\n/);
    expect(text).toMatch(/uses: actions\/upload-artifact@[0-9a-f]{40} # v7\.0\.0\n/);
    expect(doc.jobs.verify!.steps[0]!.with!['node-version']).toBe(24);
    const commands = [...text.matchAll(/npx (?:--yes )?mvsp-setup(@\S*)?/g)];
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const m of commands) expect(m[1], m[0]).toBe(`@${VERSION}`);
  });

  it('says in its header how GitHub disables the schedule and how to keep it alive', () => {
    const header = workflowText(base).split('\nname:')[0]!;
    expect(header).toMatch(/60 days without activity/);
    expect(header).toMatch(/commit/);
    expect(header).toMatch(/Enable workflow/);
    expect(header).toMatch(/workflow_dispatch/);
    expect(header).toContain(`mvsp-setup ${VERSION}`);
  });

  it('passes actionlint, for every kind of schedule', () => {
    expect(existsSync(ACTIONLINT), `actionlint is not installed at ${ACTIONLINT}: the test setup builds it with Go (install Go and run the tests again)`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'mvsp-actionlint-'));
    try {
      // day 12 (no due job), first Monday, last Friday, last day
      for (const start of ['2026-12-12', '2026-12-07', '2027-01-29', '2027-01-31']) {
        const path = join(dir, `verify-${start}.yml`);
        writeFileSync(path, workflowText({ ...base, start }));
        expect(actionlint(path), start).toEqual({ status: 0, output: '' });
      }
      // an alert address with quotes, $ and ${{ in it
      const alerted = join(dir, 'verify-alert.yml');
      writeFileSync(alerted, workflowText({ ...base, alertEmail: HOSTILE_ADDRESSES.at(-1)! }));
      expect(actionlint(alerted)).toEqual({ status: 0, output: '' });
      // it does find problems: a broken copy fails
      const broken = join(dir, 'broken.yml');
      writeFileSync(broken, workflowText(base).replace("needs.due.outputs.due == 'true'", "needs.nope.outputs.due == 'true'"));
      expect(actionlint(broken).status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Addresses verify's --alert-email takes (parseEmail) with what a shell or YAML would make something of. */
const HOSTILE_ADDRESSES = [
  'security@acme.com',
  "o'brien@acme.com",
  '"a b"@acme.com',
  '"a\\"b"@acme.com',
  '"a\\\\b"@acme.com',
  '$HOME@acme.com',
  '`id`@acme.com',
  'a#b@acme.com',
  'a|b&c@acme.com',
  '${{github.token}}@acme.com',
  `"x y #z: 'q' $(id) '' \\" ; exit 3"@acme.com`,
  // an option's look: one word with --alert-email=, never a separate argument
  '--ops@acme.com',
];

type WorkflowDoc = { jobs: { verify: { steps: { name?: string; run?: string }[] } } };
const verifyRun = (text: string) => (parseYaml(text) as WorkflowDoc).jobs.verify.steps.find((s) => s.name === 'mvsp-setup verify')!.run!;

describe('the workflow with the alert address (--alert-email)', () => {
  it('gives verify the address as one word, whatever the address holds: through the YAML parser and sh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvsp-alert-word-'));
    try {
      const plain = parseYaml(workflowText(base)) as WorkflowDoc;
      for (const email of HOSTILE_ADDRESSES) {
        expect(workflowAlertEmail(email), email).toBe(email);
        const text = workflowText({ ...base, alertEmail: email });
        const run = verifyRun(text);
        expect(run, email).toMatch(new RegExp(`^npx --yes mvsp-setup@${VERSION.replace(/\./g, '\\.')} verify --ci --json --alert-email='.*' > report\\.json$`));
        // GitHub expands \${{ … }} in a run script before any shell sees it
        expect(run, email).not.toContain('${{');
        // what a POSIX shell passes: the command swapped for printf, one argument a line
        const sh = spawnSync('sh', ['-c', run.replace(`npx --yes mvsp-setup@${VERSION}`, "printf '%s\\n'")], { cwd: dir, encoding: 'utf8' });
        expect(sh.status, `${email}: ${sh.stderr}`).toBe(0);
        const argv = readFileSync(join(dir, 'report.json'), 'utf8').split('\n').slice(0, -1);
        expect(argv, email).toEqual(['verify', '--ci', '--json', `--alert-email=${email}`]);
        // and the CLI reads it as the address
        expect(parseArgs(argv).flags['alert-email'], email).toBe(email);
        // nothing else in the document moved: only the run value differs
        const doc = parseYaml(text) as WorkflowDoc;
        doc.jobs.verify.steps.find((s) => s.name === 'mvsp-setup verify')!.run = verifyRun(workflowText(base));
        expect(doc, email).toEqual(plain);
        expect(isOurWorkflow(text), email).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes no address verify would refuse or that holds a control character or a line break', () => {
    for (const bad of ['a\u001b]52;c;eA==\u0007@acme.com', '"a\nb"@acme.com', '"a\u2028b"@acme.com', '"a\tb"@acme.com', 'x@acme.c', 'not an address', 'a;b@acme.com']) {
      expect(workflowAlertEmail(bad), JSON.stringify(bad)).toBeUndefined();
      expect(() => workflowText({ ...base, alertEmail: bad }), JSON.stringify(bad)).toThrow(/workflowAlertEmail/);
    }
    expect(workflowAlertEmail('  sec@acme.com ')).toBe('sec@acme.com');
  });

  it('tells a workflow whose verify is given the address (as written, or added by hand) from one that is not', () => {
    for (const email of HOSTILE_ADDRESSES) expect(workflowChecksAlertEmail(workflowText({ ...base, alertEmail: email }), email), email).toBe(true);
    expect(workflowChecksAlertEmail(workflowText(base), 'security@acme.com')).toBe(false);
    const other = workflowText({ ...base, alertEmail: 'security@acme.company' });
    expect(workflowChecksAlertEmail(other, 'security@acme.com')).toBe(false);
    expect(workflowChecksAlertEmail(workflowText(base).replace('--json >', '--json --alert-email security@acme.com >'), 'security@acme.com')).toBe(true);
    // added last on the run line (the YAML scalar's quote follows), or in a block scalar (the line ends)
    const last = workflowText(base).replace('> report.json', "> report.json --alert-email='security@acme.com'");
    expect(verifyRun(last)).toMatch(/--alert-email='security@acme\.com'$/);
    expect(workflowChecksAlertEmail(last, 'security@acme.com')).toBe(true);
    expect(workflowChecksAlertEmail("run: |\n  npx mvsp-setup verify --alert-email=security@acme.com\n", 'security@acme.com')).toBe(true);
    // the same mailbox in another case, as verify compares them
    expect(workflowChecksAlertEmail(workflowText({ ...base, alertEmail: 'security@acme.com' }), 'SECURITY@acme.com')).toBe(true);
    expect(workflowChecksAlertEmail(last.replace('security@acme.com', 'security@acme.company'), 'security@acme.com')).toBe(false);
    // read as the shell reads the run line: in a comment it is not given; any quoting the shell takes is
    const plainRun = workflowText(base);
    expect(workflowChecksAlertEmail(plainRun.replace('> report.json', "> report.json # --alert-email='security@acme.com'"), 'security@acme.com')).toBe(false);
    expect(workflowChecksAlertEmail(plainRun.replace('      - name: mvsp-setup verify', "      # --alert-email='security@acme.com'\n      - name: mvsp-setup verify"), 'security@acme.com')).toBe(false);
    expect(workflowChecksAlertEmail(plainRun.replace('--json >', '--json --ALERT-EMAIL=security@acme.com >'), 'security@acme.com')).toBe(false);
    expect(workflowChecksAlertEmail(plainRun.replace('--json >', '--json --alert-email="security@acme.com" >'), 'security@acme.com')).toBe(true);
    expect(workflowChecksAlertEmail(plainRun.replace('--json >', '--json --alert-email=sec\\@acme.com >'), 'sec@acme.com')).toBe(true);
    expect(workflowChecksAlertEmail("      - run: 'npx mvsp-setup verify --alert-email=security@acme.com'\n", 'security@acme.com')).toBe(true);
    expect(workflowChecksAlertEmail('        run: >\n          npx mvsp-setup verify\n          --alert-email=security@acme.com\n', 'security@acme.com')).toBe(true);
  });

  it('says in its header what --alert-email does and how to change the address', () => {
    const withAddress = workflowText({ ...base, alertEmail: 'security@acme.com' }).split('\nname:')[0]!;
    expect(withAddress).toMatch(/with --alert-email, verify fails \(root-login-alert\) unless the alert/);
    expect(withAddress).toMatch(/To change the address, edit it after\n# --alert-email= in the verify line below/);
    // not "run the reminder command again": that writes the whole file, the role ARN with it
    expect(withAddress).not.toContain('mvsp-setup reminder');
    // the address itself is only in the run line
    expect(withAddress).not.toContain('security@acme.com');
    const without = workflowText(base).split('\nname:')[0]!;
    expect(without).toMatch(/add --alert-email=ADDRESS to the verify line below/);
    expect(verifyRun(workflowText(base))).not.toContain('--alert-email');
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

  it('replaces its own workflow after the role ARN was filled in, keeps one with a job of the person added', async () => {
    const input = { ...base, icsPath: null, workflowPath: 'w.yml' };
    const edited = workflowText(input).replace('REPLACE-WITH-YOUR-VERIFY-ROLE', 'mvsp-verify');
    await writeFile(join(dir, 'w.yml'), edited);
    await writeReminder(await planReminder(input, NOW, dir));
    expect(await readFile(join(dir, 'w.yml'), 'utf8')).toBe(workflowText(input));

    const extended = `${workflowText(input)}  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n`;
    await writeFile(join(dir, 'w.yml'), extended);
    await expect(writeReminder(await planReminder(input, NOW, dir))).rejects.toThrow(/refusing to write .*w\.yml: a file is already there; pass --force/);
    expect(await readFile(join(dir, 'w.yml'), 'utf8')).toBe(extended);
  });

  it('writes nothing when no path is named', async () => {
    await writeFile(join(dir, 'keep.txt'), 'x');
    const plan = await planReminder({ ...base, icsPath: null }, NOW, dir);
    expect(plan.files).toEqual([]);
    expect(await writeReminder(plan)).toEqual([]);
  });
});
