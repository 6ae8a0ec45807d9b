// A caller with exactly some permissions, under moto's IAM enforcement (see moto.ts).
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
  UploadSSHPublicKeyCommand,
  UploadSigningCertificateCommand,
} from '@aws-sdk/client-iam';
import { motoUrl, resetAuth } from './moto.js';

export interface Keys extends NodeJS.ProcessEnv {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
}

/**
 * Create user `name` with an inline policy document and/or managed policy ARNs, then turn
 * enforcement on: from the next request on, only moto-issued keys work, each call checked
 * against the owner's policies. Returns the user's keys (for the CLI's environment).
 */
export async function enforcedCaller(name: string, opts: { inline?: object; managed?: string[] }): Promise<Keys> {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: motoUrl(), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (opts.inline) {
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'under-test', PolicyDocument: JSON.stringify(opts.inline) }));
  }
  for (const arn of opts.managed ?? []) await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  iam.destroy();
  await resetAuth(0);
  return { AWS_ACCESS_KEY_ID: key.AccessKey?.AccessKeyId ?? '', AWS_SECRET_ACCESS_KEY: key.AccessKey?.SecretAccessKey ?? '' };
}

// A throwaway public key and self-signed certificate (no private key kept), real formats.
const SSH_PUBLIC_KEY =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCon0Z1xvwHElqBgF8+8DWV2hkAlSZsm+TbzTsq5FjOjE0+HA4RSP/4VCdkAotzikx9ziYg7cBjqMWMpKEnmLuFbP9aS16nYgrY+BfRsLQQ2WN8qfRBb8vlYYQLdKh+LPDHp9KMKGszX6INVfZlSuzMScQeIcIoI5L66rsVFQDf8wAQf3HXo/1GdFn1YXUreEEebXU2VXMXpNk2V4V9kTdjFetrFweUR0B2KMtMxelgRId7k5Q2tCThQ65Fm14m2VVn9h1xl4BAO04F/o2jHuLhYTuVqne3ScylBFeoY2DVMgpQGQQN9aErW5crX0WgbWvlKcyVrSa8BP5Hq7rW7a55 leaver';
const SIGNING_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBgTCCASegAwIBAgIUb/GOz1adDlB/0z86dCUg5YJSSJ4wCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLbGVhdmVyLXRlc3QwHhcNMjYxMjAxMDQxMTEyWhcNMzYxMTI4
MDQxMTEyWjAWMRQwEgYDVQQDDAtsZWF2ZXItdGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABKyaTNQevWeBKQ9PDtSYy8cQXZZoyH+xXX2jp8MK532HaCFnZlg3
UgS/3OkeoGpQqR/ZE7ONsyJkavgDsVZv4bOjUzBRMB0GA1UdDgQWBBTyu2nm7Cz4
eOT2lHx1cOWP+LDI6jAfBgNVHSMEGDAWgBTyu2nm7Cz4eOT2lHx1cOWP+LDI6jAP
BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDKXBbQcI73nXcMbfSh
DkwvfTc6zPLmKaL7I7sct2ebmAIgMNULrqv73YnTIm2w7Lte/5nr72j4S4sK/XMM
rSEdkA8=
-----END CERTIFICATE-----
`;

/**
 * Gives a user the credentials besides a password and access keys that sign in or call AWS:
 * an SSH public key (CodeCommit over SSH), a service-specific credential for
 * codecommit.amazonaws.com (HTTPS Git) and a signing certificate, all Active. moto lacks
 * service-specific credentials: test/helpers/moto-server.py adds them (an extension of the
 * emulator, in IAM's query protocol). Returns their ids.
 */
export async function giveOtherCredentials(iam: IAMClient, userName: string): Promise<{ ssh: string; git: string; cert: string }> {
  return {
    ssh: await createUserCredential(iam, userName, 'ssh-public-key'),
    cert: await createUserCredential(iam, userName, 'signing-certificate'),
    git: await createUserCredential(iam, userName, 'service-specific-credential'),
  };
}

/** One of giveOtherCredentials' three (service-specific credentials for codecommit.amazonaws.com); its id. */
export async function createUserCredential(
  iam: IAMClient,
  userName: string,
  kind: 'ssh-public-key' | 'service-specific-credential' | 'signing-certificate',
): Promise<string> {
  if (kind === 'ssh-public-key') {
    const out = await iam.send(new UploadSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyBody: SSH_PUBLIC_KEY }));
    return out.SSHPublicKey?.SSHPublicKeyId ?? '';
  }
  if (kind === 'signing-certificate') {
    const out = await iam.send(new UploadSigningCertificateCommand({ UserName: userName, CertificateBody: SIGNING_CERTIFICATE }));
    return out.Certificate?.CertificateId ?? '';
  }
  const out = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: userName, ServiceName: 'codecommit.amazonaws.com' }));
  return out.ServiceSpecificCredential?.ServiceSpecificCredentialId ?? '';
}
