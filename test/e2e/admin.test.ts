// The admin step in the built binary, in a real 80x24 pseudo-terminal, on the demo sandbox.
import { describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/pty.js';

describe('mvsp-setup --demo --steps admin', () => {
  it('welcome → user name → alias → plan → apply → password to copy, taken off the screen once saved, Enter to finish, exit 0', async () => {
    const p = runInPty(['--demo', '--steps', 'admin'], { cols: 80, rows: 24 });
    await p.waitFor('Enter start');
    p.write('\r');
    await p.waitFor('User name of the first IAM admin:');
    p.write('erin');
    await p.waitFor(/User name of the first IAM admin: erin/);
    // one form: ↓ to the alias (Enter would take it empty)
    p.write('\u001b[B');
    await p.waitFor('› Account alias for the sign-in URL (empty for none):');
    p.write('erin-co');
    await p.waitFor(/Account alias for the sign-in URL \(empty for none\): erin-co/);
    p.write('\r');
    await p.waitFor('Apply this plan (9 changes)?');
    expect(p.text()).toContain('Create IAM user erin');
    p.write('y');
    await p.waitFor(/erin is ready[\s\S]*Saved the temporary password\?/);
    expect(p.text()).toContain('https://erin-co.signin.aws.amazon.com/console');
    // the password is printed whole on its own line, to copy
    const shown = /Temporary password for erin \(shown once, must be changed at first sign-in\):\s*\n\s+(\S{14,})/.exec(p.text());
    expect(shown).not.toBeNull();
    const password = shown![1]!;
    p.write('y');
    await p.waitFor(/Done[\s\S]*Enter exit/);
    expect(p.text().slice(p.text().lastIndexOf('mvsp-setup  Done'))).not.toContain(password);
    p.write('\r');
    expect(await p.exited).toBe(0);
  });
});
