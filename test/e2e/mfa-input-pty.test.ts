// Keys as a terminal delivers them when someone types fast or pastes: the built binary in
// a real pseudo-terminal, each burst sent in one write.
import { describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/pty.js';

describe('mvsp-setup mfa --demo in a terminal', () => {
  it('a pasted user name with its newline submits; a code and Enter in one write are accepted', async () => {
    const p = runInPty(['mfa', '--demo']);
    try {
      await p.waitFor('IAM user name:');
      // a paste: the name and the line end it was copied with
      p.write('bob\n');
      await p.waitFor('Create the device now?');
      expect(p.text()).not.toContain('There is no IAM user');
      await p.pressUntil('y', 'First code:');
      // the demo prints the code the device shows now: the sandbox's, for people without a phone
      await p.waitFor(/Demo only: the code now is \d{6}/);
      const code = [...p.text().matchAll(/Demo only: the code now is (\d{6})/g)].at(-1)![1]!;
      p.write(`${code}\r`);
      await p.waitFor(new RegExp(`First code: +${code} ✔`));
      // 'Second code:' is on screen from the start: wait for what only the accepted first code brings
      await p.waitFor(/The next code comes in \d+ s\.|The next code should show now\./);
      expect(p.text()).not.toMatch(/that was \d+\./);
      p.write('\u001B');
      await p.waitFor('MFA not enrolled for bob');
      expect(await p.exited).toBe(0);
    } finally {
      p.kill();
    }
  });

  it('the demo account has alice, bob and carol; alice\'s device name is held by alice-2019', async () => {
    const p = runInPty(['mfa', '--demo', '--user', 'alice']);
    try {
      await p.waitFor('Create the device now?');
      const plan = p.text().replace(/\s+/g, ' ');
      expect(plan).toContain('The virtual MFA device named alice belongs to alice-2019: this one is named alice-2');
      p.write('\u001B');
      expect(await p.exited).toBe(0);
    } finally {
      p.kill();
    }
  });
});
