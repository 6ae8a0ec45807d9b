// The --demo organization: the sandbox account as its management account and three
// members, each its own sandbox account, so `verify --org --demo` shows every kind of
// result: a member partly secured, a fresh one whose root still has a password and an
// access key, and one whose member role is missing (not reachable). Their root emails
// show the root-email rules in `setup --org --steps contacts`: a shared alias, one
// person's mailbox, a free-mail address.
import { AwsError } from '../errors.js';
import type { Gateway, OrganizationAccount, OrganizationsPort, RootAccessPort, RootCredentials } from '../port.js';
import type { MemberAccountLookup } from './account.js';

export interface DemoMember {
  account: OrganizationAccount;
  /** the member account itself (seeded on first use) */
  open: () => Promise<Gateway>;
  /** false: the member role is missing, AssumeRole is refused */
  roleExists: boolean;
  root: RootCredentials;
}

const NO_ROOT_CREDENTIALS: RootCredentials = { loginProfile: false, accessKeys: [], mfaDevices: [], signingCertificates: [] };

/** The member accounts; `make` builds a sandbox gateway for an account id. */
export function demoMembers(make: (accountId: string) => Gateway): DemoMember[] {
  const opened = new Map<string, Promise<Gateway>>();
  const once = (id: string, seed: (gw: Gateway) => Promise<void>) => async () => {
    let p = opened.get(id);
    if (!p) {
      p = (async () => {
        const gw = make(id);
        await seed(gw);
        return gw;
      })();
      opened.set(id, p);
    }
    return p;
  };
  const production = '222233334444';
  const staging = '333344445555';
  const sandbox = '444455556666';
  return [
    {
      account: { id: production, name: 'production', email: 'aws+production@acme.com', status: 'ACTIVE' },
      open: once(production, async (gw) => {
        await gw.iam.updatePasswordPolicy({
          minimumPasswordLength: 14,
          requireSymbols: true,
          requireNumbers: true,
          requireUppercaseCharacters: true,
          requireLowercaseCharacters: true,
          allowUsersToChangePassword: true,
          passwordReusePrevention: 24,
        });
        for (const [type, email] of [['SECURITY', 'security@acme.com'], ['BILLING', 'billing@acme.com'], ['OPERATIONS', 'ops@acme.com']] as const) {
          await gw.account.putAlternateContact(type, { name: type, title: type, email, phone: '+14155550100' });
        }
      }),
      roleExists: true,
      root: NO_ROOT_CREDENTIALS,
    },
    {
      account: { id: staging, name: 'staging', email: 'maria.garcia@acme.com', status: 'ACTIVE' },
      open: once(staging, async () => {}),
      roleExists: true,
      root: { loginProfile: true, accessKeys: ['AKIADEMOROOTKEY00001'], mfaDevices: [], signingCertificates: [] },
    },
    {
      account: { id: sandbox, name: 'sandbox', email: 'acme.sandbox.aws@gmail.com', status: 'ACTIVE' },
      open: once(sandbox, async () => {}),
      roleExists: false,
      root: { loginProfile: true, accessKeys: [], mfaDevices: [`arn:aws:iam::${sandbox}:mfa/root`], signingCertificates: [] },
    },
  ];
}

export function demoOrganization(managementAccountId: string, members: DemoMember[]): {
  organizations: OrganizationsPort;
  rootAccess: RootAccessPort;
  forAccount: (accountId: string, roleName: string) => Promise<Gateway>;
  /** a member through the Account API (needs trusted access for account.amazonaws.com, as in AWS) */
  memberAccount: MemberAccountLookup;
} {
  const byId = new Map(members.map((m) => [m.account.id, m]));
  // centralized root access starts on (as an organization that turned it on in the console)
  const features = new Set(['RootCredentialsManagement', 'RootSessions']);
  // IAM's trusted access is on; Account Management's is off, so `setup --org --steps contacts` has something to plan
  const services = new Set(['iam.amazonaws.com']);
  const trusted = () => services.has('iam.amazonaws.com');
  const organizationId = 'o-demo000001';
  const current = () => ({ organizationId, enabledFeatures: [...features].sort() });
  const member = (accountId: string) => {
    const m = byId.get(accountId);
    if (!m || !features.has('RootCredentialsManagement')) {
      throw new AwsError({ kind: 'AccessDenied', action: 'sts:AssumeRoot', message: `not authorized to perform: sts:AssumeRoot on resource: ${accountId}` });
    }
    return m;
  };
  const enable = (action: string, feature: string) => {
    if (!trusted()) {
      throw new AwsError({
        kind: 'Unsupported',
        action,
        code: 'ServiceAccessNotEnabledException',
        message: 'The request failed because AWS service access is not enabled for the organization.',
      });
    }
    features.add(feature);
    return current();
  };
  return {
    organizations: {
      async describeOrganization() {
        return { id: organizationId, managementAccountId };
      },
      async enableAWSServiceAccess(servicePrincipal) {
        services.add(servicePrincipal);
      },
      async listAWSServiceAccess() {
        return [...services].sort();
      },
      async listAccounts() {
        return [{ id: managementAccountId, name: 'management', email: 'aws+management@acme.com', status: 'ACTIVE' }, ...members.map((m) => ({ ...m.account }))];
      },
    },
    rootAccess: {
      async listOrganizationsFeatures() {
        if (!trusted()) {
          throw new AwsError({
            kind: 'Unsupported',
            action: 'iam:ListOrganizationsFeatures',
            code: 'ServiceAccessNotEnabledException',
            message: 'The request failed because AWS service access is not enabled for the organization.',
          });
        }
        return current();
      },
      async auditRootCredentials(accountId) {
        return structuredClone(member(accountId).root);
      },
      async deleteRootCredentials(accountId, credentials) {
        const m = member(accountId);
        m.root = {
          loginProfile: m.root.loginProfile && !credentials.loginProfile,
          accessKeys: m.root.accessKeys.filter((k) => !credentials.accessKeys.includes(k)),
          mfaDevices: m.root.mfaDevices.filter((d) => !credentials.mfaDevices.includes(d)),
          signingCertificates: m.root.signingCertificates.filter((c) => !credentials.signingCertificates.includes(c)),
        };
      },
      async enableRootCredentialsManagement() {
        return enable('iam:EnableOrganizationsRootCredentialsManagement', 'RootCredentialsManagement');
      },
      async enableRootSessions() {
        return enable('iam:EnableOrganizationsRootSessions', 'RootSessions');
      },
    },
    async memberAccount(accountId, action) {
      const m = byId.get(accountId);
      if (!m || !services.has('account.amazonaws.com')) {
        throw new AwsError({
          kind: 'AccessDenied',
          action,
          code: 'AccessDeniedException',
          message: m ? 'Trusted access for AWS Account Management (account.amazonaws.com) is not enabled for the organization.' : `Account ${accountId} is not a member of this organization.`,
        });
      }
      return { account: (await m.open()).account, primaryEmail: m.account.email };
    },
    async forAccount(accountId, roleName) {
      const m = byId.get(accountId);
      if (!m?.roleExists) {
        throw new AwsError({
          kind: 'AccessDenied',
          action: 'sts:AssumeRole',
          message: `not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${accountId}:role/${roleName}`,
        });
      }
      return m.open();
    },
  };
}
