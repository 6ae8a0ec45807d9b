// `setup --org --steps contacts`: alternate contacts and root emails across an AWS
// Organization, through the Account API from the management account (AccountId on every
// call; Organizations' trusted access for account.amazonaws.com). A member missing a
// contact gets the management account's own contact of that type; each member's root email
// (account:GetPrimaryEmail) is checked with the day-one root-email rules (never changed here:
// AWS changes a member's root email only after the new address confirms it).
import type { AlternateContact, CallerIdentity, ContactType, Gateway, Organization, OrganizationAccount } from '../aws/port.js';
import { CONTACT_LABEL, CONTACT_TYPES, contactLine } from './contacts.js';
import { mapInFlight } from './in-flight.js';
import { MAX_ACCOUNTS_IN_FLIGHT } from './org-verify.js';
import { assessRootEmail, problems, type Finding } from './root-email.js';
import type { Plan } from './types.js';
import { whyUnknown } from './verify.js';

export const ACCOUNT_SERVICE_PRINCIPAL = 'account.amazonaws.com';

export type Contacts = Record<ContactType, AlternateContact | null>;

export interface OrgContactsState {
  organization: Organization;
  accounts: OrganizationAccount[];
  /** Organizations' trusted access for AWS Account Management is on */
  accountTrustedAccess: boolean;
  isManagement: boolean;
  /** the caller's own contacts: what a member missing one gets */
  source: Contacts;
}

async function contactsOf(aws: Gateway, accountId?: string): Promise<Contacts> {
  const values = await Promise.all(CONTACT_TYPES.map((t) => aws.account.getAlternateContact(t, accountId)));
  return Object.fromEntries(CONTACT_TYPES.map((t, i) => [t, values[i] ?? null])) as Contacts;
}

/**
 * organizations:DescribeOrganization, ListAccounts, ListAWSServiceAccessForOrganization and
 * the caller's own account:GetAlternateContact (three types). Throws AwsError when any fails.
 */
export async function inspectOrgContacts(aws: Gateway, caller: CallerIdentity): Promise<OrgContactsState> {
  const [organization, accounts, services, source] = await Promise.all([
    aws.organizations.describeOrganization(),
    aws.organizations.listAccounts(),
    aws.organizations.listAWSServiceAccess(),
    contactsOf(aws),
  ]);
  return {
    organization,
    accounts,
    accountTrustedAccess: services.includes(ACCOUNT_SERVICE_PRINCIPAL),
    isManagement: caller.accountId === organization.managementAccountId,
    source,
  };
}

/** organizations:EnableAWSServiceAccess for account.amazonaws.com when it is off (the management account only). */
export function planAccountTrustedAccess(state: OrgContactsState): Plan {
  if (state.accountTrustedAccess) return { actions: [], existing: [{ summary: `AWS Account Management's trusted access in the organization (${ACCOUNT_SERVICE_PRINCIPAL})` }] };
  if (!state.isManagement) {
    return {
      actions: [],
      existing: [],
      notes: [`AWS Account Management's trusted access is off; only the management account (${state.organization.managementAccountId}) can turn it on: run this there.`],
    };
  }
  return {
    actions: [
      {
        id: 'org-contacts:trusted-access',
        call: 'organizations:EnableAWSServiceAccess',
        summary: `Turn on AWS Account Management's trusted access in the organization (${ACCOUNT_SERVICE_PRINCIPAL})`,
        phase: 1,
        run: (ctx) => ctx.aws.organizations.enableAWSServiceAccess(ACCOUNT_SERVICE_PRINCIPAL),
      },
    ],
    existing: [],
  };
}

export interface MemberContacts {
  account: OrganizationAccount;
  /** null: they could not be read (then `error` says why) */
  contacts: Contacts | null;
  error?: string;
  /** the root email account:GetPrimaryEmail answered; null: see `emailError` */
  primaryEmail: string | null;
  emailError?: string;
  /** the root-email rules' problems with primaryEmail (warn and fail findings) */
  emailProblems: Finding[];
}

/** The accounts this step reads and changes: ACTIVE members, never the management account or the caller's. */
export function contactMembers(state: Pick<OrgContactsState, 'accounts' | 'organization'>, caller: CallerIdentity): OrganizationAccount[] {
  return state.accounts.filter(
    (a) =>
      // an id that is not 12 digits is never sent on as AccountId / TargetPrincipal
      /^\d{12}$/.test(a.id) && a.id !== state.organization.managementAccountId && a.id !== caller.accountId && (a.status === '' || a.status === 'ACTIVE'),
  );
}

/** Each member's three alternate contacts and root email (with AccountId), at most 8 accounts at once, in `members`' order. */
export async function readMembers(aws: Gateway, members: OrganizationAccount[], onDone?: (m: MemberContacts) => void): Promise<MemberContacts[]> {
  const settle = <T>(p: Promise<T>) =>
    p.then(
      (value) => ({ value, error: undefined }),
      (e: unknown) => ({ value: null, error: whyUnknown(e) }),
    );
  return mapInFlight(
    members,
    MAX_ACCOUNTS_IN_FLIGHT,
    async (account): Promise<MemberContacts> => {
      const [contacts, email] = await Promise.all([settle(contactsOf(aws, account.id)), settle(aws.account.getPrimaryEmail(account.id))]);
      return {
        account,
        contacts: contacts.value,
        ...(contacts.error !== undefined ? { error: contacts.error } : {}),
        primaryEmail: email.value,
        ...(email.error !== undefined ? { emailError: email.error } : {}),
        emailProblems: email.value ? problems(assessRootEmail(email.value).findings) : [],
      };
    },
    onDone,
  );
}

function label(a: OrganizationAccount): string {
  return a.name ? `${a.id} (${a.name})` : a.id;
}

/**
 * account:PutAlternateContact with AccountId for each contact type a member lacks, copied
 * from the management account's own; a type the management account lacks too is a note.
 * Contacts a member already has are kept as they are.
 */
export function planMemberContacts(state: Pick<OrgContactsState, 'source'>, members: MemberContacts[]): Plan {
  const plan: Plan = { actions: [], existing: [], notes: [] };
  const noSource = new Set<ContactType>();
  for (const m of members) {
    if (!m.contacts) {
      plan.notes!.push(`${label(m.account)}: contacts not read (${m.error ?? 'no answer'}).`);
      continue;
    }
    const missing = CONTACT_TYPES.filter((t) => !m.contacts![t]);
    if (missing.length === 0) plan.existing.push({ summary: `${label(m.account)}: security, billing and operations contacts set` });
    for (const type of missing) {
      const contact = state.source[type];
      if (!contact) {
        noSource.add(type);
        continue;
      }
      plan.actions.push({
        id: `org-contacts:${m.account.id}:${type}`,
        call: 'account:PutAlternateContact',
        summary: `${label(m.account)}: set the ${CONTACT_LABEL[type].toLowerCase()} contact to ${contactLine(contact)}`,
        phase: 1,
        run: (ctx) => ctx.aws.account.putAlternateContact(type, contact, m.account.id),
      });
    }
  }
  for (const type of noSource) {
    plan.notes!.push(`The management account has no ${CONTACT_LABEL[type].toLowerCase()} contact to copy: set it first (mvsp-setup --steps contacts), then re-run.`);
  }
  return plan;
}
