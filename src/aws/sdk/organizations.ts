import { DescribeOrganizationCommand, EnableAWSServiceAccessCommand, ListAWSServiceAccessForOrganizationCommand, ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import type { OrganizationsPort } from '../port.js';
import { call } from './map-error.js';
import { collect } from './paginate.js';

export function createOrganizationsPort(client: () => OrganizationsClient): OrganizationsPort {
  return {
    async describeOrganization() {
      const out = await call('organizations:DescribeOrganization', () => client().send(new DescribeOrganizationCommand({})));
      return { id: out.Organization?.Id ?? '', managementAccountId: out.Organization?.MasterAccountId ?? '' };
    },
    async listAccounts() {
      const accounts = await collect(async (token) => {
        const out = await call('organizations:ListAccounts', () => client().send(new ListAccountsCommand({ NextToken: token })));
        return { items: out.Accounts, next: out.NextToken };
      });
      return accounts.map((a) => ({
        id: a.Id ?? '',
        name: a.Name ?? '',
        email: a.Email ?? '',
        // `State` replaces `Status` (deprecated in 2025); older endpoints send only Status
        status: String(a.State ?? a.Status ?? ''),
      }));
    },
    async listAWSServiceAccess() {
      const services = await collect(async (token) => {
        const out = await call('organizations:ListAWSServiceAccessForOrganization', () =>
          client().send(new ListAWSServiceAccessForOrganizationCommand({ NextToken: token })),
        );
        return { items: out.EnabledServicePrincipals, next: out.NextToken };
      });
      return services.map((s) => s.ServicePrincipal ?? '').filter(Boolean);
    },
    async enableAWSServiceAccess(servicePrincipal) {
      await call('organizations:EnableAWSServiceAccess', () => client().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: servicePrincipal })));
    },
  };
}
