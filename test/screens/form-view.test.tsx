// A form on the Ink presenter: several fields on one 80x24 screen, ↑/↓ and Tab between
// them, Enter to the next field that needs an answer (and submit when none does), each
// field's error under it, Esc back. Driven through StepIO.form as a step calls it.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { FlowStore } from '../../src/screens/flow/store.js';
import { FlowView } from '../../src/screens/flow/FlowView.js';
import { inkStepIO } from '../../src/screens/flow/ink-io.js';
import { GoBack, type AskOptions } from '../../src/steps/flow.js';
import { KEYS, press, render, type, waitForInputsReady, waitForText } from '../helpers/ink.js';

function setup(opts: { color?: boolean } = {}) {
  const store = new FlowStore();
  store.startStep('Monthly reminder', { index: 6, total: 7 });
  const io = inkStepIO(store, { flags: {}, yes: false, onInterrupt: () => () => {}, secretShown: () => {} });
  const r = render(<FlowView store={store} />, { ui: { color: opts.color ?? true } });
  r.resize(80, 24);
  return { store, io, r };
}

const required = (what: string) => (v: string) => (v.trim() === '' ? `Type ${what}` : null);

const reminderForm: AskOptions[] = [
  { message: 'First reminder (YYYY-MM-DD)', initial: '2026-12-07', validate: (v) => (/^\d{4}-\d\d-\d\d$/.test(v) ? null : 'must be a date as YYYY-MM-DD') },
  { message: 'Calendar file (a path, or "none")', initial: 'mvsp-root-check.ics' },
  { message: 'Workflow file (a path, or empty for none)', initial: '', placeholder: 'e.g. .github/workflows/mvsp-verify.yml' },
];

/** Resolves with the values once; counts how often the form was answered. */
function track<T>(p: Promise<T>) {
  let settled: { value?: T; error?: unknown } | null = null;
  void p.then(
    (value) => (settled = { value }),
    (error: unknown) => (settled = { error }),
  );
  return () => settled;
}

describe('FlowView form', () => {
  it('shows every field on one screen with its value or example and the keys; one Enter takes the offered values', async () => {
    const { io, r, store } = setup();
    const answered = io.form(reminderForm);
    const frame = await waitForText(r, 'Workflow file (a path, or empty for none):');
    expect(frame).toMatch(/Step 6 of 7\s+Monthly reminder/);
    expect(frame).toContain('› First reminder (YYYY-MM-DD): 2026-12-07');
    expect(frame).toContain('  Calendar file (a path, or "none"): mvsp-root-check.ics');
    // an example too long for the row is cut, never the label
    expect(frame).toMatch(/Workflow file \(a path, or empty for none\): e\.g\. \.github\/workflows\/\S*…/);
    expect(frame).toContain('↑↓ field · Enter next/submit · Esc back · Ctrl-C quit');
    expect(frame.split('\n').length).toBeLessThan(24);
    expect(frame.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await answered).toEqual(['2026-12-07', 'mvsp-root-check.ics', '']);
    // answered once: the lines echo each field once, and the prompt is gone
    await waitForText(r, /^Workflow file \(a path, or empty for none\):$/m);
    const echoed = store.snapshot().items.filter((i) => i.kind === 'line' && i.text.startsWith('First reminder'));
    expect(echoed).toHaveLength(1);
    expect(store.snapshot().prompt).toBeNull();
  });

  it('↑/↓ and Tab move between fields; what is typed goes to the field with the focus', async () => {
    const { io, r } = setup();
    const answered = io.form(reminderForm);
    await waitForText(r, '› First reminder');
    await waitForInputsReady();
    await press(r, KEYS.down, KEYS.down);
    await waitForText(r, '› Workflow file');
    await type(r, 'wf.yml');
    await press(r, KEYS.up);
    await waitForText(r, '› Calendar file');
    await press(r, KEYS.backspace, KEYS.backspace, KEYS.backspace);
    await type(r, 'cal');
    // Tab wraps from the last field to the first, Shift-Tab back
    await press(r, KEYS.tab, KEYS.tab);
    await waitForText(r, '› First reminder');
    await press(r, '\u001B[Z');
    await waitForText(r, '› Workflow file');
    await press(r, KEYS.enter);
    expect(await answered).toEqual(['2026-12-07', 'mvsp-root-check.cal', 'wf.yml']);
  });

  it('Enter goes to the field that needs an answer and shows its error there; a bad value stays with its error under it', async () => {
    const { io, r } = setup();
    const settled = track(
      io.form([
        { message: 'Who can reach root', validate: required('at least two names'), placeholder: 'e.g. Alice Chen, Bob Diaz' },
        { message: 'Where is the root password kept', initial: 'vault' },
      ]),
    );
    // the focus starts on the field that needs an answer, no error yet
    let frame = await waitForText(r, '› Who can reach root:');
    expect(frame).not.toContain('✖');
    await waitForInputsReady();
    await press(r, KEYS.down);
    await waitForText(r, '› Where is the root password kept:');
    await press(r, KEYS.enter);
    frame = await waitForText(r, '✖ Type at least two names');
    expect(frame).toContain('› Who can reach root:');
    // the error is under its own field, above the next one
    const rows = frame.split('\n');
    const at = rows.findIndex((l) => l.includes('✖ Type at least two names'));
    expect(rows[at - 1]).toContain('Who can reach root:');
    expect(rows[at + 1]).toContain('Where is the root password kept: vault');
    expect(settled()).toBeNull();
    await type(r, 'Ann, Bo');
    await press(r, KEYS.enter);
    await waitForFrame(() => settled() !== null);
    expect(settled()).toEqual({ value: ['Ann, Bo', 'vault'] });
  });

  it('Enter in a filled field moves to the next empty required one (its error waits until Enter there)', async () => {
    const { io, r } = setup();
    const answered = io.form([
      { message: 'First code', validate: required('the code'), allowed: /[0-9]/ },
      { message: 'Second code', validate: required('the next code'), allowed: /[0-9]/ },
    ]);
    await waitForText(r, '› First code:');
    await waitForInputsReady();
    await type(r, '123456');
    await press(r, KEYS.enter);
    let frame = await waitForText(r, '› Second code:');
    expect(frame).not.toContain('✖');
    await press(r, KEYS.enter);
    frame = await waitForText(r, '✖ Type the next code');
    // a code and Enter in one chunk: the field takes it whole
    r.stdin.write('654321\r');
    expect(await answered).toEqual(['123456', '654321']);
  });

  it('a field that offers nothing gets the focus once before the form is taken, so what is typed for it never lands on the next screen', async () => {
    const { io, r } = setup();
    const answered = io.form([
      { message: 'User name of the first IAM admin', validate: required('a user name') },
      { message: 'Account alias for the sign-in URL (empty for none)', placeholder: 'e.g. acme-production' },
    ]);
    await waitForText(r, '› User name of the first IAM admin:');
    await waitForInputsReady();
    await type(r, 'alice');
    await press(r, KEYS.enter);
    const frame = await waitForText(r, '› Account alias for the sign-in URL (empty for none):');
    expect(frame).not.toContain('✖');
    await type(r, 'acme');
    await press(r, KEYS.enter);
    expect(await answered).toEqual(['alice', 'acme']);
    // seen once (↓ there and back): Enter then takes the form with it empty
    const again = io.form([
      { message: 'User name', initial: 'bob', validate: required('a user name') },
      { message: 'Alias (empty for none)' },
    ]);
    await waitForText(r, '› User name: bob');
    await waitForInputsReady();
    await press(r, KEYS.down, KEYS.up, KEYS.enter);
    expect(await again).toEqual(['bob', '']);
  });

  it('the same form put again right after it was answered starts afresh and takes keys (two codes again)', async () => {
    const { io, r } = setup();
    const codes: AskOptions[] = [
      { message: 'First code', validate: required('the code'), allowed: /[0-9]/ },
      { message: 'Second code', validate: required('the next code'), allowed: /[0-9]/ },
    ];
    const first = io.form(codes);
    await waitForText(r, '› First code:');
    await waitForInputsReady();
    r.stdin.write('111111\r');
    await waitForText(r, '› Second code:');
    r.stdin.write('222222\r');
    expect(await first).toEqual(['111111', '222222']);
    // asked again at once, as the flow does after a refused pair
    const second = io.form(codes);
    await waitForText(r, /› First code: *\n/);
    await waitForInputsReady();
    r.stdin.write('333333\r');
    await waitForText(r, '› Second code:');
    r.stdin.write('444444\r');
    expect(await second).toEqual(['333333', '444444']);
  });

  it('Esc goes back from any field (GoBack)', async () => {
    const { io, r } = setup();
    const answered = io.form(reminderForm).catch((e: unknown) => e);
    await waitForText(r, '› First reminder');
    await waitForInputsReady();
    await press(r, KEYS.down);
    await waitForText(r, '› Calendar file');
    await press(r, KEYS.escape);
    expect(await answered).toBeInstanceOf(GoBack);
  });

  it('NO_COLOR: the focused field has a visible cursor, an example is marked as one', async () => {
    const { io, r } = setup({ color: false });
    void io.form(reminderForm).catch(() => {});
    const frame = await waitForText(r, 'Workflow file');
    expect(frame).toContain('› First reminder (YYYY-MM-DD): 2026-12-07█');
    expect(frame).toMatch(/Workflow file \(a path, or empty for none\): \(e\.g\. \.github\/workflows\//);
  });
});

async function waitForFrame(done: () => boolean, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((res) => setTimeout(res, 10));
  }
}
