import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { AwsError } from '../errors.js';
import { parseCallerArn, type StsPort } from '../port.js';
import type { SessionCredentials } from './clients.js';
import { call } from './map-error.js';

export function createStsPort(client: () => STSClient): StsPort {
  return {
    async getCallerIdentity() {
      const out = await call('sts:GetCallerIdentity', () => client().send(new GetCallerIdentityCommand({})));
      const arn = out.Arn ?? '';
      return { accountId: out.Account ?? '', arn, ...parseCallerArn(arn) };
    },
  };
}

/** Role session length: a chained role session (a role assuming a role) can last one hour at most. */
const SESSION_SECONDS = 3600;

/**
 * sts:AssumeRole into arn:aws:iam::ACCOUNT:role/ROLE. The session is named mvsp-setup, so
 * CloudTrail in the member account shows who read it.
 */
export async function assumeRole(client: STSClient, accountId: string, roleName: string): Promise<SessionCredentials> {
  const roleArn = `arn:aws:iam::${accountId}:role/${roleName}`;
  const out = await call('sts:AssumeRole', () =>
    client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mvsp-setup', DurationSeconds: SESSION_SECONDS })),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new AwsError({ kind: 'Unknown', action: 'sts:AssumeRole', message: `sts:AssumeRole on ${roleArn} returned no credentials` });
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
}
