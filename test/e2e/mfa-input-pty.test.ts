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
      await p.waitFor('Apply this plan (1 change)?');
      expect(p.text()).not.toContain('There is no IAM user');
      await p.pressUntil('y', 'First code:');
      // the demo prints the code the device shows now: the sandbox's, for people without a phone
      // (beside the QR code the line may wrap before the code: the next row starts with the QR code's glyphs)
      const demoCode = /Demo only: the code now is[\s▀▄█]*?(\d{6})/;
      await p.waitFor(demoCode);
      const code = [...p.text().matchAll(new RegExp(demoCode, 'g'))].at(-1)![1]!;
      p.write(`${code}\r`);
      // only an accepted first code brings the second field and its countdown
      await p.waitFor('Second code (the next one):');
      await p.waitFor(/The next code comes in \d+ s\.|The next code should show now\./);
      expect(p.text()).not.toMatch(/that was \d+\./);
      // Esc: back to the first code; Esc again: cancelled, the device deleted
      await p.pressUntil('\u001B', /First code:(?![\s\S]*Second code)/);
      await p.pressUntil('\u001B', 'MFA not enrolled for bob');
      expect(await p.exited).toBe(0);
    } finally {
      p.kill();
    }
  });

  it('the demo account has alice, bob and carol; alice\'s device name is held by alice-2019', async () => {
    const p = runInPty(['mfa', '--demo', '--user', 'alice']);
    try {
      await p.waitFor('Apply this plan (1 change)?');
      const plan = p.text().replace(/\s+/g, ' ');
      expect(plan).toContain('The virtual MFA device named alice belongs to alice-2019: this one is named alice-2');
      p.write('\u001B');
      expect(await p.exited).toBe(0);
    } finally {
      p.kill();
    }
  });
});
