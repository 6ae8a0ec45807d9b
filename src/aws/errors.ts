// Errors are data: the AWS layer turns every SDK failure into one of these kinds,
// and screens render them. No SDK import here, so steps and screens can use it.

export type AwsErrorKind =
  | 'AccessDenied'
  | 'NoCredentials'
  | 'ExpiredToken'
  | 'Throttled'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Unsupported'
  | 'InvalidInput'
  | 'LimitExceeded'
  | 'Network'
  | 'Unknown';

/** A credential provider that failed: which source, its own words, and what to do. */
export interface CredentialFailure {
  /** "profile proc (credential_process)", "CloudShell credential endpoint" */
  source: string;
  /** the provider's own message, control characters neutralised */
  message: string;
  /** the one next step that fits the source */
  next: string;
  /** no source was configured: nothing but the instance-metadata fallback, or nothing at all */
  noSource: boolean;
}

export interface AwsErrorInit {
  kind: AwsErrorKind;
  /** the IAM action of the call that failed, e.g. iam:CreateUser */
  action: string;
  /** AWS's own error code (EntityAlreadyExists, InvalidAuthenticationCode, ReportNotPresent…) */
  code?: string;
  message?: string;
  /** set when the SDK's credential provider failed (kinds NoCredentials, ExpiredToken) */
  credentials?: CredentialFailure;
}

export class AwsError extends Error {
  readonly kind: AwsErrorKind;
  readonly action: string;
  readonly code: string | undefined;
  readonly credentials: CredentialFailure | undefined;

  constructor(init: AwsErrorInit) {
    super(init.message ?? `${init.action}: ${init.kind}`);
    this.name = 'AwsError';
    this.kind = init.kind;
    this.action = init.action;
    this.code = init.code;
    this.credentials = init.credentials;
  }
}

export function isAwsError(e: unknown, kind?: AwsErrorKind): e is AwsError {
  return e instanceof AwsError && (kind === undefined || e.kind === kind);
}

/** One screen's worth of words for an error: what happened, and what to do. */
export function describeAwsError(e: AwsError): { title: string; detail: string; fix: string } {
  if (e.credentials) {
    return {
      title:
        e.code === 'ProfileNotFound'
          ? 'AWS profile not found'
          : e.credentials.noSource
            ? 'No AWS credentials found'
            : `AWS credentials failed: ${e.credentials.source}`,
      detail: `${e.credentials.source}: ${e.credentials.message}`,
      fix: e.credentials.next,
    };
  }
  switch (e.kind) {
    case 'AccessDenied':
      return {
        title: `Access denied: ${e.action}`,
        detail: `The credentials in use are not allowed to call ${e.action}.`,
        fix: `Grant ${e.action} to the caller (mvsp-setup --print-policy prints a policy with every action it needs), or run as an administrator.`,
      };
    case 'NoCredentials':
      return {
        title: 'No AWS credentials found',
        detail: 'The AWS SDK found no credentials in the environment, the shared config files or a container role.',
        fix: 'Easiest: sign in to the AWS console as root, open CloudShell (the >_ icon) and run `npx mvsp-setup` there: no access keys needed. Or use --profile NAME with a configured profile (aws configure sso).',
      };
    case 'ExpiredToken':
      return {
        title: 'Your AWS session has expired',
        detail: `${e.action} was refused because the session token is no longer valid.`,
        fix: 'Sign in again (aws sso login --profile NAME, or reopen CloudShell) and re-run: finished work is kept and will not be redone.',
      };
    case 'Throttled':
      // HTTP429/HTTP503: no AWS error came back, only a busy reply from the endpoint or a proxy
      if (e.code?.startsWith('HTTP')) {
        return {
          title: 'The AWS endpoint is too busy',
          detail: `${e.action}: ${e.message}.`,
          fix: 'Wait a minute and re-run: finished work is kept and will not be redone. If it persists, check any proxy in between (HTTPS_PROXY, AWS_ENDPOINT_URL).',
        };
      }
      return {
        title: 'AWS is throttling requests',
        detail: `${e.action} was still throttled after several retries.`,
        fix: 'Wait a minute and re-run: finished work is kept and will not be redone.',
      };
    case 'Network':
      return {
        title: 'Could not reach AWS',
        detail: `${e.action} failed: ${e.message}`,
        fix: 'Check the network connection (and AWS_ENDPOINT_URL / --region if set), then re-run.',
      };
    case 'Unsupported':
      return {
        title: `Not available: ${e.action}`,
        detail: e.message,
        fix: 'This check or change is not possible for this account; the tool carries on without it.',
      };
    default:
      return {
        title: `${e.action} failed (${e.code ?? e.kind})`,
        detail: e.message,
        fix: 'Fix the cause above and re-run: finished work is kept and will not be redone.',
      };
  }
}

/**
 * The AWS managed policy that grants an IAM action ("iam:CreateUser"), for access-denied
 * messages. Source: the AWS managed policies reference (IAMFullAccess, AWSAccountManagementFullAccess…).
 */
export function grantingPolicy(action: string): string {
  const service = action.split(':')[0] ?? '';
  const byService: Record<string, string> = {
    iam: 'IAMFullAccess',
    account: 'AWSAccountManagementFullAccess',
    events: 'AmazonEventBridgeFullAccess',
    sns: 'AmazonSNSFullAccess',
    cloudtrail: 'AWSCloudTrail_ReadOnlyAccess',
  };
  const managed = byService[service];
  return managed ? `the AWS managed policy ${managed} (or AdministratorAccess)` : 'AdministratorAccess';
}

/** One line for an access-denied failure: the action and which policy grants it. */
export function accessDeniedLine(e: AwsError): string {
  return `Access denied: ${e.action}, which ${grantingPolicy(e.action)} grants. Run as root or an administrator, or grant it, then re-run.`;
}
