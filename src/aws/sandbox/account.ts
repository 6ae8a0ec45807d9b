// The Account API: alternate contacts; no primary email for a standalone account.
import type { AccountPort, ContactType } from '../port.js';
import { fail, looksLikeEmail, type SandboxContext } from './context.js';

const CONTACT_TYPES: readonly ContactType[] = ['SECURITY', 'BILLING', 'OPERATIONS'];

/** Another account of the --demo organization, as the management account reaches it through the Account API. */
export type MemberAccountLookup = (accountId: string, action: string) => Promise<{ account: AccountPort; primaryEmail: string }>;

/** `member`: the organization's member accounts (--demo organization only); without it, an AccountId of another account is refused. */
export function createAccount(ctx: SandboxContext, member?: MemberAccountLookup): AccountPort {
  const { state } = ctx;
  const other = (accountId: string | undefined): accountId is string => accountId !== undefined && accountId !== state.accountId;
  const reach = (accountId: string, action: string) => {
    if (!member) return fail('AccessDenied', action, 'AccessDeniedException', `This account is not the management account of an organization with account ${accountId}.`);
    return member(accountId, action);
  };
  const checkType = (action: string, type: ContactType) => {
    if (!CONTACT_TYPES.includes(type)) {
      fail('InvalidInput', action, 'ValidationException', `Invalid AlternateContactType: ${String(type)}`);
    }
  };
  return {
    async getAlternateContact(type, accountId) {
      if (other(accountId)) return (await reach(accountId, 'account:GetAlternateContact')).account.getAlternateContact(type);
      checkType('account:GetAlternateContact', type);
      return state.contacts[type] ?? null;
    },

    async putAlternateContact(type, contact, accountId) {
      const action = 'account:PutAlternateContact';
      if (other(accountId)) return (await reach(accountId, action)).account.putAlternateContact(type, contact);
      checkType(action, type);
      const invalid = (field: string, rule: string) =>
        fail('InvalidInput', action, 'ValidationException', `Invalid ${field}: ${rule}`);
      if (contact.name.length < 1 || contact.name.length > 64) invalid('Name', 'must be 1-64 characters');
      if (contact.title.length < 1 || contact.title.length > 50) invalid('Title', 'must be 1-50 characters');
      if (contact.email.length > 254 || !looksLikeEmail(contact.email)) invalid('EmailAddress', 'must be a valid email address');
      if (!/^[\s0-9()+-]{1,25}$/.test(contact.phone)) invalid('PhoneNumber', 'must match ^[\\s0-9()+-]+$ and be at most 25 characters');
      state.contacts[type] = { ...contact };
    },

    async getPrimaryEmail(accountId) {
      if (member && other(accountId)) return (await member(accountId, 'account:GetPrimaryEmail')).primaryEmail;
      return fail(
        'Unsupported',
        'account:GetPrimaryEmail',
        'AccessDeniedException',
        'This account is not a member of an organization: AWS returns the primary email only to the management account.',
      );
    },
  };
}
