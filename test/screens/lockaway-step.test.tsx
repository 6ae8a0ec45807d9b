// The root lock-away step against the sandbox: waiting for root MFA, root keys, the record.
import React from 'react';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { LockawayStep } from '../../src/screens/LockawayStep.js';
import type { StepOutcome } from '../../src/screens/wizard/types.js';
import { runActions } from '../../src/steps/run-actions.js';
import { recordLockaway } from '../../src/steps/lockaway.js';
import { KEYS, press, render, type, waitForInputsReady, waitForText } from '../helpers/ink.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const now = () => NOW;

describe('lockaway step (sandbox)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mvsp-lockaway-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function setup(opts: { cloudShell?: boolean; yes?: boolean; rootMfa?: boolean } = {}) {
    const gateway = createSandboxGateway({ now });
    if (opts.rootMfa) gateway.controls.enableRootMfa('hardware');
    const session = createSession({ demo: true, gateway, now });
    const preflight = { ...(await session.preflight()), ...(opts.cloudShell === false ? { cloudShell: false } : {}) };
    let outcome: StepOutcome | undefined;
    const r = render(
      <LockawayStep
        answers={{}}
        preflight={preflight}
        shared={{ rootEmail: 'aws+production@acme.com' }}
        position={{ index: 5, total: 7 }}
        yes={opts.yes ?? false}
        onDone={(o) => {
          outcome = o;
        }}
        pollIntervalMs={20}
        dataDir={dir}
      />,
      { session, ui: { demo: true, now } },
    );
    return { gateway, session, r, outcome: () => outcome };
  }

  async function answerHolders(r: ReturnType<typeof render>) {
    await waitForText(r, 'Who can reach root?');
    await waitForInputsReady();
    await type(r, 'Alice');
    await press(r, KEYS.enter);
    await waitForText(r, 'Name at least two people (got 1)');
    await type(r, ', Bob');
    await press(r, KEYS.enter);
    await waitForText(r, 'Where is the root password kept?');
    await waitForInputsReady();
    await type(r, 'Founders vault');
    await press(r, KEYS.enter);
    await waitForText(r, "Where is Alice's root MFA device kept?");
    await waitForInputsReady();
    await type(r, 'YubiKey on keyring');
    await press(r, KEYS.enter);
    await waitForText(r, "Where is Bob's root MFA device kept?");
    await waitForInputsReady();
    await press(r, KEYS.enter);
  }

  it('shows the console steps, polls until root MFA is on (demo key), records names and places only', async () => {
    const { r, outcome } = await setup();
    const first = await waitForText(r, 'Waiting for root MFA');
    expect(first).toContain('→ Security');
    expect(first).toContain('Assign MFA device');
    expect(first).toContain('d pretend it is done');
    for (const line of first.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    await waitForInputsReady();
    await press(r, 'd');
    await waitForText(r, 'Root MFA is on (AccountMFAEnabled is 1)');
    await press(r, KEYS.enter);
    await answerHolders(r);
    await waitForText(r, 'Saving').catch(() => undefined);
    for (let i = 0; i < 200 && !outcome(); i++) await new Promise((res) => setTimeout(res, 10));
    expect(outcome()).toMatchObject({ status: 'done', summary: ['Root MFA is on', 'Can reach root: Alice, Bob'] });
    expect(outcome()!.lastActions).toBeUndefined();
    const file = join(dir, '111122223333.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({
      accountId: '111122223333',
      rootEmail: 'aws+production@acme.com',
      rootHolders: ['Alice', 'Bob'],
      passwordPlace: 'Founders vault',
      mfaDevices: [{ holder: 'Alice', place: 'YubiKey on keyring' }],
      checks: [{ at: NOW.toISOString(), kind: 'lockaway', rootMfa: true }],
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('skipping root MFA leaves the step pending, with the console steps as a todo', async () => {
    const { r, outcome } = await setup();
    await waitForText(r, 'Waiting for root MFA');
    await waitForInputsReady();
    await press(r, 's');
    await answerHolders(r);
    for (let i = 0; i < 200 && !outcome(); i++) await new Promise((res) => setTimeout(res, 10));
    expect(outcome()).toMatchObject({ status: 'pending', summary: expect.arrayContaining(['Root MFA skipped for now']) });
    expect(outcome()!.todo?.[0]).toContain('Assign MFA device');
  });

  it('on root access keys outside CloudShell, offers their deletion as the last action of the run', async () => {
    const { gateway, session, r, outcome } = await setup({ cloudShell: false });
    gateway.controls.enableRootMfa('hardware');
    const keyId = gateway.controls.addRootAccessKey();
    const frame = await waitForText(r, "Delete root's access keys at the end of this run?");
    expect(frame).toContain(keyId);
    await waitForInputsReady();
    await press(r, 'y');
    await answerHolders(r);
    for (let i = 0; i < 200 && !outcome(); i++) await new Promise((res) => setTimeout(res, 10));
    const last = outcome()!.lastActions!;
    expect(last.map((a) => a.call)).toEqual(['iam:DeleteAccessKey']);
    // nothing was deleted yet: the wizard runs these after every other step
    expect(gateway.controls.snapshot().root.accessKeys).toHaveLength(1);
    const result = await runActions(last, await session.context(), () => {});
    expect(result.ok).toBe(true);
    expect(gateway.controls.snapshot().root.accessKeys).toHaveLength(0);
  });

  describe('a re-run', () => {
    const placesKept = () =>
      recordLockaway(
        '111122223333',
        {
          at: NOW,
          rootMfa: true,
          holders: ['Alice', 'Bob'],
          passwordPlace: 'Founders vault',
          mfaDevices: [{ holder: 'Alice', place: 'YubiKey on keyring' }],
        },
        { dataDir: dir },
      );

    it('root MFA on, no root keys, two holders and the places on record: already done, asks nothing', async () => {
      await placesKept();
      const { r, outcome } = await setup({ rootMfa: true });
      const frame = await waitForText(r, 'Already done');
      expect(frame).toContain('Step 5 of 7');
      expect(frame).toContain('✔ Root MFA is on (AccountMFAEnabled is 1)');
      expect(frame).toContain('✔ Root has no access keys');
      expect(frame).toContain('✔ Can reach root: Alice, Bob');
      expect(frame).toContain('✔ Root password kept in: Founders vault');
      expect(frame).toContain("✔ Alice's MFA device: YubiKey on keyring");
      expect(frame).toContain('Enter continue · e change names or places');
      expect(frame).not.toContain('Names (comma-separated)');
      for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
      await waitForInputsReady();
      await press(r, KEYS.enter);
      for (let i = 0; i < 200 && !outcome(); i++) await new Promise((res) => setTimeout(res, 10));
      expect(outcome()).toMatchObject({ status: 'done', summary: expect.arrayContaining(['Can reach root: Alice, Bob']) });
      // nothing was written: the record has the one lock-away check it started with
      const record = JSON.parse(readFileSync(join(dir, '111122223333.json'), 'utf8')) as { checks: unknown[] };
      expect(record.checks).toHaveLength(1);
    });

    it('e changes the names and places, starting from what is on record', async () => {
      await placesKept();
      const { r } = await setup({ rootMfa: true });
      await waitForText(r, 'Already done');
      await waitForInputsReady();
      await press(r, 'e');
      await waitForText(r, 'Names (comma-separated): Alice, Bob');
    });

    it('with --yes it goes on at once', async () => {
      await placesKept();
      const { outcome } = await setup({ rootMfa: true, yes: true });
      for (let i = 0; i < 300 && !outcome(); i++) await new Promise((res) => setTimeout(res, 10));
      expect(outcome()?.status).toBe('done');
    });

    it('root MFA still off: not done, it waits for root MFA as before', async () => {
      await placesKept();
      const { r } = await setup();
      const frame = await waitForText(r, 'Waiting for root MFA');
      expect(frame).not.toContain('Already done');
    });
  });
});
