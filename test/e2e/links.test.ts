// Links a person opens: the root user's Security credentials page in the lock-away step is
// printed whole, and is a clickable OSC 8 hyperlink where the terminal renders them
// (FORCE_HYPERLINK=1 stands in for such a terminal); elsewhere it is plain text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/pty.js';

const URL = 'https://console.aws.amazon.com/iam/home#/security_credentials';
const dir = mkdtempSync(join(tmpdir(), 'mvsp-links-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the root MFA hand-off link', () => {
  it.each([
    ['1', true],
    ['0', false],
  ])('FORCE_HYPERLINK=%s: the Security credentials URL whole on its row; an OSC 8 link: %s', async (force, linked) => {
    const p = runInPty(['--demo', '--steps', 'lockaway'], { cwd: dir, env: { FORCE_HYPERLINK: force } });
    await p.waitFor('Enter start', 30_000);
    p.write('\r');
    await p.waitFor('Waiting for root MFA', 30_000);
    expect(p.text().split('\n').some((row) => row.trim() === URL)).toBe(true);
    expect(p.raw().includes(`\u001b]8;;${URL}\u0007`)).toBe(linked);
    p.write('\u0003');
    expect(await p.exited).toBe(130);
  }, 60_000);
});
