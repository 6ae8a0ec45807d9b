// The gateway: everything the steps may ask of an AWS account, as plain data.
// Two implementations: the SDK adapter (src/aws/sdk) and the in-memory sandbox
// behind --demo (src/aws/sandbox). Every method throws AwsError (./errors) on failure.

export type CallerKind = 'root' | 'user' | 'role';

export interface CallerIdentity {
  accountId: string;
  arn: string;
  kind: CallerKind;
  /** user name for IAM users, role session for assumed roles, null for root */
  name: string | null;
}

export type Tags = Record<string, string>;

export interface IamUser {
  name: string;
  arn: string;
  createdAt: Date;
  passwordLastUsed?: Date;
  tags: Tags;
}

export interface IamGroup {
  name: string;
  arn: string;
  members: string[];
}

export interface AttachedPolicy {
  name: string;
  arn: string;
}

export interface ManagedPolicy {
  name: string;
  arn: string;
  defaultVersionId: string;
  /** the default version's document, parsed */
  document: PolicyDocument;
  tags: Tags;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
  Principal?: unknown;
}

export interface LoginProfile {
  userName: string;
  createdAt: Date;
  passwordResetRequired: boolean;
}

export interface PasswordPolicy {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  /** undefined = passwords never expire */
  maxPasswordAge?: number;
  /** undefined = no reuse prevention */
  passwordReusePrevention?: number;
  hardExpiry?: boolean;
}

export interface MfaDevice {
  serial: string;
  userName: string;
  enabledAt: Date;
}

export interface VirtualMfaDevice {
  serial: string;
  /** set when the device is assigned (enabled) to a user */
  userName?: string;
  /** the root user's device shows up with the root ARN as user */
  isRoot?: boolean;
  enabledAt?: Date;
  tags?: Tags;
}

export interface CreatedVirtualMfaDevice {
  serial: string;
  /** Base32StringSeed as AWS returns it: the bytes of base32 text. A secret: never log it. */
  base32Seed: Uint8Array;
}

export type VirtualMfaStatus = 'Assigned' | 'Unassigned' | 'Any';

export interface AccessKey {
  id: string;
  userName: string;
  status: 'Active' | 'Inactive';
  createdAt: Date;
}

export type CredentialReportState = 'STARTED' | 'INPROGRESS' | 'COMPLETE';

export interface CredentialReport {
  /** the CSV text */
  content: string;
  generatedAt: Date;
}

export interface InlinePolicy {
  name: string;
  /** parsed from AWS's URL-encoded JSON */
  document: PolicyDocument;
}

export interface AuthorizationUser {
  name: string;
  arn: string;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicy[];
  /** group names */
  groups: string[];
}

export interface AuthorizationGroup {
  name: string;
  arn: string;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicy[];
}

/** A customer managed policy with its default version's document. */
export interface AuthorizationPolicy {
  name: string;
  arn: string;
  defaultVersionId: string;
  document: PolicyDocument;
}

/**
 * iam:GetAccountAuthorizationDetails with Filter User, Group, LocalManagedPolicy: every
 * user and group with their inline and attached policies, and every customer managed
 * policy's default version. AWS managed policies are named by ARN only.
 */
export interface AuthorizationDetails {
  users: AuthorizationUser[];
  groups: AuthorizationGroup[];
  policies: AuthorizationPolicy[];
}

export interface IamPort {
  getUser(name: string): Promise<IamUser | null>;
  listUsers(): Promise<IamUser[]>;
  createUser(name: string, tags: Tags): Promise<IamUser>;
  tagUser(name: string, tags: Tags): Promise<void>;

  getGroup(name: string): Promise<IamGroup | null>;
  listGroups(): Promise<string[]>;
  createGroup(name: string): Promise<void>;
  listGroupsForUser(userName: string): Promise<string[]>;
  addUserToGroup(group: string, userName: string): Promise<void>;
  removeUserFromGroup(group: string, userName: string): Promise<void>;

  listAttachedGroupPolicies(group: string): Promise<AttachedPolicy[]>;
  attachGroupPolicy(group: string, policyArn: string): Promise<void>;
  listAttachedUserPolicies(userName: string): Promise<AttachedPolicy[]>;
  detachUserPolicy(userName: string, policyArn: string): Promise<void>;
  /** names of inline policies on the user */
  listUserPolicies(userName: string): Promise<string[]>;

  getPolicy(arn: string): Promise<ManagedPolicy | null>;
  createPolicy(input: { name: string; description: string; document: PolicyDocument; tags: Tags }): Promise<AttachedPolicy>;

  getLoginProfile(userName: string): Promise<LoginProfile | null>;
  /** the password is a secret: implementations never log or keep it */
  createLoginProfile(userName: string, password: string, passwordResetRequired: boolean): Promise<void>;
  deleteLoginProfile(userName: string): Promise<void>;

  getPasswordPolicy(): Promise<PasswordPolicy | null>;
  updatePasswordPolicy(policy: PasswordPolicy): Promise<void>;

  listAccountAliases(): Promise<string[]>;
  createAccountAlias(alias: string): Promise<void>;

  listMfaDevices(userName: string): Promise<MfaDevice[]>;
  listVirtualMfaDevices(status: VirtualMfaStatus): Promise<VirtualMfaDevice[]>;
  createVirtualMfaDevice(name: string, tags: Tags): Promise<CreatedVirtualMfaDevice>;
  enableMfaDevice(userName: string, serial: string, code1: string, code2: string): Promise<void>;
  deactivateMfaDevice(userName: string, serial: string): Promise<void>;
  deleteVirtualMfaDevice(serial: string): Promise<void>;

  /** userName undefined = the caller's own keys (root's, when the caller is root) */
  listAccessKeys(userName?: string): Promise<AccessKey[]>;
  updateAccessKey(userName: string, keyId: string, status: 'Active' | 'Inactive'): Promise<void>;
  deleteAccessKey(userName: string | undefined, keyId: string): Promise<void>;

  /** All pages of iam:GetAccountAuthorizationDetails (User, Group, LocalManagedPolicy). */
  getAccountAuthorizationDetails(): Promise<AuthorizationDetails>;

  getAccountSummary(): Promise<Record<string, number>>;
  generateCredentialReport(): Promise<CredentialReportState>;
  getCredentialReport(): Promise<CredentialReport>;
}

export type ContactType = 'SECURITY' | 'BILLING' | 'OPERATIONS';

export interface AlternateContact {
  name: string;
  title: string;
  email: string;
  phone: string;
}

export interface AccountPort {
  getAlternateContact(type: ContactType): Promise<AlternateContact | null>;
  putAlternateContact(type: ContactType, contact: AlternateContact): Promise<void>;
  /** works only for an Organizations member seen from the management account; else throws Unsupported / AccessDenied */
  getPrimaryEmail(accountId: string): Promise<string>;
}

export interface EventRule {
  name: string;
  arn: string;
  state: 'ENABLED' | 'DISABLED' | string;
  eventPattern?: string;
  description?: string;
}

export interface EventTarget {
  id: string;
  arn: string;
}

/** EventBridge in us-east-1, where console sign-in events for root arrive */
export interface EventsPort {
  listRules(): Promise<EventRule[]>;
  listTargetsByRule(ruleName: string): Promise<EventTarget[]>;
  putRule(input: { name: string; eventPattern: string; description: string; tags: Tags }): Promise<string>;
  putTargets(ruleName: string, targets: EventTarget[]): Promise<void>;
}

export interface SnsSubscription {
  arn: string;
  protocol: string;
  endpoint: string;
  /** 'PendingConfirmation' until the recipient confirms */
  pending: boolean;
}

/** SNS in us-east-1 */
export interface SnsPort {
  listTopics(): Promise<string[]>;
  /** idempotent, as in AWS: the same name returns the existing topic */
  createTopic(name: string, tags: Tags): Promise<string>;
  getTopicAttributes(topicArn: string): Promise<Record<string, string>>;
  setTopicAttribute(topicArn: string, name: string, value: string): Promise<void>;
  listSubscriptionsByTopic(topicArn: string): Promise<SnsSubscription[]>;
  subscribe(topicArn: string, protocol: 'email', endpoint: string): Promise<void>;
}

export interface Trail {
  name: string;
  arn: string;
  homeRegion: string;
  isMultiRegion: boolean;
  isLogging: boolean;
  /** true when the trail logs management (read/write) events */
  logsManagementEvents: boolean;
}

export interface CloudTrailPort {
  describeTrails(): Promise<Trail[]>;
}

export interface StsPort {
  getCallerIdentity(): Promise<CallerIdentity>;
}

/** organizations:DescribeOrganization */
export interface Organization {
  /** o-… */
  id: string;
  managementAccountId: string;
}

/** One row of organizations:ListAccounts */
export interface OrganizationAccount {
  /** 12 digits */
  id: string;
  name: string;
  /** the account's root email as Organizations records it */
  email: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE (AWS's `Status`/`State`) */
  status: string;
}

/** AWS Organizations, seen from the management account or a delegated administrator. */
export interface OrganizationsPort {
  /** organizations:DescribeOrganization; NotFound (AWSOrganizationsNotInUseException) when the account is in none */
  describeOrganization(): Promise<Organization>;
  /** every page of organizations:ListAccounts */
  listAccounts(): Promise<OrganizationAccount[]>;
}

/** iam:ListOrganizationsFeatures: centralized root access in an organization */
export interface OrganizationsFeatures {
  organizationId: string;
  /** RootCredentialsManagement, RootSessions */
  enabledFeatures: string[];
}

/** A member account's root user credentials, read in a short root session. */
export interface RootCredentials {
  /** root has a console password (iam:GetLoginProfile without UserName) */
  loginProfile: boolean;
  /** access key ids (iam:ListAccessKeys) */
  accessKeys: string[];
  /** MFA device serials (iam:ListMFADevices) */
  mfaDevices: string[];
  /** signing certificate ids (iam:ListSigningCertificates) */
  signingCertificates: string[];
}

/** Centralized root access for member accounts (AWS, November 2024), from the management account. */
export interface RootAccessPort {
  /** iam:ListOrganizationsFeatures; throws when IAM's trusted access is off (ServiceAccessNotEnabledException) */
  listOrganizationsFeatures(): Promise<OrganizationsFeatures>;
  /**
   * sts:AssumeRoot into `accountId` with the AWS task policy
   * root-task/IAMAuditRootUserCredentials (15 minutes), then, as that root: iam:GetLoginProfile,
   * ListAccessKeys, ListMFADevices and ListSigningCertificates, each without a user name.
   */
  auditRootCredentials(accountId: string): Promise<RootCredentials>;
}

export interface Gateway {
  /** 'sandbox' for --demo: nothing reaches AWS */
  readonly kind: 'aws' | 'sandbox';
  readonly sts: StsPort;
  readonly iam: IamPort;
  readonly account: AccountPort;
  readonly events: EventsPort;
  readonly sns: SnsPort;
  readonly cloudtrail: CloudTrailPort;
  readonly organizations: OrganizationsPort;
  readonly rootAccess: RootAccessPort;
  /**
   * A gateway to another account of the organization, through a role session
   * (sts:AssumeRole on arn:aws:iam::ACCOUNT:role/ROLE, session name mvsp-setup, one hour).
   * Throws AwsError: AccessDenied when the role is missing or does not trust the caller.
   */
  forAccount(accountId: string, roleName: string): Promise<Gateway>;
}

export interface GatewayOptions {
  profile?: string;
  region?: string;
}

/** Where AWS says the code runs: CloudShell sets AWS_EXECUTION_ENV=CloudShell */
export function isCloudShell(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.AWS_EXECUTION_ENV ?? '').toLowerCase().includes('cloudshell');
}

/** arn:aws:iam::123:root → root; arn:aws:sts::123:assumed-role/R/S → role; …:user/N → user */
export function parseCallerArn(arn: string): { kind: CallerKind; name: string | null } {
  const resource = arn.split(':').slice(5).join(':');
  if (resource === 'root') return { kind: 'root', name: null };
  if (resource.startsWith('assumed-role/') || resource.startsWith('role/') || resource.startsWith('federated-user/')) {
    const parts = resource.split('/');
    return { kind: 'role', name: parts[parts.length - 1] ?? null };
  }
  if (resource.startsWith('user/')) {
    const parts = resource.split('/');
    return { kind: 'user', name: parts[parts.length - 1] ?? null };
  }
  return { kind: 'user', name: resource };
}
