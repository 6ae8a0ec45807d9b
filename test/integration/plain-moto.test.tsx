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
import { describe, expect, it, vi } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { runSetupHeadless } from '../../src/headless/run-setup.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { createSession } from '../../src/session.js';
import { AdminStep } from '../../src/screens/AdminStep.js';
import type { StepOutcome } from '../../src/screens/wizard/types.js';
import { BASELINE_PASSWORD_POLICY } from '../../src/steps/admin-user.js';
import { generatePassword } from '../../src/steps/password.js';
import { KEYS, press, render, type, waitForInputsReady, waitForText } from '../helpers/ink.js';
import { resetMoto, useMoto } from '../helpers/moto.js';
import { scriptedPlain } from '../helpers/plain.js';
import { seededBytes } from '../helpers/random.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const SEED = 7;
const PASSWORD = generatePassword(seededBytes(SEED), BASELINE_PASSWORD_POLICY);
const iam = () => new IAMClient({ region: 'us-east-1' });
const newSession = () => createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW, randomBytes: seededBytes(SEED) });

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
  const p = scriptedPlain(['alice smith', 'alice', 'acme-production', 'yes']);
  const code = await runSetupHeadless(newSession(), ['admin'], {}, p.io);
  await p.io.close();
  return { code, out: p.output() };
}

async function viaCi() {
  let out = '';
  const io = ciIO((t) => (out += t), { ci: true, yes: true });
  const code = await runSetupHeadless(newSession(), ['admin'], { admin: { userName: 'alice', accountAlias: 'acme-production' } }, io);
  return { code, out };
}

async function viaInk() {
  const session = newSession();
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
    { session, ui: { now: () => NOW } },
  );
  await waitForText(r, 'User name:');
  await waitForInputsReady();
  await type(r, 'alice');
  await press(r, KEYS.enter);
  await waitForText(r, 'Account alias:');
  await waitForInputsReady();
  await type(r, 'acme-production');
  await press(r, KEYS.enter);
  await waitForText(r, 'Apply this plan?', 20_000);
  await waitForInputsReady();
  await press(r, 'y');
  await waitForText(r, 'alice is ready', 20_000);
  await waitForInputsReady();
  await press(r, KEYS.enter);
  r.unmount();
  return done.mock.calls[0]![0];
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
    const ci = await viaCi();
    expect(ci.code).toBe(0);
    const afterCi = await endState();

    await resetMoto();
    const ink = await viaInk();
    expect(ink.status).toBe('done');
    const afterInk = await endState();

    expect(afterPlain['user alice']).toBeDefined();
    expect(afterPlain.aliases).toEqual(['acme-production']);
    expect(afterCi).toEqual(afterPlain);
    expect(afterInk).toEqual(afterPlain);
  }, 60_000);

  it('a re-run in plain mode plans nothing and asks nothing after the name', async () => {
    expect((await viaCi()).code).toBe(0);
    const before = await endState();
    const p = scriptedPlain(['alice']);
    const code = await runSetupHeadless(newSession(), ['admin'], {}, p.io);
    await p.io.close();
    expect(code).toBe(0);
    expect(p.output()).toContain('nothing to do: everything is already in place');
    expect(p.output()).not.toContain('Apply this plan');
    expect(await endState()).toEqual(before);
  }, 30_000);

  it('declining the plan changes nothing and says the step is pending', async () => {
    const p = scriptedPlain(['alice', '', 'no']);
    const code = await runSetupHeadless(newSession(), ['admin'], {}, p.io);
    await p.io.close();
    expect(code).toBe(0);
    expect(p.output()).toContain('admin: not applied');
    expect(p.output()).toContain('admin: pending');
    expect((await iam().send(new ListUsersCommand({}))).Users).toEqual([]);
  }, 30_000);
});
