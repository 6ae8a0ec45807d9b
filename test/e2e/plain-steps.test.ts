// mfa, reminder and the whole wizard in --plain, in the built binary in a real
// pseudo-terminal, against moto and the demo sandbox. The MFA codes are computed from
// the `Secret key:` the tool prints, as an authenticator app would. The same answers
// through the Ink screens leave the same end state (read back through the SDK).
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOTP, Secret, TOTP } from 'otpauth';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { CLEAR_SCREEN, cursorControl, runInPty, type PtyRun } from '../helpers/pty.js';
import { resetMoto, useMoto } from '../helpers/moto.js';

useMoto();

const gw = () => createSdkGateway({});
const tmp = () => mkdtempSync(join(tmpdir(), 'mvsp-plain-'));

/** The seed from the last `Secret key:` lines on screen (one line, or continued under the first group). */
function secretKey(text: string): string {
  const all = [...text.matchAll(/Secret key: ((?:[A-Z2-7]{1,4} ?)+)\n(?: {12}((?:[A-Z2-7]{1,4} ?)+)\n)?/g)];
  const m = all[all.length - 1];
  if (!m) throw new Error(`no Secret key on screen:\n${text.slice(-2000)}`);
  return `${m[1]}${m[2] ?? ''}`.replace(/\s+/g, '');
}

/** Two consecutive codes as the phone shows them now and 30 s later. */
function codes(seed: string): [string, string] {
  const counter = TOTP.counter({ timestamp: Date.now() });
  const at = (c: number) => HOTP.generate({ secret: Secret.fromBase32(seed), counter: c });
  return [at(counter), at(counter + 1)];
}

/**
 * A scripted person: answers each question once it is asked, in order. Questions are
 * matched after the previous one, so a question asked three times is answered three times.
 */
function person(p: PtyRun) {
  let from = 0;
  return async (question: string | RegExp, answer: string | (() => string)) => {
    const find = () => {
      const rest = p.text().slice(from);
      const m = typeof question === 'string' ? (rest.includes(question) ? { index: rest.indexOf(question), length: question.length } : null) : question.exec(rest);
      return m ? from + m.index + (typeof question === 'string' ? question.length : (m as RegExpExecArray)[0].length) : -1;
    };
    await p.waitFor({ test: () => find() !== -1 } as unknown as RegExp, 30_000);
    from = find();
    p.write(`${typeof answer === 'function' ? answer() : answer}\r`);
  };
}

/** A key sent the moment an Ink input is drawn can arrive before it listens: send it again until its effect shows. */
async function pressUntil(p: PtyRun, key: string, seen: string | string[], tries = 10): Promise<void> {
  const any = new RegExp([seen].flat().map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  const from = p.text().length;
  const hit = { test: () => any.test(p.text().slice(from)) } as unknown as RegExp;
  for (let i = 0; i < tries; i++) {
    p.write(key);
    try {
      return await p.waitFor(hit, 3000);
    } catch {
      /* not taken yet */
    }
  }
  await p.waitFor(hit);
}

/** Type into an Ink field and wait until it shows. (Erase keys sent in the same chunk reach @inkjs/ui as text, so there is no retry.) */
async function typeInto(p: PtyRun, text: string): Promise<void> {
  const from = p.text().length;
  p.write(text);
  await p.waitFor({ test: () => p.text().slice(from).includes(text) } as unknown as RegExp);
}

/** The MFA end state of a user, in a form that compares across runs (serials differ only by name). */
async function mfaState(userName: string) {
  const iam = gw().iam;
  return {
    devices: (await iam.listMfaDevices(userName)).map((d) => d.serial.replace(/^.*:mfa\//, 'mfa/')),
    unassigned: (await iam.listVirtualMfaDevices('Unassigned')).length,
  };
}

function expectPlainOutput(p: PtyRun): void {
  const raw = p.raw();
  expect(cursorControl(raw)).toEqual([]);
  expect(raw).not.toMatch(/\u001b\[[\d;]*m/);
}

async function plainMfa(user: string): Promise<{ p: PtyRun; seed: string }> {
  const p = runInPty(['mfa', '--plain', '--user', user]);
  const ask = person(p);
  await ask('? Apply this plan (1 change)? (yes or no, Enter for yes): ', 'yes');
  await p.waitFor('? First code: ');
  const seed = secretKey(p.text());
  const [c1, c2] = codes(seed);
  p.write(`${c1}\r`);
  await ask('? Second code (the next one): ', c2);
  return { p, seed };
}

/** The Ink screen, same answers: y on the plan, the key (Tab when the QR code fits), two codes; it ends by itself. */
async function inkMfa(user: string): Promise<PtyRun> {
  const p = runInPty(['mfa', '--user', user], { cols: 80, rows: 24 });
  await p.waitFor('Apply this plan (1 change)?');
  await pressUntil(p, 'y', 'First code:');
  if (!p.text().includes('Secret key:')) {
    p.write('\t');
    await p.waitFor('Secret key:');
  }
  const [c1, c2] = codes(secretKey(p.text()));
  await typeInto(p, c1);
  // the codes are one form: Enter in the first takes the focus to the second
  await pressUntil(p, '\r', '› Second code (the next one):');
  await typeInto(p, c2);
  p.write('\r');
  return p;
}

describe('mfa --plain (pty, moto)', () => {
  it('enrols with codes from the printed key, clears the QR code and key, and ends like the Ink screen', async () => {
    await gw().iam.createUser('bob', {});
    const { p, seed } = await plainMfa('bob');
    expect(await p.exited).toBe(0);
    const text = p.text();
    expect(text).toContain('+ Create virtual MFA device bob for bob  [iam:CreateVirtualMFADevice]');
    expect(text).toContain('▄');
    expect(text).toContain('mfa: ✔ MFA is on for bob.');
    expect(text).toContain('✔ MFA enabled for bob (arn:aws:iam::123456789012:mfa/bob)');
    expect(text).toContain("The terminal's scrollback may still hold it");
    const raw = p.raw();
    expect(seed).toMatch(/^[A-Z2-7]{32,}$/);
    // shown once, before the one clear-screen
    expect(raw.split(CLEAR_SCREEN)).toHaveLength(2);
    expect(raw.indexOf('Secret key:')).toBeLessThan(raw.indexOf(CLEAR_SCREEN));
    expect(raw.split(CLEAR_SCREEN)[1]).not.toContain(seed.slice(0, 4) + ' ' + seed.slice(4, 8));
    expectPlainOutput(p);
    const plainState = await mfaState('bob');
    expect(plainState).toEqual({ devices: ['mfa/bob'], unassigned: 0 });

    await resetMoto();
    await gw().iam.createUser('bob', {});
    const ink = await inkMfa('bob');
    expect(await ink.exited).toBe(0);
    expect(await mfaState('bob')).toEqual(plainState);
  }, 90_000);

  it('asks for the user with the screen\'s checks; a wrong code is refused and asked again', async () => {
    await gw().iam.createUser('carol', {});
    const p = runInPty(['mfa', '--plain']);
    const ask = person(p);
    await ask('? IAM user name: ', 'carol smith');
    await p.waitFor('✖ An IAM user name has only letters, digits');
    await ask('? IAM user name: ', 'dave');
    await p.waitFor('✖ There is no IAM user named dave in account 123456789012.');
    // the name AWS does not know is offered again to correct
    await ask('? IAM user name (Enter keeps "dave"): ', 'carol');
    await ask('? Apply this plan (1 change)? (yes or no, Enter for yes): ', '');
    await p.waitFor('? First code: ');
    const seed = secretKey(p.text());
    await ask('? First code: ', '12345');
    await p.waitFor('✖ A code has 6 digits; that was 5.');
    const [c1, c2] = codes(seed);
    await ask('? First code: ', c1);
    await ask('? Second code (the next one): ', c1);
    await p.waitFor('✖ That is the first code again');
    await ask('? Second code (the next one): ', c2);
    expect(await p.exited).toBe(0);
    expect(await mfaState('carol')).toEqual({ devices: ['mfa/carol'], unassigned: 0 });
    expectPlainOutput(p);
  }, 60_000);

  it('Ctrl-C at the code question deletes the device, clears the key, exit 130', async () => {
    await gw().iam.createUser('erin', {});
    const p = runInPty(['mfa', '--plain', '--user', 'erin']);
    const ask = person(p);
    await ask('? Apply this plan (1 change)? (yes or no, Enter for yes): ', '');
    await p.waitFor('? First code: ');
    expect((await gw().iam.listVirtualMfaDevices('Unassigned')).length).toBe(1);
    p.write('\u0003');
    expect(await p.exited).toBe(130);
    expect(p.text()).toContain('Interrupted (Ctrl-C)');
    expect(p.raw().split(CLEAR_SCREEN)).toHaveLength(2);
    expect(await mfaState('erin')).toEqual({ devices: [], unassigned: 0 });
    expectPlainOutput(p);
  }, 60_000);

  it('--ci keeps reporting pending with the command that finishes it', async () => {
    await gw().iam.createUser('frank', {});
    const p = runInPty(['mfa', '--ci', '--user', 'frank']);
    expect(await p.exited).toBe(0);
    // the command on a line of its own, to copy
    expect(p.text()).toMatch(/Run:\n {2}npx mvsp-setup mfa --user frank\n/);
    expect(await mfaState('frank')).toEqual({ devices: [], unassigned: 0 });
  }, 30_000);
});

/** The reminder's files, without the line that holds the time they were written. */
function reminderFiles(dir: string) {
  const ics = readFileSync(join(dir, 'mvsp-root-check.ics'), 'utf8').replace(/^DTSTAMP:.*$/m, '');
  const workflow = readFileSync(join(dir, '.github/workflows/mvsp-verify.yml'), 'utf8');
  return { ics, workflow };
}

describe('reminder --plain (pty, demo sandbox)', () => {
  it('asks the screen\'s questions with its date check, lists and confirms the files; the Ink screen writes the same', async () => {
    const dir = tmp();
    // a demo's default calendar path is in its own folder: name one here, as a person may
    const p = runInPty(['reminder', '--plain', '--demo', '--ics', 'mvsp-root-check.ics'], { cwd: dir });
    const ask = person(p);
    await ask(/\? First reminder \(YYYY-MM-DD\) \(Enter keeps "\d{4}-\d\d-\d\d"\): /, '2020-01-06');
    await p.waitFor('✖ must be a date from today');
    await ask('? First reminder (YYYY-MM-DD)', '2027-01-04');
    await ask('? Calendar file (a path, or "none") (Enter keeps "mvsp-root-check.ics"): ', '');
    await ask('? Workflow file (a path, or empty for none): ', '.github/workflows/mvsp-verify.yml');
    await ask('? Write these files? (yes or no, Enter for yes): ', 'y');
    expect(await p.exited).toBe(0);
    expect(p.text()).toContain(`reminder: + write ${join(dir, 'mvsp-root-check.ics')} (calendar)`);
    expect(p.text()).toContain('reminder: ✔ Wrote:');
    expectPlainOutput(p);
    const plainFiles = reminderFiles(dir);
    expect(plainFiles.ics).toContain('DTSTART:20270104T100000');

    // the Ink screen with the same answers, given as its fields' initial values (keys typed
    // before a field listens can be lost; Enter is re-sent until the next screen shows)
    const inkDir = tmp();
    const ink = runInPty(['reminder', '--demo', '--start', '2027-01-04', '--ics', 'mvsp-root-check.ics', '--workflow', '.github/workflows/mvsp-verify.yml'], { cwd: inkDir });
    await ink.waitFor('Mon 4 Jan 2027: then');
    // the date and both paths are one form: one Enter takes them
    await ink.waitFor('Workflow file');
    await pressUntil(ink, '\r', 'Write these files?');
    // the command ends once the files are written, the crontab line left on screen
    // the crontab line is wider than the terminal: its rows are checked in the whole text
    // below; the "Wrote:" line above it may be folded away before a frame shows it
    await pressUntil(ink, 'y', ['Wrote:', 'Enter continue']);
    await ink.waitFor('Enter continue', 30_000);
    ink.write('\r');
    expect(await ink.exited).toBe(0);
    expect(ink.text()).toContain('crontab -e');
    expect(reminderFiles(inkDir)).toEqual(plainFiles);
  }, 90_000);

  it('--ci keeps the usage error for a bad date', async () => {
    const p = runInPty(['reminder', '--ci', '--demo', '--start', '2020-01-06'], { cwd: tmp() });
    expect(await p.exited).toBe(2);
    expect(p.text()).toContain('--start / "reminder.start" "2020-01-06" must be');
  }, 30_000);
});

/** Every question of the wizard, answered in order; the MFA codes from the key on screen. */
async function wholeWizard(p: PtyRun) {
  const ask = person(p);
  await ask("? The root user's sign-in email", 'aws+production@acme.com');
  // names, titles and emails come from the root email's domain; only the phone is asked
  await ask('? Security contact phone', '+14155550100');
  await ask('? Apply this plan (3 changes)?', '');
  await ask('? User name of the first IAM admin: ', 'alice');
  await ask('? Account alias for the sign-in URL (empty for none): ', 'acme-production');
  await ask('? Apply this plan (9 changes)?', '');
  // Enter is no here: the password would stay on screen
  await ask('? Saved the temporary password?', 'y');
  await ask('? Apply this plan (1 change)?', '');
  await p.waitFor('? First code: ');
  const [c1, c2] = codes(secretKey(p.text()));
  await ask('? First code: ', c1);
  await ask('? Second code (the next one): ', c2);
  // root MFA is not on (moto and the sandbox start without it): not done, skipped for now
  await ask('? Done? (n: skip for now (pending))', 'n');
  await ask('? Who can reach root', 'Alice Doe, Bob Roe');
  await ask('? Where is the root password kept', 'Founders vault');
  // root MFA is off: no device to place yet
  // an alert address that is not one is asked again, not a usage error
  await ask('? First reminder (YYYY-MM-DD)', '');
  await ask('? Calendar file', '');
  await ask('? Workflow file', '');
  await ask('? Write this file?', '');
  await ask('? Also set up CloudTrail', '');
  await ask('? Apply this plan (13 changes)?', '');
}

describe('setup --plain, every step (pty)', () => {
  for (const target of ['moto', 'demo'] as const) {
    it(`${target}: every question answered in order, exit 0, no cursor movement, one clear after the password and one after the MFA key`, async () => {
      const dir = tmp();
      // its own local record: another test's record of the same moto account would answer questions
      const p = runInPty(target === 'demo' ? ['--plain', '--demo'] : ['--plain'], { cwd: dir, env: { XDG_DATA_HOME: join(dir, 'data') } });
      await wholeWizard(p);
      expect(await p.exited).toBe(0);
      const text = p.text();
      for (const step of ['root-email', 'contacts', 'admin', 'mfa', 'reminder', 'alert']) expect(text).toMatch(new RegExp(`\\n  ${step}: done`));
      // the summary line wraps at the terminal's width: read it as one line
      expect(text.replace(/\s+/g, ' ')).toContain(' lockaway: pending — Root MFA skipped for now; Can reach root: Alice Doe, Bob Roe');
      expect(text).toContain('mfa: done — MFA enabled for alice');
      // a demo writes its calendar file into its own folder, named on its first line
      const demoFolder = target === 'demo' ? /DEMO files go to (\S+) /.exec(text)?.[1] : undefined;
      if (target === 'demo') {
        expect(demoFolder).toBeDefined();
        expect(existsSync(join(dir, 'mvsp-root-check.ics'))).toBe(false);
      }
      expect(existsSync(join(demoFolder ?? dir, 'mvsp-root-check.ics'))).toBe(true);
      if (demoFolder) rmSync(demoFolder, { recursive: true, force: true });
      expectPlainOutput(p);
      const raw = p.raw();
      // two clears: the temporary password once saved, then the MFA key once enrolled
      const parts = raw.split(CLEAR_SCREEN);
      expect(parts).toHaveLength(3);
      expect(parts[0]).toContain('Temporary password for alice');
      expect(parts[1]).not.toContain('Temporary password for alice');
      expect(parts[1]).toContain('Secret key:');
      expect(parts[2]).not.toContain('Secret key:');
      if (target === 'moto') {
        const g = gw();
        expect(await mfaState('alice')).toEqual({ devices: ['mfa/alice'], unassigned: 0 });
        expect((await g.iam.getUser('alice'))?.name).toBe('alice');
        expect((await g.account.getAlternateContact('SECURITY'))?.email).toBe('security@acme.com');
        const rules = await g.events.listRules();
        expect(rules.map((r) => r.name)).toContain('mvsp-root-signin');
      }
    }, 120_000);
  }
});
