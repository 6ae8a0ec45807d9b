// Who are we talking to: the caller, the account alias, and where we run.
import type { CallerIdentity, Gateway } from '../aws/port.js';
import { isCloudShell } from '../aws/port.js';
import { isAwsError } from '../aws/errors.js';

export interface Preflight {
  caller: CallerIdentity;
  /** null: the account has none, or we may not read it (aliasReadable false) */
  alias: string | null;
  aliasReadable: boolean;
  cloudShell: boolean;
  sandbox: boolean;
}

export async function preflight(aws: Gateway, env: NodeJS.ProcessEnv = process.env): Promise<Preflight> {
  const [caller, aliases] = await Promise.all([
    aws.sts.getCallerIdentity(),
    aws.iam.listAccountAliases().catch((e: unknown) => {
      if (isAwsError(e, 'AccessDenied')) return null;
      throw e;
    }),
  ]);
  return {
    caller,
    alias: aliases?.[0] ?? null,
    aliasReadable: aliases !== null,
    cloudShell: aws.kind === 'sandbox' ? true : isCloudShell(env),
    sandbox: aws.kind === 'sandbox',
  };
}

/** The console sign-in URL for IAM users of this account. */
export function signInUrl(accountId: string, alias: string | null): string {
  return `https://${alias ?? accountId}.signin.aws.amazon.com/console`;
}

export function callerLabel(caller: CallerIdentity): string {
  switch (caller.kind) {
    case 'root':
      return 'root user';
    case 'user':
      return `IAM user ${caller.name ?? ''}`.trim();
    case 'role':
      return `assumed role (session ${caller.name ?? '?'})`;
  }
}
