// Ink's screen-reader mode (INK_SCREEN_READER=true): the output is plain text in reading
// order, and each input says what it is and what has been typed into it.
import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { AdminStep } from '../../src/screens/AdminStep.js';
import { Confirm, TextField } from '../../src/screens/ui/inputs.js';
import type { StepOutcome } from '../../src/screens/wizard/types.js';
import { KEYS, press, render, type, waitForInputsReady, waitForText } from '../helpers/ink.js';
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

describe('the admin screen in screen-reader mode (sandbox)', () => {
  it('walks to the same end state as the plain and --ci front ends', async () => {
    const sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(99) });
    const session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(3) });
    const preflight = await session.preflight();
    const done = vi.fn<(o: StepOutcome) => void>();
    const r = render(
      <AdminStep
        answers={{}}
        preflight={preflight}
        shared={{ accountAlias: preflight.alias }}
        position={{ index: 1, total: 1 }}
        yes={false}
        onDone={done}
        onBack={() => {}}
      />,
      { session, ui: { ...ui, demo: true } },
    );
    await waitForText(r, 'textbox: User name:');
    await waitForInputsReady();
    await type(r, 'alice');
    await waitForText(r, 'textbox: User name: alice');
    await press(r, KEYS.enter);
    await waitForText(r, 'textbox: Account alias:');
    await waitForInputsReady();
    await type(r, 'acme-production');
    await press(r, KEYS.enter);
    await waitForText(r, 'press y for yes');
    await waitForInputsReady();
    await press(r, 'y');
    await waitForText(r, 'alice is ready');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(done.mock.calls[0]![0].status).toBe('done');
    const s = sandbox.controls.snapshot();
    expect(s.users.map((u) => u.name)).toEqual(['alice']);
    expect(s.aliases).toEqual(['acme-production']);
    r.unmount();
  });
});
