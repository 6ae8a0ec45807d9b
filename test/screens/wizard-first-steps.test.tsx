// The first three day-one steps (root email, alternate contacts, first IAM admin) as a
// person sees them in the Ink wizard at 80x24, over the --demo sandbox account: what each
// screen says, the keys it takes, and the account read back through the sandbox after.
import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxGateway, type SandboxGateway } from '../../src/aws/sandbox/index.js';
import { AwsError } from '../../src/aws/errors.js';
import { createSession, type Session } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import type { Answers } from '../../src/answers.js';
import { BASELINE_PASSWORD_POLICY } from '../../src/steps/admin-user.js';
import { generatePassword } from '../../src/steps/password.js';
import { createRootEmailDefinition } from '../../src/steps/day-one/root-email.js';
import { definition as contacts } from '../../src/steps/day-one/contacts.js';
import { definition as admin } from '../../src/steps/day-one/admin.js';
import type { StepDefinition } from '../../src/steps/flow.js';
import type { MxResolver } from '../../src/steps/root-email.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { KEYS, press, render, waitForExit, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';
import { seededBytes } from '../helpers/random.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const SEED = 3;
const MX_FOUND: MxResolver = async (domain) => [{ exchange: `mx.${domain}`, priority: 10 }];
const rootEmail = (resolveMx: MxResolver = MX_FOUND) => createRootEmailDefinition({ resolveMx });

const BILLING = { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' };
const OPERATIONS = { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' };
const SECURITY = { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' };

let sandbox: SandboxGateway;
let session: Session;
let dataDir: string;

function newSession() {
  sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(99) });
  session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED), dataDir });
}

beforeEach(() => {
  vi.stubEnv('FORCE_HYPERLINK', '0');
  // each test its own record: what passed or was made is remembered there
  dataDir = mkdtempSync(join(tmpdir(), 'mvsp-first-steps-'));
  newSession();
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Keys a person pressed (each character typed counts as one). */
interface Counted extends Rendered {
  keys: () => number;
}

/** The wizard over the sandbox at 80x24, past the welcome screen. */
async function wizard(defs: StepDefinition[], answers: Answers = {}, yes = false): Promise<Counted> {
  const r = render(<Wizard steps={defs.map((d) => d.id)} defs={defs} answers={answers} yes={yes} />, { session, ui: { demo: true, now: () => NOW } });
  r.resize(80, 24);
  await screen(r, 'Enter start');
  let keys = 0;
  const write = r.stdin.write.bind(r.stdin);
  const counted: Counted = { ...r, stdin: { write: (s: string) => ((keys += 1), write(s)) }, keys: () => keys };
  await press(counted, KEYS.enter);
  return counted;
}

async function screen(r: Rendered, text: string | RegExp): Promise<string> {
  await waitForText(r, text);
  await waitForInputsReady();
  return r.frame();
}

async function typeIn(r: Rendered, text: string) {
  await press(r, ...[...text]);
}

/** the frame with Ink's line wrapping undone */
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

function fits(frame: string) {
  for (const line of frame.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  expect(frame.split('\n').length).toBeLessThanOrEqual(24);
}

const DONE = 'Enter exit · d details';

describe('Root email in the wizard', () => {
  it('asks when AWS will not say (standalone account); a bad address is said under the field, what was typed kept', async () => {
    const r = await wizard([rootEmail()]);
    const f = await screen(r, "The root user's sign-in email:");
    expect(f).toMatch(/Step 1 of 1\s+Root email/);
    expect(flat(f)).toContain('AWS does not tell this account its root email');
    expect(f).toContain('Enter next · Esc back');
    await typeIn(r, 'jane@acme');
    await press(r, KEYS.enter);
    const bad = await waitForText(r, '✖ The domain "acme" has no top-level domain: did you mean acme.com?');
    expect(bad).toContain("The root user's sign-in email: jane@acme");
    fits(bad);
    r.unmount();
  });

  it('a personal gmail address: the findings and the suggestion; y plans the change, left as a to-do', async () => {
    const answers: Answers = { contacts: { security: { email: 'security@acme.com' } } };
    const r = await wizard([rootEmail()], answers);
    await screen(r, "The root user's sign-in email:");
    await typeIn(r, 'jane.doe@gmail.com');
    await press(r, KEYS.enter);
    const review = await screen(r, 'Plan to change the root email to aws-production@acme.com?');
    expect(flat(review)).toContain('gmail.com is a free-mail provider');
    expect(flat(review)).toContain('Fix: Tie it to your business domain');
    expect(flat(review)).toContain('if Jane leaves, the account goes with them');
    expect(flat(review)).toContain('Suggested: aws-production@acme.com or aws+production@acme.com');
    // Enter alone keeps the address: the change is made by hand
    expect(review).toContain('Enter no');
    fits(review);

    await press(r, 'y');
    const target = await screen(r, DONE);
    expect(r.frames().some((x) => x.includes('Change it to aws-production@acme.com') && x.includes('acme.com receives mail (MX mx.acme.com)'))).toBe(true);
    expect(flat(target)).toContain('change the root email to aws-production@acme.com');
    fits(target);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
  });

  it('with no business domain known, the new address is asked, starting at aws-production@', async () => {
    const r = await wizard([rootEmail()], { rootEmail: 'jane@gmail.com' });
    await screen(r, 'Plan to change the root email to an alias on your company domain?');
    await press(r, 'y');
    const f = await screen(r, 'New root email:');
    expect(f).toContain('New root email: aws-production@');
    await typeIn(r, 'acme.io');
    await press(r, KEYS.enter);
    const done = await screen(r, DONE);
    expect(flat(done)).toContain('change the root email to aws-production@acme.io');
    r.unmount();
  });

  it('a good alias passes every check: nothing asked, the step is done', async () => {
    const r = await wizard([rootEmail()], { rootEmail: 'aws+production@acme.com' });
    const f = await screen(r, DONE);
    expect(r.frames().some((x) => x.includes('✔ aws+production@ uses plus-addressing'))).toBe(true);
    expect(r.frames().some((x) => x.includes('Suggested'))).toBe(false);
    expect(f).toMatch(/✔\s+Root email/);
    expect(r.keys()).toBe(1);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
  });

  it('offline: the MX lookup times out into "could not check", never a pass', async () => {
    const timeout: MxResolver = async () => Promise.reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }));
    const r = await wizard([rootEmail(timeout)], { rootEmail: 'aws+production@acme.com' });
    await screen(r, DONE);
    expect(r.frames().some((x) => x.includes('? Could not check the mail servers for acme.com (DNS answered ETIMEOUT)'))).toBe(true);
    r.unmount();
  });

  it('Esc on the first question goes back to the welcome screen', async () => {
    const r = await wizard([rootEmail()]);
    await screen(r, "The root user's sign-in email:");
    await press(r, KEYS.escape);
    await screen(r, 'Enter start');
    r.unmount();
  });

  it('an address that passed last time is already done: nothing asked; another address in the answers is checked', async () => {
    const first = await wizard([rootEmail()], { rootEmail: 'aws+production@acme.com' });
    await screen(first, DONE);
    first.unmount();

    const again = await wizard([rootEmail()]);
    const f = await screen(again, DONE);
    expect(again.frames().some((x) => x.includes('✔ Root email aws+production@acme.com: passed every check on 2026-11-24'))).toBe(true);
    expect(again.frames().some((x) => x.includes("The root user's sign-in email:"))).toBe(false);
    fits(f);
    again.unmount();

    const other = await wizard([rootEmail()], { rootEmail: 'jane@gmail.com' });
    await screen(other, 'Suggested:');
    expect(other.frame()).not.toContain('passed every check');
    other.unmount();
  });
});

describe('Alternate contacts in the wizard', () => {
  it('the root email of step 1 gives the defaults: a phone number, Enter and y set all three', async () => {
    const r = await wizard([rootEmail(), contacts], { rootEmail: 'aws+production@example.org' });
    const ask = await screen(r, 'Security contact phone:');
    expect(ask).toMatch(/Step 2 of 2\s+Alternate contacts/);
    expect(ask).toMatch(/✔\s+Root email/);
    fits(ask);
    const before = r.keys();
    await typeIn(r, '+14155550100');
    await press(r, KEYS.enter);
    const plan = await screen(r, 'Apply this plan (3 changes)?');
    expect(plan).toContain('Security    Security team (Security) <security@example.org> +14155550100');
    expect(plan).toContain('Billing     Billing (Finance) <billing@example.org> +14155550100');
    expect(plan).toContain('Operations  Operations (Operations) <ops@example.org> +14155550100');
    expect(plan).toContain('+ Set the security contact to security@example.org account:PutAlternateContact');
    fits(plan);
    await press(r, 'y');
    await screen(r, DONE);
    // the number typed, Enter, y: nothing else
    expect(r.keys() - before).toBe('+14155550100'.length + 2);
    const c = sandbox.controls.snapshot().contacts;
    expect(c.SECURITY).toMatchObject({ name: 'Security team', title: 'Security', email: 'security@example.org', phone: '+14155550100' });
    expect(c.BILLING).toMatchObject({ email: 'billing@example.org', phone: '+14155550100' });
    expect(c.OPERATIONS).toMatchObject({ email: 'ops@example.org', phone: '+14155550100' });
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
  });

  it("a phone given for another contact is offered; a bad one is refused under the field; an email that is a person's is warned about while typing", async () => {
    const r = await wizard([contacts], { contacts: { billing: BILLING, operations: OPERATIONS } });
    // the domain of the contacts given suggests security@acme.com; the phone is asked, the one given offered
    let f = await screen(r, 'Security contact phone: +14155550101');
    fits(f);
    for (let i = 0; i < '+14155550101'.length; i++) await press(r, KEYS.backspace);
    await typeIn(r, '415 555');
    await press(r, KEYS.enter);
    f = await waitForText(r, /✖ .*\+ and the country code/);
    expect(f).toContain('Security contact phone: 415 555');
    for (let i = 0; i < '415 555'.length; i++) await press(r, KEYS.backspace);
    await typeIn(r, '+14155550100');
    await press(r, KEYS.enter);
    f = await screen(r, 'Apply this plan (3 changes)?');
    expect(f).toContain('Security    Security team (Security) <security@acme.com> +14155550100');
    expect(f).toContain('Billing     Finance (Billing) <billing@acme.com> +14155550101');
    // no: the person changes what is planned
    await press(r, 'n');
    await screen(r, 'Change the contacts?');
    await press(r, 'y');
    // every field on one form, each offering what was planned
    f = await screen(r, 'Operations contact phone: +14155550102');
    for (const field of ['Security contact name: Security team', 'Security contact title: Security', 'Security contact email: security@acme.com', 'Billing contact email: billing@acme.com', 'Operations contact name: Ops on call']) expect(f).toContain(field);
    fits(f);
    await waitForInputsReady();
    await press(r, KEYS.down, KEYS.down);
    for (let i = 0; i < 'security@acme.com'.length; i++) await press(r, KEYS.backspace);
    await typeIn(r, 'jane.doe@acme.com');
    f = await waitForText(r, 'if Jane leaves');
    expect(flat(f)).toContain("jane.doe@ looks like one person: if Jane leaves, AWS's security mail goes nowhere.");
    fits(f);
    // the other fields keep what they offered: one Enter takes the form
    await press(r, KEYS.enter);
    f = await screen(r, '+ Set the security contact to jane.doe@acme.com account:PutAlternateContact');
    expect(f).toContain('Apply this plan (3 changes)?');
    await press(r, 'y');
    await screen(r, DONE);
    expect(sandbox.controls.snapshot().contacts.SECURITY).toMatchObject({ email: 'jane.doe@acme.com', phone: '+14155550100' });
    r.unmount();
  });

  it('contacts already set: said, nothing asked, Enter alone to the end', async () => {
    await sandbox.account.putAlternateContact('SECURITY', SECURITY);
    await sandbox.account.putAlternateContact('BILLING', BILLING);
    await sandbox.account.putAlternateContact('OPERATIONS', OPERATIONS);
    const r = await wizard([contacts]);
    const f = await screen(r, DONE);
    expect(r.frames().some((x) => flat(x).includes('Already set: security Security team'))).toBe(true);
    expect(r.frames().some((x) => x.includes('contact phone:') || x.includes('y/n'))).toBe(false);
    fits(f);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect(r.keys()).toBe(2);
  });
});

describe('First IAM admin in the wizard', () => {
  const PASSWORD = generatePassword(seededBytes(SEED), BASELINE_PASSWORD_POLICY);

  it('name and alias asked, the plan shown, applied; the temporary password shown, then taken off the screen', async () => {
    const r = await wizard([admin]);
    let f = await screen(r, 'User name of the first IAM admin:');
    expect(f).toMatch(/Step 1 of 1\s+First IAM admin/);
    await typeIn(r, 'alice smith');
    await press(r, KEYS.enter);
    await waitForText(r, /✖ .*space/i);
    expect(r.frame()).toContain('User name of the first IAM admin: alice smith');
    await press(r, ...Array(6).fill(KEYS.backspace));
    // the name and the alias are one form: ↓ to the alias (Enter would take it empty)
    await press(r, KEYS.down);
    f = await screen(r, '› Account alias for the sign-in URL');
    expect(f).toContain('  User name of the first IAM admin: alice');
    // the label stays on one row: the example beside it is cut to fit
    expect(f).toMatch(/^› Account alias for the sign-in URL \(empty for none\): e\.g\. acme-production \(\S*…$/m);
    fits(f);
    await typeIn(r, 'acme-production');
    await press(r, KEYS.enter);

    f = await screen(r, /Apply this plan \(\d+ changes\)\?/);
    expect(f).toContain('Create IAM user alice (tagged) iam:CreateUser');
    expect(f).toContain('Create account alias acme-production (sign-in URL) iam:CreateAccountAlias');
    fits(f);
    expect(sandbox.controls.snapshot().users).toHaveLength(0);

    await press(r, 'y');
    f = await screen(r, 'Saved the temporary password?');
    expect(f).toContain(`Temporary password for alice (shown once, must be changed at first sign-in):\n  ${PASSWORD}`);
    expect(f).toContain('https://acme-production.signin.aws.amazon.com/console');
    expect(f).toContain('Enter no');
    // the changes are made: Esc cannot go back past them, so it is not offered
    expect(f).not.toContain('Esc back');
    // the password is on a row of its own, whole, to copy; every row fits
    expect(f.split('\n')).toContain(`  ${PASSWORD}`);
    fits(f);
    // Enter alone keeps it on the screen
    await press(r, KEYS.enter);
    f = await screen(r, 'Copy it now: it is still shown above.');
    expect(f).toContain(PASSWORD);
    await press(r, 'y');
    f = await screen(r, DONE);
    expect(f).not.toContain(PASSWORD);
    expect(flat(f)).toContain('alice: sign in at https://acme-production.signin.aws.amazon.com/console and change the temporary password');

    const s = sandbox.controls.snapshot();
    expect(s.users.map((u) => u.name)).toEqual(['alice']);
    expect(s.users[0]!.loginProfile?.passwordResetRequired).toBe(true);
    expect(s.groups[0]!.members).toEqual(['alice']);
    expect(s.aliases).toEqual(['acme-production']);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect(r.frame()).not.toContain(PASSWORD);
  });

  it('shows each action while applying: running, then a tick and the time taken; no alias, the account-id URL', async () => {
    // a little latency so that the frames in between are drawn
    sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(99), latencyMs: 15 });
    session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED), dataDir });
    const r = await wizard([admin], { admin: { userName: 'bob' } });
    await screen(r, 'Account alias for the sign-in URL');
    await press(r, KEYS.enter);
    await screen(r, /Apply this plan \(\d+ changes\)\?/);
    await press(r, 'y');
    await screen(r, 'Saved the temporary password?');
    const applying = r.frames().filter((x) => x.includes('Apply this plan (8 changes)? yes'));
    expect(applying.some((x) => /✔ Create IAM user bob \(tagged\) \(\d+ ms\)/.test(x) && /… Add bob to group Administrators/.test(x) && x.includes('○ Console password for bob'))).toBe(true);
    for (const x of applying) fits(x.split('\n').filter((l) => !l.startsWith('Temporary password for bob')).join('\n'));
    expect(r.frame()).toContain(`https://${sandbox.controls.snapshot().accountId}.signin.aws.amazon.com/console`);
    r.unmount();
  });

  it('a taken alias: the rest is done, the password still shown, another alias (Enter takes the first suggestion) finishes it', async () => {
    const r = await wizard([admin], { admin: { userName: 'alice', accountAlias: 'acme' } });
    let f = await screen(r, /Apply this plan \(9 changes\)\?/);
    await press(r, 'y');
    f = await screen(r, 'Another account alias (empty for none): acme-aws');
    expect(flat(f)).toContain('The alias acme is taken (aliases are unique across AWS). Try: acme-aws, acme-prod');
    expect(f).toContain(`\n  ${PASSWORD}`);
    fits(f.split('\n').filter((l) => !l.includes(PASSWORD)).join('\n'));
    await press(r, KEYS.enter);
    f = await screen(r, 'Apply this plan (1 change)?');
    expect(f).toContain('Create account alias acme-aws');
    await press(r, 'y');
    f = await screen(r, 'Saved the temporary password?');
    expect(f).toContain('https://acme-aws.signin.aws.amazon.com/console');
    // the password from the first apply is still the one to hand over
    expect(f).toContain(`\n  ${PASSWORD}`);
    await press(r, 'y');
    f = await screen(r, DONE);
    expect(f).toMatch(/✔\s+First IAM admin/);
    expect(sandbox.controls.snapshot().aliases).toEqual(['acme-aws']);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
  });

  it('Esc goes back before applying, keeping what was typed; Esc on the name and alias form leaves the step; nothing made', async () => {
    const r = await wizard([admin]);
    await screen(r, 'User name of the first IAM admin:');
    await typeIn(r, 'carol');
    await press(r, KEYS.down);
    await screen(r, '› Account alias for the sign-in URL');
    await typeIn(r, 'carol-co');
    await press(r, KEYS.enter);
    await screen(r, /Apply this plan/);
    // back to the form: both fields offer what was typed
    await press(r, KEYS.escape);
    const f = await screen(r, 'Account alias for the sign-in URL (empty for none): carol-co');
    expect(f).toContain('User name of the first IAM admin: carol');
    expect(f).not.toContain('y/n');
    // Esc on the form (the step's first question) leaves the step
    await press(r, KEYS.escape);
    await screen(r, 'Enter start');
    expect(sandbox.controls.snapshot().users).toHaveLength(0);
    r.unmount();
  });

  it('access denied: the action and the policy said once, within 24 rows; exit 2', async () => {
    // the sandbox does not evaluate IAM policies: every IAM call refuses, as AWS would for a
    // caller without IAM permissions
    for (const name of Object.keys(sandbox.iam) as (keyof typeof sandbox.iam)[]) {
      if (typeof sandbox.iam[name] !== 'function') continue;
      (sandbox.iam as unknown as Record<string, unknown>)[name] = async () => {
        throw new AwsError({ kind: 'AccessDenied', action: `iam:${name.charAt(0).toUpperCase()}${name.slice(1)}`, code: 'AccessDenied' });
      };
    }
    const r = await wizard([admin], { admin: { userName: 'alice' } });
    const f = await screen(r, DONE);
    fits(f);
    // the error said once, with the policy that grants it, on the step's screen
    const said = r.frames().filter((x) => x.includes('First IAM admin') && x.includes('✖ Access denied'));
    expect(said.length).toBeGreaterThan(0);
    for (const x of said) {
      expect(flat(x).match(/Access denied: iam:GetUser/g)).toHaveLength(1);
      expect(flat(x).match(/IAMFullAccess/g)).toHaveLength(1);
      fits(x);
    }
    // the Done screen keeps it, once, with the command to run once it is granted
    expect(f).toMatch(/✖\s+First IAM admin\s+failed/);
    expect(flat(f).match(/access denied: iam:GetUser, which the AWS managed policy IAMFullAccess \(or AdministratorAccess\) grants/g)).toHaveLength(1);
    expect(flat(f)).toContain('npx mvsp-setup --steps admin');
    expect(f).not.toContain('Nothing is left for a human');
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(2);
    expect(sandbox.controls.snapshot().users).toHaveLength(0);
  });

  it('the admin made last time is already in place: nothing asked, Enter alone to the end', async () => {
    const first = await wizard([admin], { admin: { userName: 'alice', accountAlias: 'acme-production' } }, true);
    await screen(first, 'Saved the temporary password?');
    await press(first, 'y');
    await screen(first, DONE);
    first.unmount();

    // the same account and record, a new run without answers
    session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED), dataDir });
    const r = await wizard([admin]);
    const f = await screen(r, DONE);
    expect(r.frames().some((x) => x.includes('✔ IAM user alice'))).toBe(true);
    expect(r.frames().some((x) => x.includes('User name of the first IAM admin:') || x.includes('y/n'))).toBe(false);
    fits(f);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect(r.keys()).toBe(2);
  });
});

describe('after setup --ci --yes --answers FILE', () => {
  it('the wizard finds all three steps done and reaches Done with Enter only', async () => {
    const answers: Answers = {
      rootEmail: 'aws+production@acme.com',
      contacts: { security: SECURITY, billing: BILLING, operations: OPERATIONS },
      admin: { userName: 'alice', accountAlias: 'acme-production' },
    };
    let out = '';
    const code = await runSetupLines(session, [rootEmail(), contacts, admin], answers, ciIO((t) => (out += t), { ci: true, yes: true }));
    expect(out).toContain('admin: done');
    expect(code).toBe(0);

    const r = await wizard([rootEmail(), contacts, admin]);
    const f = await screen(r, DONE);
    expect(f).toMatch(/✔\s+Root email/);
    expect(f).toMatch(/✔\s+Alternate contacts/);
    expect(f).toMatch(/✔\s+First IAM admin/);
    fits(f);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    // Enter on the welcome screen, Enter on Done
    expect(r.keys()).toBe(2);
  });
});
