// The whole seven-step setup against moto, twice with the same answers: typed into
// `setup --plain` in the built binary in a pty (MFA codes from the printed Secret key),
// and through the Ink wizard in-process (the answers document pre-fills its fields, a
// person accepts each with Enter; MFA codes from the seed the gateway received). Both
// leave the same account, read back through the SDK, and exit 0. moto gaps: no root user,
// so root MFA stays off and lock-away ends pending in both.
import React from 'react';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOTP, Secret, TOTP } from 'otpauth';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { STEP_IDS } from '../../src/args.js';
import { createSession } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';
import { resetMoto, useMoto } from '../helpers/moto.js';
import { cursorControl, runInPty, type PtyRun } from '../helpers/pty.js';
import { dayOneAnswers, readEndState, recordingGateway, twoCodes } from '../helpers/day-one.js';

useMoto();

const STEP_WAIT = 20_000;
let dir: string;
const savedXdg = process.env.XDG_DATA_HOME;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-plain-setup-'));
  // the lock-away record goes to the data dir: keep it out of the real one
  process.env.XDG_DATA_HOME = join(dir, 'data');
});
afterEach(async () => {
  if (savedXdg === undefined) delete process.env.XDG_DATA_HOME;
  else process.env.XDG_DATA_HOME = savedXdg;
  await rm(dir, { recursive: true, force: true });
});

/** Answers each question once it is asked, in order (a question asked twice is answered twice). */
function person(p: PtyRun) {
  let from = 0;
  return async (question: string, answer: string | (() => string)) => {
    const find = () => {
      const i = p.text().indexOf(question, from);
      return i === -1 ? -1 : i + question.length;
    };
    await p.waitFor({ test: () => find() !== -1 } as unknown as RegExp, 30_000);
    from = find();
    p.write(`${typeof answer === 'function' ? answer() : answer}\r`);
  };
}

/** The seed from the last `Secret key:` lines on screen (one line, or continued under the first group). */
function secretKey(text: string): string {
  const all = [...text.matchAll(/Secret key: ((?:[A-Z2-7]{1,4} ?)+)\n(?: {12}((?:[A-Z2-7]{1,4} ?)+)\n)?/g)];
  const m = all[all.length - 1];
  if (!m) throw new Error(`no Secret key on screen:\n${text.slice(-2000)}`);
  return `${m[1]}${m[2] ?? ''}`.replace(/\s+/g, '');
}

/** The day-one answers, typed one by one into the plain questions. */
async function plainSetup(p: PtyRun) {
  const a = dayOneAnswers(dir);
  const ask = person(p);
  await ask("? The root user's sign-in email", a.rootEmail!);
  for (const kind of ['security', 'billing', 'operations'] as const) {
    const c = a.contacts![kind]!;
    await ask(`? ${kind} contact name`, c.name!);
    await ask(`? ${kind} contact title`, c.title!);
    await ask(`? ${kind} contact email`, c.email!);
    await ask(`? ${kind} contact phone`, c.phone!);
  }
  await ask('? Apply this plan (3 changes)?', 'yes');
  await ask('? User name of the first IAM admin: ', a.admin!.userName!);
  await ask('? Account alias for the sign-in URL (empty for none): ', a.admin!.accountAlias!);
  await ask('? Apply this plan (9 changes)?', 'yes');
  await ask('? Create the device now?', 'yes');
  await p.waitFor('? First code (typing is not shown): ');
  const seed = secretKey(p.text());
  const counter = TOTP.counter({ timestamp: Date.now() });
  const code = (c: number) => HOTP.generate({ secret: Secret.fromBase32(seed), counter: c });
  await ask('? First code (typing is not shown): ', code(counter));
  await ask('? Second code (the next one) (typing is not shown): ', code(counter + 1));
  await ask('? who can reach root', a.rootHolders!.join(', '));
  await ask('? First reminder (YYYY-MM-DD)', a.reminder!.start!);
  await ask('? Calendar file', a.reminder!.icsPath!);
  await ask('? Workflow file', a.reminder!.githubWorkflowPath!);
  await ask('? Write these files?', 'yes');
  await ask('? alert: also set up CloudTrail', 'yes');
  await ask('? Apply this plan (13 changes)?', 'yes');
}

async function next(r: Rendered, text: string | RegExp, ...keys: string[]): Promise<void> {
  await waitForText(r, text, STEP_WAIT);
  await waitForInputsReady();
  await press(r, ...keys);
}

/**
 * The same answers in the Ink wizard: its fields come pre-filled, Enter accepts each, plans
 * are accepted (yes, as typed in plain mode); "s" leaves root MFA for later.
 */
async function inkSetup(): Promise<number> {
  const { gateway, rec } = recordingGateway(createSdkGateway({}));
  const session = createSession({ demo: false, gateway });
  const r = render(<Wizard steps={[...STEP_IDS]} answers={dayOneAnswers(dir)} yes />, { session });
  r.resize(80, 24);
  await next(r, 'Enter start', KEYS.enter);
  await next(r, /Step 1 of 7[\s\S]*Enter continue/, KEYS.enter);
  await next(r, /Step 2 of 7[\s\S]*Enter continue/, KEYS.enter);
  await next(r, /Step 3 of 7[\s\S]*User name: alice/, KEYS.enter);
  await next(r, /Step 3 of 7[\s\S]*Account alias: acme-production/, KEYS.enter);
  await next(r, /alice is ready/, KEYS.enter);
  await waitForText(r, /Step 4 of 7[\s\S]*First code:/, STEP_WAIT);
  const [code1, code2] = twoCodes([...rec.seeds.values()][0]!, new Date());
  await waitForInputsReady();
  await type(r, code1);
  await press(r, KEYS.enter);
  await waitForText(r, 'Second code:', STEP_WAIT);
  await waitForInputsReady();
  await type(r, code2);
  await press(r, KEYS.enter);
  await next(r, /MFA is on for alice/, KEYS.enter);
  await next(r, /Step 5 of 7[\s\S]*Waiting for root MFA/, 's');
  await next(r, /Names \(comma-separated\): Alice Doe, Bob Roe/, KEYS.enter);
  await next(r, /Password kept in:/, KEYS.enter);
  await next(r, /Alice Doe:/, KEYS.enter);
  await next(r, /Bob Roe:/, KEYS.enter);
  await next(r, /Step 6 of 7[\s\S]*First reminder/, KEYS.enter);
  await next(r, /Calendar file:/, KEYS.enter);
  await next(r, /Workflow file:/, KEYS.enter);
  await next(r, /Step 6 of 7[\s\S]*Wrote:[\s\S]*Enter continue/, KEYS.enter);
  await next(r, /Step 7 of 7[\s\S]*Root sign-ins now email security@acme.com[\s\S]*Enter continue/, KEYS.enter);
  await next(r, 'Left for a human', KEYS.enter);
  const code = await waitForExit(r, STEP_WAIT);
  r.unmount();
  return code;
}

describe('setup --plain and the Ink wizard, same answers (moto)', () => {
  it('leave the same account behind and exit alike', async () => {
    const p = runInPty(['--plain'], { cwd: dir, env: { XDG_DATA_HOME: join(dir, 'plain-data') } });
    await plainSetup(p);
    const code = await p.exited;
    const text = p.text();
    expect(text).toContain('mfa: done — MFA enabled for alice');
    expect(text).toMatch(/\n {2}lockaway: pending/);
    expect(cursorControl(p.raw())).toEqual([]);
    const plain = await readEndState();
    expect(plain.users).toEqual(['alice']);
    expect(plain.perUser.alice?.mfa).toHaveLength(1);

    await resetMoto();
    const inkCode = await inkSetup();
    const ink = await readEndState();
    expect(code).toBe(0);
    expect(inkCode).toBe(code);
    // the device's serial is named after the user in both runs; its seed differs (never read)
    expect(ink).toEqual(plain);
  }, 240_000);
});
