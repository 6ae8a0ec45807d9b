import { AwsError } from '../errors.js';
import type { OrganizationsPort, RootAccessPort } from '../port.js';

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

// Centralized root access needs an organization: the sandbox has none.
export function createRootAccess(): RootAccessPort {
  return {
    async listOrganizationsFeatures() {
      throw new AwsError({
        kind: 'NotFound',
        action: 'iam:ListOrganizationsFeatures',
        code: 'OrganizationNotFoundException',
        message: 'The request was rejected because no organization is associated with your account.',
      });
    },
    async auditRootCredentials(accountId) {
      throw new AwsError({ kind: 'AccessDenied', action: 'sts:AssumeRoot', message: `The sandbox account is in no organization: no root session in ${accountId}.` });
    },
  };
}
