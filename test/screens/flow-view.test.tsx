// The Ink presenter on its own: what a flow's StepIO calls look like on an 80x24 screen,
// and what keys do (Esc back, y/n, Enter re-checks a wait, Tab shows the key).
import React from 'react';
import { describe, expect, it } from 'vitest';
import { FlowStore } from '../../src/screens/flow/store.js';
import { FlowView } from '../../src/screens/flow/FlowView.js';
import { inkStepIO } from '../../src/screens/flow/ink-io.js';
import { GoBack } from '../../src/steps/flow.js';
import { KEYS, press, render, type, waitForFrame, waitForInputsReady, waitForText } from '../helpers/ink.js';

function setup(opts: { demo?: () => void; color?: boolean } = {}) {
  const store = new FlowStore();
  store.startStep('Alternate contacts', { index: 2, total: 7 });
  let secrets = 0;
  const io = inkStepIO(store, { flags: {}, yes: false, onInterrupt: () => () => {}, secretShown: () => (secrets += 1), demo: opts.demo });
  const r = render(<FlowView store={store} />, { ui: { color: opts.color ?? true } });
  r.resize(80, 24);
  return { store, io, r, secrets: () => secrets };
}

const rows = (frame: string) => frame.split('\n');

describe('FlowView', () => {
  it('asks with the step header and key hints; Enter submits a valid value, a bad one is said under the field', async () => {
    const { io, r } = setup();
    io.line('AWS writes to these about security issues.');
    const answer = io.ask({ message: 'Security contact email', placeholder: 'e.g. security@acme.com', validate: (v) => (v.includes('@') ? null : 'must be an email address') });
    const frame = await waitForText(r, 'Security contact email:');
    expect(frame).toMatch(/Step 2 of 7\s+Alternate contacts/);
    expect(frame).toContain('Enter next · Esc back · Ctrl-C quit');
    await waitForInputsReady();
    await type(r, 'sec');
    await press(r, KEYS.enter);
    await waitForText(r, '✖ must be an email address');
    await type(r, '@acme.com');
    await press(r, KEYS.enter);
    expect(await answer).toBe('sec@acme.com');
    await waitForText(r, 'Security contact email: sec@acme.com');
  });

  it('applying: an action not run because the one it waits for failed says so, with that one named', async () => {
    const { io, r } = setup();
    const action = (id: string, summary: string) => ({ id, call: `sns:${id}`, summary, phase: 1, run: async () => {} });
    const topic = action('CreateTopic', 'Create SNS topic mvsp-root-signin-alert');
    const subscribe = action('Subscribe', 'Subscribe security@acme.com to the topic');
    const sink = io.progress([topic, subscribe]);
    sink({ type: 'start', action: topic });
    sink({ type: 'failed', action: topic, ms: 120, error: new Error('Topic limit exceeded') });
    sink({ type: 'skipped', action: subscribe, reason: `needs "${topic.summary}", which failed` });
    const frame = await waitForText(r, 'not done:');
    expect(frame).toContain('✖ Create SNS topic mvsp-root-signin-alert — failed');
    // the reason wraps at 80 columns
    expect(frame.replace(/\s+/g, ' ')).toContain('○ Subscribe security@acme.com to the topic — not done: needs "Create SNS topic mvsp-root-signin-alert", which failed');
  });

  it('Esc on a question goes back (GoBack)', async () => {
    const { io, r } = setup();
    const answer = io.ask({ message: 'Phone' }).catch((e: unknown) => e);
    await waitForText(r, 'Phone:');
    await waitForInputsReady();
    await press(r, KEYS.escape);
    expect(await answer).toBeInstanceOf(GoBack);
  });

  it('confirm: n answers no and says so; Enter takes the default', async () => {
    const { io, r } = setup();
    const no = io.confirm('Apply this plan (3 changes)?');
    await waitForText(r, 'y/n answer');
    await waitForInputsReady();
    await press(r, 'n');
    expect(await no).toBe(false);
    await waitForText(r, 'Apply this plan (3 changes)? no');
    const safe = io.confirm('Remove alice from Administrators?', { defaultNo: true });
    await waitForText(r, 'Enter no');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await safe).toBe(false);
  });

  it('keeps within 24 rows: the most recent lines, and how many are above', async () => {
    const { io, r } = setup();
    for (let i = 1; i <= 40; i++) io.line(`line ${i} ${'of a long explanation that wraps onto a second row '.repeat(i % 3 === 0 ? 2 : 0)}`);
    void io.ask({ message: 'Next' });
    const frame = await waitForText(r, 'Next:');
    expect(rows(frame).length).toBeLessThan(24);
    expect(frame).toContain('line 40');
    expect(frame).not.toContain('line 1 ');
    expect(frame).toMatch(/… \d+ earlier lines above/);
  });

  it('a line to copy wider than the terminal is never broken: its start in the frame, whole below the last frame at exit', async () => {
    const { io, r } = setup();
    const cron = '0 9 1-7 * * [ "$(date +\\%u)" = 1 ] && npx --yes mvsp-setup@0.1.0 verify --ci --json > "$HOME/mvsp-verify.json" 2>&1';
    io.copy(cron, 'This crontab line runs verify monthly:');
    void io.ask({ message: 'Next' });
    const frame = await waitForText(r, 'Next:');
    // the frame holds no row wider than the terminal (a wider one would be wrapped behind Ink's back)
    for (const row of rows(frame)) expect([...row].length).toBeLessThanOrEqual(80);
    expect(frame).toContain(`  ${cron.slice(0, 40)}`);
    expect(frame).toContain('printed whole when mvsp-setup exits');
    r.finish(0);
    expect(r.afterExit()).toEqual(['This crontab line runs verify monthly:', `  ${cron}`]);
  });

  it('a line to copy that fits is drawn whole on its row, and not printed again at exit', async () => {
    const { io, r } = setup();
    io.copy('npx mvsp-setup --steps lockaway', 'Then:');
    void io.ask({ message: 'Next' });
    const frame = await waitForText(r, 'Next:');
    expect(rows(frame)).toContain('  npx mvsp-setup --steps lockaway');
    r.finish(0);
    expect(r.afterExit()).toEqual([]);
  });

  it('text typed into a y/n (a path meant for the field before) does not answer it, not even its y', async () => {
    const { io, r } = setup();
    let answered: boolean | null = null;
    void io.confirm('Write these files?').then((v) => (answered = v));
    await waitForText(r, 'Write these files?');
    await waitForInputsReady();
    for (const ch of '.github/workflows/mvsp-verify.yml') await press(r, ch);
    await press(r, KEYS.enter);
    expect(r.frame()).toContain('typed text is not an answer');
    expect(answered).toBeNull();
    // once the typing has stopped, y answers
    await waitForFrame(r, (f) => !f.includes('typed text is not an answer'));
    // the confirm listens again once it has redrawn (a key before that is not seen: y is
    // harmless to repeat, the confirm resolves once)
    await waitForInputsReady();
    for (let i = 0; i < 50 && answered === null; i++) {
      await press(r, 'y');
      if (answered === null) await new Promise((res) => setTimeout(res, 100));
    }
    expect(answered).toBe(true);
  });

  it('prose that wraps keeps the indent after its mark', async () => {
    const { io, r } = setup();
    io.line(`The security contact is the root email: keep the root address for signing in only, ${'and more words '.repeat(4)}`, 'warn');
    void io.ask({ message: 'Next' });
    const frame = await waitForText(r, 'Next:');
    const at = rows(frame).findIndex((l) => l.startsWith('⚠ The security contact'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(rows(frame)[at + 1]).toMatch(/^ {2}\S/);
  });

  it('a wait re-checks on Enter, s moves on, d (demo) pretends it is done', async () => {
    let on = false;
    let checks = 0;
    const { io, r } = setup({ demo: () => (on = true) });
    const check = async () => {
      checks += 1;
      return on;
    };
    const waited = io.waitFor({ label: 'Waiting for root MFA…', check, everyMs: 60_000, skip: 'skip for now' });
    await waitForText(r, 'Enter check now · s skip for now · d pretend it is done');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Waiting for root MFA');
    expect(checks).toBeGreaterThanOrEqual(2);
    await press(r, 'd');
    expect(await waited).toBe(true);

    const skipped = io.waitFor({ label: 'Waiting again…', check: async () => false, everyMs: 60_000, skip: 'skip for now' });
    await waitForText(r, 'Waiting again');
    await waitForInputsReady();
    await press(r, 's');
    expect(await skipped).toBe(false);
  });

  it('a QR secret is drawn beside the step; Tab shows the key instead; clear() takes it off the screen', async () => {
    const { io, r, secrets } = setup();
    const shown = io.showSecret({ text: 'Key  ABCD EFGH IJKL', qr: 'otpauth://totp/AWS:alice@111122223333?secret=ABCDEFGHIJKLMNOP&issuer=AWS' });
    void io.ask({ message: 'First code', allowed: /[0-9 ]/ });
    const frame = await waitForText(r, 'First code:');
    expect(secrets()).toBe(1);
    expect(frame).toContain('▀');
    expect(frame).not.toContain('ABCD EFGH');
    expect(frame).toContain('Tab show key');
    await waitForInputsReady();
    await press(r, KEYS.tab);
    await waitForText(r, 'ABCD EFGH IJKL');
    shown.clear();
    await waitForText(r, 'First code:');
    expect(r.frame()).not.toContain('ABCD');
  });
});
