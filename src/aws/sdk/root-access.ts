import {
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

/**
 * `iam` builds an IAM client (the caller's, or a root session's); `sts` is the caller's STS
 * client. A root session lasts 15 minutes at most (sts:AssumeRoot's DurationSeconds limit: 900).
 */
export function createRootAccessPort(iam: () => IAMClient, sts: () => STSClient, sessionIam: (c: SessionCredentials) => IAMClient): RootAccessPort {
  return {
    async listOrganizationsFeatures() {
      const out = await call('iam:ListOrganizationsFeatures', () => iam().send(new ListOrganizationsFeaturesCommand({})));
      return { organizationId: out.OrganizationId ?? '', enabledFeatures: (out.EnabledFeatures ?? []).map(String) };
    },
    async auditRootCredentials(accountId) {
      const out = await call('sts:AssumeRoot', () =>
        sts().send(new AssumeRootCommand({ TargetPrincipal: accountId, TaskPolicyArn: { arn: AUDIT_TASK_POLICY }, DurationSeconds: 900 })),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
        throw new AwsError({ kind: 'Unknown', action: 'sts:AssumeRoot', message: `sts:AssumeRoot into ${accountId} returned no credentials` });
      }
      const root = sessionIam({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
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
