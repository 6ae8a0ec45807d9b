// The admin step in the built binary, in a real 80x24 pseudo-terminal, on the demo sandbox.
import { describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/pty.js';

describe('mvsp-setup --demo --steps admin', () => {
  it('welcome → user name → alias → plan → apply → masked password, Enter to finish, exit 0', async () => {
    const p = runInPty(['--demo', '--steps', 'admin'], { cols: 80, rows: 24 });
    await p.waitFor('Enter start');
    p.write('\r');
    await p.waitFor('User name:');
    p.write('erin');
    await p.waitFor('User name: erin');
    p.write('\r');
    await p.waitFor('Account alias:');
    p.write('erin-co');
    await p.waitFor('Account alias: erin-co');
    p.write('\r');
    await p.waitFor('Apply this plan?');
    expect(p.text()).toContain('Create IAM user erin');
    await p.pressUntil('y', 'erin is ready');
    expect(p.text()).toContain('https://erin-co.signin.aws.amazon.com/console');
    expect(p.text()).toMatch(/Temporary password •{20}/);
    await p.pressUntil('\r', 'Enter exit');
    await p.pressUntil('\r', 'exit');
    expect(await p.exited).toBe(0);
  });
});
