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

/** An SSH public key for CodeCommit (iam:ListSSHPublicKeys, SSHPublicKeyMetadata). */
export interface SshPublicKey {
  /** SSHPublicKeyId (APKA…) */
  id: string;
  userName: string;
  status: 'Active' | 'Inactive';
  uploadedAt: Date;
}

/**
 * A service-specific credential (iam:ListServiceSpecificCredentials,
 * ServiceSpecificCredentialMetadata): CodeCommit HTTPS Git credentials, Amazon Keyspaces,
 * Bedrock API keys. Expired: a Bedrock API key past its ExpirationDate (usable no more).
 */
export interface ServiceSpecificCredential {
  /** ServiceSpecificCredentialId (ACCA…) */
  id: string;
  userName: string;
  /** e.g. codecommit.amazonaws.com, bedrock.amazonaws.com */
  serviceName: string;
  status: 'Active' | 'Inactive' | 'Expired';
  createdAt: Date;
}

/** An X.509 signing certificate (iam:ListSigningCertificates, SigningCertificate); its body is not kept. */
export interface SigningCertificate {
  /** CertificateId */
  id: string;
  userName: string;
  status: 'Active' | 'Inactive';
  uploadedAt: Date;
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

/** An IAM role with its trust policy (AssumeRolePolicyDocument) and its own policies. */
export interface AuthorizationRole {
  name: string;
  arn: string;
  /** who may assume the role; parsed from AWS's URL-encoded JSON */
  trustPolicy: PolicyDocument;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicy[];
}

/**
 * iam:GetAccountAuthorizationDetails with Filter User, Group, Role, LocalManagedPolicy:
 * every user, group and role with their inline and attached policies (and each role's
 * trust policy), and every customer managed policy's default version. AWS managed
 * policies are named by ARN only.
 */
export interface AuthorizationDetails {
  users: AuthorizationUser[];
  groups: AuthorizationGroup[];
  roles: AuthorizationRole[];
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
  /**
   * The document of one inline policy of the user (iam:GetUserPolicy), parsed from AWS's
   * URL-encoded JSON; null when the user has no inline policy of that name (or there is no
   * such user: IAM answers NoSuchEntity for both). Errors: AccessDenied.
   */
  getUserPolicy(userName: string, policyName: string): Promise<PolicyDocument | null>;
  /**
   * Create or replace an inline policy of the user (iam:PutUserPolicy). Errors: NotFound
   * (no such user), LimitExceeded (the user's inline policies exceed 2,048 characters),
   * MalformedPolicyDocument as InvalidInput, AccessDenied.
   */
  putUserPolicy(userName: string, policyName: string, document: PolicyDocument): Promise<void>;

  getPolicy(arn: string): Promise<ManagedPolicy | null>;
  createPolicy(input: { name: string; description: string; document: PolicyDocument; tags: Tags }): Promise<AttachedPolicy>;

  getLoginProfile(userName: string): Promise<LoginProfile | null>;
  /** the password is a secret: implementations never log or keep it */
  createLoginProfile(userName: string, password: string, passwordResetRequired: boolean): Promise<void>;
  deleteLoginProfile(userName: string): Promise<void>;
  /**
   * Set a new console password on an existing login profile (iam:UpdateLoginProfile). The
   * password is a secret, as for createLoginProfile. Errors: NotFound (no profile),
   * InvalidInput (password policy).
   */
  updateLoginProfile(userName: string, password: string, passwordResetRequired: boolean): Promise<void>;

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

  /** All pages of iam:ListSSHPublicKeys for the user. Errors: NotFound (no such user), AccessDenied. */
  listSshPublicKeys(userName: string): Promise<SshPublicKey[]>;
  /** iam:UpdateSSHPublicKey. Errors: NotFound (no such key), AccessDenied. */
  updateSshPublicKey(userName: string, keyId: string, status: 'Active' | 'Inactive'): Promise<void>;
  /** iam:ListServiceSpecificCredentials for the user, every service (all pages). Errors: NotFound, AccessDenied. */
  listServiceSpecificCredentials(userName: string): Promise<ServiceSpecificCredential[]>;
  /** iam:UpdateServiceSpecificCredential. Errors: NotFound (no such credential), AccessDenied. */
  updateServiceSpecificCredential(userName: string, credentialId: string, status: 'Active' | 'Inactive'): Promise<void>;
  /** All pages of iam:ListSigningCertificates for the user. Errors: NotFound (no such user), AccessDenied. */
  listSigningCertificates(userName: string): Promise<SigningCertificate[]>;
  /** iam:UpdateSigningCertificate. Errors: NotFound (no such certificate), AccessDenied. */
  updateSigningCertificate(userName: string, certificateId: string, status: 'Active' | 'Inactive'): Promise<void>;

  /** All pages of iam:GetAccountAuthorizationDetails (User, Group, Role, LocalManagedPolicy). */
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
  /**
   * account:GetAlternateContact; null when none is set. `accountId`: a member account, asked
   * from the management account (or the Account Management delegated administrator), which
   * needs the organization's trusted access for account.amazonaws.com (else AccessDenied);
   * left out: the caller's own account.
   */
  getAlternateContact(type: ContactType, accountId?: string): Promise<AlternateContact | null>;
  /** account:PutAlternateContact (replaces that type's contact); `accountId` as for getAlternateContact. */
  putAlternateContact(type: ContactType, contact: AlternateContact, accountId?: string): Promise<void>;
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

/** A target's InputTransformer (events:ListTargetsByRule / PutTargets): `<name>` in the template takes the JSONPath's value. */
export interface EventInputTransformer {
  /** name → JSONPath into the event, e.g. { t: '$.time' } */
  inputPathsMap?: Record<string, string>;
  inputTemplate: string;
}

/**
 * An EventBridge rule target (events:ListTargetsByRule / PutTargets). With none of
 * input, inputPath and inputTransformer the target receives the matched event as it is;
 * with one of them it receives that instead.
 */
export interface EventTarget {
  id: string;
  arn: string;
  /** Input: this JSON text is sent instead of the event */
  input?: string;
  /** InputPath: only the part of the event this JSONPath selects is sent */
  inputPath?: string;
  /** InputTransformer: the template, filled from the event, is sent */
  inputTransformer?: EventInputTransformer;
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
  /**
   * sns:GetSubscriptionAttributes of a confirmed subscription (its ARN, not
   * "PendingConfirmation"): the attribute map as AWS returns it, e.g. FilterPolicy (JSON
   * text), FilterPolicyScope ("MessageAttributes", the default when a FilterPolicy is set,
   * or "MessageBody"), Protocol, Endpoint, PendingConfirmation ("true"/"false"). Errors:
   * NotFound (no such subscription), AccessDenied.
   */
  getSubscriptionAttributes(subscriptionArn: string): Promise<Record<string, string>>;
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
  /**
   * DescribeTrails IncludeGlobalServiceEvents: the trail records events of global services
   * (IAM, STS, CloudFront and AWS Management Console sign-in), which arrive in us-east-1.
   * AWS refuses a multi-region trail without them; false when DescribeTrails leaves it out.
   */
  includeGlobalServiceEvents: boolean;
  /**
   * DescribeTrails S3BucketName: the bucket the trail delivers its log files to (any
   * account's: CloudTrail does not require it to be the trail's); '' when left out.
   */
  s3BucketName: string;
}

/** Where a trail lives: CloudTrail changes a trail only in its home region. */
export type TrailRef = Pick<Trail, 'arn' | 'homeRegion'>;

export interface CreateTrailInput {
  name: string;
  /** the home region (the trail logs every region: IsMultiRegionTrail) */
  region: string;
  s3BucketName: string;
  tags: Tags;
}

export interface CloudTrailPort {
  /** cloudtrail:DescribeTrails (with shadow trails), GetTrailStatus, GetEventSelectors */
  describeTrails(): Promise<Trail[]>;
  /**
   * cloudtrail:CreateTrail: multi-region, global service events and log file validation
   * on, tagged (TagsList). Returns the trail ARN. A new trail does not log until
   * StartLogging. Errors: AlreadyExists (TrailAlreadyExistsException); InvalidInput
   * (InsufficientS3BucketPolicyException: the bucket policy does not let CloudTrail write;
   * S3BucketDoesNotExistException).
   */
  createTrail(input: CreateTrailInput): Promise<string>;
  /** cloudtrail:PutEventSelectors, in the trail's home region: management events, read and write, no data events. */
  putManagementEventSelectors(trail: TrailRef): Promise<void>;
  /** cloudtrail:StartLogging, in the trail's home region. NotFound when there is no such trail. */
  startLogging(trail: TrailRef): Promise<void>;
}

/** S3 Block Public Access, bucket level (PublicAccessBlockConfiguration). */
export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/**
 * S3, for the bucket a trail writes to. Every call but createBucket sends
 * ExpectedBucketOwner, so a bucket of the same name in another account is never read
 * or changed: S3 answers 403 (AccessDenied) for it.
 */
export interface S3Port {
  /** s3:ListBucket (HeadBucket): true when the bucket exists in this account, false when no bucket has the name. */
  bucketExists(bucket: string, accountId: string): Promise<boolean>;
  /**
   * s3:CreateBucket with ObjectOwnership BucketOwnerEnforced (ACLs off), in `region`.
   * AlreadyExists (BucketAlreadyExists) when another account owns the name.
   */
  createBucket(bucket: string, region: string): Promise<void>;
  /** s3:GetBucketPublicAccessBlock; null when none is set on the bucket */
  getPublicAccessBlock(bucket: string, accountId: string): Promise<PublicAccessBlock | null>;
  /** s3:PutBucketPublicAccessBlock */
  putPublicAccessBlock(bucket: string, accountId: string, block: PublicAccessBlock): Promise<void>;
  /** s3:GetEncryptionConfiguration: the default encryption algorithms (AES256, aws:kms…); null when none */
  getBucketEncryption(bucket: string, accountId: string): Promise<string[] | null>;
  /** s3:PutEncryptionConfiguration: default encryption SSE-S3 (AES256) */
  putBucketEncryptionS3(bucket: string, accountId: string): Promise<void>;
  /** s3:GetBucketOwnershipControls: the ObjectOwnership setting; null when none */
  getObjectOwnership(bucket: string, accountId: string): Promise<string | null>;
  /** s3:PutBucketOwnershipControls: BucketOwnerEnforced */
  putObjectOwnershipEnforced(bucket: string, accountId: string): Promise<void>;
  /** s3:GetBucketPolicy: the policy text; null when the bucket has none */
  getBucketPolicy(bucket: string, accountId: string): Promise<string | null>;
  /** s3:PutBucketPolicy (replaces the whole policy) */
  putBucketPolicy(bucket: string, accountId: string, policy: string): Promise<void>;
  /** s3:GetBucketTagging: the bucket's tags ({} when it has none) */
  getBucketTagging(bucket: string, accountId: string): Promise<Tags>;
  /** s3:PutBucketTagging (replaces the bucket's tags) */
  putBucketTagging(bucket: string, accountId: string, tags: Tags): Promise<void>;
}

export interface StsPort {
  getCallerIdentity(): Promise<CallerIdentity>;
}

/**
 * AWS's clock as seen from here. Every AWS response carries a `Date` header (RFC 7231,
 * whole seconds); the SDK keeps `serverTime - timeReceived` as the client's
 * `systemClockOffset` to sign requests with, and this reads it.
 */
export interface AwsClock {
  /**
   * AWS's time minus this computer's time, in milliseconds (positive: this computer is
   * behind), from the latest response; null before any response came. About 1 s coarse.
   */
  offsetMs(): number | null;
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
  /**
   * organizations:EnableAWSServiceAccess: trusted access for an AWS service, e.g.
   * `iam.amazonaws.com` (centralized root access needs it). Management account only;
   * idempotent in AWS. AccessDenied from a member or a delegated administrator.
   */
  enableAWSServiceAccess(servicePrincipal: string): Promise<void>;
  /** every page of organizations:ListAWSServiceAccessForOrganization: the service principals with trusted access */
  listAWSServiceAccess(): Promise<string[]>;
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
  /**
   * sts:AssumeRoot into `accountId` with the AWS task policy
   * root-task/IAMDeleteRootUserCredentials (15 minutes), then, as that root and without a user
   * name: iam:DeleteLoginProfile (when `credentials.loginProfile`), DeleteAccessKey,
   * DeleteSigningCertificate and DeactivateMFADevice for each id given. Deletes exactly what
   * it is given (what an audit found); something already gone (NoSuchEntity) counts as deleted.
   * Errors: AccessDenied (no sts:AssumeRoot with that task policy, or centralized root
   * credentials management off).
   */
  deleteRootCredentials(accountId: string, credentials: RootCredentials): Promise<void>;
  /**
   * iam:EnableOrganizationsRootCredentialsManagement (management account, after IAM's trusted
   * access): the features now on. ServiceAccessNotEnabledException when trusted access is off.
   */
  enableRootCredentialsManagement(): Promise<OrganizationsFeatures>;
  /** iam:EnableOrganizationsRootSessions: as enableRootCredentialsManagement, for root sessions. */
  enableRootSessions(): Promise<OrganizationsFeatures>;
}

/**
 * What only the --demo sandbox can do, standing in for a person at the console or a phone.
 * Absent on the AWS gateway.
 */
export interface DemoAbilities {
  /** the code an authenticator app would show now for a virtual device (throws for an unknown serial) */
  currentMfaCode(serial: string): string;
  /** root assigns a virtual MFA device in the console */
  enableRootMfa(): void;
}

export interface Gateway {
  /** 'sandbox' for --demo: nothing reaches AWS */
  readonly kind: 'aws' | 'sandbox';
  /** the sandbox's stand-ins for a person (--demo only) */
  readonly demo?: DemoAbilities;
  readonly clock: AwsClock;
  readonly sts: StsPort;
  readonly iam: IamPort;
  readonly account: AccountPort;
  readonly events: EventsPort;
  readonly sns: SnsPort;
  readonly cloudtrail: CloudTrailPort;
  readonly s3: S3Port;
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
