// --demo writes into its own temporary folder, says where on its first line, and leaves
// the working folder untouched; a demo folder that ends up empty is removed at exit.
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHome, runCli, type Sandbox } from '../helpers/cli-run.js';
import { cliPid, runInPty } from '../helpers/pty.js';
import { dayOneAnswers } from '../helpers/day-one.js';

let home: Sandbox;
beforeEach(() => {
  home = makeHome(undefined);
});
afterEach(() => home.remove());

/** every answer of the day-one flow except where files go: those are the demo's defaults */
function answersWithoutPaths() {
  const all = dayOneAnswers(home.root);
  return { ...all, reminder: { start: all.reminder!.start, cron: true } };
}

const FIRST_LINE = /^DEMO files go to (\S+) /;

/**
 * What runs left in the temp dir, without Node's own compile cache (Node >= 22 keeps it in
 * the temp dir when the entry turns the cache on; it is Node's, not a demo folder).
 */
function tempEntries(dir: string): string[] {
  return readdirSync(dir).filter((e) => e !== 'node-compile-cache');
}

describe('--demo --ci --yes', () => {
  it('writes nothing into the working folder; the folder named on the first line holds the files', async () => {
    const answers = join(home.root, 'answers.json');
    writeFileSync(answers, JSON.stringify(answersWithoutPaths()));
    const r = await runCli(['--demo', '--ci', '--yes', '--answers', answers], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(home.cwd)).toEqual([]);
    const folder = FIRST_LINE.exec(r.stdout)?.[1];
    expect(folder, r.stdout.split('\n')[0]).toBeDefined();
    // in the temp dir the run was given, and the only thing the run left there
    expect(dirname(folder!)).toBe(home.env.TMPDIR);
    expect(tempEntries(home.env.TMPDIR!)).toEqual([basename(folder!)]);
    const files = readdirSync(folder!);
    expect(files).toContain('mvsp-root-check.ics');
    // the local record of the sandbox account
    expect(files).toContain('111122223333.json');
    expect(r.stdout).toContain(`reminder: ${join(folder!, 'mvsp-root-check.ics')}: calendar event`);
    expect(r.stdout.match(/DEMO files go to/g)).toHaveLength(1);
  });

  it('a demo run that writes nothing leaves no folder behind', async () => {
    const r = await runCli(['--demo', '--ci', '--yes'], { env: home.env, cwd: home.cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing answer');
    expect(FIRST_LINE.test(r.stdout)).toBe(true);
    expect(readdirSync(home.cwd)).toEqual([]);
    expect(tempEntries(home.env.TMPDIR!)).toEqual([]);
  });

  it('a calendar path that is given is kept as given', async () => {
    const r = await runCli(['reminder', '--demo', '--ci', '--yes', '--start', '2026-12-07', '--ics', 'here.ics'], { env: home.env, cwd: home.cwd });
    expect(r.code).toBe(0);
    expect(readdirSync(home.cwd)).toEqual(['here.ics']);
  });
});

describe('--demo in a terminal', () => {
  it('the welcome screen says where the files go; quitting before anything is written leaves no folder', async () => {
    const p = runInPty(['--demo'], { env: home.env, cwd: home.cwd });
    await p.waitFor('Enter start');
    const folder = /Files {4}(\S+)/.exec(p.text())?.[1];
    expect(folder, p.text()).toBeDefined();
    expect(dirname(folder!)).toBe(home.env.TMPDIR);
    expect(tempEntries(home.env.TMPDIR!)).toEqual([basename(folder!)]);
    await p.pressUntil('q', 'exit');
    expect(await p.exited).toBe(0);
    expect(tempEntries(home.env.TMPDIR!)).toEqual([]);
    expect(readdirSync(home.cwd)).toEqual([]);
  });

  it('a hang-up also removes the empty folder', async () => {
    const p = runInPty(['--demo'], { env: home.env, cwd: home.cwd });
    await p.waitFor('Enter start');
    expect(tempEntries(home.env.TMPDIR!)).toHaveLength(1);
    process.kill(cliPid(home.cwd), 'SIGHUP');
    expect(await p.exited).toBe(129);
    expect(tempEntries(home.env.TMPDIR!)).toEqual([]);
  });
});
