// Plain mode in the built binary, in a real pseudo-terminal, on the demo sandbox: what a
// screen reader or a log reads, byte by byte.
import { describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/pty.js';

const CLEAR = '\u001b[2J\u001b[3J\u001b[H';

/**
 * Escape sequences that move the cursor, erase, redraw or hide the cursor (CSI with
 * final byte A-H, J, K, S, T, f, s, u, the ?25 / ?1049 modes, ESC 7/8 save/restore).
 * The clear-screen that takes a secret off the screen is the one allowed exception.
 */
function cursorControl(raw: string): string[] {
  return raw.split(CLEAR).join('').match(/\u001b\[[\d;?]*[A-HJKSTfhlsu]|\u001b[78]/g) ?? [];
}

describe('mvsp-setup --plain (pty, demo sandbox)', () => {
  it('walks the admin step line by line: no cursor movement, the password cleared after Enter', async () => {
    const p = runInPty(['--demo', '--plain', '--steps', 'admin']);
    await p.waitFor('? User name of the first IAM admin: ');
    p.write('erin smith\r');
    await p.waitFor('✖ A space is not allowed');
    await p.waitFor(/User name of the first IAM admin: [^]*User name of the first IAM admin: $/);
    p.write('erin\r');
    await p.waitFor('Account alias for the sign-in URL (empty for none): ');
    p.write('erin-co\r');
    await p.waitFor('(yes or no, Enter for yes): ');
    expect(p.text()).toContain('+ Create IAM user erin (tagged)  [iam:CreateUser]');
    p.write('\r');
    await p.waitFor('Press Enter once it is stored');
    const beforeClear = p.raw();
    expect(beforeClear).toMatch(/temporary password for erin \(shown once, must be changed at first sign-in\): \S{20}/);
    expect(p.text()).toContain('admin: done');
    p.write('\r');
    expect(await p.exited).toBe(0);
    const raw = p.raw();
    // the typed answers are the terminal's own echo, in order
    expect(p.text()).toMatch(/User name of the first IAM admin: erin smith\n[^]*User name of the first IAM admin: erin\n/);
    expect(p.text()).toContain("The terminal's scrollback may still hold it");
    expect(cursorControl(raw)).toEqual([]);
    // exactly one clear, after the password
    expect(raw.split(CLEAR)).toHaveLength(2);
    expect(raw.indexOf(CLEAR)).toBeGreaterThan(raw.indexOf('temporary password for erin'));
    // no colour either: plain output never depends on it
    expect(raw).not.toMatch(/\u001b\[[\d;]*m/);
  }, 30_000);

  it('TERM=dumb picks the plain prompts on its own; Ctrl-C stops with exit 130', async () => {
    const p = runInPty(['--demo', '--steps', 'admin'], { env: { TERM: 'dumb' } });
    await p.waitFor('? User name of the first IAM admin: ');
    p.write('\u0003');
    expect(await p.exited).toBe(130);
    expect(p.text()).toContain('Interrupted (Ctrl-C)');
    expect(cursorControl(p.raw())).toEqual([]);
  }, 30_000);
});

describe('NO_COLOR and --no-color', () => {
  for (const [name, args, env] of [
    ['NO_COLOR=1', ['--demo', '--steps', 'admin'], { NO_COLOR: '1' }],
    ['--no-color', ['--demo', '--steps', 'admin', '--no-color'], {}],
  ] as const) {
    it(`${name}: the Ink wizard writes no colour or style codes, symbols and words carry the meaning`, async () => {
      const p = runInPty([...args], { env: { ...env } });
      await p.waitFor('Enter start');
      p.write('\r');
      await p.waitFor('User name:');
      p.write('erin smith');
      await p.waitFor('A space is not allowed');
      p.kill();
      expect(p.raw()).not.toMatch(/\u001b\[[\d;]*m/);
    }, 30_000);
  }

  it('without NO_COLOR the same screens are coloured (the check above can fail)', async () => {
    const p = runInPty(['--demo', '--steps', 'admin'], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    await p.waitFor('Enter start');
    p.kill();
    expect(p.raw()).toMatch(/\u001b\[[\d;]*m/);
  }, 30_000);
});
