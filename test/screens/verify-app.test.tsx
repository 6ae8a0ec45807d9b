// The verify report screen and the attestation, against the sandbox account.
import React from 'react';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { VerifyApp } from '../../src/screens/VerifyApp.js';
import { emptyRecord, type LocalRecord } from '../../src/steps/local-record.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText } from '../helpers/ink.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const now = () => NOW;

describe('verify screen (sandbox)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mvsp-verify-screen-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function setup() {
    const gateway = createSandboxGateway({ now });
    const session = createSession({ demo: true, gateway, now });
    const r = render(<VerifyApp version="1.2.3" dataDir={dir} verifyOptions={{ sleep: async () => {} }} />, { session, ui: { demo: true, now } });
    return { gateway, r };
  }

  function setupWithRecord(record: LocalRecord) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, `${record.accountId}.json`), JSON.stringify(record), { mode: 0o600 });
    return setup();
  }

  it('shows grouped checks with symbols and words, scrolls within 24 rows, then attests and saves', async () => {
    const { gateway, r } = setup();
    gateway.controls.addRootAccessKey();
    const first = await waitForText(r, 'Enter attest root access');
    expect(first).toContain('DEMO');
    expect(first).toContain('Account 111122223333 · 2026-11-24');
    expect(first).toMatch(/✔ \d+ pass · ⚠ \d+ warn · ✖ \d+ fail · \? \d+ unknown/);
    expect(first).toContain('Root user');
    expect(first).toContain('✖ FAIL    Root user has no access keys');
    expect(first).toContain('✖ FAIL    Root user has MFA');
    for (const line of first.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(first.split('\n').length).toBeLessThanOrEqual(24);
    expect(first).toContain('↓ more');
    expect(first).toContain('s/Esc skip and save');

    // page down until the last group is on screen
    let frame = first;
    await waitForInputsReady();
    for (let i = 0; i < 10 && !frame.includes('No stale credentials'); i++) {
      await press(r, ' ');
      frame = r.frame();
    }
    expect(frame).toContain('IAM users');
    expect(frame).toContain('No stale credentials');

    await press(r, KEYS.enter);
    const questions = await waitForText(r, 'did someone sign in as root');
    expect(questions).toContain('Three questions for the people who hold root.');
    // no answer is chosen yet: Enter only says what is needed
    expect(questions).not.toContain('›');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Choose one with ↑↓');
    expect(r.frame()).not.toContain('Who was it?');
    await press(r, KEYS.down); // "Yes, signed in as root and got in"
    expect(r.frame()).toMatch(/› Yes, signed in as root and got in/);
    await press(r, KEYS.enter);
    await waitForText(r, 'Who was it?');
    await waitForInputsReady();
    await type(r, 'Alice');
    await press(r, KEYS.enter);
    await waitForText(r, 'Who can reach root today?');
    await waitForInputsReady();
    await type(r, 'Alice');
    await press(r, KEYS.enter);
    await waitForText(r, 'Name at least two people');
    await type(r, ', Bob');
    await press(r, KEYS.enter);
    // root signed in two minutes before the sandbox was made, and nothing earlier is recorded
    await waitForText(r, 'Yes, every use was ours');
    expect(r.frame()).toContain('3. Root was used on 2026-11-24 (console password), after the last check.');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Choose one with ↑↓ (or its number)');
    await press(r, '1', KEYS.enter);
    const saved = await waitForText(r, 'Report saved:');
    expect(saved).toContain(join(dir, '111122223333', 'verify-2026-11-24.md'));
    expect(saved).not.toContain('Root access attested by its holders');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(1);

    const record = JSON.parse(readFileSync(join(dir, '111122223333.json'), 'utf8')) as LocalRecord;
    expect(record.rootHolders).toEqual(['Alice', 'Bob']);
    expect(record.attestations).toEqual([
      { at: NOW.toISOString(), rootSignIn: 'got-in', signedInBy: 'Alice', holders: ['Alice', 'Bob'], rootUseConfirmedThrough: '2026-11-24T11:58:00.000Z' },
    ]);
    expect(record.checks).toHaveLength(1);
    expect(statSync(join(dir, '111122223333.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, '111122223333')).sort()).toEqual(['verify-2026-11-24.json', 'verify-2026-11-24.md']);
    const doc = JSON.parse(readFileSync(join(dir, '111122223333', 'verify-2026-11-24.json'), 'utf8')) as { checks: { id: string; status: string }[] };
    expect(doc.checks.find((c) => c.id === 'root-access-attested')?.status).toBe('pass');
    expect(doc.checks.find((c) => c.id === 'root-recent-use')?.status).toBe('pass');
  });

  it('a month later, with holders on record: nothing is pre-filled, Enter alone attests nothing, and the count says two questions', async () => {
    const { r } = setupWithRecord({
      ...emptyRecord('111122223333'),
      rootHolders: ['Alice Doe', 'Bob Roe'],
      // the sandbox's root sign-in (11:58) was confirmed last time: no third question
      attestations: [{ at: '2026-11-24T11:59:00.000Z', rootSignIn: 'got-in', signedInBy: 'Alice Doe', holders: ['Alice Doe', 'Bob Roe'], rootUseConfirmedThrough: '2026-11-24T11:58:00.000Z' }],
    });
    await waitForText(r, 'Enter attest root access');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    const q = await waitForText(r, 'did someone sign in as root');
    expect(q).toContain('Two questions for the people who hold root.');
    await waitForInputsReady();
    await press(r, KEYS.enter, KEYS.enter, KEYS.enter);
    expect(r.frame()).toContain('Choose one with ↑↓');
    expect(r.frame()).not.toContain('Who was it?');

    await press(r, '1', KEYS.enter);
    const who = await waitForText(r, 'Who was it?');
    expect(who).not.toContain('Alice');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Type the name of who signed in.');
    await type(r, 'Alice Doe');
    await press(r, KEYS.enter);
    const names = await waitForText(r, 'Who can reach root today?');
    expect(names).toMatch(/\(at least two\):\s*$/m);
    expect(names).toContain('Last recorded: Alice Doe, Bob Roe');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Name at least two people (got 0)');
    // its first letter offers the names on record; Enter takes them
    await type(r, 'A');
    await press(r, KEYS.enter);
    await waitForText(r, 'Report saved:');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForExit(r);
    const record = JSON.parse(readFileSync(join(dir, '111122223333.json'), 'utf8')) as LocalRecord;
    expect(record.attestations.at(-1)).toEqual({ at: NOW.toISOString(), rootSignIn: 'got-in', signedInBy: 'Alice Doe', holders: ['Alice Doe', 'Bob Roe'] });
  });

  it.each([['s', 's'], ['Esc', KEYS.escape]])('%s skips the attestation and still saves; exit 0: nothing failed, root access not attested is a warning', async (_name, key) => {
    const { gateway, r } = setup();
    gateway.controls.enableRootMfa('hardware');
    await gateway.iam.updatePasswordPolicy({
      minimumPasswordLength: 14,
      requireSymbols: true,
      requireNumbers: true,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      allowUsersToChangePassword: true,
      passwordReusePrevention: 24,
    });
    await gateway.account.putAlternateContact('SECURITY', { name: 'Sec', title: 'Sec', email: 'security@acme.com', phone: '+14155550100' });
    const frame = await waitForText(r, 'Enter attest root access');
    expect(frame).toContain('0 fail');
    await waitForInputsReady();
    await press(r, key);
    await waitForText(r, 'Report saved:');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, '111122223333', 'verify-2026-11-24.json'), 'utf8')) as { checks: { id: string; status: string }[] };
    expect(doc.checks.find((c) => c.id === 'root-access-attested')?.status).toBe('warn');
  });
});
