// Line output (--plain) wrapped at 80 columns: words whole, continuation lines under the
// text, and commands, crontab lines, URLs and keys never broken.
import { describe, expect, it } from 'vitest';
import { hangingIndent, wrapLine, wrapText } from '../../src/text-wrap.js';

const W = 80;
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('wrapLine', () => {
  it('breaks prose at spaces only: every word of the input is a word of the output', () => {
    const line =
      'reminder: for a machine with AWS credentials, this crontab line (crontab -e) runs verify on the first Monday of each month at 09:00 machine time, an hour before the reminder, so the report is ready:';
    const out = wrapLine(line, W);
    expect(out.length).toBeGreaterThan(2);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(W);
    expect(words(out.join(' '))).toEqual(words(line));
  });

  it('continuation lines start under the text after a mark, a number or a label', () => {
    const fix = wrapLine('  Fix: Allow iam:ListOrganizationsFeatures for the caller, then run the same check again with the same profile.', W);
    expect(fix[0]).toMatch(/^ {2}Fix: Allow/);
    expect(fix[1]).toMatch(/^ {7}\S/);
    const warn = wrapLine('⚠ Signed in as root: right for day one; afterwards sign in as the new admin, never as root again unless asked.', W);
    expect(warn[1]).toMatch(/^ {2}\S/);
    const step = wrapLine('  3. Create the first IAM admin: via a group, MFA required, password policy at fourteen characters.', W);
    expect(step[1]).toMatch(/^ {5}\S/);
    const step2 = wrapLine('reminder: for a machine with AWS credentials, this crontab line (crontab -e) runs verify monthly.', W);
    expect(step2[1]).toMatch(/^ {10}\S/);
    const plain = wrapLine('    a paragraph that is indented by four spaces and long enough to need a second line here.', W);
    expect(plain[1]).toMatch(/^ {4}\S/);
  });

  it('keeps a command in prose on one line, moving it whole to the next line', () => {
    const line = '  ✖ Each listed user enrols a device: mvsp-setup mfa --user NAME --profile acme-production (or IAM → Users → NAME → Security credentials).';
    const out = wrapLine(line, W);
    expect(out.some((l) => l.includes('mvsp-setup mfa --user NAME --profile acme-production'))).toBe(true);
    expect(words(out.join(' '))).toEqual(words(line));
    const npx = wrapLine('A monthly job runs npx --yes mvsp-setup@0.1.0 verify --ci --json and keeps the report for a year or so.', 60);
    expect(npx.some((l) => l.includes('npx --yes mvsp-setup@0.1.0 verify --ci --json'))).toBe(true);
    const ticks = wrapLine('A GitHub Actions workflow can run `mvsp-setup verify --ci --json` monthly and keep the report.', 50);
    expect(ticks.some((l) => l.includes('`mvsp-setup verify --ci --json`'))).toBe(true);
  });

  it('never wraps a crontab line or a shell line, however long', () => {
    const cron = '0 9 1-7 * * [ "$(date +\\%u)" = 1 ] && npx --yes mvsp-setup@0.1.0 verify --ci --json > "$HOME/mvsp-verify.json" 2> "$HOME/mvsp-verify.log"';
    expect(wrapLine(cron, W)).toEqual([cron]);
    expect(wrapLine(`  ${cron}`, W)).toEqual([`  ${cron}`]);
    const shell = '$ aws iam list-virtual-mfa-devices --assignment-status Unassigned --profile acme-production --output table';
    expect(wrapLine(shell, W)).toEqual([shell]);
  });

  it('a URL or key longer than the room left goes whole on its own line', () => {
    const key = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    expect(wrapLine(`  Secret key (type it into the app): ${key}`, W)).toEqual(['  Secret key (type it into the app):', `  ${key}`]);
    const url = 'https://111122223333.signin.aws.amazon.com/console/some/very/long/path/that/goes/on/past/eighty/columns';
    expect(wrapLine(`Sign in at ${url}`, W)).toEqual(['Sign in at', url]);
  });

  it('leaves short lines, multiple spaces in them, and unknown widths alone', () => {
    expect(wrapLine('Account  111122223333  (no alias yet)', W)).toEqual(['Account  111122223333  (no alias yet)']);
    const long = 'x '.repeat(60).trim();
    expect(wrapLine(long, 0)).toEqual([long]);
  });
});

describe('hangingIndent', () => {
  it('falls back to the indent plus two when the label is too wide to hang under', () => {
    expect(hangingIndent('  Fix: text', 80)).toBe(' '.repeat(7));
    expect(hangingIndent('  Fix: text', 10)).toBe(' '.repeat(4));
  });
});

describe('wrapText', () => {
  it('wraps every line on its own and keeps the line feeds', () => {
    const out = wrapText(`short\n${'word '.repeat(30).trim()}\nend`, 40);
    const lines = out.split('\n');
    expect(lines[0]).toBe('short');
    expect(lines[lines.length - 1]).toBe('end');
    expect(lines.length).toBe(6);
  });
});
