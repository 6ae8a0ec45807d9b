// The sandbox account as plain, structured-cloneable data. Every service module
// reads and writes this; index.ts copies it on the way in and out.
import type {
  AlternateContact,
  ContactType,
  EventTarget,
  PasswordPolicy,
  PolicyDocument,
  PublicAccessBlock,
  Tags,
  Trail,
} from '../port.js';

export interface AccessKeyRecord {
  id: string;
  status: 'Active' | 'Inactive';
  createdAt: Date;
  lastUsed?: { at: Date; region: string; service: string };
}

export interface LoginProfileRecord {
  createdAt: Date;
  passwordResetRequired: boolean;
}

export interface UserRecord {
  name: string;
  createdAt: Date;
  tags: Tags;
  passwordLastUsed?: Date;
  loginProfile?: LoginProfileRecord;
  accessKeys: AccessKeyRecord[];
  attachedPolicies: string[];
  inlinePolicies: Record<string, PolicyDocument>;
  /** iam:UploadSSHPublicKey (absent: none) */
  sshPublicKeys?: UserCredentialRecord[];
  /** iam:CreateServiceSpecificCredential (absent: none) */
  serviceSpecificCredentials?: (UserCredentialRecord & { serviceName: string; status: 'Active' | 'Inactive' | 'Expired' })[];
  /** iam:UploadSigningCertificate (absent: none) */
  signingCertificates?: UserCredentialRecord[];
}

/** An SSH public key, service-specific credential or signing certificate of a user. */
export interface UserCredentialRecord {
  id: string;
  status: 'Active' | 'Inactive' | 'Expired';
  createdAt: Date;
}

export interface GroupRecord {
  name: string;
  createdAt: Date;
  members: string[];
  attachedPolicies: string[];
}

export interface PolicyRecord {
  name: string;
  arn: string;
  description: string;
  defaultVersionId: string;
  document: PolicyDocument;
  tags: Tags;
  createdAt: Date;
}

/** Who a virtual MFA device is assigned to: an IAM user, or root. */
export type MfaOwner = { kind: 'user'; userName: string } | { kind: 'root' };

export interface VirtualMfaRecord {
  serial: string;
  /** the base32 seed: needed to check codes, never returned after creation */
  seed: string;
  tags: Tags;
  createdAt: Date;
  assignedTo?: MfaOwner;
  enabledAt?: Date;
}

/** A hardware device (only root gets one here, through the console lever). */
export interface HardwareMfaRecord {
  serial: string;
  owner: MfaOwner;
  enabledAt: Date;
}

export interface EventRuleRecord {
  name: string;
  arn: string;
  state: 'ENABLED' | 'DISABLED';
  eventPattern: string;
  description: string;
  tags: Tags;
  targets: EventTarget[];
}

export interface SubscriptionRecord {
  /** the ARN it gets on confirmation; AWS shows PendingConfirmation until then */
  arn: string;
  protocol: string;
  endpoint: string;
  confirmed: boolean;
  /** attributes set on it (FilterPolicy, FilterPolicyScope…); none by default */
  attributes?: Record<string, string>;
}

export interface TopicRecord {
  arn: string;
  name: string;
  tags: Tags;
  attributes: Record<string, string>;
  subscriptions: SubscriptionRecord[];
}

/** A trail as DescribeTrails shows it, plus what CreateTrail was given. */
export interface TrailRecord extends Trail {
  logFileValidation?: boolean;
  tags?: Tags;
}

export interface BucketRecord {
  name: string;
  region: string;
  /** the AWS account that owns the name (buckets share one global namespace) */
  owner: string;
  publicAccessBlock: PublicAccessBlock | null;
  /** default encryption algorithms; AWS encrypts every new bucket with SSE-S3 since 2023 */
  encryption: string[] | null;
  objectOwnership: string | null;
  policy: string | null;
  tags: Tags;
}

export interface CredentialReportRecord {
  generatedAt: Date;
  /** taken at generation time, as AWS does: later changes show up in the next report */
  content: string;
}

export interface SandboxState {
  accountId: string;
  region: string;
  /** the caller: root, or an IAM user by name */
  caller: { kind: 'root' } | { kind: 'user'; userName: string };
  root: {
    createdAt: Date;
    passwordLastUsed?: Date;
    accessKeys: AccessKeyRecord[];
  };
  users: UserRecord[];
  groups: GroupRecord[];
  /** customer managed policies; AWS managed ones live in managed-policies.ts */
  policies: PolicyRecord[];
  passwordPolicy: PasswordPolicy | null;
  aliases: string[];
  virtualMfaDevices: VirtualMfaRecord[];
  hardwareMfaDevices: HardwareMfaRecord[];
  credentialReport: CredentialReportRecord | null;
  contacts: Partial<Record<ContactType, AlternateContact>>;
  rules: EventRuleRecord[];
  topics: TopicRecord[];
  trails: TrailRecord[];
  buckets: BucketRecord[];
}

/** A brand-new account: root signed in to the console a moment ago and opened CloudShell. */
export function freshAccount(accountId: string, now: Date): SandboxState {
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  return {
    accountId,
    region: 'us-east-1',
    caller: { kind: 'root' },
    root: { createdAt: minutesAgo(20), passwordLastUsed: minutesAgo(2), accessKeys: [] },
    users: [],
    groups: [],
    policies: [],
    passwordPolicy: null,
    aliases: [],
    virtualMfaDevices: [],
    hardwareMfaDevices: [],
    credentialReport: null,
    contacts: {},
    rules: [],
    topics: [],
    trails: [],
    buckets: [],
  };
}

/** IAM names are unique regardless of case, and lookups ignore case too. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function rootArn(state: SandboxState): string {
  return `arn:aws:iam::${state.accountId}:root`;
}

export function userArn(state: SandboxState, name: string): string {
  return `arn:aws:iam::${state.accountId}:user/${name}`;
}

export function groupArn(state: SandboxState, name: string): string {
  return `arn:aws:iam::${state.accountId}:group/${name}`;
}
