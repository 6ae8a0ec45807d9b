import React from 'react';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { plainIO, PlainInterrupted, CLEAR_SCREEN } from '../../src/plain/plain-io.js';
import { InputEnded } from '../../src/steps/flow.js';
import { frontEnd } from '../../src/commands/terminal.js';
import { parseArgs } from '../../src/args.js';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { definition as admin } from '../../src/steps/day-one/admin.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText } from '../helpers/ink.js';
import { scriptedPlain } from '../helpers/plain.js';
import { seededBytes } from '../helpers/random.js';

const NOW = new Date('2026-11-24T12:00:00Z');

describe('frontEnd', () => {
  const ctx = (argv: string[], stdin: object, stdout: object, env: NodeJS.ProcessEnv = { TERM: 'xterm' }) =>
    ({ args: parseArgs(argv), stdin, stdout, env }) as unknown as Parameters<typeof frontEnd>[0];
  const rawTty = { isTTY: true, setRawMode: () => {} };
  it('Ink on a full terminal; plain with --plain', () => {
    expect(frontEnd(ctx([], rawTty, { isTTY: true }))).toBe('ink');
    expect(frontEnd(ctx(['--plain'], rawTty, { isTTY: true }))).toBe('plain');
  });
  it('plain when a person is there but Ink cannot run: no raw mode, TERM=dumb, output to a pipe', () => {
    expect(frontEnd(ctx([], { isTTY: true }, { isTTY: true }))).toBe('plain');
    expect(frontEnd(ctx([], rawTty, { isTTY: true }, { TERM: 'dumb' }))).toBe('plain');
    expect(frontEnd(ctx([], rawTty, { isTTY: false }))).toBe('plain');
  });
  it('none when nobody can answer (stdin is not a terminal), unless --plain', () => {
    expect(frontEnd(ctx([], {}, { isTTY: true }))).toBe('none');
    expect(frontEnd(ctx(['--plain'], {}, {}))).toBe('plain');
  });
});

describe('plainIO', () => {
  it('asks again after a bad answer, keeps the default on Enter, and writes one line per answer', async () => {
    const p = scriptedPlain(['Bad Name', '']);
    const v = await p.io.ask({ message: 'Name', initial: 'bob', validate: (x) => (/^[a-z]+$/.test(x) ? null : 'lowercase letters only') });
    expect(v).toBe('bob');
    expect(p.output()).toBe('? Name (Enter keeps "bob"): Bad Name\n  ✖ lowercase letters only\n? Name (Enter keeps "bob"): \n  → bob\n');
  });

  it('choices are a numbered list, answered by number or by name', async () => {
    const p = scriptedPlain(['7', 'developers', '3']);
    expect(await p.io.ask({ message: 'Group', choices: ['Administrators', 'Developers', 'ReadOnly'] })).toBe('Developers');
    expect(p.output()).toContain('? Group\n  1. Administrators\n  2. Developers\n  3. ReadOnly\n');
    expect(p.output()).toContain('  ✖ answer with a number from 1 to 3 or a name from the list\n');
    expect(await p.io.ask({ message: 'Group', choices: ['Administrators', 'Developers', 'ReadOnly'] })).toBe('ReadOnly');
  });

  it('confirm: yes/no words, Enter for yes, anything else asked again; --yes answers itself', async () => {
    const p = scriptedPlain(['maybe', 'no', '']);
    expect(await p.io.confirm('Apply?')).toBe(false);
    expect(p.output()).toContain('  ✖ answer yes or no\n');
    // nothing can have changed before a yes: an interrupt says so
    expect(p.io.mayHaveChanged()).toBe(false);
    expect(await p.io.confirm('Apply?')).toBe(true);
    expect(p.io.mayHaveChanged()).toBe(true);
    const y = scriptedPlain([], { yes: true });
    expect(await y.io.confirm('Apply?')).toBe(true);
    expect(y.io.mayHaveChanged()).toBe(true);
    expect(y.output()).toBe('? Apply? yes (--yes)\n');
  });

  it('a secret is read in raw mode without echo; Ctrl-C there interrupts', async () => {
    const p = scriptedPlain([], {}, { tty: { rawMode: true } });
    const asked = p.io.ask({ message: 'Code', secret: true });
    p.answer('12x\u007f3');
    expect(await asked).toBe('123');
    expect(p.output()).toBe('? Code (typing is not shown): \n');
    expect(p.output()).not.toContain('123');
    const again = p.io.ask({ message: 'Code', secret: true });
    p.answer('\u0003');
    await expect(again).rejects.toEqual(new PlainInterrupted('Ctrl-C'));
  });

  it('works on a terminal without raw mode (the line is the terminal’s own echo)', async () => {
    const p = scriptedPlain(['alice'], {}, { tty: { rawMode: false } });
    expect(await p.io.ask({ message: 'Name' })).toBe('alice');
    expect(p.output()).toBe('? Name: ');
  });

  it('the end of the input is no interrupt: a question throws InputEnded, the first confirm answers no', async () => {
    const p = scriptedPlain([]);
    p.end();
    await expect(p.io.ask({ message: 'Name' })).rejects.toBeInstanceOf(InputEnded);
    await expect(p.io.ask({ message: 'Group', choices: ['A', 'B'] })).rejects.toBeInstanceOf(InputEnded);
    // even where Enter alone would answer yes
    expect(await p.io.confirm('Apply?')).toBe(false);
    expect(p.output()).toContain('? Name: \n');
    expect(p.output()).toContain('? Apply? (yes or no, Enter for yes): \n  → no (the input ended)\n');
    // nobody can answer any later one: it stops the run as a question does, unasked
    await expect(p.io.confirm('Delete?', { defaultNo: true })).rejects.toBeInstanceOf(InputEnded);
    expect(p.output()).not.toContain('Delete?');
  });

  it('the input ends at the admin password hand-over: asked once, the password stays on the screen', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: () => {} });
    let out = '';
    const output = Object.assign(new PassThrough(), { isTTY: true });
    output.on('data', (d: Buffer) => (out += d.toString()));
    // the name, the alias, apply; then the input ends
    for (const a of ['alice', 'acme-production', 'y']) input.write(`${a}\n`);
    input.end();
    const io = plainIO({ input, output, env: { TERM: 'xterm' } }, {});
    const dataDir = mkdtempSync(join(tmpdir(), 'mvsp-plain-io-'));
    try {
      const sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(99) });
      const session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(3), dataDir });
      expect(await runSetupLines(session, [admin], {}, io)).toBe(0);
      await io.close();
      await new Promise((r) => setImmediate(r));
      const password = /Temporary password for alice \(shown once[^\n]*\n\s+(\S+)/.exec(out)?.[1];
      expect(password, out).toBeDefined();
      expect(out.split('Saved the temporary password?')).toHaveLength(2);
      expect(out).toContain('The input ended: store the password shown above now.');
      expect(out).toContain('The secret above stays on the screen: nobody could confirm it is stored.');
      expect(out).not.toContain(CLEAR_SCREEN);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a secret is cleared with a clear-screen on a terminal, with a note on scrollback', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: () => {} });
    let out = '';
    const output = Object.assign(new PassThrough(), { isTTY: true });
    output.on('data', (d: Buffer) => (out += d.toString()));
    const io = plainIO({ input, output, env: { TERM: 'xterm' } }, {});
    const shown = io.showSecret('Secret key: ABCD');
    shown.clear();
    shown.clear();
    await new Promise((r) => setImmediate(r));
    expect(out.split(CLEAR_SCREEN)).toHaveLength(2);
    expect(out.indexOf(CLEAR_SCREEN)).toBeGreaterThan(out.indexOf('Secret key: ABCD'));
    expect(out).toContain("scrollback may still hold it");
    await io.close();
  });
});

describe('admin step: plain, --ci and Ink leave the same sandbox account', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const fresh = () => {
    const sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(99) });
    // each run its own record folder: the admin made is remembered there
    const dataDir = mkdtempSync(join(tmpdir(), 'mvsp-plain-io-'));
    dirs.push(dataDir);
    const session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(3), dataDir });
    return { sandbox, session };
  };

  it('same answers, same snapshot', async () => {
    const a = fresh();
    // the name, the alias, apply, and yes to "saved the temporary password?"
    const p = scriptedPlain(['alice', 'acme-production', 'y', 'y']);
    expect(await runSetupLines(a.session, [admin], {}, p.io)).toBe(0);
    await p.io.close();

    const b = fresh();
    const ci = ciIO(() => {}, { ci: true, yes: true });
    expect(await runSetupLines(b.session, [admin], { admin: { userName: 'alice', accountAlias: 'acme-production' } }, ci)).toBe(0);

    const c = fresh();
    const r = render(<Wizard steps={['admin']} defs={[admin]} answers={{}} yes={false} />, { session: c.session, ui: { demo: true, now: () => NOW } });
    await waitForText(r, 'Enter start');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'User name of the first IAM admin:');
    await waitForInputsReady();
    await type(r, 'alice');
    await press(r, KEYS.enter);
    await waitForText(r, 'Account alias for the sign-in URL');
    await waitForInputsReady();
    await type(r, 'acme-production');
    await press(r, KEYS.enter);
    await waitForText(r, 'Apply this plan');
    await waitForInputsReady();
    await press(r, 'y');
    await waitForText(r, 'Saved the temporary password?');
    await waitForInputsReady();
    await press(r, 'y');
    await waitForText(r, 'Enter exit');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    r.unmount();

    const snap = a.sandbox.controls.snapshot();
    expect(snap.users.map((u) => u.name)).toEqual(['alice']);
    expect(b.sandbox.controls.snapshot()).toEqual(snap);
    expect(c.sandbox.controls.snapshot()).toEqual(snap);
  });
});
