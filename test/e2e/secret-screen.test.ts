// A password shown on the admin screen does not stay on the visible screen after the
// program exits, by Ctrl-C or by going on to the end: the built binary in a real
// pseudo-terminal (--demo), reading the bytes the terminal received after the last clear.
import { describe, expect, it } from 'vitest';
import { runInPty, type PtyRun } from '../helpers/pty.js';

const CLEAR = '\u001b[2J';

async function revealAdminPassword(p: PtyRun): Promise<string> {
  await p.waitFor('Enter start', 15_000);
  await p.pressUntil('\r', 'User name of the first IAM admin:');
  p.write('erin');
  await p.waitFor('User name of the first IAM admin: erin');
  // one form: ↓ to the alias (Enter would take it empty)
  p.write('\u001b[B');
  await p.waitFor('› Account alias for the sign-in URL (empty for none):');
  p.write('erin-co');
  await p.waitFor('Account alias for the sign-in URL (empty for none): erin-co');
  p.write('\r');
  await p.waitFor(/Apply this plan \(\d+ changes\)\?/);
  // once: a second y could answer the password question itself as it appears
  p.write('y');
  await p.waitFor('Saved the temporary password?', 30_000);
  // the password is shown once, whole on the row under its label
  const m = /Temporary password for erin \(shown once[^\n]*\n {2}([!-~]{12,})/.exec(p.text());
  expect(m, p.text().slice(-1500)).not.toBeNull();
  return m![1]!;
}

/** What the terminal shows at the end: everything after the last full-screen clear. */
function visibleAtExit(p: PtyRun): string {
  const raw = p.raw();
  return raw.slice(raw.lastIndexOf(CLEAR));
}

describe('no secret on the visible screen after exit', () => {
  it('admin password shown, then Ctrl-C', async () => {
    const p = runInPty(['--demo', '--steps', 'admin']);
    const password = await revealAdminPassword(p);
    expect(p.raw()).toContain(password);
    p.write('\u0003');
    expect(await p.exited).toBe(130);
    expect(p.raw()).toContain(CLEAR);
    expect(visibleAtExit(p)).not.toContain(password);
    expect(visibleAtExit(p)).toMatch(/secret was on the screen; it was cleared/);
  });

  it('admin password shown, then y and Enter to the end', async () => {
    const p = runInPty(['--demo', '--steps', 'admin']);
    const password = await revealAdminPassword(p);
    // saved it: on to the end
    p.write('y');
    await p.pressUntil('\r', 'exit', { everyMs: 500 });
    expect(await p.exited).toBe(0);
    expect(visibleAtExit(p)).not.toContain(password);
  });
});
