// The day-one flow in the built binary, in a real 80x24 pseudo-terminal, against moto:
// a person typing every answer, reading the MFA key off the screen and typing two codes
// from it. moto has no root user, so root MFA is skipped ("s") and stays a to-do.
// The walk also counts what the person had to do (issue "fewer keys"): the distinct
// screens answered (a question or a pause) and the keys pressed beyond the text typed
// into fields (names, emails, phone, places, paths and MFA codes).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInPty, type PtyRun } from '../helpers/pty.js';
import { MOTO_ACCOUNT_ID, useMoto } from '../helpers/moto.js';
import { readEndState, twoCodes } from '../helpers/day-one.js';

useMoto();

let dir: string;
let running: PtyRun | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-e2e-day-one-'));
});
afterEach(async () => {
  running?.kill();
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

const DOWN = '\u001b[B';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A person at the terminal: waits until `what` shows up in what the terminal received
 * since the last key, then types (the pty helper sends a key once the program waits for
 * input). Every screen answered and every key beyond typed text is counted.
 */
function person(p: PtyRun) {
  let mark = 0;
  const screens: string[] = [];
  const keys: string[] = [];
  const since = () => p.text().slice(mark);
  const see = (what: string | RegExp, timeoutMs = 20_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const hit = () => (typeof what === 'string' ? since().includes(what) : what.test(since()));
      const deadline = Date.now() + timeoutMs;
      const look = () => {
        if (hit()) resolve(since());
        else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${String(what)}; screen since the last key:\n${since().slice(-2500)}`));
        else setTimeout(look, 20);
      };
      look();
    });
  const send = async (text: string) => {
    await p.typed();
    mark = p.text().length;
    p.write(text);
    await p.typed();
  };
  /** a key that is not typed text (Enter, y, s, Tab): counted */
  const press = async (key: string) => {
    keys.push(JSON.stringify(key));
    await send(key);
  };
  return {
    screens,
    keys,
    see,
    /** on the screen showing `what` (counted once as `screen`), press `key` */
    async at(what: string | RegExp, key: string, screen = String(what)) {
      await see(what);
      if (!screens.includes(screen)) screens.push(screen);
      await press(key);
    },
    /**
     * on the field labelled `field`: type text (not counted), see it in the field, press
     * `then` (Enter; ↓ to go on to another field of the same form). A form's fields are one
     * screen: `screen` names it.
     */
    async fill(field: string, text: string, opts: { echo?: RegExp; screen?: string; then?: string } = {}) {
      await see(field);
      const screen = opts.screen ?? field;
      if (!screens.includes(screen)) screens.push(screen);
      await send(text);
      await see(opts.echo ?? new RegExp(`${escape(field)}\\s+${escape(text)}`));
      await press(opts.then ?? '\r');
    },
    /** a key on the screen already counted (↓ to the next field of a form) */
    press,
  };
}

async function exitOf(p: PtyRun, timeoutMs = 20_000): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not exit; screen:\n${p.text().slice(-2500)}`)), timeoutMs);
  });
  try {
    return await Promise.race([p.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('mvsp-setup in a pseudo-terminal against moto', () => {
  it('a founder types the whole day-one flow, MFA codes from the key on screen; the account ends set up; exit 0; at most 16 screens and 25 keys', async () => {
    const p = (running = runInPty([], { cols: 80, rows: 24, cwd: dir, env: { XDG_DATA_HOME: join(dir, 'data') } }));
    const u = person(p);
    await u.at('Enter start', '\r', 'welcome');

    await u.fill("The root user's sign-in email:", 'aws+production@acme.com');

    // contacts: names, titles and emails come from the root email's domain; only the phone is asked
    await u.see(/Step 2 of 7/);
    await u.fill('Security contact phone:', '+14155550100');
    const contacts = await u.see(/Will do \(3\)[\s\S]*Apply this plan \(3 changes\)\?/);
    expect(contacts).toContain('Security    Security team (Security) <security@acme.com> +14155550100');
    await u.at(/Apply this plan \(3 changes\)\?/, 'y', 'contacts plan');

    // the user name and the alias are one form: ↓ to the alias (Enter would submit: the alias may stay empty)
    await u.fill('User name of the first IAM admin:', 'alice', { screen: 'admin form', then: DOWN });
    await u.fill('Account alias for the sign-in URL (empty for none):', 'acme-production', { screen: 'admin form' });
    await u.at(/Will do \(9\)[\s\S]*Apply this plan \(9 changes\)\?/, 'y', 'admin plan');
    const ready = await u.see(/alice is ready[\s\S]*Saved the temporary password\?/);
    expect(ready).toContain('https://acme-production.signin.aws.amazon.com/console');
    await u.at('Saved the temporary password?', 'y');

    await u.at(/Step 4 of 7[\s\S]*Apply this plan \(1 change\)\?/, 'y', 'mfa plan');
    await u.at('Tab show key', '\t', 'First code:');
    const screen = await u.see(/Secret key:[\s\S]*First code:/);
    // a 64-character seed goes on over a second line
    const groups = screen.slice(screen.lastIndexOf('Secret key:') + 'Secret key:'.length).match(/^(?:\s*[A-Z2-7]{4}\b)+/);
    expect(groups).not.toBeNull();
    const seed = groups![0].replace(/\s+/g, '');
    expect(seed.length).toBeGreaterThanOrEqual(32);
    const [code1, code2] = twoCodes(seed, new Date());
    // both codes on the QR screen: Enter in the first goes on to the second, which submits
    await u.fill('First code:', code1);
    await u.fill('Second code (the next one):', code2, { screen: 'First code:' });

    await u.at(/Step 5 of 7[\s\S]*Waiting for root MFA/, 's', 'root MFA wait');
    // the key is off the screen once the MFA step is done
    expect(p.text().slice(p.text().lastIndexOf('Step 5 of 7'))).not.toContain(seed.slice(0, 4) + ' ' + seed.slice(4, 8));
    // who can reach root and where the password is kept: one form
    await u.fill('Who can reach root (at least two names, comma-separated):', 'Alice Doe, Bob Roe', { screen: 'lockaway form', then: DOWN });
    await u.fill('Where is the root password kept (a place, never the password):', '1Password vault Founders', {
      screen: 'lockaway form',
      echo: /1Password vault\s+(?:password\):\s+)?Founders/,
    });
    // root MFA is off: no device to place yet, the places stay a to-do

    // the date and both paths: one form; the date and the calendar path are taken as offered
    const reminder = await u.see(/Step 6 of 7[\s\S]*Workflow file \(a path, or empty for none\):/);
    expect(reminder).toMatch(/First reminder \(YYYY-MM-DD\): \d{4}-\d\d-\d\d/);
    expect(reminder).toContain('Calendar file (a path, or "none"): mvsp-root-check.ics');
    u.screens.push('reminder form');
    await u.press(DOWN);
    await u.press(DOWN);
    // the workflow field starts empty (none): a path is typed straight in
    await u.fill('Workflow file (a path, or empty for none):', 'mvsp-verify.yml', { screen: 'reminder form' });
    await u.at(/write \S*mvsp-verify\.yml \(workflow\)[\s\S]*Write these files\?/, 'y', 'reminder files');
    // no pause after writing: the crontab line goes on to the Done screen

    await u.at(/Step 7 of 7[\s\S]*Also set up CloudTrail/, 'y', 'alert trail');
    await u.at(/Apply this plan \(13 changes\)\?/, 'y', 'alert plan');

    const done = await u.see(/Left for a human[\s\S]*Enter exit/);
    // the crontab line is listed with the to-dos (its start: it is wider than the screen) when
    // there is room, else one of the "more" that d shows; whole below the last frame at exit
    expect(/^ {5}0 9 \S+ \* \* node -e/m.test(done) || /… and \d+ more: d shows them all/.test(done), done).toBe(true);
    expect(done).toContain('Sign-in URL  https://acme-production.signin.aws.amazon.com/console');
    expect(done).toMatch(/✔ Virtual MFA +MFA enabled for alice/);
    expect(done).toMatch(/⚠ Root lock-away +pending: Root MFA skipped for now/);
    await u.at('Enter exit', '\r', 'done');
    expect(await exitOf(p)).toBe(0);
    // below the frame left at exit: the crontab line whole, one line (never broken by the
    // layout: the terminal folds it, and a copy of it is one line)
    const left = p.text().slice(p.text().lastIndexOf('Left for a human:'));
    expect(left).toContain('Monthly verify: add with crontab -e on a machine with AWS credentials:');
    expect(left, left).toMatch(/^ {2}0 9 \S+ \* \* .*mvsp-setup.*verify --ci --json > "\$HOME\/mvsp-verify\.json" 2> "\$HOME\/mvsp-verify\.log"$/m);

    const end = await readEndState();
    expect(end.users).toEqual(['alice']);
    expect(end.group?.members).toEqual(['alice']);
    expect(end.perUser.alice).toEqual({ login: true, direct: [], mfa: [`arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/alice`] });
    expect(end.aliases).toEqual(['acme-production']);
    expect(end.passwordPolicy?.MinimumPasswordLength).toBe(14);
    expect(end.contacts.SECURITY).toEqual({ name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' });
    expect(end.topics.map((t) => t.subs)).toEqual([['email:security@acme.com']]);
    expect(end.rules.map((r) => r.targets.length)).toEqual([1]);
    expect(await readFile(join(dir, 'mvsp-root-check.ics'), 'utf8')).toContain('RRULE:FREQ=MONTHLY');
    expect(await readFile(join(dir, 'mvsp-verify.yml'), 'utf8')).toContain('schedule:');

    // fewer keys: at most 16 screens (a form's fields are one screen) and 25 keys beyond typed text
    const counted = `${u.screens.length} screens:\n  ${u.screens.join('\n  ')}\n${u.keys.length} keys: ${u.keys.join(' ')}`;
    expect(u.screens.length, counted).toBeLessThanOrEqual(16);
    expect(u.keys.length, counted).toBeLessThanOrEqual(25);
  }, 180_000);
});
