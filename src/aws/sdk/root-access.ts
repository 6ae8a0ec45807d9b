import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListOrganizationsFeaturesCommand,
  ListSigningCertificatesCommand,
} from '@aws-sdk/client-iam';
import { AssumeRootCommand, type STSClient } from '@aws-sdk/client-sts';
import { AwsError } from '../errors.js';
import type { RootAccessPort } from '../port.js';
import type { SessionCredentials } from './clients.js';
import { call, callOrNull } from './map-error.js';
import { collect } from './paginate.js';

/** The AWS managed task policy a root session for auditing is limited to. */
export const AUDIT_TASK_POLICY = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials';
/** The AWS managed task policy a root session that deletes root credentials is limited to. */
export const DELETE_TASK_POLICY = 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials';

/** sts:AssumeRoot into a member with a task policy: its credentials (at most 900 s, AWS's limit). */
async function assumeRoot(sts: STSClient, accountId: string, task: string): Promise<SessionCredentials> {
  const out = await call('sts:AssumeRoot', () => sts.send(new AssumeRootCommand({ TargetPrincipal: accountId, TaskPolicyArn: { arn: task }, DurationSeconds: 900 })));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new AwsError({ kind: 'Unknown', action: 'sts:AssumeRoot', message: `sts:AssumeRoot into ${accountId} returned no credentials` });
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

const features = (out: { OrganizationId?: string | undefined; EnabledFeatures?: unknown[] | undefined }) => ({
  organizationId: out.OrganizationId ?? '',
  enabledFeatures: (out.EnabledFeatures ?? []).map(String),
});

/**
 * `iam` builds an IAM client (the caller's, or a root session's); `sts` is the caller's STS
 * client. A root session lasts 15 minutes at most (sts:AssumeRoot's DurationSeconds limit: 900).
 */
export function createRootAccessPort(iam: () => IAMClient, sts: () => STSClient, sessionIam: (c: SessionCredentials) => IAMClient): RootAccessPort {
  return {
    async listOrganizationsFeatures() {
      return features(await call('iam:ListOrganizationsFeatures', () => iam().send(new ListOrganizationsFeaturesCommand({}))));
    },
    async enableRootCredentialsManagement() {
      return features(
        await call('iam:EnableOrganizationsRootCredentialsManagement', () => iam().send(new EnableOrganizationsRootCredentialsManagementCommand({}))),
      );
    },
    async enableRootSessions() {
      return features(await call('iam:EnableOrganizationsRootSessions', () => iam().send(new EnableOrganizationsRootSessionsCommand({}))));
    },
    async deleteRootCredentials(accountId, credentials) {
      const root = sessionIam(await assumeRoot(sts(), accountId, DELETE_TASK_POLICY));
      // already gone (NoSuchEntity) is what deleting wanted: callOrNull takes it as done
      try {
        await Promise.all([
          credentials.loginProfile ? callOrNull('iam:DeleteLoginProfile', () => root.send(new DeleteLoginProfileCommand({}))) : null,
          ...credentials.accessKeys.map((AccessKeyId) => callOrNull('iam:DeleteAccessKey', () => root.send(new DeleteAccessKeyCommand({ AccessKeyId })))),
          ...credentials.signingCertificates.map((CertificateId) =>
            callOrNull('iam:DeleteSigningCertificate', () => root.send(new DeleteSigningCertificateCommand({ CertificateId }))),
          ),
          ...credentials.mfaDevices.map((SerialNumber) => callOrNull('iam:DeactivateMFADevice', () => root.send(new DeactivateMFADeviceCommand({ SerialNumber })))),
        ]);
      } finally {
        root.destroy();
      }
    },
    async auditRootCredentials(accountId) {
      const root = sessionIam(await assumeRoot(sts(), accountId, AUDIT_TASK_POLICY));
      try {
        const [profile, keys, mfa, certs] = await Promise.all([
          callOrNull('iam:GetLoginProfile', () => root.send(new GetLoginProfileCommand({}))),
          call('iam:ListAccessKeys', () =>
            collect(async (Marker) => {
              const r = await root.send(new ListAccessKeysCommand({ Marker }));
              return { items: r.AccessKeyMetadata, next: r.IsTruncated ? r.Marker : undefined };
            }),
          ),
          call('iam:ListMFADevices', () =>
            collect(async (Marker) => {
              const r = await root.send(new ListMFADevicesCommand({ Marker }));
              return { items: r.MFADevices, next: r.IsTruncated ? r.Marker : undefined };
            }),
          ),
          call('iam:ListSigningCertificates', () =>
            collect(async (Marker) => {
              const r = await root.send(new ListSigningCertificatesCommand({ Marker }));
              return { items: r.Certificates, next: r.IsTruncated ? r.Marker : undefined };
            }),
          ),
        ]);
        return {
          loginProfile: profile?.LoginProfile !== undefined,
          accessKeys: keys.map((k) => k.AccessKeyId ?? ''),
          mfaDevices: mfa.map((d) => d.SerialNumber ?? ''),
          signingCertificates: certs.map((x) => x.CertificateId ?? ''),
        };
      } finally {
        root.destroy();
      }
    },
  };
}
