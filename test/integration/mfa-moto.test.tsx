// Enrolment through the mfa step in the Ink wizard (and the mfa command) and the SDK gateway
// against moto. (The plan's wording for leftover and taken device names is in
// test/unit/day-one-mfa.test.ts.) moto does not
// check MFA codes, so the test records what the tool sent and checks the codes itself
// against the seed moto handed out: the right serial and two consecutive valid codes.
import React from 'react';
import { PassThrough } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOTP, Secret, TOTP } from 'otpauth';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import type { Gateway } from '../../src/aws/port.js';
import { createSession } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { MfaCommand } from '../../src/screens/MfaCommand.js';
import { definition as mfaStep } from '../../src/steps/day-one/mfa.js';
import { run as runMfaCommand } from '../../src/commands/mfa.js';
import { parseArgs } from '../../src/args.js';
import type { CommandContext } from '../../src/commands/types.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';
import { MOTO_ACCOUNT_ID, useMoto } from '../helpers/moto.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const now = () => NOW;
const counterNow = TOTP.counter({ timestamp: NOW.getTime() });

interface Recorded {
  seeds: Map<string, string>;
  enabled: { userName: string; serial: string; code1: string; code2: string }[];
}

/** The SDK gateway, with the seeds it received and the EnableMFADevice calls it made written down. */
function recordingGateway(): { gateway: Gateway; rec: Recorded } {
  const sdk = createSdkGateway({});
  const rec: Recorded = { seeds: new Map(), enabled: [] };
  const gateway: Gateway = {
    ...sdk,
    kind: sdk.kind,
    iam: {
      ...sdk.iam,
      createVirtualMfaDevice: async (name, tags) => {
        const d = await sdk.iam.createVirtualMfaDevice(name, tags);
        rec.seeds.set(d.serial, new TextDecoder().decode(d.base32Seed));
        return d;
      },
      enableMfaDevice: async (userName, serial, code1, code2) => {
        rec.enabled.push({ userName, serial, code1, code2 });
        return sdk.iam.enableMfaDevice(userName, serial, code1, code2);
      },
    },
  };
  return { gateway, rec };
}

/** the wizard with the mfa step for alice, past its welcome screen */
async function start(gateway: Gateway) {
  const session = createSession({ demo: false, gateway, now, dataDir: mkdtempSync(join(tmpdir(), 'mvsp-mfa-moto-')) });
  const r = render(<Wizard steps={['mfa']} defs={[mfaStep]} answers={{ admin: { userName: 'alice' } }} yes={false} />, { session, ui: { now } });
  r.resize(80, 24);
  await waitForText(r, 'Enter start');
  await waitForInputsReady();
  await press(r, KEYS.enter);
  return { r };
}

async function confirmPlan(r: Rendered) {
  await waitForText(r, 'Apply this plan (1 change)?');
  await waitForInputsReady();
  await press(r, 'y');
  await waitForText(r, 'First code:');
  await waitForInputsReady();
}

async function enterCode(r: Rendered, code: string) {
  await type(r, code);
  await press(r, KEYS.enter);
}

const codeAt = (seed: string, counter: number) => HOTP.generate({ secret: Secret.fromBase32(seed), counter });

describe('virtual MFA against moto', () => {
  it('enrols alice end to end: the created serial, two consecutive codes from its seed', async () => {
    const sdk = createSdkGateway({});
    await sdk.iam.createUser('alice', {});
    const { gateway, rec } = recordingGateway();
    const { r } = await start(gateway);
    await confirmPlan(r);
    expect(rec.seeds.size).toBe(1);
    const [serial, seed] = [...rec.seeds][0]!;
    expect(serial).toBe(`arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/alice`);
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);
    await enterCode(r, codeAt(seed, counterNow));
    await waitForText(r, 'Second code (the next one):');
    await waitForInputsReady();
    await enterCode(r, codeAt(seed, counterNow + 1));
    // the Done screen: the step's one line, no key left on it
    const done = await waitForText(r, `MFA enabled for alice (${serial})`);
    expect(done).not.toContain(seed.slice(0, 4));

    expect(rec.enabled).toHaveLength(1);
    const sent = rec.enabled[0]!;
    expect(sent.userName).toBe('alice');
    expect(sent.serial).toBe(serial);
    // consecutive and current, checked against the seed with a TOTP library, not the tool's own check
    const c1 = TOTP.validate({ token: sent.code1, secret: Secret.fromBase32(seed), timestamp: NOW.getTime(), window: 1 });
    const c2 = TOTP.validate({ token: sent.code2, secret: Secret.fromBase32(seed), timestamp: NOW.getTime(), window: 1 });
    expect(c1).not.toBeNull();
    expect(c2).toBe(c1! + 1);

    expect(await sdk.iam.listMfaDevices('alice')).toEqual([expect.objectContaining({ serial, userName: 'alice' })]);
    expect(await sdk.iam.listVirtualMfaDevices('Assigned')).toEqual([expect.objectContaining({ serial, userName: 'alice' })]);
    expect(await sdk.iam.listVirtualMfaDevices('Unassigned')).toEqual([]);
  });

  it('the mfa command: Esc at the first code leaves no virtual MFA device behind, exit 0 with the command for later', async () => {
    const sdk = createSdkGateway({});
    await sdk.iam.createUser('alice', {});
    const session = createSession({ demo: false, gateway: sdk, now });
    const r = render(<MfaCommand user="alice" yes={false} />, { session, ui: { now } });
    r.resize(80, 24);
    await confirmPlan(r);
    expect(await sdk.iam.listVirtualMfaDevices('Unassigned')).toHaveLength(1);
    await press(r, KEYS.escape);
    expect(await waitForExit(r)).toBe(0);
    expect(r.frame()).toContain('MFA not enrolled for alice (cancelled; nothing left behind)');
    expect(r.frame()).toContain('npx mvsp-setup mfa --user alice');
    expect(await sdk.iam.listVirtualMfaDevices('Unassigned')).toEqual([]);
    expect(await sdk.iam.listMfaDevices('alice')).toEqual([]);
  });

  it('Ctrl-C before enabling deletes the device and exits 130', async () => {
    const sdk = createSdkGateway({});
    await sdk.iam.createUser('alice', {});
    const { r } = await start(sdk);
    await confirmPlan(r);
    r.stdin.write(KEYS.ctrlC);
    expect(await waitForExit(r)).toBe(130);
    expect(await sdk.iam.listVirtualMfaDevices('Unassigned')).toEqual([]);
  });

  it('re-run on an enrolled user: already done with nothing asked, Done with Enter only, nothing created', async () => {
    const sdk = createSdkGateway({});
    await sdk.iam.createUser('alice', {});
    const d = await sdk.iam.createVirtualMfaDevice('alice-phone', {});
    await sdk.iam.enableMfaDevice('alice', d.serial, '123456', '654321');
    const { gateway, rec } = recordingGateway();
    const { r } = await start(gateway);
    const frame = await waitForText(r, 'alice already had MFA: nothing created');
    expect(frame).not.toContain('Apply this plan');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect(rec.seeds.size).toBe(0);
    expect(await sdk.iam.listVirtualMfaDevices('Any')).toHaveLength(1);
  });
});

describe('mvsp-setup mfa without a terminal (moto)', () => {
  function ctx(argv: string[]): { ctx: CommandContext; out: () => string } {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (b: Buffer) => (text += b.toString()));
    const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
    return {
      ctx: {
        args: parseArgs(argv),
        version: 'test',
        env: process.env,
        stdin,
        stdout: stdout as unknown as NodeJS.WriteStream,
        stderr: new PassThrough() as unknown as NodeJS.WriteStream,
        now,
      },
      out: () => text,
    };
  }

  it('--ci reports pending with the command that finishes it, exit 0, and creates nothing', async () => {
    const sdk = createSdkGateway({});
    await sdk.iam.createUser('alice', {});
    const c = ctx(['mfa', '--ci', '--user', 'alice']);
    expect(await runMfaCommand(c.ctx)).toBe(0);
    expect(c.out()).toContain('pending');
    expect(c.out()).toContain('npx mvsp-setup mfa --user alice');
    expect(await sdk.iam.listVirtualMfaDevices('Any')).toEqual([]);
  });

  it('--ci on an enrolled user says so; an unknown user exits 1; no --user is a usage error', async () => {
    const sdk = createSdkGateway({});
    await sdk.iam.createUser('alice', {});
    const d = await sdk.iam.createVirtualMfaDevice('alice', {});
    await sdk.iam.enableMfaDevice('alice', d.serial, '123456', '654321');
    const enrolled = ctx(['mfa', '--ci', '--user', 'alice']);
    expect(await runMfaCommand(enrolled.ctx)).toBe(0);
    expect(enrolled.out()).toContain('alice already has MFA');
    const unknown = ctx(['mfa', '--ci', '--user', 'nobody']);
    expect(await runMfaCommand(unknown.ctx)).toBe(1);
    expect(unknown.out()).toContain('no IAM user named nobody');
    await expect(runMfaCommand(ctx(['mfa', '--ci']).ctx)).rejects.toThrow(/--user NAME/);
  });
});
