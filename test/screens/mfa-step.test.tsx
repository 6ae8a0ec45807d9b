// The mfa step in the Ink wizard (the --demo sandbox account, a clock the test moves): the
// QR code beside the code fields within 80x24, Tab for the key, the codes checked against
// AWS's clock, the device deleted when the person goes back or quits; and the `mfa` command.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOTP, Secret, TOTP } from 'otpauth';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { definition as mfaStep } from '../../src/steps/day-one/mfa.js';
import { createSession } from '../../src/session.js';
import { createSandboxGateway, type SandboxGateway } from '../../src/aws/sandbox/index.js';
import { AwsError } from '../../src/aws/errors.js';
import type { Gateway } from '../../src/aws/port.js';
import { KEYS, press, render, type, waitForExit, waitForFrame, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';

/** a run of QR modules: the code is on screen */
const QR = /[▀▄█]{7}/;
const START = new Date('2026-11-24T12:00:00Z').getTime();

async function setup(opts: { wrap?: (gw: SandboxGateway) => Gateway; enrolled?: boolean } = {}) {
  let t = START;
  const now = () => new Date(t);
  const sandbox = createSandboxGateway({ now });
  await sandbox.iam.createUser('alice', {});
  await sandbox.iam.createAccountAlias('acme-production');
  if (opts.enrolled) {
    const created = await sandbox.iam.createVirtualMfaDevice('phone', {});
    const seed = new TextDecoder().decode(created.base32Seed);
    const c = (ms: number) => TOTP.generate({ secret: Secret.fromBase32(seed), timestamp: ms });
    await sandbox.iam.enableMfaDevice('alice', created.serial, c(START - 30_000), c(START));
  }
  const gateway = opts.wrap ? opts.wrap(sandbox) : sandbox;
  const session = createSession({ demo: true, gateway, now, dataDir: mkdtempSync(join(tmpdir(), 'mvsp-mfa-screen-')) });
  const r = render(<Wizard steps={['mfa']} defs={[mfaStep]} answers={{ admin: { userName: 'alice' } }} yes={false} />, { session, ui: { demo: true, now } });
  r.resize(80, 24);
  return {
    r,
    sandbox,
    advance: (seconds: number) => {
      t += seconds * 1000;
    },
    devices: () => sandbox.controls.snapshot().virtualMfaDevices,
  };
}

/** welcome → the plan → the QR code beside the first code field */
async function toQr(r: Rendered) {
  await waitForText(r, 'Enter start');
  await waitForInputsReady();
  await press(r, KEYS.enter);
  await waitForText(r, 'Apply this plan (1 change)?');
  await waitForInputsReady();
  await press(r, 'y');
  const frame = await waitForText(r, 'First code:');
  await waitForInputsReady();
  return frame;
}
async function enterCode(r: Rendered, code: string) {
  await type(r, code);
  await press(r, KEYS.enter);
}

/** the words on screen, with the QR code taken out and lines joined (text beside the QR wraps) */
function words(frame: string): string {
  return frame.replace(/[▄▀█]/g, '').replace(/\s+/g, ' ');
}

function fits(frame: string, columns: number, rows: number) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
}

/** the key shown after "Secret key:", its two lines joined, spaces out */
function keyIn(frame: string): string {
  return frame.replace(/^[\s\S]*?Secret key: /, '').split('\n').slice(0, 2).join('').replace(/\s+/g, '');
}

describe('MFA step in the wizard (sandbox)', () => {
  it('shows the QR code within 80x24 with the header and key hints', async () => {
    const { r } = await setup();
    await toQr(r);
    // the demo hint is filled in once the code is computed: wait for the settled frame
    const frame = await waitForFrame(r, (f) => /Demo only: the code now is \d{6}/.test(words(f)) && words(f).includes('Tab show key'));
    expect(frame).toMatch(QR);
    // the header beside the QR code, whole
    expect(frame).toMatch(/mvsp-setup {2}Step 1 of 1\n.* {2}Virtual MFA\n/);
    expect(words(frame)).toContain('Tab show key');
    // the device exists: Esc does not go back past that change, so it is not offered
    expect(words(frame)).not.toContain('Esc back');
    expect(words(frame)).toContain('Enter next');
    expect(frame).not.toContain('Secret key:');
    fits(frame, 80, 24);
  });

  it('fits 80x24 at its tallest: an AWS-length seed, an error and the demo hint', async () => {
    // AWS and moto hand out 64-character seeds: the QR code is 45x23 then (version 5, quiet zone 4).
    const long = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.repeat(2);
    const { r } = await setup({
      wrap: (gw) => ({
        ...gw,
        iam: {
          ...gw.iam,
          createVirtualMfaDevice: async (name, tags) => ({ ...(await gw.iam.createVirtualMfaDevice(name, tags)), base32Seed: new TextEncoder().encode(long) }),
        },
      }),
    });
    await toQr(r);
    await enterCode(r, '000000');
    const frame = await waitForFrame(r, (f) => words(f).includes('does not match') && words(f).includes('Demo only'));
    expect(frame).toMatch(QR);
    expect(words(frame)).toContain('Ctrl-C quit');
    fits(frame, 80, 24);
    await press(r, KEYS.tab);
    const key = await waitForText(r, 'Secret key:');
    fits(key, 80, 24);
    expect(keyIn(key)).toBe(long);
  });

  it('Tab shows the key in groups of four with the account name, and hides it again', async () => {
    const { r, devices } = await setup();
    await toQr(r);
    await press(r, KEYS.tab);
    const frame = await waitForText(r, 'Secret key:');
    const seed = devices()[0]!.seed;
    const line = frame.split('\n').find((l) => l.startsWith('Secret key:'))!;
    expect(line).toMatch(/^Secret key: [A-Z2-7]{4}( [A-Z2-7]{4})+$/);
    // AWS's 64-character key takes two lines at 80 columns
    expect(keyIn(frame)).toBe(seed);
    expect(frame).toMatch(/Account +alice@acme-production/);
    expect(words(frame)).toContain('Tab show QR');
    expect(frame).not.toMatch(QR);
    fits(frame, 80, 24);
    await press(r, KEYS.tab);
    const back = await waitForText(r, 'Tab show key');
    expect(back).not.toContain('Secret key:');
    expect(back).toMatch(QR);
  });

  it('what is typed in a code field stays when Tab switches between the QR code and the key', async () => {
    const { r } = await setup();
    await toQr(r);
    await type(r, '123');
    await press(r, KEYS.tab);
    expect(await waitForText(r, 'Secret key:')).toMatch(/First code: +123/);
    await waitForInputsReady();
    await type(r, '4');
    await press(r, KEYS.tab);
    expect(await waitForFrame(r, (f) => QR.test(f))).toMatch(/First code: +1234/);
  });

  it('a terminal too small for the QR code says so and shows the key; it comes back on resize', async () => {
    const { r } = await setup();
    await toQr(r);
    r.resize(60, 20);
    const small = await waitForFrame(r, (f) => words(f).includes('This terminal is 60x20; the QR code needs'));
    expect(words(small)).toContain('make the window bigger, or add the key by hand');
    expect(small).toContain('Secret key:');
    expect(small).not.toMatch(QR);
    expect(small).not.toContain('Tab show');
    fits(small, 60, 20);
    r.resize(80, 24);
    const big = await waitForText(r, 'Tab show key');
    expect(big).toMatch(QR);
    expect(big).not.toContain('This terminal is');
  });

  it('bad and wrong codes are explained inline without calling AWS', async () => {
    let enableCalls = 0;
    const { r } = await setup({
      wrap: (gw) => ({
        ...gw,
        iam: {
          ...gw.iam,
          enableMfaDevice: (...a) => {
            enableCalls++;
            return gw.iam.enableMfaDevice(...a);
          },
        },
      }),
    });
    await toQr(r);
    // a code field takes digits only: letters never land in it
    await enterCode(r, '12ab56');
    expect(await waitForFrame(r, (f) => words(f).includes('A code has 6 digits; that was 4.'))).toMatch(/First code: +1256/);
    await press(r, ...Array(4).fill(KEYS.backspace));
    await enterCode(r, '000000');
    await waitForFrame(r, (f) => words(f).includes('does not match this device'));
    expect(enableCalls).toBe(0);
  });

  it("a phone 5 minutes ahead: its codes still go to AWS, and only AWS's refusal names the phone's clock", async () => {
    let enableCalls = 0;
    const { r, devices } = await setup({
      wrap: (gw) => ({
        ...gw,
        iam: {
          ...gw.iam,
          enableMfaDevice: (...a) => {
            enableCalls++;
            return gw.iam.enableMfaDevice(...a);
          },
        },
      }),
    });
    await toQr(r);
    const seed = devices()[0]!.seed;
    const step = TOTP.counter({ timestamp: START });
    const ahead = (n: number) => HOTP.generate({ secret: Secret.fromBase32(seed), counter: step + n });
    await enterCode(r, ahead(10));
    await waitForText(r, 'Second code (the next one):');
    expect(words(r.frame())).not.toContain('clock');
    await waitForInputsReady();
    await enterCode(r, ahead(11));
    const refused = await waitForFrame(r, (f) => words(f).includes('AWS did not accept'));
    expect(enableCalls).toBe(1);
    expect(words(refused)).toContain("about 5 minutes from now by AWS's clock, so the phone's clock is ahead of AWS's");
    expect(words(refused)).not.toContain("This computer's clock");
  });

  it('two consecutive codes enable the device; the secret leaves the screen; Done says so', async () => {
    const { r, sandbox, advance, devices } = await setup();
    await toQr(r);
    const serial = devices()[0]!.serial;
    const seed = devices()[0]!.seed;
    const first = sandbox.controls.currentMfaCode(serial);
    await enterCode(r, first);
    await waitForText(r, 'Second code (the next one):');
    await waitForInputsReady();
    await enterCode(r, first);
    await waitForFrame(r, (f) => words(f).includes('first code again'));
    await press(r, ...Array(6).fill(KEYS.backspace));
    advance(30);
    await enterCode(r, sandbox.controls.currentMfaCode(serial));
    const done = await waitForFrame(r, (f) => words(f).includes(`MFA enabled for alice (${serial})`));
    for (const f of [done, r.frame()]) {
      expect(f).not.toContain(seed);
      expect(f).not.toContain(seed.slice(0, 4) + ' ' + seed.slice(4, 8));
      expect(f).not.toMatch(QR);
      expect(f).not.toContain('Secret key');
    }
    expect(devices()[0]!.assignedTo).toEqual({ kind: 'user', userName: 'alice' });
  });

  it('the countdown to the next code follows the clock while no key is pressed', async () => {
    const { r, sandbox, advance, devices } = await setup();
    await toQr(r);
    await enterCode(r, sandbox.controls.currentMfaCode(devices()[0]!.serial));
    const before = await waitForFrame(r, (f) => /comes in \d+ s/.test(words(f)));
    const seconds = Number(/comes in (\d+) s/.exec(words(before))![1]);
    advance(5);
    // no key: the frame changes with the clock alone
    await waitForFrame(r, (f) => words(f).includes(seconds > 5 ? `The next code comes in ${seconds - 5} s.` : 'The next code should show now.'));
  });

  it("AWS's InvalidAuthenticationCode is explained and the same QR code is kept for another try", async () => {
    let rejectNext = true;
    const { r, sandbox, advance, devices } = await setup({
      wrap: (gw) => ({
        ...gw,
        iam: {
          ...gw.iam,
          enableMfaDevice: (...a) => {
            if (rejectNext) {
              rejectNext = false;
              return Promise.reject(new AwsError({ kind: 'InvalidInput', action: 'iam:EnableMFADevice', code: 'InvalidAuthenticationCode', message: 'Authentication code for device is not valid.' }));
            }
            return gw.iam.enableMfaDevice(...a);
          },
        },
      }),
    });
    await toQr(r);
    const serial = devices()[0]!.serial;
    const code = () => sandbox.controls.currentMfaCode(serial);
    await enterCode(r, code());
    advance(30);
    await waitForText(r, 'Second code (the next one):');
    await waitForInputsReady();
    await enterCode(r, code());
    const again = await waitForFrame(r, (f) => words(f).includes('AWS did not accept the two codes'));
    expect(again).toMatch(QR);
    expect(again).toContain('First code:');
    expect(devices()).toHaveLength(1);
    await waitForInputsReady();
    advance(30);
    await enterCode(r, code());
    advance(30);
    await waitForText(r, 'Second code (the next one):');
    await waitForInputsReady();
    await enterCode(r, code());
    await waitForFrame(r, (f) => words(f).includes('MFA enabled for alice'));
    expect(devices().map((d) => d.serial)).toEqual([serial]);
  });

  it('Esc at the first code: the device is made, so the step stays on its QR code and says why', async () => {
    const { r, devices } = await setup();
    await toQr(r);
    expect(devices()).toHaveLength(1);
    await press(r, KEYS.escape);
    const frame = await waitForFrame(r, (f) => words(f).includes('there is no going back from here'));
    expect(frame).toMatch(QR);
    expect(frame).toContain('First code:');
    expect(devices()).toHaveLength(1);
  });

  it('Ctrl-C before enabling deletes the device and exits 130', async () => {
    const { r, devices } = await setup();
    await toQr(r);
    expect(devices()).toHaveLength(1);
    r.stdin.write(KEYS.ctrlC);
    expect(await waitForExit(r)).toBe(130);
    expect(devices()).toHaveLength(0);
  });

  it('a user who already has MFA: already done with nothing asked, nothing created', async () => {
    const { r, devices } = await setup({ enrolled: true });
    await waitForText(r, 'Enter start');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    const done = await waitForFrame(r, (f) => words(f).includes('alice already had MFA: nothing created'));
    expect(done).not.toContain('Apply this plan');
    expect(devices()).toHaveLength(1);
  });
});

describe('mvsp-setup mfa (sandbox)', () => {
  it('asks for the user name, checks it inline, then shows the same enrolment screens', async () => {
    const { MfaCommand } = await import('../../src/screens/MfaCommand.js');
    const sandbox = createSandboxGateway({ now: () => new Date(START) });
    await sandbox.iam.createUser('bob', {});
    const session = createSession({ demo: true, gateway: sandbox, now: () => new Date(START) });
    const r = render(<MfaCommand yes={false} />, { session, ui: { demo: true } });
    await waitForText(r, 'IAM user name:');
    await waitForInputsReady();
    await type(r, 'bo b');
    await press(r, KEYS.enter);
    expect(await waitForText(r, 'only letters, digits')).toContain('bo b');
    await press(r, KEYS.backspace, KEYS.backspace, 'b');
    await press(r, KEYS.backspace, 'x');
    await press(r, KEYS.enter);
    await waitForText(r, 'There is no IAM user named box');
    await waitForInputsReady();
    // the name AWS does not know is offered again to correct
    await waitForFrame(r, (f) => /IAM user name: box\n(?![\s\S]*There is no IAM user)/.test(f.slice(f.indexOf('There is no IAM user'))));
    await press(r, KEYS.backspace, 'b', KEYS.enter);
    await waitForText(r, 'Apply this plan (1 change)?');
    await waitForInputsReady();
    await press(r, 'y');
    await waitForText(r, 'First code:');
    expect(sandbox.controls.snapshot().virtualMfaDevices).toHaveLength(1);
    await waitForInputsReady();
    // Esc before enabling: the device goes, nothing is left behind, the command to finish later stays
    await press(r, KEYS.escape);
    expect(await waitForExit(r)).toBe(0);
    expect(r.frame()).toContain('npx mvsp-setup mfa --user bob');
    expect(r.frame()).toContain('nothing left behind');
    expect(sandbox.controls.snapshot().virtualMfaDevices).toHaveLength(0);
  });
});
