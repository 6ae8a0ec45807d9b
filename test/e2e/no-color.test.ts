// NO_COLOR in a real terminal: the built binary sends no colour, no inverse video, and a
// text field still shows where the cursor is and that its placeholder is only an example.
import { describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/pty.js';

describe('NO_COLOR=1, the wizard in a pseudo-terminal', () => {
  it('the root email field marks its example and draws a cursor; Enter on it says nothing was typed', async () => {
    const p = runInPty(['--demo'], { env: { NO_COLOR: '1', FORCE_COLOR: undefined } });
    await p.waitFor('Enter start');
    p.write('\r');
    await p.waitFor("The root user's sign-in email:");
    expect(p.text()).toContain("The root user's sign-in email: █ (e.g. aws-production@company.com)");
    p.write('\r');
    await p.waitFor('nothing typed yet');
    expect(p.text()).toMatch(/█ \(nothing typed yet; e\.g\.\s+aws-production@company\.com\)/);
    p.write('bob');
    await p.waitFor("The root user's sign-in email: bob█");
    // SGR sequences: colours (3x, 9x), dim (2), inverse (7) — none may reach the terminal
    const sgr = p.raw().match(/\u001b\[[\d;]*m/g) ?? [];
    expect(sgr.filter((s) => /\[(?:\d+;)*(?:3\d|9\d|2|7)(?:;|m)/.test(s))).toEqual([]);
    p.write('\u0003');
    expect(await p.exited).toBe(130);
  });
});
