// A password revealed on the admin screen does not stay on the visible screen after the
// program exits, by Ctrl-C or by going on to the end: the built binary in a real
// pseudo-terminal (--demo), reading the bytes the terminal received after the last clear.
import { describe, expect, it } from 'vitest';
import { runInPty, type PtyRun } from '../helpers/pty.js';

const CLEAR = '\u001b[2J';

async function revealAdminPassword(p: PtyRun): Promise<string> {
  await p.waitFor('Enter start', 15_000);
  await p.pressUntil('\r', 'User name:');
  p.write('erin');
  await p.waitFor('User name: erin');
  p.write('\r');
  await p.waitFor('Account alias:');
  p.write('erin-co');
  await p.waitFor('Account alias: erin-co');
  p.write('\r');
  await p.waitFor('Apply this plan?');
  await p.pressUntil('y', 'p reveals it');
  // the password is drawn bold where the bullets were
  const bold = /\u001b\[1m([!-~]{12,})\u001b\[22m/;
  const from = p.raw().length;
  // a key sent the instant a screen is drawn can be missed: p again only if nothing changed
  for (let tries = 0; tries < 5 && !bold.test(p.raw().slice(from)); tries++) {
    p.write('p');
    const until = Date.now() + 2000;
    while (!bold.test(p.raw().slice(from)) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  }
  const m = bold.exec(p.raw().slice(from));
  expect(m, p.text().slice(-1500)).not.toBeNull();
  return m![1]!;
}

/** What the terminal shows at the end: everything after the last full-screen clear. */
function visibleAtExit(p: PtyRun): string {
  const raw = p.raw();
  return raw.slice(raw.lastIndexOf(CLEAR));
}

describe('no secret on the visible screen after exit', () => {
  it('admin password revealed, then Ctrl-C', async () => {
    const p = runInPty(['--demo', '--steps', 'admin']);
    const password = await revealAdminPassword(p);
    expect(p.raw()).toContain(password);
    p.write('\u0003');
    expect(await p.exited).toBe(130);
    expect(p.raw()).toContain(CLEAR);
    expect(visibleAtExit(p)).not.toContain(password);
    expect(visibleAtExit(p)).toMatch(/secret was on the screen; it was cleared/);
  });

  it('admin password revealed, then Enter to the end', async () => {
    const p = runInPty(['--demo', '--steps', 'admin']);
    const password = await revealAdminPassword(p);
    await p.pressUntil('\r', 'exit', { everyMs: 500 });
    expect(await p.exited).toBe(0);
    expect(visibleAtExit(p)).not.toContain(password);
  });
});
