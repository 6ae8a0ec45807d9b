import { AwsError, type AwsErrorKind } from '../errors.js';
import { CredentialSourceError } from './credentials.js';

// The SDK's query protocols (IAM, STS, SNS) put AWS's wire code in `Code` and name the
// exception class after the model (ReportNotPresent → CredentialReportNotPresentException);
// JSON protocols only have the name. Both spellings are listed where they differ.
const KIND_BY_CODE: Record<string, AwsErrorKind> = {
  AccessDenied: 'AccessDenied',
  AccessDeniedException: 'AccessDenied',
  AuthorizationError: 'AccessDenied',
  AuthorizationErrorException: 'AccessDenied',
  UnauthorizedOperation: 'AccessDenied',

  CredentialsProviderError: 'NoCredentials',
  ProviderError: 'NoCredentials',
  TokenProviderError: 'NoCredentials',
  InvalidClientTokenId: 'NoCredentials',
  InvalidClientTokenIdException: 'NoCredentials',
  SignatureDoesNotMatch: 'NoCredentials',
  SignatureDoesNotMatchException: 'NoCredentials',
  UnrecognizedClientException: 'NoCredentials',
  IncompleteSignature: 'NoCredentials',
  IncompleteSignatureException: 'NoCredentials',
  MissingAuthenticationToken: 'NoCredentials',
  AuthFailure: 'NoCredentials',

  ExpiredToken: 'ExpiredToken',
  ExpiredTokenException: 'ExpiredToken',
  RequestExpired: 'ExpiredToken',

  Throttling: 'Throttled',
  ThrottlingException: 'Throttled',
  TooManyRequestsException: 'Throttled',
  RequestLimitExceeded: 'Throttled',
  Throttled: 'Throttled',

  NoSuchEntity: 'NotFound',
  NoSuchEntityException: 'NotFound',
  ResourceNotFoundException: 'NotFound',
  NotFound: 'NotFound',
  NotFoundException: 'NotFound',
  TrailNotFoundException: 'NotFound',
  // S3: a bucket, or one of its configurations, that is not there
  NoSuchBucket: 'NotFound',
  NoSuchBucketPolicy: 'NotFound',
  NoSuchPublicAccessBlockConfiguration: 'NotFound',
  ServerSideEncryptionConfigurationNotFoundError: 'NotFound',
  OwnershipControlsNotFoundError: 'NotFound',
  NoSuchTagSet: 'NotFound',
  AWSOrganizationsNotInUseException: 'NotFound',
  OrganizationNotFoundException: 'NotFound',

  EntityAlreadyExists: 'AlreadyExists',
  EntityAlreadyExistsException: 'AlreadyExists',
  ResourceAlreadyExistsException: 'AlreadyExists',
  TrailAlreadyExistsException: 'AlreadyExists',
  BucketAlreadyExists: 'AlreadyExists',
  BucketAlreadyOwnedByYou: 'AlreadyExists',

  LimitExceeded: 'LimitExceeded',
  DeleteConflict: 'Conflict',
  DeleteConflictException: 'Conflict',
  InvalidEventPatternException: 'InvalidInput',
  LimitExceededException: 'LimitExceeded',

  ValidationError: 'InvalidInput',
  ValidationException: 'InvalidInput',
  InvalidInput: 'InvalidInput',
  InvalidInputException: 'InvalidInput',
  MalformedPolicyDocument: 'InvalidInput',
  MalformedPolicyDocumentException: 'InvalidInput',
  InvalidParameter: 'InvalidInput',
  InvalidParameterException: 'InvalidInput',
  InvalidParameterValue: 'InvalidInput',
  InvalidParameterValueException: 'InvalidInput',
  InsufficientS3BucketPolicyException: 'InvalidInput',
  S3BucketDoesNotExistException: 'InvalidInput',
  InvalidAuthenticationCode: 'InvalidInput',
  InvalidAuthenticationCodeException: 'InvalidInput',
  PasswordPolicyViolation: 'InvalidInput',
  PasswordPolicyViolationException: 'InvalidInput',
  ReportNotPresent: 'InvalidInput',
  CredentialReportNotPresentException: 'InvalidInput',
  ReportExpired: 'InvalidInput',
  CredentialReportExpiredException: 'InvalidInput',
  ReportInProgress: 'InvalidInput',
  CredentialReportNotReadyException: 'InvalidInput',

  OptInRequired: 'Unsupported',
  SubscriptionRequiredException: 'Unsupported',
  UnsupportedOperation: 'Unsupported',
  UnsupportedOperationException: 'Unsupported',
  AccessDeniedForDependencyException: 'AccessDenied',
  ServiceAccessNotEnabledException: 'Unsupported',
  AccountNotManagementOrDelegatedAdministratorException: 'AccessDenied',
};

/** Class names the SDK gives errors whose wire code differs; used when `Code` is absent. */
const WIRE_CODE_BY_NAME: Record<string, string> = {
  CredentialReportNotPresentException: 'ReportNotPresent',
  CredentialReportExpiredException: 'ReportExpired',
  CredentialReportNotReadyException: 'ReportInProgress',
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError']);

type Loose = {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  Error?: { Code?: unknown };
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; attempts?: unknown };
  $response?: { statusCode?: unknown; headers?: Record<string, unknown> };
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function networkCode(e: Loose, depth = 0): string | undefined {
  const code = str(e.code);
  if (code && NETWORK_CODES.has(code)) return code;
  const name = str(e.name);
  if (name && NETWORK_NAMES.has(name)) return name;
  if (depth > 2) return undefined;
  // Node 20 connects to every address of a host name and reports an AggregateError.
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      if (inner && typeof inner === 'object') {
        const found = networkCode(inner as Loose, depth + 1);
        if (found) return found;
      }
    }
  }
  if (e.cause && typeof e.cause === 'object') return networkCode(e.cause as Loose, depth + 1);
  return undefined;
}

/**
 * HTTP statuses the SDK's standard retry strategy retries (@smithy/service-error-classification:
 * 429 is throttling, 500/502/503/504 transient). When such a reply is not an AWS error document,
 * it comes from something in front of the service (a proxy, a load balancer, a gateway page):
 * the endpoint was busy or out of reach, which is no sign that the action does not exist there.
 */
const BUSY_STATUS = new Set([429, 503]);
const GATEWAY_STATUS = new Set([502, 504]);

/** A reply that is not the service's protocol: an HTML page, an unparseable body. */
function isForeignResponse(e: Loose): boolean {
  const contentType = str(e.$response?.headers?.['content-type']) ?? '';
  if (/text\/html/i.test(contentType)) return true;
  const message = str(e.message) ?? '';
  return e.$metadata !== undefined && e.$fault === undefined && /Deserialization error/i.test(message);
}

const NOT_AUTHORIZED = /not authorized to perform:?\s+([A-Za-z0-9-]+:[A-Za-z0-9*]+)/;

/** Turns anything the SDK throws into an AwsError naming the IAM action of the call. */
export function mapAwsError(error: unknown, action: string): AwsError {
  if (error instanceof AwsError) return error;
  if (error instanceof CredentialSourceError) {
    // an expired session (SSO, a helper's token) is still "sign in again"; the failure says how
    const kind = /expired/i.test(error.failure.message) ? 'ExpiredToken' : 'NoCredentials';
    return new AwsError({ kind, action, code: 'CredentialsProviderError', message: error.message, credentials: error.failure });
  }
  const e: Loose = error && typeof error === 'object' ? (error as Loose) : { message: String(error) };
  const name = str(e.name);
  const code = str(e.Code) ?? str(e.Error?.Code) ?? (name ? (WIRE_CODE_BY_NAME[name] ?? name) : undefined);
  const message = str(e.message) ?? code ?? 'unknown error';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;

  const net = networkCode(e);
  if (net) return new AwsError({ kind: 'Network', action, code: net, message: `${action}: ${message}` });

  let kind: AwsErrorKind | undefined =
    (code ? KIND_BY_CODE[code] : undefined) ?? (name ? KIND_BY_CODE[name] : undefined);

  const denied = NOT_AUTHORIZED.exec(message);
  if (!kind && status === 403 && denied) kind = 'AccessDenied';

  if (kind === 'AccessDenied') {
    return new AwsError({ kind, action: denied?.[1] ?? action, code, message });
  }
  if (kind === 'NoCredentials') {
    if (name === 'CredentialsProviderError' || name === 'ProviderError' || name === 'TokenProviderError') {
      // An expired SSO session surfaces as a provider error, but the fix is to sign in again.
      if (/expired/i.test(message)) return new AwsError({ kind: 'ExpiredToken', action, code, message });
      return new AwsError({ kind, action, code, message });
    }
    return new AwsError({ kind, action, code, message: `The AWS credentials in use are invalid: ${message}` });
  }
  if (kind) return new AwsError({ kind, action, code, message });

  if (isForeignResponse(e) || (status !== undefined && e.$fault === 'server' && name === 'Unknown')) {
    const attempts = typeof e.$metadata?.attempts === 'number' && e.$metadata.attempts > 1 ? `, also after ${e.$metadata.attempts} attempts` : '';
    if (status !== undefined && BUSY_STATUS.has(status)) {
      return new AwsError({
        kind: 'Throttled',
        action,
        code: `HTTP${status}`,
        message: `the endpoint was too busy to answer (HTTP ${status})${attempts}`,
      });
    }
    if (status !== undefined && GATEWAY_STATUS.has(status)) {
      return new AwsError({
        kind: 'Network',
        action,
        code: `HTTP${status}`,
        message: `a gateway in front of the endpoint got no answer from it (HTTP ${status})${attempts}`,
      });
    }
    // 501 Not Implemented is how some endpoints (moto among them) refuse an action they lack
    if (status !== undefined && status >= 500 && status !== 501) {
      return new AwsError({
        kind: 'Unknown',
        action,
        code: `HTTP${status}`,
        message: `the endpoint failed with HTTP ${status} and sent no AWS error${attempts}`,
      });
    }
  }
  if (isForeignResponse(e)) {
    return new AwsError({
      kind: 'Unsupported',
      action,
      code: status === undefined ? undefined : `HTTP${status}`,
      message: `${action} is not available here: the endpoint did not answer in the service's protocol${status === undefined ? '' : ` (HTTP ${status})`}.`,
    });
  }
  return new AwsError({ kind: 'Unknown', action, code, message });
}

/** Runs one SDK call; any failure becomes an AwsError for `action`. */
export async function call<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mapAwsError(error, action);
  }
}

/** Like call, but "does not exist" is an answer (null), not a failure. */
export async function callOrNull<T>(action: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    const mapped = mapAwsError(error, action);
    if (mapped.kind === 'NotFound') return null;
    throw mapped;
  }
}
