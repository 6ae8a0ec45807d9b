// The 'contacts' flow, scripted, against the real SDK gateway on moto; the alternate
// contacts are read back with the SDK's own Account client after the flow.
import { AccountClient, GetAlternateContactCommand, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers.js';
import { UsageError } from '../../src/args.js';
import type { ContactType } from '../../src/aws/port.js';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { createSession } from '../../src/session.js';
import { definition } from '../../src/steps/day-one/contacts.js';
import type { WizardShared } from '../../src/steps/flow.js';
import { recordingGateway } from '../helpers/day-one.js';
import { useMoto } from '../helpers/moto.js';
import { scriptedIO, type Script } from '../helpers/scripted-io.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const SECURITY = { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' };
const BILLING = { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' };
const OPERATIONS = { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' };
const ALL: Answers = { contacts: { security: SECURITY, billing: BILLING, operations: OPERATIONS } };

const account = () => new AccountClient({ region: 'us-east-1' });

/** A contact read back with the SDK, or null when AWS has none. */
async function contact(type: ContactType) {
  try {
    const r = await account().send(new GetAlternateContactCommand({ AlternateContactType: type }));
    const c = r.AlternateContact!;
    return { name: c.Name, title: c.Title, email: c.EmailAddress, phone: c.PhoneNumber };
  } catch (e) {
    if ((e as Error).name === 'ResourceNotFoundException') return null;
    throw e;
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-contacts-flow-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(answers: Answers, script: Script = {}, shared: WizardShared = {}) {
  const { gateway, rec } = recordingGateway(createSdkGateway({}));
  const session = createSession({ demo: false, gateway, dataDir: dir, now: () => NOW });
  const [ctx, preflight] = await Promise.all([session.context(), session.preflight()]);
  const s = scriptedIO(script);
  const before = rec.calls.length;
  // as the run loop does: the read starts before the first question, once
  const inspected = definition.inspect!(ctx, { answers, preflight, shared });
  inspected.catch(() => {});
  const outcome = await definition.run({ ctx, answers, shared, preflight, inspect: () => inspected, reinspect: () => inspected }, s.io);
  return { outcome, ...s, calls: rec.calls.slice(before), out: s.transcript.join('\n') };
}

describe('contacts flow', () => {
  it('with a person there, the company domain of the root email fills in the defaults: only the phone is asked, once', async () => {
    const r = await run({}, { answers: { 'contacts.security.phone': '+14155550100' }, confirms: [true] }, { rootEmail: 'aws+production@example.org' });
    expect(r.asked.map((q) => q.key)).toEqual(['contacts.security.phone']);
    expect(r.outcome).toMatchObject({ status: 'done', summary: ['contacts set: security, billing, operations'], shared: { securityEmail: 'security@example.org' } });
    expect(r.out).toContain('+ Set the security contact to security@example.org [account:PutAlternateContact]');
    expect(await contact('SECURITY')).toEqual({ name: 'Security team', title: 'Security', email: 'security@example.org', phone: '+14155550100' });
    expect(await contact('BILLING')).toEqual({ name: 'Billing', title: 'Finance', email: 'billing@example.org', phone: '+14155550100' });
    expect(await contact('OPERATIONS')).toEqual({ name: 'Operations', title: 'Operations', email: 'ops@example.org', phone: '+14155550100' });
  });

  it('a phone number given for another contact is offered when the phone is asked', async () => {
    const r = await run({ contacts: { billing: BILLING, operations: OPERATIONS } }, { confirms: [true] });
    expect(r.asked.map((q) => [q.key, q.initial])).toEqual([['contacts.security.phone', '+14155550101']]);
    expect(await contact('SECURITY')).toEqual({ ...SECURITY, phone: '+14155550101' });
  });

  it('writes are trusted: each contact read once, written once, never read back', async () => {
    const r = await run(ALL, { confirms: [true] });
    expect(r.outcome.status).toBe('done');
    const reads = r.calls.filter((c) => c === 'account.getAlternateContact');
    const writes = r.calls.filter((c) => c === 'account.putAlternateContact');
    expect(reads).toHaveLength(3);
    expect(writes).toHaveLength(3);
    // every read comes before the first write
    expect(r.calls.lastIndexOf('account.getAlternateContact')).toBeLessThan(r.calls.indexOf('account.putAlternateContact'));
    expect(await contact('OPERATIONS')).toEqual(OPERATIONS);
  });

  it('--ci sets nothing it was not given: no defaults, a missing field is a UsageError before any write', async () => {
    const r = await run({ contacts: { security: SECURITY } }, { ci: true, yes: true }).catch((e: unknown) => e);
    expect(r).toBeInstanceOf(UsageError);
    expect((r as Error).message).toContain('"contacts.billing.name" in --answers');
    for (const t of ['SECURITY', 'BILLING', 'OPERATIONS'] as const) expect(await contact(t)).toBeNull();
  });

  it('--ci with a bad answer: a UsageError naming it, nothing read or written', async () => {
    const { gateway, rec } = recordingGateway(createSdkGateway({}));
    const session = createSession({ demo: false, gateway, dataDir: dir, now: () => NOW });
    const [ctx, preflight] = await Promise.all([session.context(), session.preflight()]);
    const before = rec.calls.length;
    const answers: Answers = { contacts: { security: { ...SECURITY, phone: '415 555 0100' }, billing: BILLING, operations: OPERATIONS } };
    const s = scriptedIO({ ci: true, yes: true });
    // inspect is not started: a bad answer is refused before the first AWS call
    const e = await definition
      .run({ ctx, answers, shared: {}, preflight, inspect: () => definition.inspect!(ctx, { answers, preflight, shared: {} }), reinspect: async () => ({}) as never }, s.io)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/^contacts: .*phone/);
    expect(rec.calls.slice(before)).toEqual([]);
    expect(await contact('SECURITY')).toBeNull();
  });

  it('--ci with every field given: applied with --yes, exactly as given', async () => {
    const r = await run(ALL, { ci: true, yes: true });
    expect(r.asked).toEqual([]);
    expect(r.outcome.status).toBe('done');
    expect(await contact('SECURITY')).toEqual(SECURITY);
    expect(await contact('BILLING')).toEqual(BILLING);
    expect(await contact('OPERATIONS')).toEqual(OPERATIONS);
  });

  it('already set: said, nothing asked, nothing written', async () => {
    for (const [type, c] of [['SECURITY', SECURITY], ['BILLING', BILLING], ['OPERATIONS', OPERATIONS]] as const) {
      await account().send(new PutAlternateContactCommand({ AlternateContactType: type, Name: c.name, Title: c.title, EmailAddress: c.email, PhoneNumber: c.phone }));
    }
    const r = await run({});
    expect(r.asked).toEqual([]);
    expect(r.confirmed).toEqual([]);
    expect(r.outcome).toMatchObject({ status: 'done', summary: ['contacts: all already set'], shared: { securityEmail: 'security@acme.com' } });
    expect(r.transcript[0]).toContain('[pass] Already set: security Security team');
    expect(r.calls.filter((c) => c === 'account.putAlternateContact')).toEqual([]);
  });

  it('a person who says no to the plan and does not change it: pending, with the command to finish', async () => {
    const r = await run(ALL, { confirms: [false, false] });
    expect(r.outcome).toMatchObject({ status: 'pending', todo: ['npx mvsp-setup --steps contacts'] });
    expect(await contact('SECURITY')).toBeNull();
  });

  it('--ci end to end through the line presenter: exit 0, the summary says it, the contacts are in AWS', async () => {
    const lines: string[] = [];
    const session = createSession({ demo: false, gateway: createSdkGateway({}), dataDir: dir, now: () => NOW });
    const code = await runSetupLines(session, [definition], ALL, ciIO((t) => lines.push(...t.replace(/\n$/, '').split('\n')), { ci: true, yes: true }));
    expect(code).toBe(0);
    expect(lines).toContain('  contacts: done — contacts set: security, billing, operations');
    expect(await contact('SECURITY')).toEqual(SECURITY);
  });
});
