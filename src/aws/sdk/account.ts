import {
  GetAlternateContactCommand,
  GetPrimaryEmailCommand,
  PutAlternateContactCommand,
  type AccountClient,
} from '@aws-sdk/client-account';
import type { AccountPort } from '../port.js';
import { call, callOrNull } from './map-error.js';

export function createAccountPort(client: () => AccountClient): AccountPort {
  return {
    async getAlternateContact(type, accountId) {
      const out = await callOrNull('account:GetAlternateContact', () =>
        client().send(new GetAlternateContactCommand({ AlternateContactType: type, ...(accountId !== undefined ? { AccountId: accountId } : {}) })),
      );
      const c = out?.AlternateContact;
      if (!c) return null;
      return { name: c.Name ?? '', title: c.Title ?? '', email: c.EmailAddress ?? '', phone: c.PhoneNumber ?? '' };
    },
    async putAlternateContact(type, contact, accountId) {
      await call('account:PutAlternateContact', () =>
        client().send(
          new PutAlternateContactCommand({
            ...(accountId !== undefined ? { AccountId: accountId } : {}),
            AlternateContactType: type,
            Name: contact.name,
            Title: contact.title,
            EmailAddress: contact.email,
            PhoneNumber: contact.phone,
          }),
        ),
      );
    },
    async getPrimaryEmail(accountId) {
      const out = await call('account:GetPrimaryEmail', () => client().send(new GetPrimaryEmailCommand({ AccountId: accountId })));
      return out.PrimaryEmail ?? '';
    },
  };
}
