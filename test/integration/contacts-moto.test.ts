// The contacts and root-email steps against moto through the real SDK gateway.
import { AccountClient, GetAlternateContactCommand } from '@aws-sdk/client-account';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/args.js';
import type { Answers } from '../../src/answers.js';
import type { ContactType, Gateway } from '../../src/aws/port.js';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import type { HeadlessIO } from '../../src/headless/types.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { lineStepIO } from '../../src/headless/line-presenter.js';
import { definition as contactsDefinition } from '../../src/steps/day-one/contacts.js';
import { createRootEmailDefinition } from '../../src/steps/day-one/root-email.js';
import type { StepDefinition, WizardShared } from '../../src/steps/flow.js';
import type { Preflight } from '../../src/steps/preflight.js';
import { ContactInputError, inspectContacts, planContacts, readBackContacts } from '../../src/steps/contacts.js';
import { lookupPrimaryEmail } from '../../src/steps/root-email.js';
import { preflight } from '../../src/steps/preflight.js';
import { runActions } from '../../src/steps/run-actions.js';
import type { StepContext } from '../../src/steps/types.js';
import { useMoto } from '../helpers/moto.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');

const CONTACTS = {
  security: { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+1 415 555 0100' },
  billing: { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' },
  operations: { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' },
};

/** Counts every gateway call, so a test can prove that none was made. */
function counting(gw: Gateway): { gateway: Gateway; calls: string[] } {
  const calls: string[] = [];
  const wrap = <T extends object>(port: T, name: string): T =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          calls.push(`${name}.${String(prop)}`);
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const gateway: Gateway = {
    kind: gw.kind,
    clock: gw.clock,
    sts: wrap(gw.sts, 'sts'),
    iam: wrap(gw.iam, 'iam'),
    account: wrap(gw.account, 'account'),
    events: wrap(gw.events, 'events'),
    sns: wrap(gw.sns, 'sns'),
    cloudtrail: wrap(gw.cloudtrail, 'cloudtrail'),
    s3: wrap(gw.s3, 's3'),
    organizations: wrap(gw.organizations, 'organizations'),
    rootAccess: wrap(gw.rootAccess, 'rootAccess'),
    forAccount: (accountId, roleName) => gw.forAccount(accountId, roleName),
  };
  return { gateway, calls };
}

async function context(aws: Gateway): Promise<StepContext> {
  return { aws, caller: await aws.sts.getCallerIdentity(), now: () => NOW, randomBytes: (n) => new Uint8Array(n) };
}

/** Read straight through the SDK, not through the code under test. */
async function readContact(type: ContactType) {
  const client = new AccountClient({ region: 'us-east-1' });
  try {
    const out = await client.send(new GetAlternateContactCommand({ AlternateContactType: type }));
    return out.AlternateContact;
  } catch (e) {
    if ((e as Error).name === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

/**
 * A step's definition run as the line presenter runs it, on the given context. The read
 * (`inspect`) starts when the flow asks for it, so a test sees what the flow does before it.
 */
function lineStep(def: StepDefinition) {
  return (ctx: StepContext, input: { answers: Answers; shared: WizardShared; preflight: Preflight }, io: HeadlessIO) => {
    let read: Promise<unknown> | undefined;
    const inspect = () => (read ??= def.inspect ? def.inspect(ctx, input) : Promise.resolve(undefined));
    return def.run({ ctx, ...input, inspect, reinspect: inspect }, lineStepIO(io, def.id));
  };
}
const contactsHeadless = lineStep(contactsDefinition);
const createRootEmailHeadless = (opts: Parameters<typeof createRootEmailDefinition>[0]) => lineStep(createRootEmailDefinition(opts));

function recordingIO(flags: Record<string, string | boolean> = { ci: true, yes: true }): HeadlessIO & { lines: string[] } {
  const lines: string[] = [];
  const io = ciIO((t) => lines.push(t.replace(/\n$/, '')), flags);
  return Object.assign(io, { lines });
}

describe('contacts on moto', () => {
  it('sets the three contacts, reads them back, and a re-run plans nothing', async () => {
    const ctx = await context(createSdkGateway({}));
    const state = await inspectContacts(ctx);
    expect(state.current).toEqual({ SECURITY: null, BILLING: null, OPERATIONS: null });

    const plan = planContacts(state, CONTACTS, { rootEmail: 'aws+production@acme.com' });
    expect(plan.actions.map((a) => a.call)).toEqual(Array(3).fill('account:PutAlternateContact'));
    const result = await runActions(plan.actions, ctx);
    expect(result.ok).toBe(true);

    const back = await readBackContacts(ctx, plan);
    expect(back.every((b) => b.matches)).toBe(true);
    expect(await readContact('SECURITY')).toMatchObject({
      AlternateContactType: 'SECURITY',
      Name: 'Security team',
      Title: 'Security',
      EmailAddress: 'security@acme.com',
      // normalised to E.164 before it was sent
      PhoneNumber: '+14155550100',
    });
    expect(await readContact('BILLING')).toMatchObject({ EmailAddress: 'billing@acme.com', PhoneNumber: '+14155550101' });
    expect(await readContact('OPERATIONS')).toMatchObject({ EmailAddress: 'ops@acme.com', PhoneNumber: '+14155550102' });

    const again = planContacts(await inspectContacts(ctx), CONTACTS);
    expect(again.actions).toEqual([]);
    expect(again.existing).toHaveLength(3);
  });

  it('the step through the line presenter sets them with --yes, trusts the write, and a second run changes nothing', async () => {
    const gw = counting(createSdkGateway({}));
    const ctx = await context(gw.gateway);
    const pf = await preflight(gw.gateway, {});
    const answers: Answers = { contacts: CONTACTS };
    const io = recordingIO();
    const first = await contactsHeadless(ctx, { answers, shared: { rootEmail: 'aws+production@acme.com' }, preflight: pf }, io);
    expect(first.status).toBe('done');
    expect(first.shared?.securityEmail).toBe('security@acme.com');
    expect(io.lines).toContain('contacts: Security    Security team (Security) <security@acme.com> +14155550100');
    expect(gw.calls.filter((c) => c === 'account.putAlternateContact')).toHaveLength(3);
    // a write AWS accepted is trusted: no read-back (what is in AWS is read here with the SDK)
    expect(gw.calls.slice(gw.calls.indexOf('account.putAlternateContact'))).not.toContain('account.getAlternateContact');
    expect(await readContact('SECURITY')).toMatchObject({ Name: 'Security team', EmailAddress: 'security@acme.com', PhoneNumber: '+14155550100' });

    gw.calls.length = 0;
    const io2 = recordingIO();
    const second = await contactsHeadless(ctx, { answers, shared: {}, preflight: pf }, io2);
    expect(second.status).toBe('done');
    expect(io2.lines).toContain('  nothing to do: everything is already in place');
    expect(gw.calls).not.toContain('account.putAlternateContact');
  });

  it('keeps a contact that is already set, and sets only the missing ones', async () => {
    const ctx = await context(createSdkGateway({}));
    await ctx.aws.account.putAlternateContact('BILLING', { name: 'Accounts', title: 'AP', email: 'ap@acme.com', phone: '+14155550199' });
    const plan = planContacts(await inspectContacts(ctx), CONTACTS);
    expect(plan.actions.map((a) => a.id)).toEqual(['contact:SECURITY', 'contact:OPERATIONS']);
    expect(plan.notes?.[0]).toContain('billing contact is already set (ap@acme.com); kept');
    await runActions(plan.actions, ctx);
    expect(await readContact('BILLING')).toMatchObject({ EmailAddress: 'ap@acme.com' });
  });

  it('rejects an invalid contact type or field before any call', async () => {
    const gw = counting(createSdkGateway({}));
    const ctx: StepContext = {
      aws: gw.gateway,
      caller: { accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/moto', kind: 'user', name: 'moto' },
      now: () => NOW,
      randomBytes: (n) => new Uint8Array(n),
    };
    const pf = { caller: ctx.caller, alias: null, aliasReadable: true, cloudShell: false, sandbox: false };
    const bad: unknown[] = [
      { legal: CONTACTS.security },
      { security: { ...CONTACTS.security, phone: '415 555 0100' } },
      { security: { ...CONTACTS.security, email: 'security@acme' } },
      { security: { ...CONTACTS.security, name: '' } },
      { security: { ...CONTACTS.security, title: 'x'.repeat(51) } },
      { security: { ...CONTACTS.security, fax: '+14155550100' } },
      { security: { ...CONTACTS.security, email: '"sec team"@acme.com' } },
    ];
    for (const contacts of bad) {
      const io = recordingIO();
      const err = await contactsHeadless(ctx, { answers: { contacts } as Answers, shared: {}, preflight: pf }, io).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(contacts)).toBeInstanceOf(UsageError);
      expect(() => planContacts({ current: { SECURITY: null, BILLING: null, OPERATIONS: null } }, contacts as never)).toThrow(ContactInputError);
    }
    expect((await contactsHeadless(ctx, { answers: { contacts: { legal: {} } } as unknown as Answers, shared: {}, preflight: pf }, recordingIO()).catch((e: Error) => e.message))).toContain('contacts.legal');
    expect(gw.calls).toEqual([]);
    expect(await readContact('SECURITY')).toBeUndefined();
  });

  it('a missing answer in --ci is a usage error naming the answers key', async () => {
    const ctx = await context(createSdkGateway({}));
    const pf = await preflight(ctx.aws, {});
    const err = await contactsHeadless(
      ctx,
      { answers: { contacts: { security: CONTACTS.security, billing: CONTACTS.billing, operations: { name: 'Ops', title: 'Ops', email: 'ops@acme.com' } } }, shared: {}, preflight: pf },
      recordingIO(),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain('"contacts.operations.phone" in --answers');
    expect(await readContact('SECURITY')).toBeUndefined();
  });

  it('without --yes the plan is shown, nothing is set, and the step is pending', async () => {
    const ctx = await context(createSdkGateway({}));
    const pf = await preflight(ctx.aws, {});
    const io = recordingIO({ ci: true });
    const o = await contactsHeadless(ctx, { answers: { contacts: CONTACTS }, shared: {}, preflight: pf }, io);
    expect(o.status).toBe('pending');
    expect(io.lines.join('\n')).toContain('+ Set the security contact to security@acme.com  [account:PutAlternateContact]');
    expect(await readContact('SECURITY')).toBeUndefined();
  });
});

describe('root email on moto', () => {
  it('GetPrimaryEmail (an HTML 404 from moto) maps to unsupported: the step asks instead of crashing', async () => {
    const ctx = await context(createSdkGateway({}));
    expect(await lookupPrimaryEmail(ctx)).toMatchObject({ status: 'unavailable', kind: 'Unsupported' });

    const step = createRootEmailHeadless({ resolveMx: async () => [{ exchange: 'mx.acme.com', priority: 10 }] });
    const pf = await preflight(ctx.aws, {});
    // --ci without --root-email: a usage error naming the flag and the key
    const err = await step(ctx, { answers: {}, shared: {}, preflight: pf }, recordingIO()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain('--root-email E or "rootEmail" in --answers');

    const io = recordingIO();
    const o = await step(ctx, { answers: { rootEmail: 'aws+production@acme.com' }, shared: {}, preflight: pf }, io);
    expect(o).toMatchObject({ status: 'done', shared: { rootEmail: 'aws+production@acme.com' } });
    expect(io.lines).toContain('  ✔ acme.com receives mail (MX mx.acme.com).');
  });

  it('a personal address is pending with what to fix; an invalid one is a usage error', async () => {
    const ctx = await context(createSdkGateway({}));
    const pf = await preflight(ctx.aws, {});
    const step = createRootEmailHeadless({ resolveMx: async () => [{ exchange: 'gmail-smtp-in.l.google.com', priority: 5 }] });
    const io = recordingIO();
    const o = await step(ctx, { answers: { rootEmail: 'jane.doe@gmail.com', contacts: { security: CONTACTS.security } }, shared: {}, preflight: pf }, io);
    expect(o.status).toBe('pending');
    expect(o.todo?.join('\n')).toContain('business domain');
    expect(io.lines).toContain('root-email: • Suggested: aws-production@acme.com or aws+production@acme.com');
    await expect(step(ctx, { answers: { rootEmail: 'jane@acme' }, shared: {}, preflight: pf }, recordingIO())).rejects.toThrow(/--root-email .*top-level domain/);
  });
});
