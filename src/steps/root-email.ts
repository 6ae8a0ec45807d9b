// The root sign-in email: it should be a shared alias on a business domain, never one
// person's mailbox or a free-mail account. Pure checks plus an MX lookup with a timeout.
import { promises as dnsPromises } from 'node:dns';
import { domainToASCII } from 'node:url';
import emailAddresses from 'email-addresses';
import freeMailDomains from 'email-providers/all.json' with { type: 'json' };
import { isAwsError, type AwsErrorKind } from '../aws/errors.js';
import type { StepContext } from './types.js';
import { updateRecord, type LocalRecord, type RecordOptions, type RootEmailCheck } from './local-record.js';

export type Severity = 'pass' | 'info' | 'warn' | 'fail' | 'unknown';

export type FindingId = 'syntax' | 'length' | 'quoted' | 'idn' | 'free-mail' | 'alias' | 'person' | 'mx';

export interface Finding {
  id: FindingId;
  severity: Severity;
  message: string;
  /** what to do about it; absent when nothing needs doing */
  fix?: string;
}

export interface ParsedEmail {
  /** the address as typed, trimmed */
  address: string;
  /** the local part without quotes */
  local: string;
  quoted: boolean;
  /** lower case, as typed (Unicode for IDN domains) */
  domain: string;
  /** lower case, punycode for IDN domains: what DNS and the lists use */
  asciiDomain: string;
}

export type ParseResult = { ok: true; email: ParsedEmail } | { ok: false; error: string };

const FREE_MAIL = new Set((freeMailDomains as string[]).map((d) => d.toLowerCase()));

/** AWS refuses an account email longer than this (CreateAccount / the root email form). */
export const ROOT_EMAIL_MAX = 64;

/** Why a string the parser refused is not an address, in words a person can act on. */
function syntaxHint(s: string): string {
  if (s === '') return 'Type an email address, e.g. aws-production@acme.com.';
  const at = s.lastIndexOf('@');
  if (at === -1) return 'No @ in it: an address looks like aws-production@acme.com.';
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local === '') return 'Nothing before the @.';
  if (domain === '') return 'Nothing after the @: add the domain, e.g. acme.com.';
  if (/\s/.test(s) && !/^".*"@/.test(s)) return 'No spaces in an email address.';
  if (domain.endsWith('.')) return `Remove the dot at the end: ${s.slice(0, -1)}`;
  if (domain.includes('..') || local.includes('..')) return 'Two dots in a row are not allowed.';
  if (!domain.includes('.')) return `The domain "${domain}" has no top-level domain: did you mean ${domain}.com?`;
  if (local.startsWith('.') || local.endsWith('.')) return 'The part before @ cannot start or end with a dot.';
  if (local.includes('@')) return 'Only one @ is allowed (quote the part before it if it really contains one).';
  return 'This is not a valid email address.';
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Parse one bare address (no display name, no comments) with an RFC 5322/6532 parser,
 * then check the domain as DNS needs it. Refused input comes back with a hint.
 */
export function parseEmail(input: string): ParseResult {
  const s = input.trim();
  const fail = (error: string): ParseResult => ({ ok: false, error });
  if (s === '') return fail(syntaxHint(s));
  const parsed = emailAddresses.parseOneAddress({ input: s, rfc6532: true, rejectTLD: true });
  if (!parsed || parsed.type !== 'mailbox') return fail(syntaxHint(s));
  if (parsed.name !== null || s.includes('<')) return fail('Only the address, without a name or <…>: e.g. aws-production@acme.com.');
  const localTokens = parsed.parts.local.tokens.trim();
  const domainTokens = parsed.parts.domain.tokens.trim();
  // the parser accepts comments and folding white space; an address field does not
  if (`${localTokens}@${domainTokens}` !== s || parsed.parts.comments.length > 0) {
    return fail(/\(/.test(s) ? 'No comments in brackets: only the address.' : 'No spaces in an email address.');
  }
  if (domainTokens.startsWith('[')) return fail('Use a domain name, not an IP address, after the @.');
  const domain = parsed.domain.toLowerCase();
  const ascii = domainToASCII(domain);
  if (ascii === '') return fail(`"${parsed.domain}" is not a valid domain name.`);
  const labels = ascii.split('.');
  if (!labels.every((l) => LABEL.test(l))) return fail(`"${parsed.domain}" is not a valid domain name: letters, digits and hyphens between the dots.`);
  const tld = labels[labels.length - 1]!;
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return fail(`".${tld}" is not a top-level domain.`);
  if (parsed.local.length > 64) return fail('The part before @ is longer than 64 characters.');
  if (s.length > 254) return fail('Longer than 254 characters: not a deliverable address.');
  return {
    ok: true,
    email: { address: s, local: parsed.local, quoted: localTokens.startsWith('"'), domain, asciiDomain: ascii },
  };
}

/** A free-mail or consumer provider (gmail.com, outlook.com, proton.me…), subdomains included. */
export function isFreeMailDomain(domain: string): boolean {
  const ascii = domainToASCII(domain.toLowerCase().replace(/\.$/, '')) || domain.toLowerCase();
  const labels = ascii.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    if (FREE_MAIL.has(labels.slice(i).join('.'))) return true;
  }
  return false;
}

// Local parts that name a function, a team or a purpose rather than a person.
const ROLE_WORDS = new Set([
  'aws', 'amazon', 'cloud', 'root', 'admin', 'admins', 'administrator', 'administrators', 'infra',
  'infrastructure', 'ops', 'devops', 'secops', 'sysadmin', 'sysadmins', 'sre', 'it', 'tech', 'engineering',
  'eng', 'dev', 'devs', 'developers', 'platform', 'security', 'sec', 'billing', 'finance', 'accounts',
  'accounting', 'legal', 'team', 'hello', 'contact', 'info', 'office', 'prod', 'production', 'staging',
  'stage', 'test', 'sandbox', 'master', 'owner', 'owners', 'alerts', 'alarms', 'notifications', 'noreply',
  'no', 'reply', 'oncall', 'founders', 'management', 'hq', 'postmaster', 'hostmaster', 'webmaster', 'abuse',
  'noc', 'support', 'help', 'helpdesk', 'service', 'services', 'systems', 'account', 'mail', 'general',
  'all', 'everyone', 'staff', 'company', 'group', 'ceo', 'cto', 'cfo', 'compliance', 'audit', 'backup',
  'gcp', 'azure', 'saas', 'ci', 'deploy', 'release', 'bot', 'robot', 'automation',
]);

function tokensOf(local: string): string[] {
  return local
    .toLowerCase()
    .split(/[\s._-]+/)
    .filter(Boolean);
}

const NAME_TOKEN = /^\p{L}+\d*$/u;

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The name a person-like local part suggests: jane.doe → Jane, j.doe → J. Doe, jdoe → Jdoe. */
export function guessPersonName(local: string): string | null {
  const base = local.split('+')[0] ?? local;
  const words = tokensOf(base).map((t) => t.replace(/\d+$/, ''));
  if (words.length === 0 || words.length > 3 || !words.every((w) => NAME_TOKEN.test(w))) return null;
  if (words.some((w) => ROLE_WORDS.has(w))) return null;
  if (words.join('').length < 2) return null;
  const [first, second] = words as [string, string | undefined];
  if (second !== undefined && first.length === 1) return `${first.toUpperCase()}. ${capitalise(second)}`;
  return capitalise(first);
}

export type LocalKind = 'role' | 'plus' | 'person' | 'unclear';

/** What the part before @ says about who reads the mail. */
export function classifyLocalPart(local: string, domain: string): { kind: LocalKind; name: string | null } {
  const lower = local.toLowerCase();
  const plus = lower.indexOf('+');
  const base = plus === -1 ? lower : lower.slice(0, plus);
  const words = tokensOf(base).map((t) => t.replace(/\d+$/, ''));
  const company = domain.toLowerCase().split('.')[0];
  if (words.some((w) => ROLE_WORDS.has(w)) || base === company) return { kind: plus === -1 ? 'role' : 'plus', name: null };
  const name = guessPersonName(lower);
  if (name) return { kind: 'person', name };
  return { kind: plus === -1 ? 'unclear' : 'plus', name: null };
}

/** The aliases to propose on a domain. */
export function suggestAliases(domain: string): [string, string] {
  return [`aws-production@${domain}`, `aws+production@${domain}`];
}

export interface Suggestion {
  /** best first */
  addresses: string[];
  /** no business domain is known: only the part before @ is proposed, the domain must be typed */
  needsDomain: boolean;
  /** what accepting the suggestion puts in the field */
  fill: string;
}

/** The first business (not free-mail) domain among addresses known from elsewhere. */
export function businessDomainOf(addresses: (string | null | undefined)[]): string | undefined {
  for (const a of addresses) {
    if (!a) continue;
    const p = parseEmail(a);
    if (p.ok && !isFreeMailDomain(p.email.asciiDomain)) return p.email.domain;
  }
  return undefined;
}

export interface EmailAssessment {
  input: string;
  email: ParsedEmail | null;
  findings: Finding[];
  suggestion: Suggestion | null;
}

export interface AssessOptions {
  /** a business domain known from elsewhere (e.g. the contacts' addresses), used for suggestions */
  businessDomain?: string;
}

/** The checks that need no network: syntax, length, free-mail domain, alias form. */
export function assessRootEmail(input: string, opts: AssessOptions = {}): EmailAssessment {
  const parsed = parseEmail(input);
  if (!parsed.ok) {
    return {
      input,
      email: null,
      findings: [{ id: 'syntax', severity: 'fail', message: parsed.error, fix: 'Correct the address.' }],
      suggestion: null,
    };
  }
  const e = parsed.email;
  const findings: Finding[] = [];
  if (e.address.length > ROOT_EMAIL_MAX) {
    findings.push({
      id: 'length',
      severity: 'fail',
      message: `${e.address.length} characters: AWS accepts at most ${ROOT_EMAIL_MAX} for the root email.`,
      fix: 'Use a shorter alias.',
    });
  }
  if (e.quoted) {
    findings.push({
      id: 'quoted',
      severity: 'warn',
      message: 'A quoted part before @ is valid, but many mail systems and sign-up forms refuse it.',
      fix: 'Use a plain alias such as aws-production@ instead.',
    });
  }
  if (e.asciiDomain !== e.domain) {
    findings.push({
      id: 'idn',
      severity: 'info',
      message: `Internationalised domain: in DNS it is ${e.asciiDomain}.`,
    });
  }
  const freeMail = isFreeMailDomain(e.asciiDomain);
  if (freeMail) {
    findings.push({
      id: 'free-mail',
      severity: 'fail',
      message: `${e.domain} is a free-mail provider: the account would hang on one personal mailbox.`,
      fix: 'Tie it to your business domain, with an alias that reaches at least two people.',
    });
  } else {
    findings.push({ id: 'free-mail', severity: 'pass', message: `${e.domain} is not a free-mail provider.` });
  }
  const local = classifyLocalPart(e.local, e.domain);
  switch (local.kind) {
    case 'role':
      findings.push({ id: 'alias', severity: 'pass', message: `${e.local}@ is a role alias, not a person.` });
      break;
    case 'plus':
      findings.push({ id: 'alias', severity: 'pass', message: `${e.local}@ uses plus-addressing: an alias of a shared mailbox.` });
      break;
    case 'person':
      findings.push({
        id: 'person',
        severity: 'warn',
        message: `${e.local}@ looks like one person's mailbox: if ${local.name} leaves, the account goes with them.`,
        fix: 'Use a distribution list or shared alias that reaches at least two people.',
      });
      break;
    case 'unclear':
      findings.push({
        id: 'alias',
        severity: 'info',
        message: `Cannot tell whether ${e.local}@ is a shared alias.`,
        fix: 'Make sure it is a list that reaches at least two people, not one person.',
      });
      break;
  }
  return { input, email: e, findings, suggestion: buildSuggestion(e, findings, opts) };
}

function buildSuggestion(e: ParsedEmail, findings: Finding[], opts: AssessOptions): Suggestion | null {
  const needed = findings.some((f) => f.severity === 'warn' || f.severity === 'fail' || (f.id === 'alias' && f.severity === 'info'));
  if (!needed) return null;
  const domainUnusable = findings.some((f) => (f.id === 'free-mail' || f.id === 'mx') && f.severity === 'fail');
  const known = opts.businessDomain && !isFreeMailDomain(opts.businessDomain) ? opts.businessDomain.toLowerCase() : undefined;
  const domain = known ?? (domainUnusable ? undefined : e.domain);
  if (!domain) {
    return {
      addresses: suggestAliases('YOUR-COMPANY-DOMAIN'),
      needsDomain: true,
      fill: 'aws-production@',
    };
  }
  const addresses = suggestAliases(domain).filter((a) => a.toLowerCase() !== e.address.toLowerCase());
  if (addresses.length === 0) return null;
  return { addresses, needsDomain: false, fill: addresses[0]! };
}

// ---------------------------------------------------------------- MX records

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** Looks up MX records; rejects with a node:dns error (code ENODATA, ENOTFOUND, ETIMEOUT…). */
export type MxResolver = (domain: string) => Promise<MxRecord[]>;

export type MxResult =
  | { status: 'found'; hosts: string[] }
  | { status: 'null-mx' }
  | { status: 'none' }
  | { status: 'nxdomain' }
  | { status: 'unknown'; reason: string };

export const MX_TIMEOUT_MS = 2500;

/** A resolver on node:dns that gives up after timeoutMs (one try, no retries). */
export function dnsMxResolver(timeoutMs = MX_TIMEOUT_MS): MxResolver {
  return (domain) => {
    const resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 1 });
    return resolver.resolveMx(domain);
  };
}

/** A domain whose MX records always exist: when even it gets no answer, DNS is what fails. */
export const MX_CANARY = 'amazon.com';

/**
 * MX records for a domain; never throws: no answer in time is "unknown", not a failure.
 * "No MX" and "no such domain" count only when DNS answers for a known domain too:
 * some offline or sandboxed resolvers say NXDOMAIN to everything.
 */
export async function lookupMx(
  domain: string,
  opts: { resolve?: MxResolver; timeoutMs?: number } = {},
): Promise<MxResult> {
  const first = await lookupMxOnce(domain, opts);
  if ((first.status !== 'none' && first.status !== 'nxdomain') || domain === MX_CANARY) return first;
  const canary = await lookupMxOnce(MX_CANARY, opts);
  if (canary.status === 'found') return first;
  return { status: 'unknown', reason: `DNS does not answer for ${MX_CANARY} either: offline?` };
}

async function lookupMxOnce(
  domain: string,
  { resolve = dnsMxResolver(), timeoutMs = MX_TIMEOUT_MS }: { resolve?: MxResolver; timeoutMs?: number },
): Promise<MxResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), timeoutMs);
  });
  try {
    const answer = await Promise.race([resolve(domain), timeout]);
    if (answer === 'timeout') return { status: 'unknown', reason: `no answer from DNS within ${(timeoutMs / 1000).toFixed(1)} s` };
    if (answer.length === 0) return { status: 'none' };
    // RFC 7505: a single MX of "." says the domain accepts no mail
    if (answer.every((r) => r.exchange === '' || r.exchange === '.')) return { status: 'null-mx' };
    const hosts = [...answer].sort((a, b) => a.priority - b.priority).map((r) => r.exchange);
    return { status: 'found', hosts };
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ENODATA') return { status: 'none' };
    if (code === 'ENOTFOUND') return { status: 'nxdomain' };
    return { status: 'unknown', reason: typeof code === 'string' ? `DNS answered ${code}` : 'DNS lookup failed' };
  } finally {
    clearTimeout(timer);
  }
}

export function mxFinding(domain: string, mx: MxResult): Finding {
  switch (mx.status) {
    case 'found':
      return { id: 'mx', severity: 'pass', message: `${domain} receives mail (MX ${mx.hosts[0]}${mx.hosts.length > 1 ? ` +${mx.hosts.length - 1}` : ''}).` };
    case 'null-mx':
      return { id: 'mx', severity: 'fail', message: `${domain} declares that it accepts no mail (null MX).`, fix: 'Use a domain that receives mail.' };
    case 'none':
      return {
        id: 'mx',
        severity: 'fail',
        message: `${domain} has no MX records: mail to it, AWS's included, may never arrive.`,
        fix: 'Set up mail for the domain, or use one that has it.',
      };
    case 'nxdomain':
      return { id: 'mx', severity: 'fail', message: `${domain} does not exist in DNS.`, fix: 'Check the spelling of the domain.' };
    case 'unknown':
      return {
        id: 'mx',
        severity: 'unknown',
        message: `Could not check the mail servers for ${domain} (${mx.reason}).`,
        fix: 'Offline? Send a test mail to the address instead.',
      };
  }
}

export interface CheckOptions extends AssessOptions {
  resolveMx?: MxResolver;
  timeoutMs?: number;
}

/** Every check, the MX lookup included. */
export async function checkRootEmail(input: string, opts: CheckOptions = {}): Promise<EmailAssessment> {
  const first = assessRootEmail(input, opts);
  if (!first.email) return first;
  const mx = await lookupMx(first.email.asciiDomain, { resolve: opts.resolveMx, timeoutMs: opts.timeoutMs });
  const findings = [...first.findings, mxFinding(first.email.domain, mx)];
  return { ...first, findings, suggestion: buildSuggestion(first.email, findings, opts) };
}

export function worstSeverity(findings: Finding[]): Severity {
  const order: Severity[] = ['fail', 'warn', 'unknown', 'info', 'pass'];
  for (const s of order) if (findings.some((f) => f.severity === s)) return s;
  return 'pass';
}

/** Problems a person should act on (warn and fail). */
export function problems(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'warn' || f.severity === 'fail');
}

/**
 * For other commands (onboard): a work email on the company domain. Returns an error
 * message, or null when it is fine.
 */
export function validateWorkEmail(input: string, companyDomain?: string): string | null {
  const parsed = parseEmail(input);
  if (!parsed.ok) return parsed.error;
  const e = parsed.email;
  if (isFreeMailDomain(e.asciiDomain)) return `${e.domain} is a free-mail provider: use the work address on the company domain.`;
  if (companyDomain) {
    const want = domainToASCII(companyDomain.toLowerCase()) || companyDomain.toLowerCase();
    if (e.asciiDomain !== want && !e.asciiDomain.endsWith(`.${want}`)) return `Not on the company domain ${companyDomain}.`;
  }
  return null;
}

// ---------------------------------------------------------------- where the address comes from

export type PrimaryEmailLookup =
  | { status: 'found'; email: string }
  | { status: 'unavailable'; kind: AwsErrorKind; reason: string };

/**
 * account:GetPrimaryEmail answers only an Organizations management account asking about a
 * member; everywhere else it is unsupported or denied, and the address must be asked for.
 */
export async function lookupPrimaryEmail(ctx: Pick<StepContext, 'aws' | 'caller'>): Promise<PrimaryEmailLookup> {
  try {
    const email = await ctx.aws.account.getPrimaryEmail(ctx.caller.accountId);
    if (email === '') return { status: 'unavailable', kind: 'NotFound', reason: 'AWS returned no address' };
    return { status: 'found', email };
  } catch (e) {
    if (isAwsError(e)) {
      const reason =
        e.kind === 'AccessDenied'
          ? 'not allowed to call account:GetPrimaryEmail'
          : e.kind === 'Unsupported'
            ? 'AWS tells only an organization\'s management account the root email of a member'
            : `account:GetPrimaryEmail failed (${e.code ?? e.kind})`;
      return { status: 'unavailable', kind: e.kind, reason };
    }
    throw e;
  }
}

// ---------------------------------------------------------------- the step's result

export interface RootEmailResult {
  /** the address in use now */
  current: string;
  /** the address to change it to, when the person accepted a suggestion */
  target: string | null;
  findings: Finding[];
}

/** Summary and what is left for a human, for the Done screen and --ci output. */
export function rootEmailOutcome(r: RootEmailResult): { ok: boolean; summary: string[]; todo: string[] } {
  if (r.target && r.target.toLowerCase() !== r.current.toLowerCase()) {
    return {
      ok: false,
      summary: [`root email ${r.current} → to change to ${r.target}`],
      todo: [
        `change the root email to ${r.target}: sign in as root → account menu → Account → Account settings → Edit (AWS confirms at the new address)`,
        `make ${r.target} a list that reaches at least two people`,
      ],
    };
  }
  const open = problems(r.findings);
  if (open.length === 0) return { ok: true, summary: [`root email ${r.current}: a shared alias on a business domain`], todo: [] };
  return {
    ok: false,
    summary: [`root email ${r.current}: ${open.length} problem${open.length === 1 ? '' : 's'}`],
    todo: open.map((f) => `root email: ${f.message}${f.fix ? ` ${f.fix}` : ''}`),
  };
}

// ---------------------------------------------------------------- a re-run

/** The record's root email that passed every check, when it is the one wanted now (if any). */
export function passedRootEmail(record: LocalRecord, wanted?: string): RootEmailCheck | null {
  const c = record.rootEmailCheck;
  if (!c) return null;
  if (wanted !== undefined && wanted.trim().toLowerCase() !== c.address.toLowerCase()) return null;
  return c;
}

/** Remember that this root email passed every check (an address, nothing secret). */
export async function recordRootEmailCheck(accountId: string, address: string, at: Date, opts: RecordOptions = {}): Promise<LocalRecord> {
  return updateRecord(accountId, (r) => ({ ...r, rootEmail: address, rootEmailCheck: { address, at: at.toISOString() } }), opts);
}
