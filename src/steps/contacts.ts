// The account's alternate contacts (SECURITY, BILLING, OPERATIONS): AWS writes to them
// about abuse reports, bills and maintenance. Every field is checked before any call.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { AlternateContact, ContactType } from '../aws/port.js';
import { classifyLocalPart, isFreeMailDomain, parseEmail, type Finding } from './root-email.js';
import type { Action, Plan, StepContext } from './types.js';

export const CONTACT_TYPES: readonly ContactType[] = ['SECURITY', 'BILLING', 'OPERATIONS'];
export const CONTACT_FIELDS = ['name', 'title', 'email', 'phone'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** The answers-file key of a contact type: SECURITY → security */
export type ContactKey = 'security' | 'billing' | 'operations';

export function contactKey(type: ContactType): ContactKey {
  return type.toLowerCase() as ContactKey;
}

export function isContactType(value: string): value is ContactType {
  return (CONTACT_TYPES as readonly string[]).includes(value);
}

export const CONTACT_LABEL: Record<ContactType, string> = {
  SECURITY: 'security',
  BILLING: 'billing',
  OPERATIONS: 'operations',
};

export const FIELD_LABEL: Record<ContactField, string> = {
  name: 'name',
  title: 'title',
  email: 'email',
  phone: 'phone',
};

/** Each field's example, shown in an empty field (never taken as a value). */
export const FIELD_HINT: Record<ContactField, string> = {
  name: 'e.g. Security team (a team or list, up to 64 characters)',
  title: 'e.g. Security (up to 50 characters)',
  email: 'e.g. security@acme.com (a distribution list)',
  phone: 'e.g. +14155550100 (international format, E.164)',
};

// AWS's own pattern for EmailAddress: ASCII only, no quoted local parts
const AWS_EMAIL = /^[\w+=.#|!&-]+@[\w.-]+\.\w+$/;

export type FieldCheck = { ok: true; value: string } | { ok: false; error: string };

/** One field, as AWS will accept it; the phone comes back normalised to E.164. */
export function validateContactField(field: ContactField, raw: string): FieldCheck {
  const value = raw.trim();
  const bad = (error: string): FieldCheck => ({ ok: false, error });
  switch (field) {
    case 'name':
      if (value === '') return bad('A name is required.');
      if (value.length > 64) return bad(`At most 64 characters (this is ${value.length}).`);
      return { ok: true, value };
    case 'title':
      if (value === '') return bad('A title is required.');
      if (value.length > 50) return bad(`At most 50 characters (this is ${value.length}).`);
      return { ok: true, value };
    case 'email': {
      const parsed = parseEmail(value);
      if (!parsed.ok) return bad(parsed.error);
      const ascii = `${parsed.email.local}@${parsed.email.asciiDomain}`;
      if (parsed.email.quoted || !AWS_EMAIL.test(ascii)) {
        return bad('AWS accepts only letters, digits and + = . # | ! & - _ before the @.');
      }
      return { ok: true, value: ascii };
    }
    case 'phone': {
      if (value === '') return bad('A phone number is required.');
      if (!value.startsWith('+')) return bad('Start with + and the country code, e.g. +14155550100.');
      const phone = parsePhoneNumberFromString(value);
      if (!phone || !phone.isValid()) return bad(`${value} is not a valid phone number for its country code.`);
      return { ok: true, value: phone.number };
    }
  }
}

export interface ContactInputIssue {
  /** the answers-file path, e.g. contacts.security.phone */
  key: string;
  message: string;
}

/** Contact input that cannot be sent: an unknown type or field, or a bad value. */
export class ContactInputError extends Error {
  readonly issues: ContactInputIssue[];
  constructor(issues: ContactInputIssue[]) {
    super(issues.map((i) => `"${i.key}": ${i.message}`).join('; '));
    this.name = 'ContactInputError';
    this.issues = issues;
  }
}

export type PartialContact = Partial<Record<ContactField, string>>;
export type ContactsInput = Partial<Record<ContactType, PartialContact>>;

/**
 * Check contact input as it comes from an answers file or a caller: keys may be
 * security/billing/operations or SECURITY/…; every given field is validated and
 * normalised. Throws ContactInputError naming every problem. No AWS call.
 */
export function parseContactsInput(input: Record<string, unknown> | undefined): ContactsInput {
  const out: ContactsInput = {};
  const issues: ContactInputIssue[] = [];
  for (const [rawType, rawContact] of Object.entries(input ?? {})) {
    const type = rawType.toUpperCase();
    const base = `contacts.${rawType}`;
    if (!isContactType(type)) {
      issues.push({ key: base, message: `unknown contact type (allowed: ${CONTACT_TYPES.map(contactKey).join(', ')})` });
      continue;
    }
    if (rawContact === undefined) continue;
    if (typeof rawContact !== 'object' || rawContact === null || Array.isArray(rawContact)) {
      issues.push({ key: base, message: 'must be an object with name, title, email, phone' });
      continue;
    }
    const contact: PartialContact = {};
    for (const [field, value] of Object.entries(rawContact as Record<string, unknown>)) {
      const key = `${base}.${field}`;
      if (!(CONTACT_FIELDS as readonly string[]).includes(field)) {
        issues.push({ key, message: `unknown field (allowed: ${CONTACT_FIELDS.join(', ')})` });
        continue;
      }
      if (value === undefined) continue;
      if (typeof value !== 'string') {
        issues.push({ key, message: 'must be a string' });
        continue;
      }
      const check = validateContactField(field as ContactField, value);
      if (check.ok) contact[field as ContactField] = check.value;
      else issues.push({ key, message: check.error });
    }
    out[type] = contact;
  }
  if (issues.length > 0) throw new ContactInputError(issues);
  return out;
}

/** A complete, valid contact, or the fields still missing. */
export function completeContact(c: PartialContact): AlternateContact | null {
  if (CONTACT_FIELDS.some((f) => c[f] === undefined)) return null;
  return { name: c.name!, title: c.title!, email: c.email!, phone: c.phone! };
}

export interface ContactsState {
  current: Record<ContactType, AlternateContact | null>;
}

/** Read all three contacts (concurrently); "not set" is null. */
export async function inspectContacts(ctx: Pick<StepContext, 'aws'>): Promise<ContactsState> {
  const values = await Promise.all(CONTACT_TYPES.map((t) => ctx.aws.account.getAlternateContact(t)));
  const current = Object.fromEntries(CONTACT_TYPES.map((t, i) => [t, values[i] ?? null])) as ContactsState['current'];
  return { current };
}

export function missingTypes(state: ContactsState): ContactType[] {
  return CONTACT_TYPES.filter((t) => state.current[t] === null);
}

/** What a sensible contact for this type looks like, on a business domain when one is known. */
export function defaultContact(type: ContactType, domain?: string | null): PartialContact {
  const d = domain && !isFreeMailDomain(domain) ? domain : null;
  switch (type) {
    case 'SECURITY':
      return { name: 'Security team', title: 'Security', ...(d ? { email: `security@${d}` } : {}) };
    case 'BILLING':
      return { name: 'Billing', title: 'Finance', ...(d ? { email: `billing@${d}` } : {}) };
    case 'OPERATIONS':
      return { name: 'Operations', title: 'Operations', ...(d ? { email: `ops@${d}` } : {}) };
  }
}

export interface WarningContext {
  rootEmail?: string | null;
  /** the other contacts, to spot the same address used twice */
  others?: Partial<Record<ContactType, { email: string } | null>>;
}

/** Things worth a second look about one contact's email (never blocking). */
export function contactEmailWarnings(type: ContactType, email: string, ctx: WarningContext = {}): Finding[] {
  const parsed = parseEmail(email);
  if (!parsed.ok) return [];
  const e = parsed.email;
  const label = CONTACT_LABEL[type];
  const out: Finding[] = [];
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  if (ctx.rootEmail && same(ctx.rootEmail, email)) {
    out.push({
      id: 'alias',
      severity: 'warn',
      message: `The ${label} contact is the root email: keep the root address for signing in only.`,
      fix: `Use a list such as ${type === 'OPERATIONS' ? 'ops' : label}@${e.domain}.`,
    });
  }
  if (isFreeMailDomain(e.asciiDomain)) {
    out.push({
      id: 'free-mail',
      severity: 'warn',
      message: `${e.domain} is a free-mail provider: the ${label} contact should be on your business domain.`,
      fix: 'Use a list on your business domain.',
    });
  }
  const local = classifyLocalPart(e.local, e.domain);
  if (local.kind === 'person') {
    out.push({
      id: 'person',
      severity: 'warn',
      message: `${e.local}@ looks like one person: if ${local.name} leaves, AWS's ${label} mail goes nowhere.`,
      fix: 'Use a distribution list that reaches at least two people.',
    });
  }
  for (const other of CONTACT_TYPES) {
    const o = ctx.others?.[other];
    if (other !== type && o && same(o.email, email)) {
      out.push({
        id: 'alias',
        severity: 'info',
        message: `Same address as the ${CONTACT_LABEL[other]} contact.`,
      });
      break;
    }
  }
  return out;
}

export function contactLine(c: AlternateContact): string {
  return `${c.name} (${c.title}) <${c.email}> ${c.phone}`;
}

export interface ContactsPlan extends Plan {
  /** what each missing contact will be set to */
  contacts: Partial<Record<ContactType, AlternateContact>>;
  warnings: Finding[];
}

/**
 * One PutAlternateContact per missing contact; set ones are kept (and reported).
 * Validates the desired contacts first: invalid input throws ContactInputError and no
 * action is built, so nothing can reach AWS.
 */
export function planContacts(
  state: ContactsState,
  desired: Partial<Record<string, PartialContact>>,
  ctx: WarningContext = {},
): ContactsPlan {
  const input = parseContactsInput(desired as Record<string, unknown>);
  const issues: ContactInputIssue[] = [];
  const contacts: Partial<Record<ContactType, AlternateContact>> = {};
  const notes: string[] = [];
  for (const type of CONTACT_TYPES) {
    const given = input[type];
    const current = state.current[type];
    if (current) {
      const full = given ? completeContact(given) : null;
      if (full && !sameContact(full, current)) {
        notes.push(`The ${CONTACT_LABEL[type]} contact is already set (${current.email}); kept, not replaced by ${full.email}.`);
      }
      continue;
    }
    if (!given) continue;
    const full = completeContact(given);
    if (!full) {
      const missing = CONTACT_FIELDS.filter((f) => given[f] === undefined);
      for (const f of missing) issues.push({ key: `contacts.${contactKey(type)}.${f}`, message: 'missing' });
      continue;
    }
    contacts[type] = full;
  }
  if (issues.length > 0) throw new ContactInputError(issues);

  const after: Partial<Record<ContactType, AlternateContact | null>> = { ...state.current, ...contacts };
  const warnings: Finding[] = [];
  for (const type of CONTACT_TYPES) {
    const c = after[type];
    if (c) warnings.push(...contactEmailWarnings(type, c.email, { rootEmail: ctx.rootEmail, others: after }));
  }
  const actions: Action[] = CONTACT_TYPES.filter((t) => contacts[t]).map((type) => {
    const contact = contacts[type]!;
    return {
      id: `contact:${type}`,
      call: 'account:PutAlternateContact',
      summary: `Set the ${CONTACT_LABEL[type]} contact to ${contact.email}`,
      phase: 1,
      run: (c: StepContext) => c.aws.account.putAlternateContact(type, contact),
    };
  });
  const existing = CONTACT_TYPES.flatMap((t) => {
    const c = state.current[t];
    return c ? [{ summary: `${capitalise(CONTACT_LABEL[t])} contact: ${c.name} <${c.email}>` }] : [];
  });
  const unset = CONTACT_TYPES.filter((t) => !state.current[t] && !contacts[t]);
  for (const t of unset) notes.push(`The ${CONTACT_LABEL[t]} contact stays unset: no answer for it.`);
  for (const w of warnings) if (w.severity === 'warn') notes.push(w.message);
  return { actions, existing, notes, contacts, warnings };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function sameContact(a: AlternateContact, b: AlternateContact): boolean {
  return (
    a.name === b.name &&
    a.title === b.title &&
    a.email.toLowerCase() === b.email.toLowerCase() &&
    a.phone.replace(/[\s()-]/g, '') === b.phone.replace(/[\s()-]/g, '')
  );
}

export interface ReadBack {
  type: ContactType;
  expected: AlternateContact;
  actual: AlternateContact | null;
  matches: boolean;
}

/** After applying: read each contact that was set back from AWS and compare. */
export async function readBackContacts(ctx: Pick<StepContext, 'aws'>, plan: ContactsPlan): Promise<ReadBack[]> {
  const types = CONTACT_TYPES.filter((t) => plan.contacts[t]);
  const actual = await Promise.all(types.map((t) => ctx.aws.account.getAlternateContact(t)));
  return types.map((type, i) => {
    const expected = plan.contacts[type]!;
    const got = actual[i] ?? null;
    return { type, expected, actual: got, matches: got !== null && sameContact(expected, got) };
  });
}

/** The SECURITY contact's email after the plan (for the alert step's default recipient). */
export function securityEmail(state: ContactsState, plan: ContactsPlan | null): string | undefined {
  return state.current.SECURITY?.email ?? plan?.contacts.SECURITY?.email;
}
