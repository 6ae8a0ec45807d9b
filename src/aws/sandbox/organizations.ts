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
    async enableAWSServiceAccess() {
      throw notInUse('organizations:EnableAWSServiceAccess');
    },
    async listAWSServiceAccess() {
      throw notInUse('organizations:ListAWSServiceAccessForOrganization');
    },
  };
}

// Centralized root access needs an organization: the sandbox has none.
export function createRootAccess(): RootAccessPort {
  const noOrganization = (action: string) =>
    new AwsError({
      kind: 'NotFound',
      action,
      code: 'OrganizationNotFoundException',
      message: 'The request was rejected because no organization is associated with your account.',
    });
  const noRootSession = (accountId: string) =>
    new AwsError({ kind: 'AccessDenied', action: 'sts:AssumeRoot', message: `The sandbox account is in no organization: no root session in ${accountId}.` });
  return {
    async listOrganizationsFeatures() {
      throw noOrganization('iam:ListOrganizationsFeatures');
    },
    async auditRootCredentials(accountId) {
      throw noRootSession(accountId);
    },
    async deleteRootCredentials(accountId) {
      throw noRootSession(accountId);
    },
    async enableRootCredentialsManagement() {
      throw noOrganization('iam:EnableOrganizationsRootCredentialsManagement');
    },
    async enableRootSessions() {
      throw noOrganization('iam:EnableOrganizationsRootSessions');
    },
  };
}
