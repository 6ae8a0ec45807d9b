// The whole day-one flow against moto: the Ink wizard itself (every step, the MFA codes
// computed from the seed AWS handed out), then the same answers through the built
// binary's --ci runner. moto gaps that shape this test: no root user, so root MFA stays
// off and the lock-away step is skipped with "s"; MFA codes are not checked by moto, so
// the codes are computed here from the seed the gateway received.
import React from 'react';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { parse as parseYaml } from 'yaml';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import type { Gateway } from '../../src/aws/port.js';
import { stepIds } from '../../src/steps/registry.js';
import { createSession } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';
import { MOTO_ACCOUNT_ID, useMoto } from '../helpers/moto.js';
import { BIN } from '../helpers/pty.js';
import { dayOneAnswers, readEndState, recordingGateway, twoCodes, withoutMfa, type Recorder } from '../helpers/day-one.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const now = () => NOW;
const STEP_WAIT = 20_000;

let dir: string;
const savedXdg = process.env.XDG_DATA_HOME;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-day-one-'));
  // the lock-away record goes to the data dir: keep it out of the real one
  process.env.XDG_DATA_HOME = join(dir, 'data');
});
afterEach(async () => {
  if (savedXdg === undefined) delete process.env.XDG_DATA_HOME;
  else process.env.XDG_DATA_HOME = savedXdg;
  await rm(dir, { recursive: true, force: true });
});

async function next(r: Rendered, text: string | RegExp, ...keys: string[]): Promise<string> {
  const frame = await waitForText(r, text, STEP_WAIT);
  await waitForInputsReady();
  await press(r, ...keys);
  return frame;
}

function mount(rec: { gateway: ReturnType<typeof recordingGateway>['gateway'] }, yes = true) {
  const session = createSession({ demo: false, gateway: rec.gateway, now });
  const r = render(<Wizard steps={stepIds()} answers={dayOneAnswers(dir)} yes={yes} />, { session, ui: { now } });
  r.resize(80, 24);
  return r;
}

/** The first run on a fresh account: only what a person must type (Enter to go on, the MFA codes, "s" for root MFA). */
async function firstRun(rec: Recorder, r: Rendered) {
  const frames: string[] = [];
  const at = async (text: string | RegExp, ...keys: string[]) => frames.push(await next(r, text, ...keys));
  await at('Enter start', KEYS.enter);
  await at(/Step 3 of 7[\s\S]*Saved the temporary password\?/, 'y');
  await waitForText(r, /Step 4 of 7[\s\S]*First code:/, STEP_WAIT);
  expect(rec.seeds.size).toBe(1);
  const [code1, code2] = twoCodes([...rec.seeds.values()][0]!, NOW);
  await waitForInputsReady();
  await type(r, code1);
  await press(r, KEYS.enter);
  await waitForText(r, '› Second code (the next one):');
  await waitForInputsReady();
  await type(r, code2);
  await press(r, KEYS.enter);
  await at(/Step 5 of 7[\s\S]*Waiting for root MFA/, 's');
  // the date and both paths on one form, offered from the answers: one Enter; no pause after writing
  await at(/Step 6 of 7[\s\S]*First reminder[\s\S]*Calendar file[\s\S]*Workflow file/, KEYS.enter);
  return frames;
}

/**
 * Root MFA as the person turned it on in the console between runs. moto has no root user
 * (AccountMFAEnabled is always 0), so this one answer is changed on its way back.
 */
function withRootMfaOn(gateway: Gateway): Gateway {
  const iam = new Proxy(gateway.iam, {
    get(target, prop, receiver) {
      if (prop === 'getAccountSummary') return async () => ({ ...(await target.getAccountSummary()), AccountMFAEnabled: 1 });
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return new Proxy(gateway, { get: (target, prop, receiver) => (prop === 'iam' ? iam : (Reflect.get(target, prop, receiver) as unknown)) });
}

/** The built binary, as a script would run it; resolves with its exit code and output. */
function runBinary(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.CI;
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}

let wizardEnd: Awaited<ReturnType<typeof readEndState>> | undefined;

describe('day-one flow against moto', () => {
  it('the wizard walks all seven steps and leaves every resource in place; a second run changes nothing', async () => {
    const first = recordingGateway(createSdkGateway({}));
    const r = mount(first);
    const frames = await firstRun(first.rec, r);
    for (const f of frames.slice(1)) expect(f).toMatch(/Step \d of 7/);

    const done = await waitForText(r, 'Left for a human', STEP_WAIT);
    expect(done.split('\n').length).toBeLessThan(24);
    expect(done).toContain('Sign-in URL  https://acme-production.signin.aws.amazon.com/console');
    expect(done).toContain('Next check   Mon 7 Dec 2026, then monthly');
    expect(done).toMatch(/✔ Virtual MFA +MFA enabled for alice/);
    expect(done).toMatch(/⚠ Root lock-away +pending/);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r, STEP_WAIT)).toBe(0);
    // the frame left behind is the whole record, to-dos the overview had no room for included
    expect(r.frame()).toContain('Root MFA: sign in to https://console.aws.amazon.com/ as root');
    expect(r.frame()).toMatch(/Confirm the (alert )?(email|subscription)/i);

    const end = await readEndState();
    wizardEnd = end;
    const serial = `arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/alice`;
    expect(end.users).toEqual(['alice']);
    expect(end.userTags.alice).toContain('mvsp-setup:created-by');
    expect(end.group).toEqual({ members: ['alice'], policies: [`arn:aws:iam::${MOTO_ACCOUNT_ID}:policy/RequireMFA`, 'arn:aws:iam::aws:policy/AdministratorAccess'] });
    expect(JSON.stringify(end.requireMfaDocument)).toContain('aws:MultiFactorAuthPresent');
    expect(end.perUser.alice).toEqual({ login: true, direct: [], mfa: [serial] });
    expect(end.passwordPolicy).toMatchObject({ MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, PasswordReusePrevention: 24 });
    expect(end.aliases).toEqual(['acme-production']);
    expect(end.contacts).toEqual({
      SECURITY: { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' },
      BILLING: { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' },
      OPERATIONS: { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' },
    });
    const topicArn = `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:mvsp-root-signin-alert`;
    expect(end.topics).toEqual([{ arn: topicArn, eventsMayPublish: [{ ArnEquals: { 'aws:SourceArn': `arn:aws:events:us-east-1:${MOTO_ACCOUNT_ID}:rule/mvsp-root-signin` } }], subs: ['email:security@acme.com'] }]);
    expect(end.rules).toEqual([
      { name: 'mvsp-root-signin', state: 'ENABLED', pattern: { 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } }, targets: [topicArn] },
    ]);
    // the reminder files: the calendar parses with an independent parser, the workflow as YAML
    const ics = ICAL.parse(await readFile(join(dir, 'mvsp-root-check.ics'), 'utf8')) as unknown[];
    const vevent = new ICAL.Component(ics as never).getFirstSubcomponent('vevent')!;
    expect(String(vevent.getFirstPropertyValue('rrule'))).toContain('FREQ=MONTHLY');
    const workflow = parseYaml(await readFile(join(dir, 'mvsp-verify.yml'), 'utf8')) as { on: { schedule: unknown[] } };
    expect(workflow.on.schedule).toHaveLength(1);
    r.unmount();

    // a second run on the finished account, root MFA turned on in the console meanwhile:
    // every step finds what it would do already done and asks nothing: Enter to start,
    // Enter to leave, nothing typed, nothing changed
    const second = recordingGateway(withRootMfaOn(createSdkGateway({})));
    const r2 = mount(second, false);
    await next(r2, /Enter start/, KEYS.enter);
    const again = await next(r2, /Enter exit/, KEYS.enter);
    expect(again.split('\n').length).toBeLessThan(24);
    for (const line of again.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(again).toMatch(/✔ Root email/);
    expect(again).toMatch(/✔ Alternate contacts +contacts: all already set/);
    expect(again).toMatch(/✔ First IAM admin +.*alice/);
    expect(again).toMatch(/✔ Virtual MFA +.*alice/);
    expect(again).toMatch(/✔ Root lock-away/);
    expect(again).toMatch(/✔ Monthly reminder/);
    expect(again).toMatch(/✔ Root sign-in alert/);
    expect(again).toContain('Next check   Mon 7 Dec 2026, then monthly');
    expect(await waitForExit(r2, STEP_WAIT)).toBe(0);
    expect(second.rec.calls.length).toBeGreaterThan(10);
    expect(second.rec.mutations()).toEqual([]);
    expect(await readEndState()).toEqual(end);
    r2.unmount();

    // with --yes too: Enter to start, Enter to leave
    const third = recordingGateway(withRootMfaOn(createSdkGateway({})));
    const r3 = mount(third);
    await next(r3, 'Enter start', KEYS.enter);
    await next(r3, /Enter exit/, KEYS.enter);
    expect(await waitForExit(r3, STEP_WAIT)).toBe(0);
    expect(third.rec.mutations()).toEqual([]);
  }, 180_000);

  it('interrupted at the MFA codes, a new run continues there: nothing before it is redone, no device left behind', async () => {
    const first = recordingGateway(createSdkGateway({}));
    const r = mount(first);
    await next(r, 'Enter start', KEYS.enter);
    await next(r, /Step 3 of 7[\s\S]*Saved the temporary password\?/, 'y');
    await next(r, /Step 4 of 7[\s\S]*First code:/, KEYS.ctrlC);
    expect(await waitForExit(r, STEP_WAIT)).toBe(130);
    expect(r.interruptSummary()).toMatch(/Finished: root-email, contacts, admin\. Not finished: mfa, lockaway, reminder, alert\./);
    // the device created for the codes nobody typed is gone again
    expect(first.rec.calls).toContain('iam.deleteVirtualMfaDevice');
    const cut = await readEndState();
    expect(cut.perUser.alice?.mfa).toEqual([]);
    r.unmount();

    const again = recordingGateway(createSdkGateway({}));
    const r2 = mount(again);
    // root email, contacts and admin are done and go on by themselves under --yes
    await next(r2, 'Enter start', KEYS.enter);
    await waitForText(r2, /Step 4 of 7[\s\S]*First code:/, STEP_WAIT);
    // contacts and admin found everything in place: the only change so far is the new device
    expect(again.rec.mutations()).toEqual(['iam.createVirtualMfaDevice']);
    const [code1, code2] = twoCodes([...again.rec.seeds.values()][0]!, NOW);
    await waitForInputsReady();
    await type(r2, code1);
    await press(r2, KEYS.enter);
    await waitForText(r2, '› Second code (the next one):');
    await waitForInputsReady();
    await type(r2, code2);
    await press(r2, KEYS.enter);
    await waitForText(r2, /Step 5 of 7/, STEP_WAIT);
    r2.unmount();
    const end = await readEndState();
    expect(end.users).toEqual(['alice']);
    expect(end.perUser.alice?.mfa).toEqual([`arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/alice`]);
    expect(again.rec.mutations()).toEqual(['iam.createVirtualMfaDevice', 'iam.enableMfaDevice']);
  }, 180_000);

  it('setup --ci --yes --answers in the built binary reaches the same account, MFA left pending; a second run applies nothing; then the wizard finds every step done and reaches Done with Enter only', async () => {
    const answersFile = join(dir, 'answers.json');
    await writeFile(answersFile, JSON.stringify(dayOneAnswers(dir)));
    const first = await runBinary(['setup', '--ci', '--yes', '--answers', answersFile]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/mfa: .*pending/);
    expect(first.out).toMatch(/\[events:PutTargets\]/);
    const end = await readEndState();
    expect(end.perUser.alice?.mfa).toEqual([]);
    expect(wizardEnd, 'the wizard test ran first').toBeDefined();
    expect(end).toEqual(withoutMfa(wizardEnd!));

    const second = await runBinary(['setup', '--ci', '--yes', '--answers', answersFile]);
    // every AWS step plans nothing: no "+ action" line, nothing applied ("✔ … (N ms)")
    expect(second.out).not.toMatch(/\[(iam|sns|events|account):\w+\]/);
    expect(second.out).not.toMatch(/✔ .*\(\d+ ms\)/);
    expect(second.out).toMatch(/summary:\n {2}root-email: done[\s\S]*contacts: done[\s\S]*admin: done[\s\S]*reminder: done[\s\S]*alert: done/);
    expect(second.code).toBe(0);
    expect(await readEndState()).toEqual(end);

    // the person then does what --ci left them (MFA on a phone, root MFA in the console):
    // the wizard finds every step done and reaches Done with Enter only
    const person = recordingGateway(createSdkGateway({}));
    const device = await person.gateway.iam.createVirtualMfaDevice('alice', {});
    const [code1, code2] = twoCodes([...person.rec.seeds.values()][0]!, new Date());
    await person.gateway.iam.enableMfaDevice('alice', device.serial, code1, code2);
    const wizard = recordingGateway(withRootMfaOn(createSdkGateway({})));
    const r = mount(wizard, false);
    await next(r, /Enter start/, KEYS.enter);
    const done = await next(r, /Enter exit/, KEYS.enter);
    for (const title of ['Root email', 'Alternate contacts', 'First IAM admin', 'Virtual MFA', 'Root lock-away', 'Monthly reminder', 'Root sign-in alert']) {
      expect(done).toMatch(new RegExp(`✔ ${title}`));
    }
    expect(await waitForExit(r, STEP_WAIT)).toBe(0);
    expect(wizard.rec.mutations()).toEqual([]);
    r.unmount();
  }, 180_000);
});
