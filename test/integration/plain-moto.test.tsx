// The same answers through the three front ends — plain prompts, --ci, the Ink screen —
// leave the same account behind, read back through the SDK from moto.
import React from 'react';
import {
  GetAccountPasswordPolicyCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListUserTagsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { createSession } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { definition as admin } from '../../src/steps/day-one/admin.js';
import { BASELINE_PASSWORD_POLICY } from '../../src/steps/admin-user.js';
import { generatePassword } from '../../src/steps/password.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText } from '../helpers/ink.js';
import { resetMoto, useMoto } from '../helpers/moto.js';
import { scriptedPlain } from '../helpers/plain.js';
import { seededBytes } from '../helpers/random.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const SEED = 7;
const PASSWORD = generatePassword(seededBytes(SEED), BASELINE_PASSWORD_POLICY);
const iam = () => new IAMClient({ region: 'us-east-1' });
// each test its own record folder (the admin made is remembered there); a run after
// resetMoto() gets a fresh one, as the account it remembers is gone
let dataDir: string;
const dirs: string[] = [];
const freshRecord = () => void dirs.push((dataDir = mkdtempSync(join(tmpdir(), 'mvsp-plain-moto-'))));
beforeEach(freshRecord);
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const newSession = () => createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW, randomBytes: seededBytes(SEED), dataDir });

/** Everything the admin step can change, in a form that compares across runs. */
async function endState() {
  const c = iam();
  const users = (await c.send(new ListUsersCommand({}))).Users ?? [];
  const out: Record<string, unknown> = {};
  for (const u of users) {
    const tags = (await c.send(new ListUserTagsCommand({ UserName: u.UserName! }))).Tags ?? [];
    const login = await c.send(new GetLoginProfileCommand({ UserName: u.UserName! })).then(
      () => true,
      () => false,
    );
    out[`user ${u.UserName}`] = { tags: tags.map((t) => `${t.Key}=${t.Value}`).sort(), login };
  }
  for (const g of (await c.send(new ListGroupsCommand({}))).Groups ?? []) {
    const members = (await c.send(new GetGroupCommand({ GroupName: g.GroupName! }))).Users?.map((u) => u.UserName);
    const attached = (await c.send(new ListAttachedGroupPoliciesCommand({ GroupName: g.GroupName! }))).AttachedPolicies?.map((p) => p.PolicyArn);
    out[`group ${g.GroupName}`] = { members, attached: attached?.sort() };
  }
  for (const p of (await c.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? []) {
    const pol = await c.send(new GetPolicyCommand({ PolicyArn: p.Arn! }));
    const v = await c.send(new GetPolicyVersionCommand({ PolicyArn: p.Arn!, VersionId: pol.Policy!.DefaultVersionId! }));
    out[`policy ${p.PolicyName}`] = JSON.parse(decodeURIComponent(v.PolicyVersion!.Document!));
  }
  out.aliases = (await c.send(new ListAccountAliasesCommand({}))).AccountAliases;
  out.passwordPolicy = (await c.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
  return out;
}

async function viaPlain() {
  // a bad name first: plain mode says why and asks again, like the screen
  // … then apply, and yes to "saved the temporary password?"
  const p = scriptedPlain(['alice smith', 'alice', 'acme-production', 'yes', 'yes']);
  const code = await runSetupLines(newSession(), [admin], {}, p.io);
  await p.io.close();
  return { code, out: p.output() };
}

async function viaCi() {
  let out = '';
  const io = ciIO((t) => (out += t), { ci: true, yes: true });
  const code = await runSetupLines(newSession(), [admin], { admin: { userName: 'alice', accountAlias: 'acme-production' } }, io);
  return { code, out };
}

async function viaInk(): Promise<number> {
  const session = newSession();
  const r = render(<Wizard steps={['admin']} defs={[admin]} answers={{}} yes={false} />, { session, ui: { now: () => NOW } });
  await waitForText(r, 'Enter start', 20_000);
  await waitForInputsReady();
  await press(r, KEYS.enter);
  await waitForText(r, 'User name of the first IAM admin:', 20_000);
  await waitForInputsReady();
  await type(r, 'alice');
  await press(r, KEYS.enter);
  await waitForText(r, 'Account alias for the sign-in URL');
  await waitForInputsReady();
  await type(r, 'acme-production');
  await press(r, KEYS.enter);
  await waitForText(r, 'Apply this plan', 20_000);
  await waitForInputsReady();
  await press(r, 'y');
  await waitForText(r, 'Saved the temporary password?', 20_000);
  await waitForInputsReady();
  await press(r, 'y');
  await waitForText(r, 'Enter exit', 20_000);
  await waitForInputsReady();
  await press(r, KEYS.enter);
  const code = await waitForExit(r);
  r.unmount();
  return code;
}

describe('admin step: plain, --ci and Ink leave the same account (moto)', () => {
  it('same answers, same end state', async () => {
    const plain = await viaPlain();
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('? User name of the first IAM admin: alice smith\n  ✖ A space is not allowed');
    expect(plain.out).toContain('  ✔ Create IAM user alice (tagged)');
    // shown once, then a note that a log cannot be cleared
    expect(plain.out.split(PASSWORD).length - 1).toBe(1);
    expect(plain.out).toContain('This output cannot be cleared');
    const afterPlain = await endState();

    await resetMoto();
    freshRecord();
    const ci = await viaCi();
    expect(ci.code).toBe(0);
    const afterCi = await endState();

    await resetMoto();
    freshRecord();
    expect(await viaInk()).toBe(0);
    const afterInk = await endState();

    expect(afterPlain['user alice']).toBeDefined();
    expect(afterPlain.aliases).toEqual(['acme-production']);
    expect(afterCi).toEqual(afterPlain);
    expect(afterInk).toEqual(afterPlain);
  }, 60_000);

  it('a re-run in plain mode after --ci finds the admin it made: already in place, nothing asked', async () => {
    expect((await viaCi()).code).toBe(0);
    const before = await endState();
    const p = scriptedPlain([]);
    const code = await runSetupLines(newSession(), [admin], {}, p.io);
    await p.io.close();
    expect(code).toBe(0);
    expect(p.output()).toContain('admin: done — IAM admin alice in Administrators: already in place');
    expect(p.output()).not.toContain('? ');
    expect(p.output()).not.toContain('Apply this plan');
    expect(await endState()).toEqual(before);
  }, 30_000);

  it('declining the plan changes nothing and says the step is pending', async () => {
    const p = scriptedPlain(['alice', '', 'no']);
    const code = await runSetupLines(newSession(), [admin], {}, p.io);
    await p.io.close();
    expect(code).toBe(0);
    expect(p.output()).toContain('admin: not applied');
    expect(p.output()).toContain('admin: pending');
    expect((await iam().send(new ListUsersCommand({}))).Users).toEqual([]);
  }, 30_000);
});
