import { describe, expect, it } from 'vitest';
import {
  assessRootEmail,
  checkRootEmail,
  classifyLocalPart,
  guessPersonName,
  isFreeMailDomain,
  lookupMx,
  lookupPrimaryEmail,
  mxFinding,
  MX_CANARY,
  parseEmail,
  rootEmailOutcome,
  validateWorkEmail,
  type MxResolver,
} from '../../src/steps/root-email.js';
import { AwsError } from '../../src/aws/errors.js';
import type { Gateway } from '../../src/aws/port.js';

/** id:severity of every finding, in order */
function shape(address: string): string[] {
  return assessRootEmail(address).findings.map((f) => `${f.id}:${f.severity}`);
}

const OK_DOMAIN = ['free-mail:pass'];

// address → the findings a person sees (network-free checks)
const TABLE: [string, string[]][] = [
  // plus-addressing
  ['aws+production@acme.com', [...OK_DOMAIN, 'alias:pass']],
  ['ops+aws@acme.com', [...OK_DOMAIN, 'alias:pass']],
  ['team+aws-prod@acme.co.uk', [...OK_DOMAIN, 'alias:pass']],
  ['x7q+prod@acme.com', [...OK_DOMAIN, 'alias:pass']],
  // plus-addressing on one person's mailbox still reaches only that person
  ['jane+aws@acme.com', [...OK_DOMAIN, 'person:warn']],
  // role aliases
  ['aws-production@acme.com', [...OK_DOMAIN, 'alias:pass']],
  ['aws.root@acme.com', [...OK_DOMAIN, 'alias:pass']],
  ['cloud-admin@acme.io', [...OK_DOMAIN, 'alias:pass']],
  ['root@acme.com', [...OK_DOMAIN, 'alias:pass']],
  ['admin@acme.com', [...OK_DOMAIN, 'alias:pass']],
  ['infra@acme.dev', [...OK_DOMAIN, 'alias:pass']],
  ['ops@acme.com', [...OK_DOMAIN, 'alias:pass']],
  ['aws_prod2@acme.com', [...OK_DOMAIN, 'alias:pass']],
  ['acme@acme.com', [...OK_DOMAIN, 'alias:pass']],
  // people
  ['jane.doe@acme.com', [...OK_DOMAIN, 'person:warn']],
  ['jdoe@acme.com', [...OK_DOMAIN, 'person:warn']],
  ['j.doe@acme.com', [...OK_DOMAIN, 'person:warn']],
  ['jane_doe2@acme.com', [...OK_DOMAIN, 'person:warn']],
  ['Jean-Luc.Picard@acme.com', [...OK_DOMAIN, 'person:warn']],
  // free-mail and personal providers
  ['jane.doe@gmail.com', ['free-mail:fail', 'person:warn']],
  ['aws-production@gmail.com', ['free-mail:fail', 'alias:pass']],
  ['aws+prod@outlook.com', ['free-mail:fail', 'alias:pass']],
  ['jane@icloud.com', ['free-mail:fail', 'person:warn']],
  ['founders@proton.me', ['free-mail:fail', 'alias:pass']],
  ['tanaka@mail.yahoo.co.jp', ['free-mail:fail', 'person:warn']],
  // upper case: same verdicts
  ['AWS+PRODUCTION@ACME.COM', [...OK_DOMAIN, 'alias:pass']],
  ['JANE.DOE@GMAIL.COM', ['free-mail:fail', 'person:warn']],
  // IDN domains
  ['aws@bücher.de', ['idn:info', ...OK_DOMAIN, 'alias:pass']],
  ['aws-root@xn--bcher-kva.de', [...OK_DOMAIN, 'alias:pass']],
  ['jürgen@bücher.de', ['idn:info', ...OK_DOMAIN, 'person:warn']],
  // quoted local parts
  ['"aws production"@acme.com', ['quoted:warn', ...OK_DOMAIN, 'alias:pass']],
  ['"jane"@acme.com', ['quoted:warn', ...OK_DOMAIN, 'person:warn']],
  // neither a role nor a name
  ['x7q3@acme.com', [...OK_DOMAIN, 'alias:info']],
  // too long for AWS, though deliverable
  [`aws-production-account-root-mailbox-for-the-platform@acme-corporation.com`, ['length:fail', ...OK_DOMAIN, 'alias:pass']],
  // syntax
  ['jane@acme', ['syntax:fail']],
  ['jane@acme.com.', ['syntax:fail']],
  ['jane.acme.com', ['syntax:fail']],
  ['@acme.com', ['syntax:fail']],
  ['jane@', ['syntax:fail']],
  ['jane..doe@acme.com', ['syntax:fail']],
  ['.jane@acme.com', ['syntax:fail']],
  ['jane doe@acme.com', ['syntax:fail']],
  ['Jane <jane@acme.com>', ['syntax:fail']],
  ['jane@acme.com (work)', ['syntax:fail']],
  ['jane@[192.168.0.1]', ['syntax:fail']],
  ['jane@-acme.com', ['syntax:fail']],
  ['a@b.c', ['syntax:fail']],
  ['jane@acme.c0m', ['syntax:fail']],
  ['', ['syntax:fail']],
];

describe('assessRootEmail: the table', () => {
  it('has at least 30 addresses', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
  });
  it.each(TABLE)('%s', (address, expected) => {
    expect(shape(address)).toEqual(expected);
  });
});

describe('messages a person reads', () => {
  const message = (address: string, id: string) => assessRootEmail(address).findings.find((f) => f.id === id)?.message ?? '';

  it('names the person a local part points at', () => {
    expect(message('jane.doe@acme.com', 'person')).toContain('if Jane leaves, the account goes with them');
    expect(message('j.doe@acme.com', 'person')).toContain('if J. Doe leaves');
    expect(guessPersonName('jane_doe2')).toBe('Jane');
    expect(guessPersonName('aws-production')).toBeNull();
  });

  it('says why a syntax error is one, and how to fix it', () => {
    expect(message('jane@acme', 'syntax')).toContain('did you mean acme.com?');
    expect(message('jane@acme.com.', 'syntax')).toContain('Remove the dot at the end: jane@acme.com');
    expect(message('jane.acme.com', 'syntax')).toContain('No @');
    expect(message('Jane <jane@acme.com>', 'syntax')).toContain('without a name');
    expect(message('jane doe@acme.com', 'syntax')).toContain('No spaces');
  });

  it('tells a free-mail address to move to the business domain', () => {
    const f = assessRootEmail('jane@gmail.com').findings.find((x) => x.id === 'free-mail')!;
    expect(f.message).toContain('gmail.com is a free-mail provider');
    expect(f.fix).toContain('business domain');
  });

  it('keeps the IDN domain and gives its DNS form', () => {
    const r = parseEmail('aws@Bücher.de');
    expect(r.ok && r.email.domain).toBe('bücher.de');
    expect(r.ok && r.email.asciiDomain).toBe('xn--bcher-kva.de');
  });

  it('trims surrounding spaces but keeps the case of the local part', () => {
    const r = parseEmail('  AWS+Prod@ACME.COM ');
    expect(r.ok && r.email.address).toBe('AWS+Prod@ACME.COM');
    expect(r.ok && r.email.domain).toBe('acme.com');
  });
});

describe('suggestions', () => {
  it('proposes aws-production@ and aws+production@ on the same business domain', () => {
    expect(assessRootEmail('jane.doe@acme.com').suggestion).toEqual({
      addresses: ['aws-production@acme.com', 'aws+production@acme.com'],
      needsDomain: false,
      fill: 'aws-production@acme.com',
    });
  });
  it('for free-mail, asks for the business domain, or uses one already known', () => {
    const s = assessRootEmail('jane@gmail.com').suggestion!;
    expect(s.needsDomain).toBe(true);
    expect(s.fill).toBe('aws-production@');
    expect(assessRootEmail('jane@gmail.com', { businessDomain: 'acme.com' }).suggestion?.fill).toBe('aws-production@acme.com');
    // a free-mail "business domain" is no better
    expect(assessRootEmail('jane@gmail.com', { businessDomain: 'outlook.com' }).suggestion?.needsDomain).toBe(true);
  });
  it('none for a good alias', () => {
    expect(assessRootEmail('aws+production@acme.com').suggestion).toBeNull();
    expect(assessRootEmail('jane@acme').suggestion).toBeNull();
  });
});

describe('lists and classifiers', () => {
  it('knows free-mail providers from the maintained list, subdomains included', () => {
    for (const d of ['gmail.com', 'outlook.com', 'icloud.com', 'proton.me', 'GMAIL.COM', 'mail.yahoo.co.jp']) expect(isFreeMailDomain(d), d).toBe(true);
    for (const d of ['acme.com', 'amazon.com', 'corp.acme.io']) expect(isFreeMailDomain(d), d).toBe(false);
  });
  it('classifies local parts', () => {
    expect(classifyLocalPart('aws+production', 'acme.com').kind).toBe('plus');
    expect(classifyLocalPart('security', 'acme.com').kind).toBe('role');
    expect(classifyLocalPart('jane.doe', 'acme.com')).toEqual({ kind: 'person', name: 'Jane' });
  });
  it('validateWorkEmail (for onboard) wants the company domain', () => {
    expect(validateWorkEmail('bob@acme.com', 'acme.com')).toBeNull();
    expect(validateWorkEmail('bob@eu.acme.com', 'acme.com')).toBeNull();
    expect(validateWorkEmail('bob@gmail.com')).toContain('free-mail');
    expect(validateWorkEmail('bob@other.com', 'acme.com')).toContain('company domain acme.com');
    expect(validateWorkEmail('bob@acme')).toContain('top-level domain');
  });
});

function dnsError(code: string): Error {
  return Object.assign(new Error(`queryMx ${code}`), { code });
}

/** A resolver that answers for the canary domain as real DNS does, and `other` for the rest. */
function dns(other: MxResolver): MxResolver {
  return async (d) => (d === MX_CANARY ? [{ exchange: 'amazon-smtp.amazon.com', priority: 10 }] : other(d));
}

describe('MX lookup (resolver injected)', () => {
  const found: MxResolver = async () => [
    { exchange: 'alt1.aspmx.l.google.com', priority: 5 },
    { exchange: 'aspmx.l.google.com', priority: 1 },
  ];
  it('found: passes and names the best host', async () => {
    const mx = await lookupMx('acme.com', { resolve: found });
    expect(mx).toEqual({ status: 'found', hosts: ['aspmx.l.google.com', 'alt1.aspmx.l.google.com'] });
    expect(mxFinding('acme.com', mx)).toMatchObject({ severity: 'pass', message: 'acme.com receives mail (MX aspmx.l.google.com +1).' });
  });
  it('none (ENODATA or an empty answer): fails', async () => {
    for (const resolve of [async () => Promise.reject(dnsError('ENODATA')), async () => []] as MxResolver[]) {
      const mx = await lookupMx('acme.com', { resolve: dns(resolve) });
      expect(mx).toEqual({ status: 'none' });
      expect(mxFinding('acme.com', mx).severity).toBe('fail');
    }
  });
  it('null MX: fails', async () => {
    const mx = await lookupMx('acme.com', { resolve: dns(async () => [{ exchange: '', priority: 0 }]) });
    expect(mxFinding('acme.com', mx)).toMatchObject({ severity: 'fail', message: expect.stringContaining('null MX') });
  });
  it('NXDOMAIN: fails, says the domain does not exist', async () => {
    const mx = await lookupMx('acme.invalid', { resolve: dns(async () => Promise.reject(dnsError('ENOTFOUND'))) });
    expect(mx).toEqual({ status: 'nxdomain' });
    expect(mxFinding('acme.invalid', mx)).toMatchObject({ severity: 'fail', message: 'acme.invalid does not exist in DNS.' });
  });
  it('NXDOMAIN for every domain (a sandboxed or captive resolver) is "could not check", not a fail', async () => {
    const asked: string[] = [];
    const mx = await lookupMx('acme.com', { resolve: async (d) => (asked.push(d), Promise.reject(dnsError('ENOTFOUND'))) });
    expect(asked).toEqual(['acme.com', MX_CANARY]);
    expect(mx).toEqual({ status: 'unknown', reason: 'DNS does not answer for amazon.com either: offline?' });
    expect(mxFinding('acme.com', mx).severity).toBe('unknown');
  });
  it('timeout: a resolver that never answers is "could not check", not a crash', async () => {
    const started = Date.now();
    const mx = await lookupMx('acme.com', { resolve: () => new Promise(() => {}), timeoutMs: 30 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(mx.status).toBe('unknown');
    expect(mxFinding('acme.com', mx)).toMatchObject({ severity: 'unknown', message: expect.stringContaining('Could not check') });
  });
  it('DNS errors (offline: ETIMEOUT, ECONNREFUSED) are "could not check"', async () => {
    for (const code of ['ETIMEOUT', 'ECONNREFUSED', 'ESERVFAIL']) {
      const mx = await lookupMx('acme.com', { resolve: async () => Promise.reject(dnsError(code)) });
      expect(mx).toEqual({ status: 'unknown', reason: `DNS answered ${code}` });
    }
    expect(await lookupMx('acme.com', { resolve: async () => Promise.reject('weird') })).toMatchObject({ status: 'unknown' });
  });
  it('checkRootEmail adds the MX finding; a domain without MX drops the same-domain suggestion', async () => {
    const ok = await checkRootEmail('aws+production@acme.com', { resolveMx: found });
    expect(ok.findings.map((f) => `${f.id}:${f.severity}`)).toEqual(['free-mail:pass', 'alias:pass', 'mx:pass']);
    const none = await checkRootEmail('jane@acme.com', { resolveMx: dns(async () => Promise.reject(dnsError('ENODATA'))) });
    expect(none.findings.at(-1)).toMatchObject({ id: 'mx', severity: 'fail' });
    expect(none.suggestion?.needsDomain).toBe(true);
    // the lookup uses the DNS form of an IDN domain
    const asked: string[] = [];
    await checkRootEmail('aws@bücher.de', { resolveMx: async (d) => (asked.push(d), [{ exchange: 'mx.bücher.de', priority: 1 }]) });
    expect(asked).toEqual(['xn--bcher-kva.de']);
    // no lookup for an address that does not parse
    await checkRootEmail('jane@acme', { resolveMx: async (d) => (asked.push(d), []) });
    expect(asked).toHaveLength(1);
  });
});

describe('lookupPrimaryEmail', () => {
  const gw = (getPrimaryEmail: () => Promise<string>) =>
    ({ account: { getPrimaryEmail } }) as unknown as Gateway;
  const caller = { accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root', kind: 'root' as const, name: null };
  it('uses the address when AWS gives it', async () => {
    expect(await lookupPrimaryEmail({ aws: gw(async () => 'aws@acme.com'), caller })).toEqual({ status: 'found', email: 'aws@acme.com' });
  });
  it('falls back when unsupported or denied', async () => {
    for (const kind of ['Unsupported', 'AccessDenied'] as const) {
      const r = await lookupPrimaryEmail({ aws: gw(async () => Promise.reject(new AwsError({ kind, action: 'account:GetPrimaryEmail' }))), caller });
      expect(r).toMatchObject({ status: 'unavailable', kind });
    }
  });
});

describe('rootEmailOutcome', () => {
  it('done for a good alias; a change to make when a suggestion was taken', () => {
    expect(rootEmailOutcome({ current: 'aws+production@acme.com', target: null, findings: assessRootEmail('aws+production@acme.com').findings }).ok).toBe(true);
    const o = rootEmailOutcome({ current: 'jane@gmail.com', target: 'aws-production@acme.com', findings: [] });
    expect(o.ok).toBe(false);
    expect(o.todo[0]).toContain('change the root email to aws-production@acme.com');
  });
});
