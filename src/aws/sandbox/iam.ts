// IAM, with the rules AWS enforces (names, limits, password policy, MFA codes, conflicts).
import type {
  AccessKey,
  AttachedPolicy,
  CreatedVirtualMfaDevice,
  IamGroup,
  IamPort,
  IamUser,
  LoginProfile,
  ManagedPolicy,
  MfaDevice,
  PasswordPolicy,
  PolicyDocument,
  ServiceSpecificCredential,
  SigningCertificate,
  SshPublicKey,
  Tags,
  VirtualMfaDevice,
} from '../port.js';
import { fail, tagProblem, type SandboxContext } from './context.js';
import { AWS_MANAGED_POLICIES } from './managed-policies.js';
import { consecutiveCodesValid, newSeed } from './mfa.js';
import { buildCredentialReport } from './report.js';
import {
  groupArn,
  sameName,
  userArn,
  type AccessKeyRecord,
  type GroupRecord,
  type SandboxState,
  type UserRecord,
  type VirtualMfaRecord,
} from './state.js';

const NAME_RULE = /^[\w+=,.@-]+$/;
const ALIAS_RULE = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
/** aliases other AWS accounts already hold */
export const TAKEN_ALIASES: readonly string[] = ['acme', 'test', 'prod', 'production', 'dev', 'staging', 'admin', 'aws'];
const REPORT_MAX_AGE_MS = 4 * 60 * 60 * 1000;
const PASSWORD_SYMBOLS = "!@#$%^&*()_+-=[]{}|'";
const MAX_MFA_PER_USER = 8;
const MAX_KEYS_PER_USER = 2;
const MAX_GROUPS_PER_USER = 10;
const MAX_POLICIES_PER_GROUP = 10;
const POLICY_SIZE_QUOTA = 6144;
/** iam:PutUserPolicy: all inline policies of one user together, white space not counted */
const USER_POLICY_SIZE_QUOTA = 2048;
/** the user name ListAccessKeys reports for root's own keys */
const ROOT_KEY_OWNER = 'root';
/** The service-linked roles every new account has (IAM → Roles), each with its AWS managed policy. */
const SERVICE_LINKED_ROLES = [
  { name: 'AWSServiceRoleForSupport', service: 'support.amazonaws.com', policy: 'AWSSupportServiceRolePolicy' },
  { name: 'AWSServiceRoleForTrustedAdvisor', service: 'trustedadvisor.amazonaws.com', policy: 'AWSTrustedAdvisorServiceRolePolicy' },
];

const iam = (op: string) => `iam:${op}`;

function checkName(action: string, param: string, value: string, max: number): void {
  if (value.length < 1 || value.length > max || !NAME_RULE.test(value)) {
    fail('InvalidInput', action, 'ValidationError', `1 validation error detected: Value '${value}' at '${param}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length between 1 and ${max}`);
  }
}

function checkTags(action: string, tags: Tags, existing?: Tags): void {
  const problem = tagProblem(tags, existing);
  if (problem) fail(problem.limit ? 'LimitExceeded' : 'InvalidInput', action, problem.limit ? 'LimitExceeded' : 'InvalidInput', problem.message);
}

export function findUser(state: SandboxState, name: string): UserRecord | undefined {
  return state.users.find((u) => sameName(u.name, name));
}

export function requireUser(state: SandboxState, action: string, name: string): UserRecord {
  return findUser(state, name) ?? fail('NotFound', action, 'NoSuchEntity', `The user with name ${name} cannot be found.`);
}

function findGroup(state: SandboxState, name: string): GroupRecord | undefined {
  return state.groups.find((g) => sameName(g.name, name));
}

function requireGroup(state: SandboxState, action: string, name: string): GroupRecord {
  return findGroup(state, name) ?? fail('NotFound', action, 'NoSuchEntity', `The group with name ${name} cannot be found.`);
}

export function findPolicy(state: SandboxState, arn: string): ManagedPolicy | undefined {
  const managed = AWS_MANAGED_POLICIES.find((p) => p.arn === arn);
  if (managed) return managed;
  const own = state.policies.find((p) => p.arn === arn);
  return own && { name: own.name, arn: own.arn, defaultVersionId: own.defaultVersionId, document: own.document, tags: own.tags };
}

export function requirePolicy(state: SandboxState, action: string, arn: string): ManagedPolicy {
  if (!/^arn:aws:iam::(aws|\d{12}):policy\/.+/.test(arn)) {
    fail('InvalidInput', action, 'InvalidInput', `ARN ${arn} is not valid.`);
  }
  return findPolicy(state, arn) ?? fail('NotFound', action, 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}

function attached(state: SandboxState, arns: string[]): AttachedPolicy[] {
  return arns.map((arn) => ({ name: findPolicy(state, arn)?.name ?? arn.split('/').pop() ?? arn, arn }));
}

/** The caller's own keys when userName is undefined: root's, or the calling user's. */
function keysOf(state: SandboxState, action: string, userName: string | undefined): { owner: string; keys: AccessKeyRecord[] } {
  if (userName === undefined) {
    if (state.caller.kind === 'root') return { owner: ROOT_KEY_OWNER, keys: state.root.accessKeys };
    userName = state.caller.userName;
  }
  const user = requireUser(state, action, userName);
  return { owner: user.name, keys: user.accessKeys };
}

export function newAccessKey(ctx: SandboxContext, action: string, keys: AccessKeyRecord[]): AccessKeyRecord {
  if (keys.length >= MAX_KEYS_PER_USER) fail('LimitExceeded', action, 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
  // 10 random bytes are exactly 16 base32 characters, AWS's key id length after the prefix
  const key: AccessKeyRecord = { id: `AKIA${newSeed(() => ctx.random(10)).slice(0, 16)}`, status: 'Active', createdAt: ctx.now() };
  keys.push(key);
  return key;
}

function passwordProblem(password: string, policy: PasswordPolicy | null): string | null {
  const classes = {
    uppercase: /[A-Z]/.test(password),
    lowercase: /[a-z]/.test(password),
    numbers: /[0-9]/.test(password),
    symbols: [...password].some((c) => PASSWORD_SYMBOLS.includes(c)),
  };
  if (password.length > 128) return 'Password should have a maximum length of 128';
  if (!policy) {
    // No custom policy: AWS's default policy (8+ characters, three of the four classes).
    if (password.length < 8) return 'Password should have a minimum length of 8';
    if (Object.values(classes).filter(Boolean).length < 3) {
      return 'Password should include at least three of: uppercase letters, lowercase letters, numbers, symbols';
    }
    return null;
  }
  if (password.length < policy.minimumPasswordLength) return `Password should have a minimum length of ${policy.minimumPasswordLength}`;
  if (policy.requireUppercaseCharacters && !classes.uppercase) return 'Password should have at least one uppercase letter';
  if (policy.requireLowercaseCharacters && !classes.lowercase) return 'Password should have at least one lowercase letter';
  if (policy.requireNumbers && !classes.numbers) return 'Password should have at least one number';
  if (policy.requireSymbols && !classes.symbols) return 'Password should have at least one symbol';
  return null;
}

function documentProblem(doc: PolicyDocument): string | null {
  if (!doc || typeof doc !== 'object') return 'Syntax errors in policy.';
  if (doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') return 'The policy must contain a valid version string';
  if (!Array.isArray(doc.Statement) || doc.Statement.length === 0) return 'Syntax errors in policy.';
  for (const s of doc.Statement) {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return 'Policy statement must contain a valid Effect.';
    if (s.Action === undefined && s.NotAction === undefined) return 'Policy statement must contain actions.';
    if (s.Resource === undefined && s.NotResource === undefined) return 'Policy statement must contain resources.';
    if (s.Principal !== undefined) return 'Policy document should not specify a principal.';
  }
  return null;
}

function toUser(state: SandboxState, u: UserRecord): IamUser {
  return {
    name: u.name,
    arn: userArn(state, u.name),
    createdAt: u.createdAt,
    ...(u.passwordLastUsed ? { passwordLastUsed: u.passwordLastUsed } : {}),
    tags: u.tags,
  };
}

function toVirtualDevice(d: VirtualMfaRecord): VirtualMfaDevice {
  return {
    serial: d.serial,
    ...(d.assignedTo?.kind === 'user' ? { userName: d.assignedTo.userName } : {}),
    ...(d.assignedTo?.kind === 'root' ? { isRoot: true } : {}),
    ...(d.enabledAt ? { enabledAt: d.enabledAt } : {}),
    ...(Object.keys(d.tags).length > 0 ? { tags: d.tags } : {}),
  };
}

/** MFA devices (virtual and hardware) enabled for an IAM user. */
function userMfaDevices(state: SandboxState, userName: string): MfaDevice[] {
  const owned = (o: { kind: string; userName?: string } | undefined) => o?.kind === 'user' && sameName(o.userName ?? '', userName);
  return [
    ...state.virtualMfaDevices
      .filter((d) => owned(d.assignedTo))
      .map((d) => ({ serial: d.serial, userName, enabledAt: d.enabledAt ?? d.createdAt })),
    ...state.hardwareMfaDevices.filter((d) => owned(d.owner)).map((d) => ({ serial: d.serial, userName, enabledAt: d.enabledAt })),
  ];
}

export function rootHasMfa(state: SandboxState): boolean {
  return (
    state.virtualMfaDevices.some((d) => d.assignedTo?.kind === 'root') ||
    state.hardwareMfaDevices.some((d) => d.owner.kind === 'root')
  );
}

export function userHasMfa(state: SandboxState, userName: string): boolean {
  return userMfaDevices(state, userName).length > 0;
}

function accountSummary(state: SandboxState): Record<string, number> {
  const attachments = [
    ...state.users.flatMap((u) => u.attachedPolicies),
    ...state.groups.flatMap((g) => g.attachedPolicies),
  ];
  const inUse = state.virtualMfaDevices.filter((d) => d.assignedTo).length + state.hardwareMfaDevices.length;
  return {
    Users: state.users.length,
    UsersQuota: 5000,
    Groups: state.groups.length,
    GroupsQuota: 300,
    GroupsPerUserQuota: MAX_GROUPS_PER_USER,
    Roles: 2, // a new account already has the Support and Trusted Advisor service-linked roles
    RolesQuota: 1000,
    InstanceProfiles: 0,
    InstanceProfilesQuota: 1000,
    Policies: state.policies.length,
    PoliciesQuota: 1500,
    PolicySizeQuota: POLICY_SIZE_QUOTA,
    // the two service-linked roles each use one AWS managed policy version
    PolicyVersionsInUse: new Set(attachments).size + 2,
    PolicyVersionsInUseQuota: 10000,
    VersionsPerPolicyQuota: 5,
    AttachedPoliciesPerUserQuota: 10,
    AttachedPoliciesPerGroupQuota: MAX_POLICIES_PER_GROUP,
    AttachedPoliciesPerRoleQuota: 10,
    UserPolicySizeQuota: USER_POLICY_SIZE_QUOTA,
    GroupPolicySizeQuota: 5120,
    RolePolicySizeQuota: 10240,
    AssumeRolePolicySizeQuota: 2048,
    AccessKeysPerUserQuota: MAX_KEYS_PER_USER,
    SigningCertificatesPerUserQuota: 2,
    ServerCertificates: 0,
    ServerCertificatesQuota: 20,
    Providers: 0,
    MFADevices: state.virtualMfaDevices.length + state.hardwareMfaDevices.length,
    MFADevicesInUse: inUse,
    AccountMFAEnabled: rootHasMfa(state) ? 1 : 0,
    AccountAccessKeysPresent: state.root.accessKeys.length > 0 ? 1 : 0,
    AccountPasswordPresent: 1,
    AccountSigningCertificatesPresent: 0,
    GlobalEndpointTokenVersion: 1,
  };
}

export function createIam(ctx: SandboxContext): IamPort {
  const { state } = ctx;
  return {
    async getUser(name) {
      const u = findUser(state, name);
      return u ? toUser(state, u) : null;
    },

    async listUsers() {
      return [...state.users].sort((a, b) => a.name.localeCompare(b.name)).map((u) => toUser(state, u));
    },

    async createUser(name, tags) {
      const action = iam('CreateUser');
      checkName(action, 'userName', name, 64);
      checkTags(action, tags);
      if (findUser(state, name)) fail('AlreadyExists', action, 'EntityAlreadyExists', `User with name ${name} already exists.`);
      const user: UserRecord = { name, createdAt: ctx.now(), tags: { ...tags }, accessKeys: [], attachedPolicies: [], inlinePolicies: {} };
      state.users.push(user);
      return toUser(state, user);
    },

    async tagUser(name, tags) {
      const action = iam('TagUser');
      const user = requireUser(state, action, name);
      checkTags(action, tags, user.tags);
      Object.assign(user.tags, tags);
    },

    async getGroup(name): Promise<IamGroup | null> {
      const g = findGroup(state, name);
      return g ? { name: g.name, arn: groupArn(state, g.name), members: [...g.members] } : null;
    },

    async listGroups() {
      return state.groups.map((g) => g.name).sort();
    },

    async createGroup(name) {
      const action = iam('CreateGroup');
      checkName(action, 'groupName', name, 128);
      if (findGroup(state, name)) fail('AlreadyExists', action, 'EntityAlreadyExists', `Group with name ${name} already exists.`);
      state.groups.push({ name, createdAt: ctx.now(), members: [], attachedPolicies: [] });
    },

    async listGroupsForUser(userName) {
      const user = requireUser(state, iam('ListGroupsForUser'), userName);
      return state.groups.filter((g) => g.members.includes(user.name)).map((g) => g.name);
    },

    async addUserToGroup(group, userName) {
      const action = iam('AddUserToGroup');
      const g = requireGroup(state, action, group);
      const user = requireUser(state, action, userName);
      if (g.members.includes(user.name)) return;
      if (state.groups.filter((x) => x.members.includes(user.name)).length >= MAX_GROUPS_PER_USER) {
        fail('LimitExceeded', action, 'LimitExceeded', `Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
      }
      g.members.push(user.name);
    },

    async removeUserFromGroup(group, userName) {
      const action = iam('RemoveUserFromGroup');
      const g = requireGroup(state, action, group);
      const user = requireUser(state, action, userName);
      if (!g.members.includes(user.name)) {
        fail('NotFound', action, 'NoSuchEntity', `The user with name ${userName} cannot be found in group ${group}.`);
      }
      g.members = g.members.filter((m) => m !== user.name);
    },

    async listAttachedGroupPolicies(group) {
      return attached(state, requireGroup(state, iam('ListAttachedGroupPolicies'), group).attachedPolicies);
    },

    async attachGroupPolicy(group, policyArn) {
      const action = iam('AttachGroupPolicy');
      const g = requireGroup(state, action, group);
      requirePolicy(state, action, policyArn);
      if (g.attachedPolicies.includes(policyArn)) return;
      if (g.attachedPolicies.length >= MAX_POLICIES_PER_GROUP) {
        fail('LimitExceeded', action, 'LimitExceeded', `Cannot exceed quota for PoliciesPerGroup: ${MAX_POLICIES_PER_GROUP}`);
      }
      g.attachedPolicies.push(policyArn);
    },

    async listAttachedUserPolicies(userName) {
      return attached(state, requireUser(state, iam('ListAttachedUserPolicies'), userName).attachedPolicies);
    },

    async detachUserPolicy(userName, policyArn) {
      const action = iam('DetachUserPolicy');
      const user = requireUser(state, action, userName);
      requirePolicy(state, action, policyArn);
      if (!user.attachedPolicies.includes(policyArn)) {
        fail('NotFound', action, 'NoSuchEntity', `Policy ${policyArn} was not found.`);
      }
      user.attachedPolicies = user.attachedPolicies.filter((a) => a !== policyArn);
    },

    async listUserPolicies(userName) {
      return Object.keys(requireUser(state, iam('ListUserPolicies'), userName).inlinePolicies).sort();
    },

    async getUserPolicy(userName, policyName) {
      const user = findUser(state, userName);
      const doc = user && Object.hasOwn(user.inlinePolicies, policyName) ? user.inlinePolicies[policyName]! : null;
      return doc ? structuredClone(doc) : null;
    },

    async putUserPolicy(userName, policyName, document) {
      const action = iam('PutUserPolicy');
      const user = requireUser(state, action, userName);
      const policies = { ...user.inlinePolicies, [policyName]: structuredClone(document) };
      // IAM counts every inline policy of the user, without white space, against 2,048 characters
      const size = Object.values(policies).reduce((n, d) => n + JSON.stringify(d).length, 0);
      if (size > USER_POLICY_SIZE_QUOTA) {
        fail('LimitExceeded', action, 'LimitExceeded', `Maximum policy size of ${USER_POLICY_SIZE_QUOTA} bytes exceeded for user ${user.name}`);
      }
      user.inlinePolicies = policies;
    },

    async getPolicy(arn) {
      return findPolicy(state, arn) ?? null;
    },

    async createPolicy({ name, description, document, tags }) {
      const action = iam('CreatePolicy');
      checkName(action, 'policyName', name, 128);
      if (description.length > 1000) fail('InvalidInput', action, 'ValidationError', 'The description must be at most 1000 characters.');
      checkTags(action, tags);
      const problem = documentProblem(document);
      if (problem) fail('InvalidInput', action, 'MalformedPolicyDocument', problem);
      if (JSON.stringify(document).length > POLICY_SIZE_QUOTA) {
        fail('LimitExceeded', action, 'LimitExceeded', `Cannot exceed quota for PolicySize: ${POLICY_SIZE_QUOTA}`);
      }
      if (state.policies.some((p) => sameName(p.name, name))) {
        fail('AlreadyExists', action, 'EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`);
      }
      const arn = `arn:aws:iam::${state.accountId}:policy/${name}`;
      state.policies.push({ name, arn, description, defaultVersionId: 'v1', document, tags: { ...tags }, createdAt: ctx.now() });
      return { name, arn };
    },

    async getLoginProfile(userName): Promise<LoginProfile | null> {
      const user = findUser(state, userName);
      if (!user?.loginProfile) return null;
      return { userName: user.name, ...user.loginProfile };
    },

    async createLoginProfile(userName, password, passwordResetRequired) {
      const action = iam('CreateLoginProfile');
      const user = requireUser(state, action, userName);
      if (user.loginProfile) fail('AlreadyExists', action, 'EntityAlreadyExists', `Login Profile for user ${user.name} already exists.`);
      const problem = passwordProblem(password, state.passwordPolicy);
      if (problem) fail('InvalidInput', action, 'PasswordPolicyViolation', problem);
      user.loginProfile = { createdAt: ctx.now(), passwordResetRequired };
    },

    async updateLoginProfile(userName, password, passwordResetRequired) {
      const action = iam('UpdateLoginProfile');
      const user = requireUser(state, action, userName);
      if (!user.loginProfile) fail('NotFound', action, 'NoSuchEntity', `Login Profile for User ${user.name} cannot be found.`);
      const problem = passwordProblem(password, state.passwordPolicy);
      if (problem) fail('InvalidInput', action, 'PasswordPolicyViolation', problem);
      user.loginProfile = { ...user.loginProfile, passwordResetRequired };
    },

    async deleteLoginProfile(userName) {
      const action = iam('DeleteLoginProfile');
      const user = requireUser(state, action, userName);
      if (!user.loginProfile) fail('NotFound', action, 'NoSuchEntity', `Login Profile for User ${user.name} cannot be found.`);
      delete user.loginProfile;
    },

    async getPasswordPolicy() {
      return state.passwordPolicy;
    },

    async updatePasswordPolicy(policy) {
      const action = iam('UpdateAccountPasswordPolicy');
      const range = (what: string, v: number | undefined, min: number, max: number) => {
        if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) {
          fail('InvalidInput', action, 'ValidationError', `Value '${v}' at '${what}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
        }
      };
      range('minimumPasswordLength', policy.minimumPasswordLength, 6, 128);
      range('maxPasswordAge', policy.maxPasswordAge, 1, 1095);
      range('passwordReusePrevention', policy.passwordReusePrevention, 1, 24);
      state.passwordPolicy = { hardExpiry: false, ...policy };
    },

    async listAccountAliases() {
      return [...state.aliases];
    },

    async createAccountAlias(alias) {
      const action = iam('CreateAccountAlias');
      if (!ALIAS_RULE.test(alias)) {
        fail('InvalidInput', action, 'ValidationError', `Value '${alias}' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`);
      }
      if (TAKEN_ALIASES.includes(alias) || state.aliases.includes(alias)) {
        fail('AlreadyExists', action, 'EntityAlreadyExists', `The account alias ${alias} already exists.`);
      }
      // An account holds one alias: a new one replaces the old.
      state.aliases = [alias];
    },

    async listMfaDevices(userName) {
      const user = requireUser(state, iam('ListMFADevices'), userName);
      return userMfaDevices(state, user.name);
    },

    async getAccountAuthorizationDetails() {
      const inline = (policies: Record<string, PolicyDocument>) =>
        Object.entries(policies).map(([name, document]) => ({ name, document: structuredClone(document) }));
      return {
        users: state.users.map((u) => ({
          name: u.name,
          arn: userArn(state, u.name),
          inlinePolicies: inline(u.inlinePolicies),
          attachedPolicies: attached(state, u.attachedPolicies),
          groups: state.groups.filter((g) => g.members.some((m) => sameName(m, u.name))).map((g) => g.name),
        })),
        groups: state.groups.map((g) => ({
          name: g.name,
          arn: groupArn(state, g.name),
          inlinePolicies: [],
          attachedPolicies: attached(state, g.attachedPolicies),
        })),
        // a new account's two service-linked roles: only their services may assume them
        roles: SERVICE_LINKED_ROLES.map((r) => ({
          name: r.name,
          arn: `arn:aws:iam::${state.accountId}:role/aws-service-role/${r.service}/${r.name}`,
          trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: r.service }, Action: 'sts:AssumeRole' }] },
          inlinePolicies: [],
          attachedPolicies: [{ name: r.policy, arn: `arn:aws:iam::aws:policy/aws-service-role/${r.policy}` }],
        })),
        policies: state.policies.map((p) => ({ name: p.name, arn: p.arn, defaultVersionId: p.defaultVersionId, document: structuredClone(p.document) })),
      };
    },

    async listVirtualMfaDevices(status) {
      return state.virtualMfaDevices
        .filter((d) => status === 'Any' || (status === 'Assigned') === (d.assignedTo !== undefined))
        .map(toVirtualDevice);
    },

    async createVirtualMfaDevice(name, tags): Promise<CreatedVirtualMfaDevice> {
      const action = iam('CreateVirtualMFADevice');
      checkName(action, 'virtualMFADeviceName', name, 226);
      checkTags(action, tags);
      const serial = `arn:aws:iam::${state.accountId}:mfa/${name}`;
      if (state.virtualMfaDevices.some((d) => sameName(d.serial, serial))) {
        fail('AlreadyExists', action, 'EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.');
      }
      const seed = newSeed(ctx.random);
      state.virtualMfaDevices.push({ serial, seed, tags: { ...tags }, createdAt: ctx.now() });
      return { serial, base32Seed: new TextEncoder().encode(seed) };
    },

    async enableMfaDevice(userName, serial, code1, code2) {
      const action = iam('EnableMFADevice');
      const user = requireUser(state, action, userName);
      for (const [param, code] of [['authenticationCode1', code1], ['authenticationCode2', code2]] as const) {
        if (!/^\d{6}$/.test(code)) {
          fail('InvalidInput', action, 'ValidationError', `Value at '${param}' failed to satisfy constraint: Member must have length 6 and match pattern [\\d]+`);
        }
      }
      const device = state.virtualMfaDevices.find((d) => d.serial === serial);
      if (!device) fail('NotFound', action, 'NoSuchEntity', `VirtualMFADevice with serial number ${serial} does not exist.`);
      if (device.assignedTo) fail('AlreadyExists', action, 'EntityAlreadyExists', 'MFA Device is already in use.');
      if (userMfaDevices(state, user.name).length >= MAX_MFA_PER_USER) {
        fail('LimitExceeded', action, 'LimitExceeded', `Cannot exceed quota for MFADevicesPerUser: ${MAX_MFA_PER_USER}`);
      }
      if (!consecutiveCodesValid(device.seed, code1, code2, ctx.now())) {
        fail('InvalidInput', action, 'InvalidAuthenticationCode', 'Authentication code for device is not valid.');
      }
      device.assignedTo = { kind: 'user', userName: user.name };
      device.enabledAt = ctx.now();
    },

    async deactivateMfaDevice(userName, serial) {
      const action = iam('DeactivateMFADevice');
      const user = requireUser(state, action, userName);
      const isMine = (o: { kind: string; userName?: string } | undefined) => o?.kind === 'user' && o.userName === user.name;
      const virtual = state.virtualMfaDevices.find((d) => d.serial === serial && isMine(d.assignedTo));
      if (virtual) {
        delete virtual.assignedTo;
        delete virtual.enabledAt;
        return;
      }
      const before = state.hardwareMfaDevices.length;
      state.hardwareMfaDevices = state.hardwareMfaDevices.filter((d) => !(d.serial === serial && isMine(d.owner)));
      if (state.hardwareMfaDevices.length === before) {
        fail('NotFound', action, 'NoSuchEntity', `MFA Device with serial number ${serial} does not exist for user ${user.name}.`);
      }
    },

    async deleteVirtualMfaDevice(serial) {
      const action = iam('DeleteVirtualMFADevice');
      const device = state.virtualMfaDevices.find((d) => d.serial === serial);
      if (!device) fail('NotFound', action, 'NoSuchEntity', `VirtualMFADevice with serial number ${serial} doesn't exist.`);
      if (device.assignedTo) fail('Conflict', action, 'DeleteConflict', 'MFA VirtualDevice in use. Must deactivate first.');
      state.virtualMfaDevices = state.virtualMfaDevices.filter((d) => d !== device);
    },

    async listAccessKeys(userName) {
      const { owner, keys } = keysOf(state, iam('ListAccessKeys'), userName);
      return keys.map((k): AccessKey => ({ id: k.id, userName: owner, status: k.status, createdAt: k.createdAt }));
    },

    async updateAccessKey(userName, keyId, status) {
      const action = iam('UpdateAccessKey');
      const key = keysOf(state, action, userName).keys.find((k) => k.id === keyId);
      if (!key) fail('NotFound', action, 'NoSuchEntity', `The Access Key with id ${keyId} cannot be found.`);
      key.status = status;
    },

    async deleteAccessKey(userName, keyId) {
      const action = iam('DeleteAccessKey');
      const { keys } = keysOf(state, action, userName);
      const index = keys.findIndex((k) => k.id === keyId);
      if (index < 0) fail('NotFound', action, 'NoSuchEntity', `The Access Key with id ${keyId} cannot be found.`);
      keys.splice(index, 1);
    },

    async listSshPublicKeys(userName) {
      const user = requireUser(state, iam('ListSSHPublicKeys'), userName);
      return (user.sshPublicKeys ?? []).map((k): SshPublicKey => ({ id: k.id, userName: user.name, status: k.status === 'Inactive' ? 'Inactive' : 'Active', uploadedAt: k.createdAt }));
    },
    async updateSshPublicKey(userName, keyId, status) {
      const action = iam('UpdateSSHPublicKey');
      const key = (requireUser(state, action, userName).sshPublicKeys ?? []).find((k) => k.id === keyId);
      if (!key) fail('NotFound', action, 'NoSuchEntity', `The Public Key with id ${keyId} cannot be found.`);
      key.status = status;
    },
    async listServiceSpecificCredentials(userName) {
      const user = requireUser(state, iam('ListServiceSpecificCredentials'), userName);
      return (user.serviceSpecificCredentials ?? []).map(
        (k): ServiceSpecificCredential => ({ id: k.id, userName: user.name, serviceName: k.serviceName, status: k.status, createdAt: k.createdAt }),
      );
    },
    async updateServiceSpecificCredential(userName, credentialId, status) {
      const action = iam('UpdateServiceSpecificCredential');
      const cred = (requireUser(state, action, userName).serviceSpecificCredentials ?? []).find((k) => k.id === credentialId);
      if (!cred) fail('NotFound', action, 'NoSuchEntity', `No such credential ${credentialId} exists.`);
      cred.status = status;
    },
    async listSigningCertificates(userName) {
      const user = requireUser(state, iam('ListSigningCertificates'), userName);
      return (user.signingCertificates ?? []).map((k): SigningCertificate => ({ id: k.id, userName: user.name, status: k.status === 'Inactive' ? 'Inactive' : 'Active', uploadedAt: k.createdAt }));
    },
    async updateSigningCertificate(userName, certificateId, status) {
      const action = iam('UpdateSigningCertificate');
      const cert = (requireUser(state, action, userName).signingCertificates ?? []).find((k) => k.id === certificateId);
      if (!cert) fail('NotFound', action, 'NoSuchEntity', `The Certificate with id ${certificateId} cannot be found.`);
      cert.status = status;
    },

    async getAccountSummary() {
      return accountSummary(state);
    },

    async generateCredentialReport() {
      const now = ctx.now();
      const report = state.credentialReport;
      // AWS regenerates at most every four hours; until then it keeps answering COMPLETE.
      if (report && now.getTime() - report.generatedAt.getTime() < REPORT_MAX_AGE_MS) return 'COMPLETE';
      state.credentialReport = { generatedAt: now, content: buildCredentialReport(state, { root: rootHasMfa(state), user: (n) => userHasMfa(state, n) }) };
      return 'STARTED';
    },

    async getCredentialReport() {
      const report = state.credentialReport;
      if (!report) {
        fail('InvalidInput', iam('GetCredentialReport'), 'ReportNotPresent', 'Credential report not present. Use GenerateCredentialReport to generate one.');
      }
      return { content: report.content, generatedAt: report.generatedAt };
    },
  };
}
