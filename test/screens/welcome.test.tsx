import React from 'react';
import { describe, expect, it } from 'vitest';
import { Welcome } from '../../src/screens/Welcome.js';
import { createSession } from '../../src/session.js';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { AwsError } from '../../src/aws/errors.js';
import type { Gateway } from '../../src/aws/port.js';
import { KEYS, press, render, waitForExit, waitForInputsReady, waitForText } from '../helpers/ink.js';

const now = () => new Date('2026-11-24T12:00:00Z');
const OUTLINE = ['Check the root sign-in email', 'Set the contacts'];

describe('Welcome screen', () => {
  it('shows the sandbox account and caller, fits 80 columns, and Enter starts', async () => {
    const gateway = createSandboxGateway({ now });
    const session = createSession({ demo: true, gateway, now });
    let started = '';
    const r = render(<Welcome outline={OUTLINE} onStart={(pf) => (started = pf.caller.arn)} />, { session, ui: { demo: true } });
    const frame = await waitForText(r, 'Enter start');
    expect(frame).toContain('DEMO');
    expect(frame).toContain('111122223333');
    expect(frame).toContain('root user');
    // one line per selected step, from the step definitions
    expect(frame).toContain('1. Check the root sign-in email');
    expect(frame).toContain('2. Set the contacts');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(started).toBe('arn:aws:iam::111122223333:root');
  });

  it('with no credentials explains CloudShell and exits 2', async () => {
    const failing = {
      kind: 'aws',
      sts: { getCallerIdentity: () => Promise.reject(new AwsError({ kind: 'NoCredentials', action: 'sts:GetCallerIdentity', message: 'Could not load credentials from any providers' })) },
      iam: { listAccountAliases: () => Promise.resolve([]) },
    } as unknown as Gateway;
    const r = render(<Welcome outline={OUTLINE} onStart={() => {}} />, { session: createSession({ demo: false, gateway: failing, now }) });
    const frame = await waitForText(r, 'CloudShell');
    expect(frame).toContain('No usable AWS credentials');
    expect(await waitForExit(r)).toBe(2);
  });
});

describe('leaving the welcome screen', () => {
  it('Esc quits with exit 0 and says nothing changed', async () => {
    const gateway = createSandboxGateway({ now });
    const r = render(<Welcome outline={OUTLINE} onStart={() => {}} />, { session: createSession({ demo: true, gateway, now }), ui: { demo: true } });
    await waitForText(r, 'Enter start');
    await waitForInputsReady();
    await press(r, KEYS.escape);
    expect(await waitForExit(r)).toBe(0);
    expect(r.frame()).toContain('Nothing changed.');
  });
});

describe('Ctrl-C', () => {
  it('interrupts (exit 130) even when it arrives in one chunk with other keys', async () => {
    const gateway = createSandboxGateway({ now });
    const r = render(<Welcome outline={OUTLINE} onStart={() => {}} />, { session: createSession({ demo: true, gateway, now }), ui: { demo: true } });
    await waitForText(r, 'Enter start');
    await waitForInputsReady();
    r.stdin.write(`${KEYS.enter}${KEYS.ctrlC}`);
    expect(await waitForExit(r)).toBe(130);
  });
});
