// onboard and offboard in --plain, in the built binary in a real pseudo-terminal, against
// moto and the demo sandbox; the same answers through the Ink screens (in-process over a
// moto-backed session, or the binary in a pty on --demo) leave the same account and exit
// with the same code. The plain output never moves the cursor.
import React from 'react';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { createSession } from '../../src/session.js';
import { OnboardScreen } from '../../src/screens/OnboardScreen.js';
import { OffboardScreen } from '../../src/screens/OffboardScreen.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';
import { resetMoto, useMoto } from '../helpers/moto.js';
import { readAccountState } from '../helpers/account-state.js';
import { cursorControl, runInPty, type PtyRun } from '../helpers/pty.js';

useMoto();

const tmp = () => mkdtempSync(join(tmpdir(), 'mvsp-plain-team-'));
// no local record: nobody is known to hold root (offboard's warning stays out of both runs)
const ptyEnv = () => ({ XDG_DATA_HOME: tmp() });
const motoSession = () => createSession({ demo: false, gateway: createSdkGateway({}) });

/** Answers each question once it is asked, in order (a question asked twice is answered twice). */
function person(p: PtyRun) {
  let from = 0;
  return async (question: string, answer: string) => {
    const find = () => {
      const i = p.text().indexOf(question, from);
      return i === -1 ? -1 : i + question.length;
    };
    await p.waitFor({ test: () => find() !== -1 } as unknown as RegExp, 30_000);
    from = find();
    p.write(`${answer}\r`);
  };
}

function expectPlainOutput(p: PtyRun): void {
  expect(cursorControl(p.raw())).toEqual([]);
  expect(p.raw()).not.toMatch(/\u001b\[[\d;]*m/);
}

/** The account as the SDK reads it, with the times of day and dates in tags left out. */
async function endState() {
  const s = await readAccountState();
  return JSON.parse(JSON.stringify(s).replace(/\d{4}-\d\d-\d\d(T[\d:.]+Z)?/g, 'DATE')) as unknown;
}

async function screen(r: Rendered, text: string | RegExp): Promise<string> {
  await waitForText(r, text, 15_000);
  await waitForInputsReady();
  return r.frame();
}

/** Plan lines of the plain output ("  + summary  [call]"), as summaries; access key ids are new in every account. */
function plainPlan(text: string): string[] {
  return [...text.matchAll(/^ {2}\+ (.*?) {2}\[[\w:]+\]$/gm)].map((m) => keyless(m[1]!));
}
const keyless = (text: string) => text.replace(/AKIA[A-Z0-9]{16}/g, 'AKIA…');

describe('onboard --plain (pty)', () => {
  it('moto: the questions with the screen\'s checks; the account and exit code match the Ink screen\'s', async () => {
    const p = runInPty(['onboard', '--plain'], { env: ptyEnv() });
    const ask = person(p);
    await ask('? IAM user name of the new engineer: ', 'bob smith');
    await p.waitFor('✖ A space is not allowed');
    await ask('? IAM user name of the new engineer: ', 'bob');
    await ask('? Their work email (kept as a tag): ', 'bob@gmail.com');
    await p.waitFor('gmail.com is a free-mail provider');
    await ask('? Their work email (kept as a tag): ', 'bob@acme.com');
    await ask('Number or name (Enter keeps "Developers"): ', '');
    await ask('? Apply this plan? (yes or no, Enter for yes): ', 'yes');
    await ask('? Press Enter once it is stored', '');
    const code = await p.exited;
    const text = p.text();
    expect(text).toMatch(/\? Group\n {2}1\. Administrators\n {2}2\. Developers\n {2}3\. ReadOnly\n/);
    expect(text).toContain('1 set up, 0 not finished, 0 left out');
    expect(text).toContain('Welcome to the AWS account, bob.');
    expectPlainOutput(p);
    const plain = await endState();

    await resetMoto();
    const r = render(
      <OnboardScreen batch={null} initial={{ name: null, email: null, group: null }} emailDomain={null} welcomeFile={null} includePassword={false} yes={false} />,
      { session: motoSession() },
    );
    await screen(r, 'IAM user name of the new engineer:');
    await type(r, 'bob');
    await press(r, KEYS.enter);
    await screen(r, 'Their work email (kept as a tag):');
    await type(r, 'bob@acme.com');
    await press(r, KEYS.enter);
    await screen(r, /Group[\s\S]*ReadOnly/);
    // both front ends start on Developers: Enter keeps it
    await press(r, KEYS.enter);
    const plan = await screen(r, 'Apply this plan?');
    for (const l of plainPlan(text)) expect(plan).toContain(l);
    await press(r, 'y');
    await screen(r, '1 set up, 0 not finished, 0 left out.');
    // the password revealed (the plain run printed it), Enter finishes
    await press(r, 'p');
    await press(r, KEYS.enter);
    const inkCode = await waitForExit(r, 15_000);
    r.unmount();

    expect(code).toBe(0);
    expect(inkCode).toBe(code);
    expect(await endState()).toEqual(plain);
  }, 90_000);

  it('demo: an address off the company domain is asked again; same plan and exit code as the Ink screen', async () => {
    const p = runInPty(['onboard', '--plain', '--demo'], { env: ptyEnv() });
    const ask = person(p);
    await ask('? IAM user name of the new engineer: ', 'erin');
    await ask('? Their work email (kept as a tag): ', 'erin@other.org');
    await p.waitFor('✖ Not on the company domain acme.com');
    await ask('? Their work email (kept as a tag): ', 'erin@acme.com');
    await ask('Number or name (Enter keeps "Developers"): ', 'ReadOnly');
    await ask('? Apply this plan', '');
    await ask('? Press Enter once it is stored', '');
    const code = await p.exited;
    expect(p.text()).toContain('  → ReadOnly');
    expect(p.text()).toContain('1 set up, 0 not finished, 0 left out');
    expectPlainOutput(p);

    const ink = runInPty(['onboard', '--demo', '--user', 'erin', '--email', 'erin@acme.com', '--group', 'ReadOnly'], { env: ptyEnv() });
    await ink.waitFor('Apply this plan?');
    const plan = ink.text();
    for (const l of plainPlan(p.text())) expect(plan).toContain(l);
    await ink.pressUntil('y', '1 set up, 0 not finished, 0 left out.');
    await ink.pressUntil('\r', 'exit');
    expect(code).toBe(0);
    expect(await ink.exited).toBe(code);
  }, 90_000);
});

/** bob leaves: a password, two keys, an MFA device, a direct policy, two groups. alice is the other admin. */
async function team() {
  const c = new IAMClient({ region: 'us-east-1' });
  for (const g of ['Administrators', 'Developers']) await c.send(new CreateGroupCommand({ GroupName: g }));
  for (const [u, g] of [
    ['alice', 'Administrators'],
    ['bob', 'Administrators'],
    ['bob', 'Developers'],
  ] as const) {
    await c.send(new CreateUserCommand({ UserName: u })).catch(() => {});
    await c.send(new AddUserToGroupCommand({ GroupName: g, UserName: u }));
  }
  await c.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'email', Value: 'bob@acme.com' }] }));
  await c.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'Temp-Passw0rd-123!', PasswordResetRequired: true }));
  await c.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
  await c.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
  const device = await c.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob-phone' }));
  await c.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: device.VirtualMFADevice!.SerialNumber!, AuthenticationCode1: '123456', AuthenticationCode2: '234567' }));
  await c.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  c.destroy();
}

describe('offboard --plain (pty)', () => {
  it('moto: Enter alone keeps bob; "yes" disables him; alice, now the last admin, is refused: account and exit codes as the Ink screen\'s', async () => {
    await team();
    const before = await endState();
    const keep = runInPty(['offboard', 'bob', '--plain'], { env: ptyEnv() });
    await person(keep)('? Apply this plan? (', '');
    expect(await keep.exited).toBe(0);
    expect(keep.text()).toMatch(/Apply this plan\? \(yes or no, Enter for no\): \n {2}→ no\n/);
    expect(keep.text()).toContain('offboard: Not applied. Nothing changed.');
    expect(await endState()).toEqual(before);

    const p = runInPty(['offboard', 'bob', '--plain'], { env: ptyEnv() });
    await person(p)('? Apply this plan? (', 'yes');
    const code = await p.exited;
    expect(p.text()).toContain('offboard: ');
    expectPlainOutput(p);
    const refused = runInPty(['offboard', 'alice', '--plain'], { env: ptyEnv() });
    const refusedCode = await refused.exited;
    expect(refused.text()).toContain('offboard: ✖ Not offboarding alice');
    expectPlainOutput(refused);
    const plain = await endState();

    await resetMoto();
    await team();
    const r = render(<OffboardScreen userName="bob" rootHoldersOf={async () => []} yes={false} />, { session: motoSession() });
    const plan = keyless(await screen(r, 'Apply this plan?'));
    for (const l of plainPlan(p.text())) expect(plan).toContain(l);
    await press(r, 'y');
    await screen(r, 'bob is disabled');
    await press(r, KEYS.enter);
    const inkCode = await waitForExit(r, 15_000);
    r.unmount();
    const r2 = render(<OffboardScreen userName="alice" rootHoldersOf={async () => []} yes={false} />, { session: motoSession() });
    await screen(r2, 'Not offboarding alice');
    await press(r2, KEYS.enter);
    const inkRefusedCode = await waitForExit(r2, 15_000);
    r2.unmount();

    expect([code, refusedCode]).toEqual([0, 1]);
    expect([inkCode, inkRefusedCode]).toEqual([code, refusedCode]);
    expect(await endState()).toEqual(plain);
  }, 120_000);

  it('demo: the same plan and exit code as the Ink screen', async () => {
    const p = runInPty(['offboard', 'bob', '--plain', '--demo'], { env: ptyEnv() });
    await person(p)('? Apply this plan? (', 'y');
    const code = await p.exited;
    expect(p.text()).toContain('  ✔ Delete the console password of bob');
    expectPlainOutput(p);

    const ink = runInPty(['offboard', 'bob', '--demo'], { env: ptyEnv() });
    await ink.waitFor('Apply this plan?');
    const plan = keyless(ink.text());
    for (const l of plainPlan(p.text())) expect(plan).toContain(l);
    await ink.pressUntil('y', 'bob is disabled');
    await ink.pressUntil('\r', 'exit');
    expect(code).toBe(0);
    expect(await ink.exited).toBe(code);
  }, 90_000);
});
