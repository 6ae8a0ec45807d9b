// The Account API: alternate contacts; no primary email for a standalone account.
import type { AccountPort, ContactType } from '../port.js';
import { fail, looksLikeEmail, type SandboxContext } from './context.js';

const CONTACT_TYPES: readonly ContactType[] = ['SECURITY', 'BILLING', 'OPERATIONS'];

export function createAccount(ctx: SandboxContext): AccountPort {
  const { state } = ctx;
  const checkType = (action: string, type: ContactType) => {
    if (!CONTACT_TYPES.includes(type)) {
      fail('InvalidInput', action, 'ValidationException', `Invalid AlternateContactType: ${String(type)}`);
    }
  };
  return {
    async getAlternateContact(type) {
      checkType('account:GetAlternateContact', type);
      return state.contacts[type] ?? null;
    },

    async putAlternateContact(type, contact) {
      const action = 'account:PutAlternateContact';
      checkType(action, type);
      const invalid = (field: string, rule: string) =>
        fail('InvalidInput', action, 'ValidationException', `Invalid ${field}: ${rule}`);
      if (contact.name.length < 1 || contact.name.length > 64) invalid('Name', 'must be 1-64 characters');
      if (contact.title.length < 1 || contact.title.length > 50) invalid('Title', 'must be 1-50 characters');
      if (contact.email.length > 254 || !looksLikeEmail(contact.email)) invalid('EmailAddress', 'must be a valid email address');
      if (!/^[\s0-9()+-]{1,25}$/.test(contact.phone)) invalid('PhoneNumber', 'must match ^[\\s0-9()+-]+$ and be at most 25 characters');
      state.contacts[type] = { ...contact };
    },

    async getPrimaryEmail() {
      return fail(
        'Unsupported',
        'account:GetPrimaryEmail',
        'AccessDeniedException',
        'This account is not a member of an organization: AWS returns the primary email only to the management account.',
      );
    },
  };
}
