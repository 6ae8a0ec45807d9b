import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxGateway, type SandboxGateway } from '../../src/aws/sandbox/index.js';
import { AwsError } from '../../src/aws/errors.js';
import { createSession, type Session } from '../../src/session.js';
import { AdminStep } from '../../src/screens/AdminStep.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import type { StepOutcome } from '../../src/screens/wizard/types.js';
import type { Preflight } from '../../src/steps/preflight.js';
import { BASELINE_PASSWORD_POLICY } from '../../src/steps/admin-user.js';
import { generatePassword } from '../../src/steps/password.js';
import type { Answers } from '../../src/answers.js';
import { KEYS, press, render, type, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';
import { seededBytes } from '../helpers/random.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const SEED = 3;
// the plan draws the password first from the session's random source
const PASSWORD = generatePassword(seededBytes(SEED), BASELINE_PASSWORD_POLICY);

let sandbox: SandboxGateway;
let session: Session;
let dataDir: string;

beforeEach(() => {
  vi.stubEnv('FORCE_HYPERLINK', '0');
  // each test its own record: the admin user made is remembered there
  dataDir = mkdtempSync(join(tmpdir(), 'mvsp-admin-'));
  sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(99) });
  session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED), dataDir });
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

async function renderStep(opts: { answers?: Answers; yes?: boolean; preflight?: Preflight; first?: string } = {}) {
  const preflight = opts.preflight ?? (await session.preflight());
  const done = vi.fn<(o: StepOutcome) => void>();
  const back = vi.fn();
  const r = render(
    <AdminStep
      answers={opts.answers ?? {}}
      preflight={preflight}
      shared={{ accountAlias: preflight.alias }}
      position={{ index: 1, total: 1 }}
      yes={opts.yes ?? false}
      onDone={done}
      onBack={back}
    />,
    { session, ui: { demo: true, now: () => NOW } },
  );
  await screen(r, opts.first ?? 'User name:');
  await waitForInputsReady();
  return { r, done, back };
}

/** Wait for a screen, then for its inputs to subscribe (a key sent earlier is lost). */
async function screen(r: Rendered, text: string): Promise<string> {
  await waitForText(r, text);
  await waitForInputsReady();
  return r.frame();
}

async function submit(r: Rendered, text: string) {
  await type(r, text);
  await press(r, KEYS.enter);
}

describe('AdminStep', () => {
  it('walks name → alias → plan → apply → result with a masked password revealed by a key', async () => {
    const { r, done } = await renderStep();

    await type(r, 'alice smith');
    await waitForText(r, 'A space is not allowed');
    await press(r, KEYS.enter);
    // still on the name, nothing typed lost
    expect(r.frame()).toContain('User name: alice smith');
    await press(r, ...Array(6).fill(KEYS.backspace));
    await waitForText(r, 'letters, digits and + = , . @ _ -');
    await press(r, KEYS.enter);

    await screen(r, 'Account alias:');
    await type(r, 'Acme');
    await waitForText(r, 'Lowercase only: try "acme"');
    await press(r, ...Array(4).fill(KEYS.backspace));
    await submit(r, 'acme-production');

    let f = await screen(r, 'Apply this plan?');
    expect(f).toContain('Plan for alice:');
    expect(f).toContain('Will do (9):');
    expect(f).toContain('Create IAM user alice (tagged) iam:CreateUser');
    expect(f).toContain('Attach RequireMFA to group Administrators iam:AttachGroupPolicy');
    expect(f).toContain('Create account alias acme-production (sign-in URL) iam:CreateAccountAlias');
    expect(sandbox.controls.snapshot().users).toHaveLength(0);

    await press(r, 'y');
    f = await screen(r, 'alice is ready');
    expect(r.frames().some((x) => x.includes('Applying the plan for alice'))).toBe(true);
    expect(f).toContain('Sign-in URL        https://acme-production.signin.aws.amazon.com/console');
    expect(f).toContain('User name          alice');
    expect(f).toContain(`Temporary password ${'•'.repeat(PASSWORD.length)}`);
    expect(f).not.toContain(PASSWORD);
    expect(f).toContain('it will not be shown again');

    await press(r, 'p');
    f = await waitForText(r, PASSWORD);
    expect(f).toContain(`Temporary password ${PASSWORD}`);

    await press(r, KEYS.enter);
    expect(done).toHaveBeenCalledTimes(1);
    const outcome = done.mock.calls[0]![0];
    expect(outcome.status).toBe('done');
    expect(outcome.shared).toEqual({ adminUser: 'alice', accountAlias: 'acme-production' });
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);

    const s = sandbox.controls.snapshot();
    expect(s.users.map((u) => u.name)).toEqual(['alice']);
    expect(s.users[0]!.loginProfile?.passwordResetRequired).toBe(true);
    expect(s.groups[0]!.members).toEqual(['alice']);
    expect(s.aliases).toEqual(['acme-production']);
    r.unmount();
  });

  it('shows each action while applying: running, then a tick and the time taken', async () => {
    // a little latency so that the frames in between are drawn
    sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(99), latencyMs: 15 });
    session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED) });
    const { r } = await renderStep({ answers: { admin: { userName: 'bob' } } });
    await press(r, KEYS.enter);
    await screen(r, 'Account alias:');
    await press(r, KEYS.enter);
    await screen(r, 'Apply this plan?');
    await press(r, 'y');
    await waitForText(r, 'bob is ready');
    const applying = r.frames().filter((x) => x.includes('Applying the plan for bob'));
    expect(applying.some((x) => x.includes('… Create IAM user bob (tagged)'))).toBe(true);
    expect(applying.some((x) => /✔ Create IAM user bob \(tagged\) \(\d+ ms\)/.test(x) && x.includes('○ Console password for bob'))).toBe(true);
    // no alias asked for: the account-id URL
    expect(r.frame()).toContain(`https://${sandbox.controls.snapshot().accountId}.signin.aws.amazon.com/console`);
    r.unmount();
  });

  it('a taken alias: the rest is done, the password is still shown, another alias finishes it', async () => {
    const { r, done } = await renderStep({ answers: { admin: { userName: 'alice', accountAlias: 'acme' } } });
    await press(r, KEYS.enter);
    await screen(r, 'Account alias:');
    await press(r, KEYS.enter);
    await screen(r, 'Apply this plan?');
    await press(r, 'y');
    let f = await screen(r, 'Stopped:');
    expect(f).toContain('8 of 9 changes made, 1 not done');
    expect(f).toContain('The alias acme is taken');
    expect(f).toContain(`Temporary password ${'•'.repeat(PASSWORD.length)}`);

    await press(r, 'a');
    f = await screen(r, 'is taken (aliases are unique across AWS)');
    expect(f).toContain('Try: acme-aws, acme-prod');
    // Enter takes the completion shown for the taken alias: acme-aws
    await press(r, KEYS.enter);
    f = await screen(r, 'Apply this plan?');
    expect(f).toContain('Will do (1):');
    expect(f).toContain('Create account alias acme-aws');
    expect(f).toContain('IAM user alice');
    await press(r, 'y');
    f = await screen(r, 'alice is ready');
    expect(f).toContain('https://acme-aws.signin.aws.amazon.com/console');
    // the password from the first run is still the one to hand over
    expect(f).toContain(`Temporary password ${'•'.repeat(PASSWORD.length)}`);
    await press(r, KEYS.enter);
    expect(done.mock.calls[0]![0].status).toBe('done');
    r.unmount();
  });

  it('Esc goes back before applying, keeping what was typed; Esc on the name leaves the step', async () => {
    const { r, back } = await renderStep();
    await submit(r, 'carol');
    await screen(r, 'Account alias:');
    await submit(r, 'carol-co');
    await screen(r, 'Apply this plan?');
    await press(r, KEYS.escape);
    let f = await screen(r, 'Account alias:');
    expect(f).toContain('Account alias: carol-co');
    await press(r, KEYS.escape);
    f = await screen(r, 'User name:');
    expect(f).toContain('User name: carol');
    await press(r, KEYS.escape);
    expect(back).toHaveBeenCalledTimes(1);
    expect(sandbox.controls.snapshot().users).toHaveLength(0);
    r.unmount();
  });

  it('a second run plans nothing and says what is already in place', async () => {
    const first = await renderStep({ answers: { admin: { userName: 'alice', accountAlias: 'acme-production' } }, yes: true });
    await press(first.r, KEYS.enter);
    await screen(first.r, 'Account alias:');
    await press(first.r, KEYS.enter);
    await screen(first.r, 'alice is ready');
    first.r.unmount();

    session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED), dataDir });
    const { r, done } = await renderStep({ answers: { admin: { userName: 'alice' } }, first: 'Already done' });
    const f = r.frame();
    expect(f).toContain('IAM user alice');
    expect(f).toContain('Account alias acme-production');
    expect(f).not.toContain('Account alias:');
    expect(f).not.toContain('User name:');
    await press(r, KEYS.enter);
    expect(done.mock.calls[0]![0].status).toBe('done');
    r.unmount();
  });

  it('a re-run without answers finds the admin it made last time: already done, Enter goes on, e picks another user', async () => {
    const first = await renderStep({ answers: { admin: { userName: 'alice', accountAlias: 'acme-production' } }, yes: true });
    await press(first.r, KEYS.enter);
    await screen(first.r, 'Account alias:');
    await press(first.r, KEYS.enter);
    await screen(first.r, 'alice is ready');
    first.r.unmount();

    session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED), dataDir });
    const { r, done } = await renderStep({ first: 'Already done' });
    const f = r.frame();
    expect(f).toContain('Step 1 of 1');
    expect(f).toContain('✔ Already done: nothing to change.');
    expect(f).toContain('✔ IAM user alice');
    expect(f).toContain('✔ alice is in group Administrators');
    expect(f).toContain('✔ Sign-in URL https://acme-production.signin.aws.amazon.com/console');
    expect(f).toContain('Enter continue · e another user · Esc back');
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    await press(r, 'e');
    await screen(r, 'User name: alice');
    r.unmount();

    const again = await renderStep({ first: 'Already done' });
    await press(again.r, KEYS.enter);
    expect(again.done.mock.calls[0]![0]).toMatchObject({ status: 'done', summary: ['IAM admin alice in Administrators: already in place'] });
    again.r.unmount();
  });

  it('access denied names the action and the policy that grants it', async () => {
    // the sandbox does not evaluate IAM policies: make one call refuse, as AWS would
    sandbox.iam.getPasswordPolicy = async () => {
      throw new AwsError({ kind: 'AccessDenied', action: 'iam:GetAccountPasswordPolicy', code: 'AccessDenied' });
    };
    const { r } = await renderStep({ answers: { admin: { userName: 'alice' } } });
    await press(r, KEYS.enter);
    await screen(r, 'Account alias:');
    await press(r, KEYS.enter);
    const f = await waitForText(r, 'Access denied: iam:GetAccountPasswordPolicy');
    expect(f).toContain('IAMFullAccess');
    r.unmount();
  });

  it('a partial failure shows what was done and not; r re-reads the account and finishes it', async () => {
    // the sandbox does not evaluate IAM policies: make one call refuse, as AWS would
    const createLoginProfile = sandbox.iam.createLoginProfile;
    sandbox.iam.createLoginProfile = async () => {
      throw new AwsError({ kind: 'AccessDenied', action: 'iam:CreateLoginProfile', code: 'AccessDenied' });
    };
    const { r, done } = await renderStep({ answers: { admin: { userName: 'dave' } } });
    await press(r, KEYS.enter);
    await screen(r, 'Account alias:');
    await press(r, KEYS.enter);
    await screen(r, 'Apply this plan?');
    await press(r, 'y');
    let f = await screen(r, 'Stopped:');
    expect(f).toContain('7 of 8 changes made, 1 not done');
    expect(f).toContain('✔ Add dave to group Administrators');
    expect(f).toContain('✖ Console password for dave (reset at first sign-in) — failed');
    expect(f.replace(/\s+/g, ' ')).toContain('Access denied: iam:CreateLoginProfile, which the AWS managed policy IAMFullAccess (or AdministratorAccess) grants');
    expect(f).not.toContain('Temporary password');

    sandbox.iam.createLoginProfile = createLoginProfile;
    await press(r, 'r');
    f = await screen(r, 'Apply this plan?');
    expect(f).toContain('Will do (1):');
    expect(f).toContain('Console password for dave');
    await press(r, 'y');
    f = await screen(r, 'dave is ready (1 change made)');
    expect(f).toContain(`Temporary password ${'•'.repeat(PASSWORD.length)}`);
    await press(r, KEYS.enter);
    expect(done.mock.calls[0]![0].status).toBe('done');
    r.unmount();
  });

  it('is reachable in the wizard right after the welcome screen', async () => {
    const r = render(<Wizard steps={['admin']} answers={{}} yes={false} />, { session, ui: { demo: true, now: () => NOW } });
    await screen(r, 'Enter start');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    const f = await screen(r, 'User name:');
    expect(f).toContain('Step 1 of 1');
    expect(f).toContain('First IAM admin');
    r.unmount();
  });
});
