// This computer's clock 150 s fast, the phone right. AWS's time reaches the tool only
// through the Date header of its responses: a loopback proxy in front of moto sends
// moto's answers with a Date 150 s behind this computer's clock, which is what AWS does
// when this computer runs fast. The codes typed are the phone's (AWS's time); they must
// be taken and sent, with a line saying which clock is off. Here: what the wizard's screen
// shows (the flow itself: test/unit/day-one-mfa.test.ts).
import React from 'react';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HOTP, Secret, TOTP } from 'otpauth';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import type { Gateway } from '../../src/aws/port.js';
import { createSession } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { definition as mfaStep } from '../../src/steps/day-one/mfa.js';
import { KEYS, press, render, type, waitForExit, waitForFrame, waitForInputsReady, waitForText } from '../helpers/ink.js';
import { motoUrl, useMoto } from '../helpers/moto.js';

useMoto();

const SKEW_MS = 150_000;

/** moto behind a proxy whose Date header is `skewMs` behind this computer's clock */
async function skewedMoto(skewMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const target = new URL(motoUrl());
  const server: Server = createServer((req, res) => {
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        const headers = { ...up.headers, date: new Date(Date.now() - skewMs).toUTCString() };
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let proxy: { close: () => Promise<void> } | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

describe('virtual MFA with this computer\'s clock 150 s fast (moto)', () => {
  it('takes the phone\'s correct codes, enrols, and says this computer\'s clock is fast', async () => {
    const setup = createSdkGateway({});
    await setup.iam.createUser('alice', {});
    const p = await skewedMoto(SKEW_MS);
    proxy = p;
    process.env.AWS_ENDPOINT_URL = p.url;
    const sdk = createSdkGateway({});
    let seed = '';
    const sent: string[][] = [];
    const gateway: Gateway = {
      ...sdk,
      iam: {
        ...sdk.iam,
        createVirtualMfaDevice: async (name, tags) => {
          const d = await sdk.iam.createVirtualMfaDevice(name, tags);
          seed = new TextDecoder().decode(d.base32Seed);
          return d;
        },
        enableMfaDevice: async (userName, serial, code1, code2) => {
          sent.push([userName, code1, code2]);
          return sdk.iam.enableMfaDevice(userName, serial, code1, code2);
        },
      },
    };
    // this computer's clock, as the CLI uses it
    const session = createSession({ demo: false, gateway, now: () => new Date(), dataDir: mkdtempSync(join(tmpdir(), 'mvsp-mfa-clock-')) });
    const r = render(<Wizard steps={['mfa']} defs={[mfaStep]} answers={{ admin: { userName: 'alice' } }} yes={false} />, { session });
    r.resize(80, 24);
    await waitForText(r, 'Enter start');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Apply this plan (1 change)?');
    await waitForInputsReady();
    await press(r, 'y');
    const qr = await waitForFrame(r, (f) => f.includes('First code:') && /[▀▄█]{7}/.test(f));
    // the words beside the QR code, the code's glyphs taken out
    expect(qr.replace(/[▀▄█]/g, '').replace(/\s+/g, ' ')).toContain("⚠ This computer's clock is about 2 min 30 s fast (by AWS's clock)");
    const lines = qr.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    await waitForInputsReady();

    // the phone keeps AWS's time; start at the beginning of a step so both codes are typed in time
    const phone = () => Date.now() - SKEW_MS;
    const phoneStep = () => TOTP.counter({ timestamp: phone() });
    const codeAt = (counter: number) => HOTP.generate({ secret: Secret.fromBase32(seed), counter });
    const step = phoneStep();
    await type(r, codeAt(step));
    await press(r, KEYS.enter);
    const second = await waitForText(r, 'Second code (the next one):');
    expect(second).toMatch(/The next code comes in \d+ s\.|The next code should show now\./);
    await waitForInputsReady();
    await type(r, codeAt(step + 1));
    await press(r, KEYS.enter);
    await waitForText(r, 'MFA enabled for alice');

    expect(sent).toEqual([['alice', codeAt(step), codeAt(step + 1)]]);
    // the codes are right by AWS's clock and not by this computer's
    const byAws = TOTP.validate({ token: sent[0]![1]!, secret: Secret.fromBase32(seed), timestamp: phone(), window: 1 });
    const byHere = TOTP.validate({ token: sent[0]![1]!, secret: Secret.fromBase32(seed), timestamp: Date.now(), window: 1 });
    expect(byAws).not.toBeNull();
    expect(byHere).toBeNull();
    expect(await setup.iam.listMfaDevices('alice')).toEqual([expect.objectContaining({ userName: 'alice' })]);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
  });
});
