// `setup --org --steps lockaway`: root lock-away across an AWS Organization. Centralized root
// access (AWS, November 2024) lets the management account audit and delete a member
// account's root credentials in a short root session (sts:AssumeRoot), so no member needs a
// root password of its own. Two plans, in this order, because the second needs the first:
//   1. turn centralized root access on (IAM's trusted access, then the two IAM features);
//   2. per member whose root still holds a password, access keys or signing certificates,
//      delete them. Never for the management account: its root is the day-one lock-away's.
import { AwsError } from '../aws/errors.js';
import type { CallerIdentity, Gateway, Organization, OrganizationAccount, OrganizationsFeatures, RootCredentials } from '../aws/port.js';
import { mapInFlight } from './in-flight.js';
import { MAX_ACCOUNTS_IN_FLIGHT } from './org-verify.js';
import type { Action, Plan } from './types.js';
import { whyUnknown } from './verify.js';

export const IAM_SERVICE_PRINCIPAL = 'iam.amazonaws.com';
export const ROOT_CREDENTIALS_MANAGEMENT = 'RootCredentialsManagement';
export const ROOT_SESSIONS = 'RootSessions';

/** What deleting a member's root credentials means, said before anyone confirms it. */
export const DELETE_MEANS = [
  "Deleting a member's root credentials removes its root password, access keys and signing certificates and deactivates its root MFA devices.",
  'Nobody can then sign in as that root; the management account still does its root-only tasks in 15-minute root sessions (sts:AssumeRoot).',
  "Password recovery stays possible: whoever reads the member's root email can set a new root password, so that mailbox still matters.",
];

export interface OrgRootState {
  organization: Organization;
  accounts: OrganizationAccount[];
  /** null: IAM's trusted access in Organizations is off (ServiceAccessNotEnabledException) */
  features: OrganizationsFeatures | null;
  /** the caller is the management account (only it can turn centralized root access on) */
  isManagement: boolean;
}

/**
 * organizations:DescribeOrganization, ListAccounts and iam:ListOrganizationsFeatures.
 * Throws AwsError when the organization cannot be read, or the features for another reason
 * than IAM's trusted access being off.
 */
export async function inspectOrgRoot(aws: Gateway, caller: CallerIdentity): Promise<OrgRootState> {
  const [organization, accounts, features] = await Promise.all([
    aws.organizations.describeOrganization(),
    aws.organizations.listAccounts(),
    aws.rootAccess.listOrganizationsFeatures().catch((e: unknown) => {
      if (e instanceof AwsError && e.code === 'ServiceAccessNotEnabledException') return null;
      throw e;
    }),
  ]);
  return { organization, accounts, features, isManagement: caller.accountId === organization.managementAccountId };
}

/** Centralized root access is on enough to audit and delete member root credentials. */
export function canManageRootCredentials(state: Pick<OrgRootState, 'features'>): boolean {
  return state.features?.enabledFeatures.includes(ROOT_CREDENTIALS_MANAGEMENT) === true;
}

/**
 * The plan that turns centralized root access on: organizations:EnableAWSServiceAccess for
 * iam.amazonaws.com when IAM's trusted access is off, then (next phase)
 * iam:EnableOrganizationsRootCredentialsManagement and …RootSessions where they are off.
 * Trusted access is the management account's alone: from elsewhere, when it is off, the plan
 * is empty with a note (IAM answers AccountNotManagementOrDelegatedAdministrator to others).
 */
export function planCentralizedRootAccess(state: OrgRootState): Plan {
  const enabled = state.features?.enabledFeatures ?? [];
  const plan: Plan = { actions: [], existing: [], notes: [] };
  // trusted access is the management account's to turn on; the two features also the IAM delegated administrator's
  if (state.features === null && !state.isManagement) {
    plan.notes!.push(
      `IAM's trusted access in the organization is off; only the management account (${state.organization.managementAccountId}) can turn it on: run this there, or IAM console → Root access management.`,
    );
    return plan;
  }
  if (state.features === null) {
    plan.actions.push({
      id: 'org-root:trusted-access',
      call: 'organizations:EnableAWSServiceAccess',
      summary: `Turn on IAM's trusted access in the organization (${IAM_SERVICE_PRINCIPAL})`,
      phase: 1,
      run: (ctx) => ctx.aws.organizations.enableAWSServiceAccess(IAM_SERVICE_PRINCIPAL),
    });
  } else {
    plan.existing.push({ summary: `IAM's trusted access in the organization (${IAM_SERVICE_PRINCIPAL})` });
  }
  const feature = (name: string, call: string, summary: string, run: (aws: Gateway) => Promise<unknown>): void => {
    if (enabled.includes(name)) plan.existing.push({ summary });
    else plan.actions.push({ id: `org-root:${name}`, call, summary: `Turn on ${summary.charAt(0).toLowerCase()}${summary.slice(1)}`, phase: 2, run: async (ctx) => void (await run(ctx.aws)) });
  };
  feature(ROOT_CREDENTIALS_MANAGEMENT, 'iam:EnableOrganizationsRootCredentialsManagement', "Root credentials management: audit and delete members' root credentials", (aws) =>
    aws.rootAccess.enableRootCredentialsManagement(),
  );
  feature(ROOT_SESSIONS, 'iam:EnableOrganizationsRootSessions', 'Privileged root sessions: root-only tasks in a member without its root password', (aws) =>
    aws.rootAccess.enableRootSessions(),
  );
  return plan;
}

/** A member account's root credentials as audited, or why they could not be. */
export interface MemberRootAudit {
  account: OrganizationAccount;
  root: RootCredentials | null;
  /** why the audit failed (root is then null) */
  error?: string;
}

/** The accounts whose root this step may touch: ACTIVE members, never the management account or the caller's. */
export function memberAccounts(state: Pick<OrgRootState, 'accounts' | 'organization'>, caller: CallerIdentity): OrganizationAccount[] {
  return state.accounts.filter(
    (a) =>
      // an id that is not 12 digits is never sent on as AccountId / TargetPrincipal
      /^\d{12}$/.test(a.id) && a.id !== state.organization.managementAccountId && a.id !== caller.accountId && (a.status === '' || a.status === 'ACTIVE'),
  );
}

/** Each member's root credentials (a root session with root-task/IAMAuditRootUserCredentials), at most 8 at once, in `members`' order. */
export async function auditMembers(aws: Gateway, members: OrganizationAccount[], onDone?: (audit: MemberRootAudit) => void): Promise<MemberRootAudit[]> {
  return mapInFlight(
    members,
    MAX_ACCOUNTS_IN_FLIGHT,
    (account) =>
      aws.rootAccess.auditRootCredentials(account.id).then(
        (root): MemberRootAudit => ({ account, root }),
        (e: unknown): MemberRootAudit => ({ account, root: null, error: whyUnknown(e) }),
      ),
    onDone,
  );
}

/** Root holds a way to sign in or call AWS: a password, access keys or signing certificates. */
export function holdsCredentials(root: RootCredentials): boolean {
  return root.loginProfile || root.accessKeys.length > 0 || root.signingCertificates.length > 0;
}

/** "a console password, 1 access key (AKIA…), 1 MFA device (arn…)": what an audit found. */
export function describeRoot(root: RootCredentials): string {
  const parts = [
    ...(root.loginProfile ? ['a console password'] : []),
    ...(root.accessKeys.length ? [`${root.accessKeys.length} access key(s) (${root.accessKeys.join(', ')})`] : []),
    ...(root.signingCertificates.length ? [`${root.signingCertificates.length} signing certificate(s) (${root.signingCertificates.join(', ')})`] : []),
    ...(root.mfaDevices.length ? [`${root.mfaDevices.length} MFA device(s) (${root.mfaDevices.join(', ')})`] : []),
  ];
  return parts.length ? parts.join(', ') : 'no credentials';
}

function accountLabel(a: OrganizationAccount): string {
  return a.name ? `${a.id} (${a.name})` : a.id;
}

/**
 * One plan per audited member: deleting what its root holds, in one root session with
 * root-task/IAMDeleteRootUserCredentials. Its MFA devices are deactivated with the rest, as
 * AWS's "Delete root user credentials" does; a root with MFA devices only plans nothing:
 * they let nobody sign in, and they still guard a password recovery.
 */
export function planDeleteRootCredentials(audit: MemberRootAudit): Plan {
  const { account, root } = audit;
  if (!root) return { actions: [], existing: [], notes: [`Root of ${accountLabel(account)} could not be audited: ${audit.error ?? 'no answer'}.`] };
  if (!holdsCredentials(root)) {
    return { actions: [], existing: [{ summary: `Root of ${accountLabel(account)} has no password, access keys or signing certificates` }] };
  }
  const calls = [
    ...(root.loginProfile ? ['iam:DeleteLoginProfile'] : []),
    ...(root.accessKeys.length ? ['iam:DeleteAccessKey'] : []),
    ...(root.signingCertificates.length ? ['iam:DeleteSigningCertificate'] : []),
    ...(root.mfaDevices.length ? ['iam:DeactivateMFADevice'] : []),
  ];
  const action: Action = {
    id: `org-root:delete:${account.id}`,
    call: `sts:AssumeRoot (root-task/IAMDeleteRootUserCredentials), ${calls.join(', ')}`,
    summary: `Delete the root credentials of ${accountLabel(account)}: ${describeRoot(root)}`,
    phase: 1,
    run: (ctx) => ctx.aws.rootAccess.deleteRootCredentials(account.id, root),
  };
  return { actions: [action], existing: [] };
}
