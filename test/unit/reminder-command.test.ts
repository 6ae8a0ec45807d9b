import { VERSION } from '../../src/version.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/args.js';
import { run } from '../../src/commands/reminder.js';
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
  return { ctx, out: () => out, err: () => err };
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
    const { ctx, out } = context(['reminder', '--demo', '--ci', '--ics', ics, '--start', '2026-12-07', '--workflow', wf]);
    expect(await run(ctx)).toBe(0);
    const text = out();
    expect(text).toContain('reminder: every month on the first Monday at 10:00; next: Mon 7 Dec 2026, Mon 4 Jan 2027, Mon 1 Feb 2027');
    expect(text).toContain(`${ics}: calendar event`);
    expect(text).toContain(`${wf}: GitHub Actions workflow`);
    expect(text).toContain('this crontab line (crontab -e) runs verify on the first Monday of each month at 09:00 machine time, an hour before the reminder');
    expect(text).toContain(`\n  0 9 1-7 * * node -e 'd=new Date;process.exit(d.getDay()==1?0:1)' && npx --yes mvsp-setup@${VERSION} verify --ci --json`);
    expect(await readFile(ics, 'utf8')).toContain('UID:mvsp-root-check-111122223333@mvsp-setup');
    expect(await readFile(wf, 'utf8')).toContain('id-token: write');
  });

  it('refuses a past start date as a usage error naming the flag and the key', async () => {
    const { ctx } = context(['reminder', '--demo', '--ci', '--ics', join(dir, 'x.ics'), '--start', '2026-01-05']);
    await expect(run(ctx)).rejects.toThrow(UsageError);
    await expect(run(ctx)).rejects.toThrow(/--start \/ "reminder.start"/);
  });
});
