// Keys as a terminal delivers them when someone types fast or pastes: the built binary in
// a real pseudo-terminal, each burst sent in one write.
import { describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/pty.js';
import { stripAnsi } from '../helpers/ink.js';

/** the rows of the last QR code drawn in `raw` (the terminal's bytes), the text beside it cut off */
function lastQr(raw: string): string[] {
  const rows = stripAnsi(raw).replace(/\r/g, '').split('\n');
  let end = rows.length - 1;
  while (end >= 0 && !/[▀▄█]{7}/.test(rows[end]!)) end--;
  if (end < 0) return [];
  let start = end;
  while (start > 0 && /[▀▄█]/.test(rows[start - 1]!)) start--;
  return rows.slice(start, end + 1).map((l) => l.slice(0, 45));
}

describe('mvsp-setup mfa --demo in a terminal', () => {
  it('a pasted user name with its newline submits; a code and Enter in one write are accepted; Esc on the codes cancels', async () => {
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
      // an accepted first code takes the focus to the second field, with its countdown
      await p.waitFor('› Second code (the next one):');
      await p.waitFor(/The next code comes in \d+ s\.|The next code should show now\./);
      expect(p.text()).not.toMatch(/that was \d+\./);
      // Esc on the codes: cancelled, the device deleted
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

  it('NO_COLOR: the QR code in plain glyphs with "i invert QR"; i redraws it the other way round and is not typed', async () => {
    const p = runInPty(['mfa', '--demo', '--user', 'bob'], { env: { NO_COLOR: '1' } });
    try {
      await p.waitFor('Apply this plan (1 change)?');
      await p.pressUntil('y', 'i invert QR');
      // the hint can reach the terminal before the rest of the frame: wait for the whole code
      const drawn = Date.now() + 5000;
      while (lastQr(p.raw()).length <= 15 && Date.now() < drawn) await new Promise((r) => setTimeout(r, 25));
      const from = p.raw().length;
      const before = lastQr(p.raw());
      expect(before.length).toBeGreaterThan(15);
      // eslint-disable-next-line no-control-regex
      expect(p.raw()).not.toMatch(/\u001B\[(38|48);/);
      p.write('i');
      const until = Date.now() + 5000;
      while (lastQr(p.raw().slice(from)).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
      const after = lastQr(p.raw().slice(from));
      // for a dark theme the light modules and the quiet zone are the glyphs (a full row of
      // blocks above the code); inverted, for a light theme, the dark ones are (the finder
      // pattern's top edge after a blank quiet zone)
      expect(before[0]).toBe('█'.repeat(45));
      expect(before.some((l) => /^ {4}█▀▀▀▀▀█/.test(l))).toBe(false);
      expect(after[0]).toMatch(/^ {4}█▀▀▀▀▀█/);
      expect(after).not.toContain('█'.repeat(45));
      expect(p.text().slice(p.text().lastIndexOf('First code:'))).toMatch(/^First code: +█( \(e\.g\. 123456\))? *\n/);
      p.write('\u0003');
      expect(await p.exited).toBe(130);
    } finally {
      p.kill();
    }
  });
});
