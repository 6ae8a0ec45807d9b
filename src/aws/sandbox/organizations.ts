import { AwsError } from '../errors.js';
import type { OrganizationsPort } from '../port.js';

// The sandbox account belongs to no organization, as a new standalone AWS account.
export function createOrganizations(): OrganizationsPort {
  const notInUse = (action: string) =>
    new AwsError({
      kind: 'NotFound',
      action,
      code: 'AWSOrganizationsNotInUseException',
      message: 'Your account is not a member of an organization.',
    });
  return {
    async describeOrganization() {
      throw notInUse('organizations:DescribeOrganization');
    },
    async listAccounts() {
      throw notInUse('organizations:ListAccounts');
    },
  };
}
