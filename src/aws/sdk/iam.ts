import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  UpdateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetUserPolicyCommand,
  PutUserPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListSSHPublicKeysCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  UpdateSSHPublicKeyCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListPolicyTagsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  type AttachedPolicy as SdkAttachedPolicy,
  type IAMClient,
  type User,
} from '@aws-sdk/client-iam';
import type {
  AccessKey,
  AttachedPolicy,
  AuthorizationDetails,
  InlinePolicy,
  CredentialReportState,
  IamPort,
  IamUser,
  PasswordPolicy,
  PolicyDocument,
  ServiceSpecificCredential,
  SigningCertificate,
  SshPublicKey,
} from '../port.js';
import { call, callOrNull } from './map-error.js';
import { collect, fromTags, toTags } from './paginate.js';

function toUser(u: User): IamUser {
  return {
    name: u.UserName ?? '',
    arn: u.Arn ?? '',
    createdAt: u.CreateDate ?? new Date(0),
    ...(u.PasswordLastUsed ? { passwordLastUsed: u.PasswordLastUsed } : {}),
    tags: fromTags(u.Tags),
  };
}

function toAttached(p: SdkAttachedPolicy): AttachedPolicy {
  return { name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' };
}

/** AWS returns policy documents URL-encoded (RFC 3986); moto returns them as plain JSON. */
export function parsePolicyDocument(raw: string): PolicyDocument {
  const text = raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw);
  const doc = JSON.parse(text) as PolicyDocument & { Statement: unknown };
  // A single statement may be written as an object rather than a list.
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return { ...doc, Statement: statements as PolicyDocument['Statement'] };
}

/** The largest page IAM's list calls return (MaxItems 1–1000): fewer calls on a large account. */
const MAX_PAGE = 1000;

function toInline(list: { PolicyName?: string | undefined; PolicyDocument?: string | undefined }[] | undefined): InlinePolicy[] {
  return (list ?? []).map((p) => ({ name: p.PolicyName ?? '', document: parsePolicyDocument(p.PolicyDocument ?? '{"Statement":[]}') }));
}

export function createIamPort(client: () => IAMClient): IamPort {
  const send = <T>(action: string, fn: (c: IAMClient) => Promise<T>) => call(action, () => fn(client()));
  const sendOrNull = <T>(action: string, fn: (c: IAMClient) => Promise<T>) => callOrNull(action, () => fn(client()));

  return {
    async getUser(name) {
      const out = await sendOrNull('iam:GetUser', (c) => c.send(new GetUserCommand({ UserName: name })));
      return out?.User ? toUser(out.User) : null;
    },
    async listUsers() {
      const users = await send('iam:ListUsers', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListUsersCommand({ Marker }));
          return { items: r.Users, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return users.map(toUser);
    },
    async createUser(name, tags) {
      const out = await send('iam:CreateUser', (c) => c.send(new CreateUserCommand({ UserName: name, Tags: toTags(tags) })));
      if (!out.User) throw new Error('CreateUser returned no user');
      return toUser(out.User);
    },
    async tagUser(name, tags) {
      await send('iam:TagUser', (c) => c.send(new TagUserCommand({ UserName: name, Tags: toTags(tags) })));
    },

    async getGroup(name) {
      let head: { GroupName?: string; Arn?: string } | undefined;
      const members = await sendOrNull('iam:GetGroup', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new GetGroupCommand({ GroupName: name, Marker }));
          head ??= r.Group;
          return { items: r.Users, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      if (members === null) return null;
      return { name: head?.GroupName ?? name, arn: head?.Arn ?? '', members: members.map((u) => u.UserName ?? '') };
    },
    async listGroups() {
      const groups = await send('iam:ListGroups', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListGroupsCommand({ Marker }));
          return { items: r.Groups, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return groups.map((g) => g.GroupName ?? '');
    },
    async createGroup(name) {
      await send('iam:CreateGroup', (c) => c.send(new CreateGroupCommand({ GroupName: name })));
    },
    async listGroupsForUser(userName) {
      const groups = await send('iam:ListGroupsForUser', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListGroupsForUserCommand({ UserName: userName, Marker }));
          return { items: r.Groups, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return groups.map((g) => g.GroupName ?? '');
    },
    async addUserToGroup(group, userName) {
      await send('iam:AddUserToGroup', (c) => c.send(new AddUserToGroupCommand({ GroupName: group, UserName: userName })));
    },
    async removeUserFromGroup(group, userName) {
      await send('iam:RemoveUserFromGroup', (c) =>
        c.send(new RemoveUserFromGroupCommand({ GroupName: group, UserName: userName })),
      );
    },

    async listAttachedGroupPolicies(group) {
      const policies = await send('iam:ListAttachedGroupPolicies', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListAttachedGroupPoliciesCommand({ GroupName: group, Marker }));
          return { items: r.AttachedPolicies, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return policies.map(toAttached);
    },
    async attachGroupPolicy(group, policyArn) {
      await send('iam:AttachGroupPolicy', (c) => c.send(new AttachGroupPolicyCommand({ GroupName: group, PolicyArn: policyArn })));
    },
    async listAttachedUserPolicies(userName) {
      const policies = await send('iam:ListAttachedUserPolicies', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListAttachedUserPoliciesCommand({ UserName: userName, Marker }));
          return { items: r.AttachedPolicies, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return policies.map(toAttached);
    },
    async detachUserPolicy(userName, policyArn) {
      await send('iam:DetachUserPolicy', (c) => c.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn })));
    },
    async listUserPolicies(userName) {
      return send('iam:ListUserPolicies', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListUserPoliciesCommand({ UserName: userName, Marker }));
          return { items: r.PolicyNames, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
    },

    async getUserPolicy(userName, policyName) {
      const out = await sendOrNull('iam:GetUserPolicy', (c) => c.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName })));
      return out?.PolicyDocument ? parsePolicyDocument(out.PolicyDocument) : null;
    },
    async putUserPolicy(userName, policyName, document) {
      await send('iam:PutUserPolicy', (c) => c.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: JSON.stringify(document) })));
    },

    async getPolicy(arn) {
      const out = await sendOrNull('iam:GetPolicy', (c) => c.send(new GetPolicyCommand({ PolicyArn: arn })));
      const policy = out?.Policy;
      if (!policy) return null;
      const versionId = policy.DefaultVersionId ?? 'v1';
      const [version, tags] = await Promise.all([
        send('iam:GetPolicyVersion', (c) => c.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }))),
        send('iam:ListPolicyTags', (c) =>
          collect(async (Marker) => {
            const r = await c.send(new ListPolicyTagsCommand({ PolicyArn: arn, Marker }));
            return { items: r.Tags, next: r.IsTruncated ? r.Marker : undefined };
          }),
        ),
      ]);
      return {
        name: policy.PolicyName ?? '',
        arn: policy.Arn ?? arn,
        defaultVersionId: versionId,
        document: parsePolicyDocument(version.PolicyVersion?.Document ?? '{"Version":"2012-10-17","Statement":[]}'),
        tags: fromTags(tags),
      };
    },
    async createPolicy(input) {
      const out = await send('iam:CreatePolicy', (c) =>
        c.send(
          new CreatePolicyCommand({
            PolicyName: input.name,
            Description: input.description,
            PolicyDocument: JSON.stringify(input.document),
            Tags: toTags(input.tags),
          }),
        ),
      );
      return { name: out.Policy?.PolicyName ?? input.name, arn: out.Policy?.Arn ?? '' };
    },

    async getLoginProfile(userName) {
      const out = await sendOrNull('iam:GetLoginProfile', (c) => c.send(new GetLoginProfileCommand({ UserName: userName })));
      const p = out?.LoginProfile;
      if (!p) return null;
      return {
        userName: p.UserName ?? userName,
        createdAt: p.CreateDate ?? new Date(0),
        passwordResetRequired: p.PasswordResetRequired ?? false,
      };
    },
    async createLoginProfile(userName, password, passwordResetRequired) {
      await send('iam:CreateLoginProfile', (c) =>
        c.send(new CreateLoginProfileCommand({ UserName: userName, Password: password, PasswordResetRequired: passwordResetRequired })),
      );
    },
    async updateLoginProfile(userName, password, passwordResetRequired) {
      await send('iam:UpdateLoginProfile', (c) =>
        c.send(new UpdateLoginProfileCommand({ UserName: userName, Password: password, PasswordResetRequired: passwordResetRequired })),
      );
    },
    async deleteLoginProfile(userName) {
      await send('iam:DeleteLoginProfile', (c) => c.send(new DeleteLoginProfileCommand({ UserName: userName })));
    },

    async getPasswordPolicy() {
      const out = await sendOrNull('iam:GetAccountPasswordPolicy', (c) => c.send(new GetAccountPasswordPolicyCommand({})));
      const p = out?.PasswordPolicy;
      if (!p) return null;
      const policy: PasswordPolicy = {
        minimumPasswordLength: p.MinimumPasswordLength ?? 0,
        requireSymbols: p.RequireSymbols ?? false,
        requireNumbers: p.RequireNumbers ?? false,
        requireUppercaseCharacters: p.RequireUppercaseCharacters ?? false,
        requireLowercaseCharacters: p.RequireLowercaseCharacters ?? false,
        allowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
      };
      if (p.MaxPasswordAge) policy.maxPasswordAge = p.MaxPasswordAge;
      if (p.PasswordReusePrevention) policy.passwordReusePrevention = p.PasswordReusePrevention;
      if (p.HardExpiry !== undefined) policy.hardExpiry = p.HardExpiry;
      return policy;
    },
    async updatePasswordPolicy(policy) {
      await send('iam:UpdateAccountPasswordPolicy', (c) =>
        c.send(
          new UpdateAccountPasswordPolicyCommand({
            MinimumPasswordLength: policy.minimumPasswordLength,
            RequireSymbols: policy.requireSymbols,
            RequireNumbers: policy.requireNumbers,
            RequireUppercaseCharacters: policy.requireUppercaseCharacters,
            RequireLowercaseCharacters: policy.requireLowercaseCharacters,
            AllowUsersToChangePassword: policy.allowUsersToChangePassword,
            MaxPasswordAge: policy.maxPasswordAge,
            PasswordReusePrevention: policy.passwordReusePrevention,
            HardExpiry: policy.hardExpiry,
          }),
        ),
      );
    },

    async listAccountAliases() {
      return send('iam:ListAccountAliases', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListAccountAliasesCommand({ Marker }));
          return { items: r.AccountAliases, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
    },
    async createAccountAlias(alias) {
      await send('iam:CreateAccountAlias', (c) => c.send(new CreateAccountAliasCommand({ AccountAlias: alias })));
    },

    async listMfaDevices(userName) {
      const devices = await send('iam:ListMFADevices', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListMFADevicesCommand({ UserName: userName, Marker }));
          return { items: r.MFADevices, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return devices.map((d) => ({
        serial: d.SerialNumber ?? '',
        userName: d.UserName ?? userName,
        enabledAt: d.EnableDate ?? new Date(0),
      }));
    },
    async listVirtualMfaDevices(status) {
      const devices = await send('iam:ListVirtualMFADevices', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: status, Marker, MaxItems: MAX_PAGE }));
          return { items: r.VirtualMFADevices, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return devices.map((d) => {
        const isRoot = d.User?.Arn?.endsWith(':root') ?? false;
        return {
          serial: d.SerialNumber ?? '',
          ...(d.User?.UserName && !isRoot ? { userName: d.User.UserName } : {}),
          ...(isRoot ? { isRoot } : {}),
          ...(d.EnableDate ? { enabledAt: d.EnableDate } : {}),
          ...(d.Tags?.length ? { tags: fromTags(d.Tags) } : {}),
        };
      });
    },
    async createVirtualMfaDevice(name, tags) {
      const out = await send('iam:CreateVirtualMFADevice', (c) =>
        c.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Tags: toTags(tags) })),
      );
      const device = out.VirtualMFADevice;
      if (!device?.SerialNumber || !device.Base32StringSeed) throw new Error('CreateVirtualMFADevice returned no seed');
      return { serial: device.SerialNumber, base32Seed: device.Base32StringSeed };
    },
    async enableMfaDevice(userName, serial, code1, code2) {
      await send('iam:EnableMFADevice', (c) =>
        c.send(
          new EnableMFADeviceCommand({
            UserName: userName,
            SerialNumber: serial,
            AuthenticationCode1: code1,
            AuthenticationCode2: code2,
          }),
        ),
      );
    },
    async deactivateMfaDevice(userName, serial) {
      await send('iam:DeactivateMFADevice', (c) =>
        c.send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: serial })),
      );
    },
    async deleteVirtualMfaDevice(serial) {
      await send('iam:DeleteVirtualMFADevice', (c) => c.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
    },

    async listAccessKeys(userName) {
      const keys = await send('iam:ListAccessKeys', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListAccessKeysCommand({ UserName: userName, Marker }));
          return { items: r.AccessKeyMetadata, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return keys.map(
        (k): AccessKey => ({
          id: k.AccessKeyId ?? '',
          userName: k.UserName ?? userName ?? '',
          status: k.Status === 'Inactive' ? 'Inactive' : 'Active',
          createdAt: k.CreateDate ?? new Date(0),
        }),
      );
    },
    async updateAccessKey(userName, keyId, status) {
      await send('iam:UpdateAccessKey', (c) =>
        c.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: keyId, Status: status })),
      );
    },
    async deleteAccessKey(userName, keyId) {
      await send('iam:DeleteAccessKey', (c) => c.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: keyId })));
    },

    async listSshPublicKeys(userName) {
      const keys = await send('iam:ListSSHPublicKeys', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListSSHPublicKeysCommand({ UserName: userName, Marker }));
          return { items: r.SSHPublicKeys, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return keys.map(
        (k): SshPublicKey => ({
          id: k.SSHPublicKeyId ?? '',
          userName: k.UserName ?? userName,
          // anything but Inactive counts as usable: a status not known here is not "off"
          status: k.Status === 'Inactive' ? 'Inactive' : 'Active',
          uploadedAt: k.UploadDate ?? new Date(0),
        }),
      );
    },
    async updateSshPublicKey(userName, keyId, status) {
      await send('iam:UpdateSSHPublicKey', (c) => c.send(new UpdateSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: keyId, Status: status })));
    },
    async listServiceSpecificCredentials(userName) {
      const creds = await send('iam:ListServiceSpecificCredentials', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListServiceSpecificCredentialsCommand({ UserName: userName, Marker }));
          return { items: r.ServiceSpecificCredentials, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return creds.map(
        (k): ServiceSpecificCredential => ({
          id: k.ServiceSpecificCredentialId ?? '',
          userName: k.UserName ?? userName,
          serviceName: k.ServiceName ?? '',
          status: k.Status === 'Inactive' || k.Status === 'Expired' ? k.Status : 'Active',
          createdAt: k.CreateDate ?? new Date(0),
        }),
      );
    },
    async updateServiceSpecificCredential(userName, credentialId, status) {
      await send('iam:UpdateServiceSpecificCredential', (c) =>
        c.send(new UpdateServiceSpecificCredentialCommand({ UserName: userName, ServiceSpecificCredentialId: credentialId, Status: status })),
      );
    },
    async listSigningCertificates(userName) {
      const certs = await send('iam:ListSigningCertificates', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new ListSigningCertificatesCommand({ UserName: userName, Marker }));
          return { items: r.Certificates, next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return certs.map(
        (k): SigningCertificate => ({
          id: k.CertificateId ?? '',
          userName: k.UserName ?? userName,
          status: k.Status === 'Inactive' ? 'Inactive' : 'Active',
          uploadedAt: k.UploadDate ?? new Date(0),
        }),
      );
    },
    async updateSigningCertificate(userName, certificateId, status) {
      await send('iam:UpdateSigningCertificate', (c) =>
        c.send(new UpdateSigningCertificateCommand({ UserName: userName, CertificateId: certificateId, Status: status })),
      );
    },

    async getAccountAuthorizationDetails() {
      const details: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] };
      await send('iam:GetAccountAuthorizationDetails', (c) =>
        collect(async (Marker) => {
          const r = await c.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'], Marker, MaxItems: MAX_PAGE }));
          for (const u of r.UserDetailList ?? []) {
            details.users.push({
              name: u.UserName ?? '',
              arn: u.Arn ?? '',
              inlinePolicies: toInline(u.UserPolicyList),
              attachedPolicies: (u.AttachedManagedPolicies ?? []).map(toAttached),
              groups: [...(u.GroupList ?? [])],
            });
          }
          for (const g of r.GroupDetailList ?? []) {
            details.groups.push({
              name: g.GroupName ?? '',
              arn: g.Arn ?? '',
              inlinePolicies: toInline(g.GroupPolicyList),
              attachedPolicies: (g.AttachedManagedPolicies ?? []).map(toAttached),
            });
          }
          for (const role of r.RoleDetailList ?? []) {
            details.roles.push({
              name: role.RoleName ?? '',
              arn: role.Arn ?? '',
              trustPolicy: parsePolicyDocument(role.AssumeRolePolicyDocument ?? '{"Statement":[]}'),
              inlinePolicies: toInline(role.RolePolicyList),
              attachedPolicies: (role.AttachedManagedPolicies ?? []).map(toAttached),
            });
          }
          for (const p of r.Policies ?? []) {
            const version = p.PolicyVersionList?.find((v) => v.IsDefaultVersion) ?? p.PolicyVersionList?.find((v) => v.VersionId === p.DefaultVersionId);
            details.policies.push({
              // the name is the ARN's last segment; moto leaves PolicyName out
              name: p.PolicyName ?? p.Arn?.split('/').pop() ?? '',
              arn: p.Arn ?? '',
              defaultVersionId: p.DefaultVersionId ?? '',
              document: parsePolicyDocument(version?.Document ?? '{"Statement":[]}'),
            });
          }
          return { items: [], next: r.IsTruncated ? r.Marker : undefined };
        }),
      );
      return details;
    },
    async getAccountSummary() {
      const out = await send('iam:GetAccountSummary', (c) => c.send(new GetAccountSummaryCommand({})));
      const summary: Record<string, number> = {};
      for (const [k, v] of Object.entries(out.SummaryMap ?? {})) if (typeof v === 'number') summary[k] = v;
      return summary;
    },
    async generateCredentialReport() {
      const out = await send('iam:GenerateCredentialReport', (c) => c.send(new GenerateCredentialReportCommand({})));
      return (out.State ?? 'STARTED') as CredentialReportState;
    },
    async getCredentialReport() {
      const out = await send('iam:GetCredentialReport', (c) => c.send(new GetCredentialReportCommand({})));
      return {
        content: new TextDecoder().decode(out.Content ?? new Uint8Array()),
        generatedAt: out.GeneratedTime ?? new Date(0),
      };
    },
  };
}
