import { VERSION } from '../../src/version.js';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/args.js';
import { run } from '../../src/commands/reminder.js';
import { calendarText } from '../../src/steps/reminder.js';
import type { CommandContext } from '../../src/commands/types.js';

const now = () => new Date('2026-11-24T12:00:00Z');

function context(argv: string[]) {
  let out = '';
  let err = '';
  const ctx = {
    args: parseArgs(argv),
    version: '0.0.0-test',
    env: {},
    stdin: process.stdin,
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    now,
  } as unknown as CommandContext;
  return { ctx, out: () => out, err: () => err, run: () => run(ctx) };
}

describe('mvsp-setup reminder --ci', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mvsp-reminder-cmd-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the named files on the demo account and says where, with the crontab line', async () => {
    const ics = join(dir, 'check.ics');
    const wf = join(dir, 'wf.yml');
    const { ctx, out } = context(['reminder', '--demo', '--ci', '--yes', '--ics', ics, '--start', '2026-12-07', '--workflow', wf]);
    expect(await run(ctx)).toBe(0);
    const text = out();
    expect(text).toContain('reminder: Reminder every month on the first Monday at 10:00; next: Mon 7 Dec 2026, Mon 4 Jan 2027, Mon 1 Feb 2027');
    expect(text).toContain(`${ics}: calendar event`);
    expect(text).toContain(`${wf}: GitHub Actions workflow`);
    expect(text).toContain('this crontab line (crontab -e) runs verify on the first Monday of each month at 09:00 machine time, an hour before the reminder');
    expect(text).toContain(`\n  0 9 1-7 * * node -e 'd=new Date;process.exit(d.getDay()==1?0:1)' && npx --yes mvsp-setup@${VERSION} verify --ci --json`);
    expect(await readFile(ics, 'utf8')).toContain('UID:mvsp-root-check-111122223333@mvsp-setup');
    expect(await readFile(wf, 'utf8')).toContain('id-token: write');
  });

  it('without --yes shows the plan and writes nothing, a calendar already there included (exit 0, as a declined plan)', async () => {
    const ics = join(dir, 'check.ics');
    const wf = join(dir, 'wf.yml');
    const shown = context(['reminder', '--demo', '--ci', '--ics', ics, '--start', '2026-12-07', '--workflow', wf]);
    expect(await shown.run()).toBe(0);
    expect(shown.out()).toContain(`reminder: + write ${ics} (calendar)\n`);
    expect(shown.out()).toContain(`reminder: + write ${wf} (workflow)\n`);
    expect(shown.out()).toContain('reminder files not written (add --yes to write them)');
    expect(shown.out()).not.toContain('Wrote:');
    expect(await readdir(dir)).toEqual([]);

    // its own calendar from an earlier run is not replaced either, nor is --force a yes
    const ours = calendarText({ accountId: '111122223333', accountAlias: null, start: '2026-12-07', icsPath: ics, workflowPath: null, cron: false }, now());
    await writeFile(ics, ours);
    const again = context(['reminder', '--demo', '--ci', '--force', '--ics', ics, '--start', '2027-01-04']);
    expect(await again.run()).toBe(0);
    expect(again.out()).toContain('(add --yes to write them)');
    expect(await readFile(ics, 'utf8')).toBe(ours);
    expect(await readdir(dir)).toEqual(['check.ics']);
  });

  it('refuses a past start date as a usage error naming the flag and the key', async () => {
    const { ctx } = context(['reminder', '--demo', '--ci', '--ics', join(dir, 'x.ics'), '--start', '2026-01-05']);
    await expect(run(ctx)).rejects.toThrow(UsageError);
    await expect(run(ctx)).rejects.toThrow(/--start \/ "reminder.start"/);
  });

  it("keeps the person's CI workflow that runs mvsp-setup: refused naming the path (exit 2), nothing written; --force replaces it", async () => {
    const ics = join(dir, 'check.ics');
    const wf = join(dir, 'ci.yml');
    const theirs = 'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx mvsp-setup --help\n';
    await writeFile(wf, theirs);
    const refused = context(['reminder', '--demo', '--ci', '--yes', '--ics', ics, '--start', '2026-12-07', '--workflow', wf]);
    expect(await refused.run()).toBe(2);
    expect(refused.out()).toContain(`reminder: ✖ refusing to write ${wf}: a file is already there; pass --force to replace it\n`);
    expect(await readFile(wf, 'utf8')).toBe(theirs);
    expect(existsSync(ics)).toBe(false);

    const forced = context(['reminder', '--demo', '--ci', '--yes', '--force', '--ics', ics, '--start', '2026-12-07', '--workflow', wf]);
    expect(await forced.run()).toBe(0);
    expect(await readFile(wf, 'utf8')).toContain('name: mvsp-setup monthly verify');
  });

  it('keeps a calendar holding the person\'s other events besides ours: refused (exit 2), every event still there', async () => {
    const ics = join(dir, 'mine.ics');
    const ours = calendarText({ accountId: '111122223333', accountAlias: null, start: '2026-12-07', icsPath: ics, workflowPath: null, cron: false }, now());
    const other = 'BEGIN:VEVENT\r\nUID:dentist-2026@example.com\r\nDTSTAMP:20261101T090000Z\r\nDTSTART:20261210T080000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n';
    const both = ours.replace('END:VCALENDAR', `${other}END:VCALENDAR`);
    await writeFile(ics, both);
    const refused = context(['reminder', '--demo', '--ci', '--ics', ics, '--start', '2026-12-07']);
    expect(await refused.run()).toBe(2);
    expect(refused.out()).toContain(`reminder: ✖ refusing to write ${ics}: a file is already there; pass --force to replace it\n`);
    expect(await readFile(ics, 'utf8')).toBe(both);

    // the calendar it wrote itself, alone, is replaced without --force
    await writeFile(ics, ours);
    expect(await context(['reminder', '--demo', '--ci', '--yes', '--ics', ics, '--start', '2026-12-07']).run()).toBe(0);
    expect(await readFile(ics, 'utf8')).toContain('SEQUENCE:1');
  });

  it('a missing folder for the workflow is made, as a new repository has no .github/workflows', async () => {
    const ics = join(dir, 'r.ics');
    const wf = join(dir, '.github', 'workflows', 'w.yml');
    await context(['reminder', '--demo', '--ci', '--yes', '--ics', ics, '--workflow', wf, '--start', '2026-12-07']).run();
    expect(await readFile(wf, 'utf8')).toContain('mvsp-setup monthly verify');
    expect(await readFile(ics, 'utf8')).toContain('BEGIN:VCALENDAR');
  });

  it('the same path for --ics and --workflow is a usage error before anything is written', async () => {
    const same = join(dir, 'same.txt');
    await expect(context(['reminder', '--demo', '--ci', '--yes', '--ics', same, '--workflow', same, '--start', '2026-12-07']).run()).rejects.toThrow(UsageError);
    await expect(context(['reminder', '--demo', '--ci', '--yes', '--ics', same, '--workflow', same, '--start', '2026-12-07']).run()).rejects.toThrow(
      /--ics.*--workflow.*same path .*same\.txt/,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
