// The alert, reminder and mfa steps driven by the plain prompts (scripted answers, the
// sandbox account, a fixed clock): a bad or missing answer is asked again where --ci
// stops with a usage error; MFA enrols, and an input that ends deletes the device.
import { describe, expect, it } from 'vitest';
import { HOTP, Secret, TOTP } from 'otpauth';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { UsageError } from '../../src/args.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { lineStepIO } from '../../src/headless/line-presenter.js';
import type { HeadlessIO } from '../../src/headless/types.js';
import { definition as mfaStep } from '../../src/steps/day-one/mfa.js';
import { definition as alertStep } from '../../src/steps/day-one/alert.js';
import { reminderFlow } from '../../src/steps/day-one/reminder.js';
import { runSteps } from '../../src/steps/run-steps.js';
import { setRunDataDir } from '../../src/steps/local-record.js';
import type { Answers } from '../../src/answers.js';
import type { Preflight } from '../../src/steps/preflight.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepContext } from '../../src/steps/types.js';
import { scriptedPlain } from '../helpers/plain.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const now = () => NOW;

/** The alert step through the run loop with the line presenter, as `setup --steps alert` runs it. */
async function alert(ctx: StepContext, input: { answers: object; shared?: object; preflight: Preflight }, io: HeadlessIO) {
  const run = await runSteps({ ctx, preflight: input.preflight, answers: input.answers as Answers, defs: [alertStep], ioFor: () => lineStepIO(io, 'alert') });
  return run.results[0]!.outcome;
}

/** The mfa step through the run loop with the line presenter, the admin named by the answers. */
async function mfa(ctx: StepContext, input: { userName: string; preflight: Preflight }, io: HeadlessIO) {
  const answers = { admin: { userName: input.userName } } as Answers;
  const run = await runSteps({ ctx, preflight: input.preflight, answers, defs: [mfaStep], ioFor: () => lineStepIO(io, 'mfa') });
  return run.results[0]!.outcome;
}

async function setup() {
  const aws = createSandboxGateway({ now, random: (n) => new Uint8Array(n).fill(7) });
  const ctx: StepContext = { aws, caller: await aws.sts.getCallerIdentity(), now, randomBytes: (n) => new Uint8Array(n) };
  const preflight = { caller: ctx.caller, alias: null, aliasReadable: true, cloudShell: true, sandbox: true };
  return { aws, ctx, preflight };
}

describe('alert in --plain', () => {
  it('a bad address from the answers is offered for correction and asked again; --ci keeps the usage error', async () => {
    const { ctx, preflight, aws } = await setup();
    const input = { answers: { alert: { email: 'security-at-acme' } }, shared: {}, preflight };
    await expect(alert(ctx, input, ciIO(() => {}, { yes: true }))).rejects.toThrow(UsageError);
    // the address verify --alert-email would refuse (a one-letter top-level domain) is refused here too
    const oneLetter = { ...input, answers: { alert: { email: 'security@acme.c' } } };
    await expect(alert(ctx, oneLetter, ciIO(() => {}, { yes: true }))).rejects.toThrow(/"alert.email" "security@acme\.c" must be an email address \(".c" is not a top-level domain\)/);
    // the trail offered (declined here), then the plan applied
    const p = scriptedPlain(['', 'security@acme.com', 'n', 'yes']);
    const outcome = await alert(ctx, input, p.io);
    await p.io.close();
    expect(p.output()).toContain('(Enter keeps "security-at-acme"): \n  ✖ must be an email address (No @ in it: an address looks like');
    expect(p.output()).toMatch(/\? Also set up CloudTrail, which root sign-ins need to reach the alert \(Create trail mvsp-trail \(every region\) and its log bucket: 8 changes\)\?/);
    expect(outcome.status).toBe('done');
    expect(outcome.todo?.join(' ')).toMatch(/Create a CloudTrail trail/);
    expect(aws.controls.snapshot().topics[0]?.subscriptions.map((s) => s.endpoint)).toEqual(['security@acme.com']);
    expect(aws.controls.snapshot().trails).toEqual([]);
  });

  it('the trail is offered with Enter meaning yes, and made with the alert', async () => {
    const { ctx, preflight, aws } = await setup();
    const p = scriptedPlain(['', '']);
    const outcome = await alert(ctx, { answers: { alert: { email: 'security@acme.com' } }, shared: {}, preflight }, p.io);
    await p.io.close();
    expect(p.output()).toContain('Apply this plan (13 changes)?');
    expect(outcome.status).toBe('done');
    expect(aws.controls.snapshot().trails.map((t) => [t.name, t.isLogging])).toEqual([['mvsp-trail', true]]);
  });
});

describe('reminder in --plain', () => {
  it('asks the three questions with the screen\'s date check; "none" writes no calendar file; --ci keeps the usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvsp-plain-reminder-'));
    try {
      setRunDataDir(join(dir, 'data'));
      const input = { answers: { reminder: { start: '2026-01-05' } }, accountId: '111122223333', accountAlias: null, now: NOW, cwd: dir };
      await expect(reminderFlow(input, lineStepIO(ciIO(() => {}, {}), 'reminder'))).rejects.toThrow(/must be a date from today/);
      const p = scriptedPlain(['', '2026-12-07', 'none', '.github/workflows/v.yml', 'y']);
      const outcome = await reminderFlow(input, lineStepIO(p.io, 'reminder'));
      await p.io.close();
      expect(p.output()).toContain('? First reminder (YYYY-MM-DD) (Enter keeps "2026-01-05"): \n  ✖ must be a date from today');
      expect(p.output()).toContain(`reminder: + write ${join(dir, '.github/workflows/v.yml')} (workflow)`);
      expect(outcome.status).toBe('done');
      expect(readFileSync(join(dir, '.github/workflows/v.yml'), 'utf8')).toContain("cron: '0 9 1-7 * *'");
      expect(existsSync(join(dir, 'mvsp-root-check.ics'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mfa in --plain (sandbox)', () => {
  const codeAt = (seed: string, counter: number) => HOTP.generate({ secret: Secret.fromBase32(seed), counter });
  // AWS's 64-character key takes two lines at 80 columns: the second is indented under the first
  const seedIn = (out: string) => {
    const m = /Secret key: ([A-Z2-7 ]+)(?:\n {12}([A-Z2-7 ]+))?/.exec(out)!;
    return (m[1]! + (m[2] ?? '')).replace(/ /g, '');
  };

  it('enrols the admin with two codes from the printed key; the key is shown once and cleared', async () => {
    const { aws, ctx, preflight } = await setup();
    await aws.iam.createUser('alice', {});
    const p = scriptedPlain(['yes'], {}, { tty: { rawMode: true } });
    const running = mfa(ctx, { userName: 'alice', preflight }, p.io);
    for (let i = 0; i < 200 && !p.output().includes('? First code'); i++) await new Promise((r) => setImmediate(r));
    const seed = seedIn(p.output());
    const c = TOTP.counter({ timestamp: NOW.getTime() });
    p.answer('000000');
    p.answer(codeAt(seed, c));
    p.answer(codeAt(seed, c + 1));
    const outcome = await running;
    await p.io.close();
    expect(outcome).toMatchObject({ status: 'done', summary: [expect.stringMatching(/^MFA enabled for alice \(arn:aws:iam::\d+:mfa\/alice\)$/)] });
    expect(p.output()).toContain('  ✖ That code does not match this device');
    expect(p.output().split('Secret key:')).toHaveLength(2);
    // a log cannot be cleared: it says so
    expect(p.output()).toContain('This output cannot be cleared');
    expect((await aws.iam.listMfaDevices('alice')).length).toBe(1);
  });

  it('the input ending at a code question deletes the unenabled device', async () => {
    const { aws, ctx, preflight } = await setup();
    await aws.iam.createUser('alice', {});
    const p = scriptedPlain(['yes']);
    const running = mfa(ctx, { userName: 'alice', preflight }, p.io);
    for (let i = 0; i < 200 && !p.output().includes('? First code'); i++) await new Promise((r) => setImmediate(r));
    p.end();
    // no interrupt: the step stops unfinished, as a declined plan does, and says why
    expect(await running).toEqual({ status: 'skipped', summary: ['stopped: the input ended'] });
    expect(p.output()).toContain('mfa: ⚠ Stopped: the input ended before its questions were answered. Re-run to finish.');
    expect(await aws.iam.listVirtualMfaDevices('Any')).toEqual([]);
  });

  it('--ci stays pending and creates nothing', async () => {
    const { aws, ctx, preflight } = await setup();
    await aws.iam.createUser('alice', {});
    const lines: string[] = [];
    const outcome = await mfa(ctx, { userName: 'alice', preflight }, ciIO((t) => lines.push(t), { yes: true }));
    expect(outcome.status).toBe('pending');
    // the command to run later, alone on its line so it can be copied whole
    expect(lines.join('')).toContain('mfa: Run:\n  npx mvsp-setup mfa --user alice\n');
    expect(await aws.iam.listVirtualMfaDevices('Any')).toEqual([]);
  });
});

describe('a form in --plain and --ci', () => {
  const questions = [
    { message: 'First code', key: 'codes.first', validate: (v: string) => (v === 'i' || /^\d{6}$/.test(v) ? null : 'six digits'), endsForm: (v: string) => v === 'i' },
    {
      message: 'Second code (the next one)',
      flag: '--second',
      validate: (v: string, form?: readonly string[]) => (v === form?.[0] ? 'That is the first code again' : /^\d{6}$/.test(v) ? null : 'six digits'),
    },
  ];

  it('--plain asks the fields one after another with the same prompts; a field sees the answers before it', async () => {
    const s = scriptedPlain(['123456', '123456', '654321']);
    const values = await lineStepIO(s.io, 'mfa').form(questions);
    expect(values).toEqual(['123456', '654321']);
    const out = s.output();
    expect(out).toContain('? First code: ');
    expect(out).toContain('That is the first code again');
    expect(out.indexOf('? First code: ')).toBeLessThan(out.indexOf('? Second code (the next one): '));
  });

  it('--plain: an answer that ends the form leaves the fields after it empty, unasked', async () => {
    const s = scriptedPlain(['i']);
    expect(await lineStepIO(s.io, 'mfa').form(questions)).toEqual(['i', '']);
    expect(s.output()).not.toContain('Second code');
  });

  it('--ci: the usage error of the first field, naming its answers key', async () => {
    const io = ciIO(() => {}, {});
    await expect(lineStepIO(io, 'mfa').form(questions)).rejects.toThrow(new UsageError('missing answer: First code (give "codes.first" in --answers)'));
  });
});
