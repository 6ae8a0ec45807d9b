// The day-one flow in the built binary, in a real 80x24 pseudo-terminal, against moto:
// a person typing every answer, reading the MFA key off the screen and typing two codes
// from it. moto has no root user, so root MFA is skipped ("s") and stays a to-do.
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

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A person at the terminal: waits until `what` shows up in what the terminal received
 * since the last key, then types. Ink redraws the whole frame on every change, so the
 * screen after a key is always in the new output. Ink subscribes a screen's input just
 * after drawing it, and a key that arrives before is dropped: so a key goes out once the
 * output has been quiet for a moment, and a single key that changed nothing is sent again.
 */
function person(p: PtyRun) {
  let mark = 0;
  const since = () => p.text().slice(mark);
  const poll = () => new Promise((r) => setTimeout(r, 25));
  const see = async (what: string | RegExp, timeoutMs = 20_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    const hit = () => (typeof what === 'string' ? since().includes(what) : what.test(since()));
    while (!hit()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(what)}; screen since the last key:\n${since().slice(-2500)}`);
      await poll();
    }
    return since();
  };
  // quiet: no output for 100 ms (a spinner is never quiet: then give up after 500 ms)
  const settle = async () => {
    const until = Date.now() + 500;
    let len = p.raw().length;
    let quietSince = Date.now();
    while (Date.now() < until && Date.now() - quietSince < 100) {
      await poll();
      if (p.raw().length !== len) {
        len = p.raw().length;
        quietSince = Date.now();
      }
    }
  };
  const key = async (keys: string) => {
    await settle();
    mark = p.text().length;
    const before = p.raw().length;
    p.write(keys);
    if (keys.length !== 1) return;
    const until = Date.now() + 3000;
    while (p.raw().length === before && Date.now() < until) await poll();
    if (p.raw().length === before) p.write(keys);
  };
  return {
    see,
    key,
    /** wait for `what`, then type `keys` */
    async at(what: string | RegExp, keys: string) {
      await see(what);
      await key(keys);
    },
    /** type text, wait until it is echoed in the field, then press Enter */
    async fill(field: string, text: string) {
      await see(field);
      await key(text);
      await see(new RegExp(`${escape(field)}\\s+${escape(text)}`));
      await key('\r');
    },
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
  it('a founder types the whole day-one flow, MFA codes from the key on screen; the account ends set up; exit 0', async () => {
    const p = (running = runInPty([], { cols: 80, rows: 24, cwd: dir, env: { XDG_DATA_HOME: join(dir, 'data') } }));
    {
      const u = person(p);
      await u.at('Enter start', '\r');

      await u.fill('Root email:', 'aws+production@acme.com');
      await u.at(/Step 1 of 7[\s\S]*Enter continue/, '\r');

      // contacts: names, titles and emails come suggested from the root email's domain
      await u.at('(field 1 of 12)', '\r');
      await u.at('(field 2 of 12)', '\r');
      await u.see('Email: security@acme.com');
      await u.at('(field 3 of 12)', '\r');
      await u.fill('Phone:', '+14155550100');
      for (const n of [5, 6, 7, 8, 9, 10, 11, 12]) await u.at(`(field ${n} of 12)`, '\r');
      await u.at(/Will do \(3\)[\s\S]*Apply this plan\?/, 'y');
      await u.at(/Read back from AWS[\s\S]*Enter continue/, '\r');

      await u.fill('User name:', 'alice');
      await u.fill('Account alias:', 'acme-production');
      await u.at(/Will do \(9\)[\s\S]*Apply this plan\?/, 'y');
      await u.at(/alice is ready[\s\S]*Enter continue/, '\r');

      await u.at(/Step 4 of 7[\s\S]*Create the device now\?/, 'y');
      await u.at('Tab show key', '\t');
      const screen = await u.see(/Secret key:[\s\S]*Then type two codes/);
      // 64-character seeds wrap onto a second line
      const groups = screen.slice(screen.lastIndexOf('Secret key:') + 'Secret key:'.length).match(/^(?:\s*[A-Z2-7]{4}\b)+/);
      expect(groups).not.toBeNull();
      const seed = groups![0].replace(/\s+/g, '');
      expect(seed.length).toBeGreaterThanOrEqual(32);
      const [code1, code2] = twoCodes(seed, new Date());
      await u.fill('First code:', code1);
      await u.fill('Second code:', code2);
      await u.at(/MFA is on for alice[\s\S]*Enter continue/, '\r');
      expect(p.text().slice(p.text().lastIndexOf('MFA is on for alice'))).not.toContain(seed.slice(0, 4) + ' ' + seed.slice(4, 8));

      await u.at(/Step 5 of 7[\s\S]*Waiting for root MFA/, 's');
      await u.fill('Names (comma-separated):', 'Alice Doe, Bob Roe');
      await u.fill('Password kept in:', '1Password vault Founders');
      await u.fill('Alice Doe:', 'YubiKey on keyring');
      await u.at('Bob Roe:', '\r');

      await u.at(/Step 6 of 7[\s\S]*First reminder/, '\r');
      await u.at('Calendar file: mvsp-root-check.ics', '\r');
      await u.fill('Workflow file:', 'mvsp-verify.yml');
      await u.at(/Will write \(2\)[\s\S]*Write these files\?/, 'y');
      await u.at(/Wrote:[\s\S]*Enter continue/, '\r');

      await u.at(/Step 7 of 7[\s\S]*Will do \(5\)[\s\S]*Enter apply/, '\r');
      await u.at(/Root sign-ins now email security@acme.com[\s\S]*Enter continue/, '\r');

      const done = await u.see(/Left for a human[\s\S]*Enter exit/);
      expect(done).toContain('Sign-in URL  https://acme-production.signin.aws.amazon.com/console');
      expect(done).toMatch(/✔ Virtual MFA +MFA enabled for alice/);
      expect(done).toContain('Root MFA: sign in as root');
      await u.key('\r');
      expect(await exitOf(p)).toBe(0);
    }

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
  }, 180_000);
});
