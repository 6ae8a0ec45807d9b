// --plain on an 80-column terminal: prose is wrapped at spaces with a hanging indent, and
// what a person copies (a crontab line, a command, a key) comes out whole.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { plainIO, type PlainInput } from '../../src/plain/plain-io.js';

function terminal(columns: number | undefined, tty = true) {
  const input = new PassThrough() as PassThrough & PlainInput;
  let out = '';
  const output = Object.assign(new PassThrough(), { isTTY: tty, columns });
  output.setEncoding('utf8');
  output.on('data', (d: string) => (out += d));
  const io = plainIO({ input, output, env: { TERM: 'xterm-256color' } }, {});
  return { io, input, output: () => out };
}

const PROSE =
  'reminder: for a machine with AWS credentials, this crontab line (crontab -e) runs verify on the first Monday of each month at 09:00 machine time, an hour before the reminder, so the report is ready:';
const CRON = '0 9 1-7 * * [ "$(date +\\%u)" = 1 ] && npx --yes mvsp-setup@0.1.0 verify --ci --json > "$HOME/mvsp-verify.json" 2> "$HOME/mvsp-verify.log"';

describe('--plain output on a terminal', () => {
  it('wraps prose at word boundaries within 80 columns and prints the crontab line whole', () => {
    const t = terminal(80);
    t.io.line(PROSE);
    t.io.line(CRON);
    const lines = t.output().split('\n').filter(Boolean);
    expect(lines[lines.length - 1]).toBe(CRON);
    const prose = lines.slice(0, -1);
    expect(prose.length).toBeGreaterThan(1);
    for (const l of prose) expect(l.length).toBeLessThanOrEqual(80);
    // no word broken in half: the words read back are the words written
    expect(prose.join(' ').split(/\s+/)).toEqual(PROSE.split(/\s+/));
  });

  it('an error under a question continues under its text, and the question keeps its answer on its line', async () => {
    const t = terminal(80);
    const asked = t.io.ask({
      message: 'Email address for the root sign-in alert (a distribution list that a person on call reads)',
      validate: (v) => (v.includes('@') ? null : 'must be an email address on a domain you control, e.g. security@acme.com, never a person'),
    });
    t.input.write('nope\n');
    t.input.write('sec@acme.com\n');
    expect(await asked).toBe('sec@acme.com');
    const out = t.output();
    expect(out).toContain('? Email address for the root sign-in alert (a distribution list that a person on\n  call reads): nope\n');
    expect(out).toContain('  ✖ must be an email address on a domain you control, e.g. security@acme.com,\n    never a person\n');
  });

  it('a secret is printed as it is, never wrapped', () => {
    const t = terminal(40);
    const key = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    t.io.showSecret(`Secret key, if the QR code cannot be scanned: ${key}`);
    expect(t.output()).toBe(`Secret key, if the QR code cannot be scanned: ${key}\n`);
  });

  it('into a pipe or a log (no terminal width) lines stay whole', () => {
    const t = terminal(undefined, false);
    t.io.line(PROSE);
    expect(t.output()).toBe(`${PROSE}\n`);
  });
});
