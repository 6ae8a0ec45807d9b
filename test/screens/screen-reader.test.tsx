// Ink's screen-reader mode (INK_SCREEN_READER=true): the output is plain text in reading
// order, and each input says what it is and what has been typed into it.
import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { definition as admin } from '../../src/steps/day-one/admin.js';
import { Confirm, TextField } from '../../src/screens/ui/inputs.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText } from '../helpers/ink.js';
import { seededBytes } from '../helpers/random.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const ui = { screenReader: true, now: () => NOW };

beforeEach(() => {
  vi.stubEnv('INK_SCREEN_READER', 'true');
  vi.stubEnv('FORCE_HYPERLINK', '0');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('inputs in screen-reader mode', () => {
  it('a text field reads as "textbox: label typed-text" and still takes input', async () => {
    const submit = vi.fn();
    const r = render(<TextField label="User name:" isActive onSubmit={submit} />, { ui });
    await waitForText(r, 'textbox: User name:');
    await waitForInputsReady();
    await type(r, 'alice');
    await waitForText(r, 'textbox: User name: alice');
    await press(r, KEYS.enter);
    expect(submit).toHaveBeenCalledWith('alice');
    r.unmount();
  });

  it('a confirmation says what the keys do', async () => {
    const yes = vi.fn();
    const r = render(<Confirm isActive onConfirm={yes} onCancel={() => {}} />, { ui });
    await waitForText(r, 'press y for yes, n for no, Enter for yes');
    await waitForInputsReady();
    await press(r, 'y');
    expect(yes).toHaveBeenCalledTimes(1);
    r.unmount();
  });
});

describe('the admin step in the wizard in screen-reader mode (sandbox)', () => {
  it('walks to the same end state as the plain and --ci front ends', async () => {
    const sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(99) });
    const dataDir = mkdtempSync(join(tmpdir(), 'mvsp-reader-'));
    const session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(3), dataDir });
    try {
      const r = render(<Wizard steps={['admin']} defs={[admin]} answers={{}} yes={false} />, { session, ui: { ...ui, demo: true } });
      await waitForText(r, 'Enter start');
      await waitForInputsReady();
      await press(r, KEYS.enter);
      await waitForText(r, 'textbox: User name of the first IAM admin:');
      await waitForInputsReady();
      await type(r, 'alice');
      await waitForText(r, 'textbox: User name of the first IAM admin: alice');
      // one form: the other field is read out too; ↓ moves to it
      await press(r, KEYS.down);
      await waitForText(r, /textbox: Account alias for the sign-in URL \(empty for none\):(?! alice)/);
      await waitForInputsReady();
      await type(r, 'acme-production');
      await press(r, KEYS.enter);
      await waitForText(r, 'press y for yes');
      await waitForInputsReady();
      await press(r, 'y');
      // the password hand-over: Enter alone is no, so the question names the keys
      await waitForText(r, /Saved the temporary password\?.*press y for yes, n for no, Enter for no/s);
      await waitForInputsReady();
      await press(r, 'y');
      await waitForText(r, 'Enter exit');
      await waitForInputsReady();
      await press(r, KEYS.enter);
      expect(await waitForExit(r)).toBe(0);
      const s = sandbox.controls.snapshot();
      expect(s.users.map((u) => u.name)).toEqual(['alice']);
      expect(s.aliases).toEqual(['acme-production']);
      r.unmount();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
