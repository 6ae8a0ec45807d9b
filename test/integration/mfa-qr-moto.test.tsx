// The QR code as a phone sees it: the mfa step's screen in the wizard drawn at 80x24 with the 64-character
// seed moto hands out (as AWS does), captured with its colour escapes, painted as a dark
// and as a light terminal theme would show it, and read back by a real QR decoder that is
// not allowed to try the inverted image.
import React from 'react';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { render as inkRender } from 'ink-testing-library';
import jsQRModule from 'jsqr';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import type { Gateway } from '../../src/aws/port.js';
import { createSession } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { definition as mfaStep } from '../../src/steps/day-one/mfa.js';
import { Root } from '../../src/screens/Root.js';
import { UiProvider } from '../../src/screens/ui/UiContext.js';
import { SessionProvider } from '../../src/screens/SessionContext.js';
import { stripAnsi, waitForInputsReady } from '../helpers/ink.js';
import { MOTO_ACCOUNT_ID, useMoto } from '../helpers/moto.js';
import { DARK_THEME, LIGHT_THEME, paintFrame, type Palette } from '../helpers/terminal-image.js';

// a terminal with colours, as the CLI sees one (chalk reads this when first imported)
vi.hoisted(() => {
  process.env.FORCE_COLOR = '3';
});

useMoto();

// jsqr is a CommonJS bundle whose types declare an ES default export: take whichever is the function
type JsQr = typeof jsQRModule.default;
const jsQR: JsQr = (typeof jsQRModule === 'function' ? jsQRModule : jsQRModule.default) as JsQr;

const NOW = new Date('2026-11-24T12:00:00Z');
const now = () => NOW;

/** moto's Base32StringSeed, as the screen received it */
function seedRecorder(sdk: Gateway): { gateway: Gateway; seed: () => string } {
  let seed = '';
  return {
    gateway: {
      ...sdk,
      kind: sdk.kind,
      iam: {
        ...sdk.iam,
        createVirtualMfaDevice: async (name, tags) => {
          const d = await sdk.iam.createVirtualMfaDevice(name, tags);
          seed = new TextDecoder().decode(d.base32Seed);
          return d;
        },
      },
    },
    seed: () => seed,
  };
}

async function showQr(color: boolean) {
  const sdk = createSdkGateway({});
  await sdk.iam.createUser('alice', {});
  const { gateway, seed } = seedRecorder(sdk);
  const session = createSession({ demo: false, gateway, now, dataDir: mkdtempSync(join(tmpdir(), 'mvsp-mfa-qr-')) });
  const r = inkRender(
    <SessionProvider session={session}>
      <UiProvider value={{ animate: false, now, color }}>
        <Root abort={new AbortController()} onExit={() => {}}>
          <Wizard steps={['mfa']} defs={[mfaStep]} answers={{ admin: { userName: 'alice' } }} yes={false} />
        </Root>
      </UiProvider>
    </SessionProvider>,
  );
  Object.defineProperty(r.stdout, 'columns', { value: 80, configurable: true });
  Object.defineProperty(r.stdout, 'rows', { value: 24, configurable: true });
  (r.stdout as unknown as NodeJS.EventEmitter).emit('resize');
  const raw = () => r.lastFrame() ?? '';
  // the welcome screen, then the plan: Enter, y
  await until(() => stripAnsi(raw()).includes('Enter start'), 'the welcome screen');
  await waitForInputsReady();
  r.stdin.write('\r');
  await until(() => stripAnsi(raw()).includes('Apply this plan (1 change)?'), 'the plan');
  await waitForInputsReady();
  r.stdin.write('y');
  await until(() => stripAnsi(raw()).includes('First code:') && /[▀▄█]{7}/.test(raw()), 'the QR code');
  return { r, raw, seed: seed() };
}

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

function decode(frame: string, palette: Palette): string | null {
  const img = paintFrame(frame, palette);
  return jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

describe('the enrolment QR code scans whatever the terminal theme', () => {
  it('with colours: dark modules on light, decoded in a dark and a light theme, within 80x24', async () => {
    const { r, raw, seed } = await showQr(true);
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);
    const frame = raw();
    const lines = stripAnsi(frame).split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const uri = `otpauth://totp/alice%40${MOTO_ACCOUNT_ID}?secret=${seed}&issuer=AWS`;
    expect(decode(frame, DARK_THEME)).toBe(uri);
    expect(decode(frame, LIGHT_THEME)).toBe(uri);
    // the margin around the code is light: at least two modules (one text row) all round
    const first = stripAnsi(frame).split('\n')[0]!;
    expect(first.slice(0, 20)).toBe(' '.repeat(20));
    r.unmount();
  });

  it('without colours: plain glyphs scan on a dark theme; i inverts them for a light one', async () => {
    const { r, raw, seed } = await showQr(false);
    const uri = `otpauth://totp/alice%40${MOTO_ACCOUNT_ID}?secret=${seed}&issuer=AWS`;
    const plain = raw();
    // eslint-disable-next-line no-control-regex
    expect(plain).not.toMatch(/\u001B\[(38|48);/);
    expect(stripAnsi(plain).replace(/\s+/g, ' ')).toContain('i invert QR');
    expect(decode(plain, DARK_THEME)).toBe(uri);
    expect(decode(plain, LIGHT_THEME)).toBeNull();
    await waitForInputsReady();
    r.stdin.write('i');
    await until(() => raw() !== plain, 'the inverted code');
    expect(decode(raw(), LIGHT_THEME)).toBe(uri);
    expect(decode(raw(), DARK_THEME)).toBeNull();
    // i is not typed into the code field: it holds only the cursor (a block without colours) and its example
    expect(stripAnsi(raw())).toMatch(/First code: +█( \(e\.g\. 123456\))? *$/m);
    r.unmount();
  });
});
