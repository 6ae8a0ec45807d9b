// The 'root-email' flow, scripted, against the real SDK gateway on moto (moto answers
// account:GetPrimaryEmail with a 404, as AWS does for a standalone account). The MX
// lookup is injected; what a person sees is the transcript, what the next run sees is the
// local record read back from disk.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers.js';
import { UsageError } from '../../src/args.js';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import type { Gateway } from '../../src/aws/port.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { createSession } from '../../src/session.js';
import { createRootEmailDefinition } from '../../src/steps/day-one/root-email.js';
import type { StepDefinition, WizardShared } from '../../src/steps/flow.js';
import { readRecord } from '../../src/steps/local-record.js';
import type { MxResolver } from '../../src/steps/root-email.js';
import { recordingGateway } from '../helpers/day-one.js';
import { MOTO_ACCOUNT_ID, useMoto } from '../helpers/moto.js';
import { scriptedIO, type Script } from '../helpers/scripted-io.js';
import { scriptedPlain } from '../helpers/plain.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
/** every domain receives mail */
const mail: MxResolver = async (d) => [{ exchange: `mx.${d}`, priority: 10 }];
/** DNS gives no answer at all (offline) */
const offline: MxResolver = async () => Promise.reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-root-email-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(answers: Answers, script: Script = {}, opts: { resolveMx?: MxResolver; gateway?: Gateway } = {}) {
  const { gateway, rec } = recordingGateway(opts.gateway ?? createSdkGateway({}));
  const session = createSession({ demo: false, gateway, dataDir: dir, now: () => NOW });
  const [ctx, preflight] = await Promise.all([session.context(), session.preflight()]);
  const def = createRootEmailDefinition({ resolveMx: opts.resolveMx ?? mail });
  const shared: WizardShared = { accountAlias: preflight.alias };
  const s = scriptedIO(script);
  // as the run loop does: the read starts before the first question, once
  const inspected = def.inspect!(ctx, { answers, preflight, shared });
  inspected.catch(() => {});
  const outcome = await def.run({ ctx, answers, shared, preflight, inspect: () => inspected, reinspect: () => inspected }, s.io);
  return { outcome, ...s, calls: rec.calls, out: s.transcript.join('\n') };
}

describe('root-email flow', () => {
  it('a shared alias on a business domain: done, remembered, and a second run asks nothing', async () => {
    const first = await run({ rootEmail: 'aws+production@acme.com' });
    expect(first.asked).toEqual([]);
    expect(first.outcome.status).toBe('done');
    expect(first.outcome.summary).toEqual(['root email aws+production@acme.com: a shared alias on a business domain']);
    expect(first.outcome.shared).toEqual({ rootEmail: 'aws+production@acme.com' });
    expect(first.out).toContain('acme.com receives mail (MX mx.acme.com)');
    // the address was given: AWS is not asked for it, and nothing in AWS changes
    expect(first.calls.filter((c) => c.startsWith('account.'))).toEqual([]);
    const record = await readRecord(MOTO_ACCOUNT_ID, { dataDir: dir });
    expect(record.rootEmailCheck).toEqual({ address: 'aws+production@acme.com', at: NOW.toISOString() });

    // the wizard after a --ci run: no question, no DNS, done
    const second = await run({}, {}, { resolveMx: async () => Promise.reject(new Error('DNS must not be asked')) });
    expect(second.asked).toEqual([]);
    expect(second.confirmed).toEqual([]);
    expect(second.outcome).toMatchObject({ status: 'done', shared: { rootEmail: 'aws+production@acme.com' } });
    expect(second.out).toContain('aws+production@acme.com: passed every check on 2026-11-24');
  });

  it('another address than the one that passed is checked again', async () => {
    await run({ rootEmail: 'aws+production@acme.com' });
    const other = await run({ rootEmail: 'jane.doe@acme.com' });
    expect(other.outcome.status).toBe('pending');
    expect(other.out).toContain("jane.doe@ looks like one person's mailbox: if Jane leaves, the account goes with them.");
  });

  it('asks when AWS does not say, warns while typing, and plans the suggested alias as a console to-do', async () => {
    const r = await run({}, { answers: { rootEmail: 'jane.doe@acme.com' }, confirms: [true] });
    expect(r.asked.map((q) => [q.key, q.flag])).toEqual([['rootEmail', '--root-email E']]);
    // what a person sees under the field while typing
    expect(r.asked[0]!.notes!('jane.doe@gmail.com').map((f) => f.id)).toEqual(expect.arrayContaining(['free-mail', 'person']));
    expect(r.out).toContain('AWS does not tell this account its root email');
    expect(r.confirmed).toEqual(['Plan to change the root email to aws-production@acme.com?']);
    expect(r.outcome.status).toBe('pending');
    expect(r.outcome.summary).toEqual(['root email jane.doe@acme.com → to change to aws-production@acme.com']);
    expect(r.outcome.todo![0]).toMatch(/^change the root email to aws-production@acme.com: sign in as root → account menu → Account/);
    expect(r.outcome.shared).toEqual({ rootEmail: 'aws-production@acme.com' });
    expect((await readRecord(MOTO_ACCOUNT_ID, { dataDir: dir })).rootEmailCheck).toBeUndefined();
  });

  it('a free-mail address with no company domain known: the new address is typed', async () => {
    const r = await run({}, { answers: { rootEmail: 'jane@gmail.com', 'New root email': 'aws-production@acme.com' }, confirms: [true] });
    expect(r.confirmed).toEqual(['Plan to change the root email to an alias on your company domain?']);
    expect(r.asked[1]).toMatchObject({ message: 'New root email', initial: 'aws-production@' });
    expect(r.out).toContain('Change it to aws-production@acme.com');
    expect(r.outcome.summary).toEqual(['root email jane@gmail.com → to change to aws-production@acme.com']);
  });

  it('the person keeps the address: its problems are the to-do', async () => {
    const r = await run({}, { answers: { rootEmail: 'jane.doe@acme.com' }, confirms: [false] });
    expect(r.outcome.status).toBe('pending');
    expect(r.outcome.todo).toEqual([
      "root email: jane.doe@ looks like one person's mailbox: if Jane leaves, the account goes with them. Use a distribution list or shared alias that reaches at least two people.",
    ]);
  });

  it('DNS does not answer: not a pass, so not remembered as one', async () => {
    const r = await run({ rootEmail: 'aws+production@acme.com' }, {}, { resolveMx: offline });
    expect(r.out).toContain('[unknown] Could not check the mail servers for acme.com');
    expect((await readRecord(MOTO_ACCOUNT_ID, { dataDir: dir })).rootEmailCheck).toBeUndefined();
  });

  it('AWS reports the address (a management account): it is checked without asking', async () => {
    // moto has no GetPrimaryEmail: the real gateway answers every other call, this one is stood in
    const real = createSdkGateway({});
    const gateway = { ...real, account: { ...real.account, getPrimaryEmail: async () => 'aws+production@acme.com' } } as Gateway;
    const r = await run({}, {}, { gateway });
    expect(r.asked).toEqual([]);
    expect(r.out).toContain('AWS reports the root email aws+production@acme.com');
    expect(r.outcome.status).toBe('done');
  });

  it('--ci: a missing address is a usage error naming the flag and the key; a bad one too', async () => {
    const missing = await run({}, { ci: true }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing).toMatchObject({ message: expect.stringContaining('"rootEmail" in --answers') });
    const bad = await run({ rootEmail: 'aws-production@acme' }, { ci: true }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(UsageError);
    expect((bad as Error).message).toContain('--root-email / "rootEmail" "aws-production@acme"');
    expect((await readRecord(MOTO_ACCOUNT_ID, { dataDir: dir })).rootEmailCheck).toBeUndefined();
  });

  it('--plain through the line presenter: asked, checked, the suggestion taken as a to-do', async () => {
    const plain = scriptedPlain(['jane.doe@acme.com', 'y']);
    const session = createSession({ demo: false, gateway: createSdkGateway({}), dataDir: dir, now: () => NOW });
    const code = await runSetupLines(session, [createRootEmailDefinition({ resolveMx: mail })], {}, plain.io);
    await plain.io.close();
    expect(code).toBe(0);
    const out = plain.output();
    expect(out).toContain("The root user's sign-in email");
    expect(out).toContain("jane.doe@ looks like one person's mailbox");
    expect(out).toContain('root-email: pending — root email jane.doe@acme.com → to change to aws-production@acme.com');
    expect(out).toContain('todo: change the root email to aws-production@acme.com: sign in as root');
  });

  it('--ci end to end through the line presenter: exit 0, the summary says it', async () => {
    const lines: string[] = [];
    const session = createSession({ demo: false, gateway: createSdkGateway({}), dataDir: dir, now: () => NOW });
    const io = ciIO((t) => lines.push(...t.replace(/\n$/, '').split('\n')), { ci: true, yes: true });
    const def: StepDefinition = createRootEmailDefinition({ resolveMx: mail });
    const code = await runSetupLines(session, [def], { rootEmail: 'aws+production@acme.com' }, io);
    expect(code).toBe(0);
    expect(lines).toContain('  root-email: done — root email aws+production@acme.com: a shared alias on a business domain');
    expect((await readRecord(MOTO_ACCOUNT_ID, { dataDir: dir })).rootEmailCheck?.address).toBe('aws+production@acme.com');
  });
});
