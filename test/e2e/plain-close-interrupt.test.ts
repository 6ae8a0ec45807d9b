// `onboard --plain` ends on "Press Enter once it is stored", the question that clears the
// new password from the screen. A signal there is an interrupt like at any other question:
// the screen is cleared, "Interrupted (…)" is said and the exit code names the signal
// (README, exit codes), so a wrapper does not read a stopped run as a clean one. The
// built binary in a real pseudo-terminal, on the demo sandbox.
import { afterEach, describe, expect, it } from 'vitest';
import { CLEAR_SCREEN, cliPid, runInPty, type PtyRun } from '../helpers/pty.js';
import { makeHome, type Sandbox } from '../helpers/cli-run.js';

type Stop = (p: PtyRun, home: Sandbox) => void;
const STOPS: [string, Stop, number, string][] = [
  ['SIGTERM', (_p, home) => process.kill(cliPid(home.cwd), 'SIGTERM'), 143, 'terminated'],
  ['SIGHUP', (_p, home) => process.kill(cliPid(home.cwd), 'SIGHUP'), 129, 'the terminal was closed'],
  // the key: the terminal turns it into SIGINT for the process
  ['Ctrl-C', (p) => p.write('\u0003'), 130, 'Ctrl-C'],
];

describe.each(STOPS)('onboard --plain: %s at "Press Enter once it is stored"', (_what, stop, code, why) => {
  let home: Sandbox | undefined;
  afterEach(() => {
    home?.remove();
    home = undefined;
  });

  it(`clears the password, says it was interrupted and exits ${code}`, async () => {
    home = makeHome(undefined);
    const p = runInPty(['onboard', '--demo', '--plain', '--user', 'erin', '--email', 'erin@acme.com', '--group', 'Developers'], { env: home.env, cwd: home.cwd });
    await p.waitFor(/Apply this plan/, 30_000);
    p.write('y\r');
    await p.waitFor('? Press Enter once it is stored, to clear it from the screen: ', 30_000);
    const shown = p.text();
    expect(shown).toMatch(/Temporary password/);
    stop(p, home);
    const exit = await Promise.race([p.exited, new Promise<number>((r) => setTimeout(() => r(-1), 15_000))]);
    if (exit === -1) p.kill();
    // wrapped to the terminal's 80 columns like every plain line
    const tail = p.text().slice(shown.length).replace(/\s+/g, ' ');
    expect({ exit, tail }).toMatchObject({
      exit: code,
      tail: expect.stringContaining(`Interrupted (${why}). What finished above stays done; a re-run continues from there.`),
    });
    expect(tail).toContain('The secret was cleared from the screen.');
    expect(p.raw().slice(p.raw().lastIndexOf('Press Enter once it is stored'))).toContain(CLEAR_SCREEN);
  }, 60_000);
});
