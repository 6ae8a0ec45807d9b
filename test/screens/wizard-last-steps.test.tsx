// The last three day-one steps (root lock-away, monthly reminder, root sign-in alert) as a
// person sees them in the Ink wizard at 80x24, over the --demo sandbox account: the frames,
// the keys, and the end state read back through the sandbox and the local record.
import React from 'react';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { ReminderApp } from '../../src/commands/reminder.js';
import { definition as lockaway } from '../../src/steps/day-one/lockaway.js';
import { definition as reminder } from '../../src/steps/day-one/reminder.js';
import { definition as alert } from '../../src/steps/day-one/alert.js';
import { recordLockaway } from '../../src/steps/lockaway.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { VERSION } from '../../src/version.js';
import type { Answers } from '../../src/answers.js';
import type { StepDefinition } from '../../src/steps/flow.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const now = () => NOW;

/** the frame's words with line wraps and indentation folded into single spaces */
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

/** a frame a person sees whole on an 80x24 terminal */
function fits(frame: string) {
  const lines = frame.split('\n');
  if (lines.length > 24 || lines.some((l) => [...l].length > 80)) console.log(frame);
  expect(lines.length).toBeLessThanOrEqual(24);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mvsp-last-steps-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function account(prepare?: (g: ReturnType<typeof createSandboxGateway>) => void) {
  const gateway = createSandboxGateway({ now });
  prepare?.(gateway);
  const session = createSession({ demo: true, gateway, now, dataDir: join(dir, 'data') });
  return { gateway, session };
}

/** The wizard over these steps at 80x24, past the welcome screen. */
async function wizard(acct: ReturnType<typeof account>, defs: StepDefinition[], answers: Answers = {}, yes = false): Promise<Rendered> {
  const r = render(<Wizard steps={defs.map((d) => d.id)} defs={defs} answers={answers} yes={yes} />, { session: acct.session, ui: { demo: true, now } });
  r.resize(80, 24);
  await waitForText(r, 'Enter start');
  await waitForInputsReady();
  await press(r, KEYS.enter);
  return r;
}

const record = () => JSON.parse(readFileSync(join(dir, 'data', '111122223333.json'), 'utf8')) as Record<string, unknown>;

async function answer(r: Rendered, question: string, text: string) {
  await waitForText(r, question);
  await waitForInputsReady();
  if (text) await type(r, text);
  await press(r, KEYS.enter);
}

async function holdersAndPlaces(r: Rendered) {
  await answer(r, 'Who can reach root', 'Alice');
  await waitForText(r, 'Name at least two people (got 1)');
  await type(r, ', Bob');
  await press(r, KEYS.enter);
  await answer(r, 'Where is the root password kept', 'Founders vault');
  await answer(r, "Where is Alice's root MFA device kept", 'YubiKey on keyring');
  await answer(r, "Where is Bob's root MFA device kept", '');
}

describe('root lock-away in the wizard', () => {
  it('waits for root MFA with the console steps (d in demo), then records names and places only', async () => {
    const acct = account();
    const r = await wizard(acct, [lockaway], { rootEmail: 'aws+production@acme.com' } as Answers);
    const first = await waitForText(r, 'Waiting for root MFA');
    expect(first).toMatch(/Step 1 of 1\s+Root lock-away/);
    expect(flat(first)).toContain('Security credentials');
    expect(flat(first)).toContain('Assign MFA device');
    expect(first).toContain('Enter check now');
    expect(first).toContain('s skip for now (pending)');
    expect(first).toContain('d pretend it is done');
    fits(first);
    await waitForInputsReady();
    await press(r, 'd');
    await waitForText(r, 'Root MFA is on (AccountMFAEnabled is 1)');
    await holdersAndPlaces(r);
    expect(r.frames().join('\n')).toContain('Root MFA is on (AccountMFAEnabled is 1)');
    const done = await waitForText(r, 'mvsp-setup  Done');
    expect(done).toContain('✔ Root lock-away  Root MFA is on');
    fits(done);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect((await acct.gateway.iam.getAccountSummary()).AccountMFAEnabled).toBe(1);
    expect(record()).toMatchObject({
      accountId: '111122223333',
      rootHolders: ['Alice', 'Bob'],
      passwordPlace: 'Founders vault',
      mfaDevices: [{ holder: 'Alice', place: 'YubiKey on keyring' }],
      checks: [{ at: NOW.toISOString(), kind: 'lockaway', rootMfa: true }],
    });
    expect(statSync(join(dir, 'data', '111122223333.json')).mode & 0o777).toBe(0o600);
  });

  it('Enter checks again: root MFA turned on meanwhile is seen at once', async () => {
    const acct = account();
    const r = await wizard(acct, [lockaway]);
    await waitForText(r, 'Waiting for root MFA');
    acct.gateway.controls.enableRootMfa('hardware');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Root MFA is on (AccountMFAEnabled is 1)');
    await waitForText(r, 'Who can reach root');
    r.unmount();
  });

  it('s skips root MFA: the step is pending, the console steps are the to-do on the Done screen', async () => {
    const acct = account();
    const r = await wizard(acct, [lockaway]);
    await waitForText(r, 'Waiting for root MFA');
    await waitForInputsReady();
    await press(r, 's');
    await holdersAndPlaces(r);
    const done = await waitForText(r, 'mvsp-setup  Done');
    fits(done);
    expect(done).toMatch(/Root lock-away .*Root MFA skipped for now/);
    expect(flat(done)).toContain('Assign MFA device');
    expect((await acct.gateway.iam.getAccountSummary()).AccountMFAEnabled).toBe(0);
    expect(record()).toMatchObject({ rootHolders: ['Alice', 'Bob'], checks: [{ kind: 'lockaway', rootMfa: false }] });
    r.unmount();
  });

  it('already done (root MFA on, no keys, holders and places on record): says what it found, asks nothing', async () => {
    const acct = account((g) => g.controls.enableRootMfa('hardware'));
    await acct.session.gateway();
    await recordLockaway('111122223333', {
      at: NOW,
      rootMfa: true,
      holders: ['Alice', 'Bob'],
      passwordPlace: 'Founders vault',
      mfaDevices: [{ holder: 'Alice', place: 'YubiKey on keyring' }],
    });
    const r = await wizard(acct, [lockaway]);
    const frame = await waitForText(r, 'Enter');
    const all = r.frames().join('\n');
    expect(all).toContain('Root MFA is on (AccountMFAEnabled is 1); root has no access keys.');
    expect(all).toContain('Can reach root: Alice, Bob');
    expect(all).toContain('Root password kept in: Founders vault');
    expect(all).toContain("Alice's MFA device: YubiKey on keyring");
    expect(all).not.toContain('Who can reach root');
    expect(all).not.toContain('Waiting for root MFA');
    fits(frame);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect((record().checks as unknown[]).length).toBe(1);
  });
});
