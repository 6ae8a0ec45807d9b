// The 'mfa' step's one flow, run with a scripted IO against the real SDK gateway on moto.
// moto does not check MFA codes, so the test computes them from the seed moto handed out
// (recorded on the way) and checks what was sent with the TOTP library, not the tool's
// own check. The end state is read back with the SDK's own IAM client.
import { DeleteUserCommand, IAMClient, ListMFADevicesCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOTP, Secret as TotpSecret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers.js';
import { UsageError } from '../../src/args.js';
import type { Gateway } from '../../src/aws/port.js';
import { createSandboxGateway, seedMfaUsers } from '../../src/aws/sandbox/index.js';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { lineStepIO, runSetupLines } from '../../src/headless/line-presenter.js';
import type { HeadlessIO } from '../../src/headless/types.js';
import { createSession } from '../../src/session.js';
import { definition, enrolMfa, type MfaInspected } from '../../src/steps/day-one/mfa.js';
import { GoBack, type Secret, type StepIO, type StepOutcome, type WizardShared } from '../../src/steps/flow.js';
import { setRunDataDir, writeRecord, emptyRecord } from '../../src/steps/local-record.js';
import { preflight as readPreflight } from '../../src/steps/preflight.js';
import type { StepContext } from '../../src/steps/types.js';
import { recordingGateway, type Recorder } from '../helpers/day-one.js';
import { MOTO_ACCOUNT_ID, motoUrl, useMoto } from '../helpers/moto.js';
import { scriptedIO, type Script, type Scripted } from '../helpers/scripted-io.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:10Z');
const N = TOTP.counter({ timestamp: NOW.getTime() });
const iamClient = () => new IAMClient({ region: 'us-east-1' });

beforeEach(() => {
  // a record folder of this test's own: no record unless a test writes one
  setRunDataDir(mkdtempSync(join(tmpdir(), 'mvsp-mfa-record-')));
});

/** Read back through the SDK, not through the gateway under test. */
async function mfaDevicesOf(userName: string): Promise<string[]> {
  return ((await iamClient().send(new ListMFADevicesCommand({ UserName: userName }))).MFADevices ?? []).map((d) => d.SerialNumber!);
}
async function unassignedDevices(): Promise<string[]> {
  return ((await iamClient().send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices ?? []).map((d) => d.SerialNumber!);
}

interface Harness {
  ctx: StepContext;
  rec: Recorder;
  /** every EnableMFADevice call: user, serial, the two codes */
  sent: string[][];
  clock: { now: Date };
}

/** The gateway with every call written down; its clock and demo abilities are the inner gateway's own. */
async function harness(inner: Gateway = createSdkGateway({}), now?: () => Date): Promise<Harness> {
  const { gateway, rec } = recordingGateway(inner);
  const sent: string[][] = [];
  const enableMfaDevice = gateway.iam.enableMfaDevice.bind(gateway.iam);
  const iam = new Proxy(gateway.iam, {
    get(target, prop, receiver) {
      if (prop === 'enableMfaDevice') {
        return async (userName: string, serial: string, c1: string, c2: string) => {
          sent.push([userName, serial, c1, c2]);
          return enableMfaDevice(userName, serial, c1, c2);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  const gw: Gateway = new Proxy(gateway, {
    get: (t, p, r) => (p === 'iam' ? iam : p === 'clock' || p === 'demo' ? (Reflect.get(inner, p) as unknown) : (Reflect.get(t, p, r) as unknown)),
  });
  const clock = { now: NOW };
  const caller = await inner.sts.getCallerIdentity();
  return { ctx: { aws: gw, caller, now: now ?? (() => clock.now), randomBytes: (n) => new Uint8Array(n) }, rec, sent, clock };
}

/** The code the phone shows for the one device created in this test, `offset` steps from NOW. */
function phone(h: Harness) {
  return (offset: number) => {
    const seeds = [...h.rec.seeds.values()];
    if (seeds.length === 0) throw new Error('no device was created yet');
    return HOTP.generate({ secret: TotpSecret.fromBase32(seeds.at(-1)!), counter: N + offset });
  };
}

interface Run extends Scripted {
  outcome: StepOutcome;
  secrets: Secret[];
}

/** Run the definition as the run loop does: inspect first, then the flow. */
async function runStep(h: Harness, script: Script, answers: Answers = { admin: { userName: 'alice' } }, shared: WizardShared = {}): Promise<Run> {
  const s = scriptedIO(script);
  const secrets: Secret[] = [];
  const showSecret = s.io.showSecret;
  const io: StepIO = { ...s.io, showSecret: (x) => (secrets.push(x), showSecret(x)) };
  const preflight = await readPreflight(h.ctx.aws);
  // without a person (--ci) the run loop reads unattended
  const unattended = script.ci === true;
  let inspected: Promise<MfaInspected> = definition.inspect!(h.ctx, { answers, preflight, shared: { accountAlias: preflight.alias }, unattended });
  const outcome = await definition.run(
    {
      ctx: h.ctx,
      answers,
      shared,
      preflight,
      inspect: () => inspected,
      reinspect: () => (inspected = definition.inspect!(h.ctx, { answers, preflight, shared, unattended })),
    },
    io,
  );
  return { ...s, outcome, secrets };
}

/** Answers given by message; a function is asked when the question comes (the seed is known by then). */
function codes(first: () => string | string[], second: () => string | string[]): Record<string, string | string[]> {
  return {
    get 'First code'() {
      return first();
    },
    get 'Second code'() {
      return second();
    },
  } as Record<string, string | string[]>;
}

describe("the 'mfa' step on moto", () => {
  it('enrols the admin: plan, QR code with the key in groups of four, two codes, MFA on, secret off the screen', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const code = phone(h);
    const r = await runStep(h, { answers: codes(() => code(0), () => code(1)) });

    expect(r.outcome.status).toBe('done');
    expect(r.outcome.summary).toEqual([`MFA enabled for alice (arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/alice)`]);
    const [serial, seed] = [...h.rec.seeds][0]!;
    expect(await mfaDevicesOf('alice')).toEqual([serial]);
    expect(await unassignedDevices()).toEqual([]);
    // the codes sent: consecutive and current, by the TOTP library
    expect(h.sent).toHaveLength(1);
    const [user, sentSerial, c1, c2] = h.sent[0]!;
    expect([user, sentSerial]).toEqual(['alice', serial]);
    const s1 = TOTP.validate({ token: c1!, secret: TotpSecret.fromBase32(seed), timestamp: NOW.getTime(), window: 1 });
    const s2 = TOTP.validate({ token: c2!, secret: TotpSecret.fromBase32(seed), timestamp: NOW.getTime(), window: 1 });
    expect(s1).not.toBeNull();
    expect(s2).toBe(s1! + 1);

    // the QR code is the otpauth URI of the seed; the key is in the text in groups of four
    expect(r.secrets).toHaveLength(1);
    expect(r.secrets[0]!.qr).toBe(`otpauth://totp/alice%40${MOTO_ACCOUNT_ID}?secret=${seed}&issuer=AWS`);
    expect(r.secrets[0]!.text.replace(/\s+/g, ' ')).toContain(seed.match(/.{4}/g)!.join(' '));
    expect(r.secretsShown()).toBe(0);
    // the seed appears nowhere but in the secret
    expect(r.transcript.filter((l) => !l.startsWith('[secret]')).join('\n')).not.toContain(seed.slice(0, 8));

    expect(r.confirmed).toEqual(['Apply this plan (1 change)?']);
    expect(r.asked.map((q) => q.message)).toEqual(['First code', 'Second code (the next one)']);
    for (const q of r.asked) {
      expect(q.allowed!.test('7')).toBe(true);
      expect(q.allowed!.test('x')).toBe(false);
    }
    // the countdown to the next code, as AWS's clock has it
    expect(r.asked[1]!.live!()).toBe(`The next code comes in ${(N + 1) * 30 - NOW.getTime() / 1000} s.`);
    expect(r.transcript).toContain('Virtual MFA for alice: plan');
    expect(r.transcript).toContain('[pass] MFA is on for alice.');
  });

  it('already enrolled: says so and asks nothing, changes nothing', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const d = await h.ctx.aws.iam.createVirtualMfaDevice('alice-phone', {});
    await h.ctx.aws.iam.enableMfaDevice('alice', d.serial, '123456', '654321');
    const before = h.rec.mutations().length;
    const r = await runStep(h, {});
    expect(r.outcome).toEqual({ status: 'done', summary: ['alice already had MFA: nothing created'] });
    expect(r.asked).toEqual([]);
    expect(r.confirmed).toEqual([]);
    expect(r.transcript).toEqual(['[pass] alice already has MFA (1 device): nothing to create.']);
    expect(h.rec.mutations().length).toBe(before);
  });

  it('a second run after enrolling asks nothing', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const code = phone(h);
    expect((await runStep(h, { answers: codes(() => code(0), () => code(1)) })).outcome.status).toBe('done');
    const again = await runStep(h, {});
    expect(again.outcome.status).toBe('done');
    expect(again.asked).toEqual([]);
    expect(again.confirmed).toEqual([]);
  });

  it('--ci only looks: pending with the exact command (and --profile), nothing created', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const before = h.rec.mutations().length;
    const r = await runStep(h, { ci: true, yes: true, flags: { profile: 'prod' } });
    expect(r.outcome.status).toBe('pending');
    expect(r.outcome.todo).toEqual(['npx mvsp-setup mfa --user alice --profile prod']);
    expect(r.transcript).toContain('npx mvsp-setup mfa --user alice --profile prod');
    expect(r.asked).toEqual([]);
    expect(h.rec.mutations().length).toBe(before);
    expect(await unassignedDevices()).toEqual([]);
    // the account's device names matter only to an enrolment, which --ci never starts
    expect(h.rec.calls.filter((c) => c.startsWith('iam.'))).toContain('iam.listMfaDevices');
    expect(h.rec.calls).not.toContain('iam.listVirtualMfaDevices');
  });

  it('a bad admin.userName answer is a usage error before any AWS call', async () => {
    const h = await harness();
    await expect(runStep(h, { ci: true }, { admin: { userName: 'alice smith' } })).rejects.toThrow(UsageError);
    await expect(runStep(h, {}, { admin: { userName: 'alice;rm' } })).rejects.toThrow(/admin\.userName/);
    // only preflight's reads ran (the harness calls it); the step read nothing
    expect(h.rec.calls.filter((c) => c.startsWith('iam.') && c !== 'iam.listAccountAliases')).toEqual([]);
  });

  it('takes the user from the local record when no step or answer names one', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('bob', {});
    await writeRecord({ ...emptyRecord(MOTO_ACCOUNT_ID), adminUser: 'bob' });
    const r = await runStep(h, { ci: true }, {});
    expect(r.outcome.todo).toEqual(['npx mvsp-setup mfa --user bob']);
  });

  it('no admin user named anywhere: pending, nothing asked', async () => {
    const h = await harness();
    const r = await runStep(h, {}, {});
    expect(r.outcome).toEqual({ status: 'pending', summary: ['MFA not enrolled: no admin user was named'], todo: ['npx mvsp-setup mfa --user NAME'] });
    expect(r.asked).toEqual([]);
  });

  it('the admin step created the user after the read: enrols without reading the user again', async () => {
    const h = await harness();
    const code = phone(h);
    const s = scriptedIO({ answers: codes(() => code(0), () => code(1)) });
    const answers = { admin: { userName: 'alice' } };
    const preflight = await readPreflight(h.ctx.aws);
    const inspected = definition.inspect!(h.ctx, { answers, preflight, shared: {} });
    await inspected;
    // what the admin step does between the read and this step
    await h.ctx.aws.iam.createUser('alice', {});
    const reads = h.rec.calls.length;
    const outcome = await definition.run({ ctx: h.ctx, answers, shared: { adminUser: 'alice' }, preflight, inspect: () => inspected, reinspect: () => Promise.reject(new Error('read again')) }, s.io);
    expect(outcome.status).toBe('done');
    expect(h.rec.calls.slice(reads).filter((c) => c.startsWith('iam.'))).toEqual(['iam.createVirtualMfaDevice', 'iam.enableMfaDevice']);
    expect((await mfaDevicesOf('alice')).length).toBe(1);
  });

  it('a device named alice held by the renamed user alice-2019: enrols as alice-2 and names the holder', async () => {
    const h = await harness();
    const aws = h.ctx.aws;
    await aws.iam.createUser('alice-2019', {});
    const held = await aws.iam.createVirtualMfaDevice('alice', {});
    await aws.iam.enableMfaDevice('alice-2019', held.serial, '123456', '654321');
    await aws.iam.createUser('alice', {});
    await aws.iam.createVirtualMfaDevice('alice-2', {});
    const code = phone(h);
    const r = await runStep(h, { answers: codes(() => code(0), () => code(1)) });
    expect(r.transcript).toContain('! The virtual MFA device named alice belongs to alice-2019: this one is named alice-2');
    expect(r.transcript).toContain('+ Delete leftover device alice-2 (earlier run) [iam:DeleteVirtualMFADevice]');
    expect(r.outcome.status).toBe('done');
    expect(await mfaDevicesOf('alice')).toEqual([`arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/alice-2`]);
    expect(await mfaDevicesOf('alice-2019')).toEqual([held.serial]);
    expect(await unassignedDevices()).toEqual([]);
  });

  it('a code that is not the next one becomes the first; the pair sent is consecutive', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const code = phone(h);
    // the second form offers the code taken as the first: Enter keeps it (no answer given)
    const r = await runStep(h, { answers: codes(() => [code(0)], () => [code(-1), code(0)]) });
    expect(r.outcome.status).toBe('done');
    expect(r.transcript).toContain('[warn] Not the code right after the first; it is now the first code: type the next one.');
    expect(h.sent[0]!.slice(2)).toEqual([code(-1), code(0)]);
  });

  it('a first code that expired before the second: asks for a first code again', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const code = phone(h);
    let seconds = 0;
    const r = await runStep(h, {
      answers: codes(
        () => [code(-1), code(2)],
        () => {
          // the person is slow: a minute passes before the second code
          if (seconds++ === 0) h.clock.now = new Date(NOW.getTime() + 60_000);
          return [code(0), code(3)];
        },
      ),
    });
    expect(r.transcript.join('\n')).toContain('[warn] The first code has expired: type the code shown now as the first.');
    expect(r.asked.map((q) => q.message)).toEqual(['First code', 'Second code (the next one)', 'First code', 'Second code (the next one)']);
    expect(r.outcome.status).toBe('done');
    expect(h.sent.map((s) => s.slice(2))).toEqual([[code(2), code(3)]]);
  });

  it('"i" as the first code redraws the QR code the other way round, as text', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const code = phone(h);
    const r = await runStep(h, { answers: codes(() => ['i', code(0)], () => code(1)) });
    expect(r.outcome.status).toBe('done');
    expect(r.secrets).toHaveLength(2);
    expect(r.secrets[0]!.qr).toMatch(/^otpauth:/);
    expect(r.secrets[1]!.qr).toBeUndefined();
    expect(r.secrets[1]!.text).toMatch(/[▀▄█]/);
    expect(r.secretsShown()).toBe(0);
  });

  it('interrupted while a code is asked: the created device is deleted, none is left behind', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const s = scriptedIO({});
    const cleanups: (() => Promise<void>)[] = [];
    const io: StepIO = {
      ...s.io,
      onInterrupt: (c) => {
        cleanups.push(c);
        return () => cleanups.splice(cleanups.indexOf(c), 1);
      },
      form: async () => {
        // Ctrl-C: the presenter runs the cleanups, then the question ends with an error
        expect(await unassignedDevices()).toHaveLength(1);
        for (const c of cleanups) await c();
        throw new Error('interrupted');
      },
    };
    const preflight = await readPreflight(h.ctx.aws);
    const answers = { admin: { userName: 'alice' } };
    const p = definition.inspect!(h.ctx, { answers, preflight, shared: {} });
    await expect(definition.run({ ctx: h.ctx, answers, shared: {}, preflight, inspect: () => p, reinspect: () => p }, io)).rejects.toThrow('interrupted');
    expect(await unassignedDevices()).toEqual([]);
    expect(await mfaDevicesOf('alice')).toEqual([]);
    expect(cleanups).toEqual([]);
    expect(s.secretsShown()).toBe(0);
  });

  it('AWS fails the enabling (the user was deleted meanwhile): failed with the command, the device deleted', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const code = phone(h);
    const s = scriptedIO({ answers: codes(() => code(0), () => code(1)) });
    const preflight = await readPreflight(h.ctx.aws);
    const answers = { admin: { userName: 'alice' } };
    const p = definition.inspect!(h.ctx, { answers, preflight, shared: {} });
    await p;
    // someone deletes the user in the console after the step read it
    await iamClient().send(new DeleteUserCommand({ UserName: 'alice' }));
    const outcome = await definition.run({ ctx: h.ctx, answers, shared: {}, preflight, inspect: () => p, reinspect: () => p }, s.io);
    expect(outcome).toEqual({ status: 'failed', summary: ['MFA not enrolled for alice'], todo: ['npx mvsp-setup mfa --user alice'] });
    expect(h.rec.calls).toContain('iam.enableMfaDevice');
    expect(s.transcript.some((l) => l.startsWith('[fail] '))).toBe(true);
    expect(s.transcript).toContain('[dim] Nothing unfinished is left behind.');
    expect(s.secretsShown()).toBe(0);
    expect((await iamClient().send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices ?? []).toEqual([]);
  });

  it('an interrupt after MFA is on deletes nothing', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const code = phone(h);
    const s = scriptedIO({ answers: codes(() => code(0), () => code(1)) });
    const cleanups: (() => Promise<void>)[] = [];
    const io: StepIO = { ...s.io, onInterrupt: (c) => (cleanups.push(c), () => {}) };
    const preflight = await readPreflight(h.ctx.aws);
    const answers = { admin: { userName: 'alice' } };
    const p = definition.inspect!(h.ctx, { answers, preflight, shared: {} });
    expect((await definition.run({ ctx: h.ctx, answers, shared: {}, preflight, inspect: () => p, reinspect: () => p }, io)).status).toBe('done');
    const calls = h.rec.calls.length;
    for (const c of cleanups) await c();
    expect(h.rec.calls.slice(calls)).toEqual([]);
    expect((await mfaDevicesOf('alice')).length).toBe(1);
  });

  it('back (Esc) at the first code deletes the device and goes back to the plan', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    await expect(runStep(h, { answers: { 'First code': '\u001b' } })).rejects.toBeInstanceOf(GoBack);
    expect(await unassignedDevices()).toEqual([]);
  });
});

describe("this computer's clock 150 s fast, the phone right (moto behind a proxy)", () => {
  const SKEW_MS = 150_000;
  let close: (() => Promise<void>) | null = null;
  let endpoint: string | undefined;
  afterEach(async () => {
    process.env.AWS_ENDPOINT_URL = endpoint;
    await close?.();
    close = null;
  });

  /** moto's answers with a Date header `SKEW_MS` behind this computer's clock: what AWS sends when this one runs fast */
  async function skewedMoto(): Promise<string> {
    const target = new URL(motoUrl());
    const server: Server = createServer((req, res) => {
      const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, { ...up.headers, date: new Date(Date.now() - SKEW_MS).toUTCString() });
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("takes the phone's codes, enrols, and says this computer's clock is fast", async () => {
    await createSdkGateway({}).iam.createUser('alice', {});
    endpoint = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = await skewedMoto();
    // this computer's clock, as the CLI uses it; the phone keeps AWS's time
    const h = await harness(createSdkGateway({}), () => new Date());
    const seed = () => [...h.rec.seeds.values()][0]!;
    const phoneStep = () => TOTP.counter({ timestamp: Date.now() - SKEW_MS });
    const codeAt = (counter: number) => HOTP.generate({ secret: TotpSecret.fromBase32(seed()), counter });
    let step = 0;
    const s = scriptedIO({
      answers: codes(
        () => codeAt((step = phoneStep())),
        () => codeAt(step + 1),
      ),
    });
    const preflight = await readPreflight(h.ctx.aws);
    const outcome = await enrolMfa(h.ctx, { userName: 'alice', preflight }, s.io);
    expect(s.transcript).toContain("[warn] This computer's clock is about 2 min 30 s fast (by AWS's clock); codes are checked against AWS's time.");
    expect(outcome.status).toBe('done');
    const sent = h.sent[0]!.slice(2);
    expect(sent).toEqual([codeAt(step), codeAt(step + 1)]);
    // right by AWS's clock, wrong by this computer's
    expect(TOTP.validate({ token: sent[0]!, secret: TotpSecret.fromBase32(seed()), timestamp: Date.now() - SKEW_MS, window: 1 })).not.toBeNull();
    expect(TOTP.validate({ token: sent[0]!, secret: TotpSecret.fromBase32(seed()), timestamp: Date.now(), window: 1 })).toBeNull();
    process.env.AWS_ENDPOINT_URL = endpoint;
    expect((await mfaDevicesOf('alice')).length).toBe(1);
  });
});

describe('enrolMfa (the mfa command and onboard)', () => {
  it('enrols any IAM user; an unknown user fails; --ci is pending; Esc cancels with nothing left', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('bob', {});
    const preflight = await readPreflight(h.ctx.aws);
    const code = phone(h);
    const ok = scriptedIO({ answers: codes(() => code(0), () => code(1)) });
    expect((await enrolMfa(h.ctx, { userName: 'bob', preflight }, ok.io)).status).toBe('done');
    expect((await mfaDevicesOf('bob')).length).toBe(1);

    const unknown = scriptedIO({});
    const none = await enrolMfa(h.ctx, { userName: 'nobody', preflight, profile: 'prod' }, unknown.io);
    expect(none).toEqual({ status: 'failed', summary: ['No IAM user named nobody'], todo: ['npx mvsp-setup mfa --user nobody --profile prod'] });

    await h.ctx.aws.iam.createUser('carol', {});
    const ci = await enrolMfa(h.ctx, { userName: 'carol', preflight }, scriptedIO({ ci: true, yes: true }).io);
    expect(ci.status).toBe('pending');
    expect(ci.todo).toEqual(['npx mvsp-setup mfa --user carol']);

    const esc = await enrolMfa(h.ctx, { userName: 'carol', preflight }, scriptedIO({ answers: { 'First code': '\u001b' } }).io);
    expect(esc.status).toBe('skipped');
    expect(esc.todo).toEqual(['npx mvsp-setup mfa --user carol']);
    expect(await unassignedDevices()).toEqual([]);
  });
});

describe('--demo sandbox', () => {
  it("shows the sandbox phone's code as a live line, and that code enrols", async () => {
    const clock = { now: NOW };
    const sandbox = createSandboxGateway({ now: () => clock.now });
    await seedMfaUsers(sandbox, NOW);
    const ctx: StepContext = { aws: sandbox, caller: await sandbox.sts.getCallerIdentity(), now: () => clock.now, randomBytes: (n) => new Uint8Array(n) };
    const shownCode = (i: number) => /the code now is (\d{6})/.exec(s.asked[i]!.live!())![1]!;
    const s: Scripted = scriptedIO({
      answers: codes(
        () => shownCode(0),
        () => {
          // the person waits for the phone's next code
          clock.now = new Date(NOW.getTime() + 30_000);
          return shownCode(1);
        },
      ),
    });
    const preflight = await readPreflight(sandbox);
    const outcome = await enrolMfa(ctx, { userName: 'alice', preflight }, s.io);
    expect(s.asked[0]!.live!()).toMatch(/^Demo only: the code now is \d{6}$/);
    expect(s.asked[1]!.live!()).toMatch(/^The next code (comes in \d+ s|should show now)\. {2}Demo only: the code now is \d{6}$/);
    expect(outcome.status).toBe('done');
    expect(await sandbox.iam.listMfaDevices('alice')).toHaveLength(1);
  });
});

describe('AWS refuses the codes (the sandbox checks them, moto does not)', () => {
  it("codes of a phone 3 minutes ahead are sent; AWS's refusal names the phone's clock; two new codes enrol", async () => {
    const sandbox = createSandboxGateway({ now: () => NOW });
    await seedMfaUsers(sandbox, NOW);
    const h = await harness(sandbox);
    const code = phone(h);
    const s = scriptedIO({ answers: codes(() => [code(6), code(0)], () => [code(7), code(1)]) });
    const outcome = await enrolMfa(h.ctx, { userName: 'alice', preflight: await readPreflight(sandbox) }, s.io);
    expect(h.sent.map((x) => x.slice(2))).toEqual([
      [code(6), code(7)],
      [code(0), code(1)],
    ]);
    expect(s.transcript).toContain(
      "[fail] AWS did not accept the two codes: they are the codes for about 3 minutes from now by AWS's clock, so the phone's clock is ahead of AWS's. Turn on automatic date and time on the phone, then type two new codes.",
    );
    expect(outcome.status).toBe('done');
    // the same device, its QR code shown once and taken off the screen
    expect(new Set(h.sent.map((x) => x[1])).size).toBe(1);
    expect(s.secretsShown()).toBe(0);
    expect(await sandbox.iam.listMfaDevices('alice')).toHaveLength(1);
  });
});

describe('the line presenter (--ci and --plain)', () => {
  it('runSetupLines: the mfa step says pending with the command, exit 0, nothing created', async () => {
    const sdk = createSdkGateway({});
    await sdk.iam.createUser('alice', {});
    const session = createSession({ demo: false, gateway: sdk, now: () => NOW, dataDir: mkdtempSync(join(tmpdir(), 'mvsp-mfa-ci-')) });
    let out = '';
    const code = await runSetupLines(session, [definition], { admin: { userName: 'alice' } }, ciIO((t) => (out += t), { ci: true, yes: true }));
    expect(code).toBe(0);
    expect(out).toContain('mfa: • pending: enrolling MFA for alice needs a person with a phone at an interactive terminal');
    expect(out).toContain('  npx mvsp-setup mfa --user alice\n');
    expect(out).toContain('  mfa: pending — MFA for alice not enrolled yet (needs a phone)');
    expect(out).toContain('  todo: npx mvsp-setup mfa --user alice');
    expect(await unassignedDevices()).toEqual([]);
  });

  it('--plain: the QR code and the key as lines; "i" prints it again the other way round; the codes enrol', async () => {
    const h = await harness();
    await h.ctx.aws.iam.createUser('alice', {});
    const code = phone(h);
    const out: string[] = [];
    const firsts = [() => 'i', () => code(0)];
    const shownTexts: string[] = [];
    let onScreen = 0;
    const plain: HeadlessIO = {
      line: (t) => out.push(t),
      yes: false,
      flags: {},
      interactive: true,
      ask: async (q) => {
        const v = q.message === 'First code' ? firsts.shift()!() : code(1);
        expect(q.validate?.(v)).toBeNull();
        return v;
      },
      confirm: async () => true,
      showSecret: (text) => {
        shownTexts.push(text);
        onScreen += 1;
        return { clear: () => (onScreen -= 1) };
      },
    };
    const io = lineStepIO(plain, 'mfa');
    const outcome = await enrolMfa(h.ctx, { userName: 'alice', preflight: await readPreflight(h.ctx.aws) }, io);
    expect(outcome.status).toBe('done');
    const seed = [...h.rec.seeds.values()][0]!;
    expect(shownTexts).toHaveLength(2);
    const qrOf = (t: string) => t.slice(0, t.indexOf('\n\nScan the QR code')).split('\n');
    const [light, dark] = shownTexts.map(qrOf);
    // the same code, drawn once for a dark background and once for a light one: every glyph swapped
    const swap: Record<string, string> = { ' ': '█', '█': ' ', '▀': '▄', '▄': '▀' };
    expect(light!.length).toBeGreaterThan(20);
    expect(dark!.length).toBe(light!.length);
    // inside the code (the quiet zone is left blank on the light side)
    const mid = Math.floor(light!.length / 2);
    expect(dark![mid]).toBe([...light![mid]!].map((c) => swap[c] ?? c).join(''));
    expect(dark![mid]).toMatch(/[▀▄█]/);
    for (const t of shownTexts) expect(t.replace(/\s+/g, ' ')).toContain(seed.match(/.{4}/g)!.join(' '));
    expect(onScreen).toBe(0);
    expect(out).toContain('  No colours and it does not scan? Answer i to the first code to draw it the other way round.');
    expect(out.some((l) => /^ {2}The next code comes in \d+ s\.$/.test(l))).toBe(true);
  });
});
