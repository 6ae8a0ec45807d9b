import { describeAwsError, type AwsError } from '../aws/errors.js';

/** Credentials, permissions and the network are the environment: exit 2, not a failed step. */
export function isEnvironmentError(e: AwsError): boolean {
  return e.kind === 'NoCredentials' || e.kind === 'ExpiredToken' || e.kind === 'AccessDenied' || e.kind === 'Network';
}

/** The one-screen explanation of an AWS failure as plain lines. */
export function awsErrorLines(e: AwsError): string[] {
  const d = describeAwsError(e);
  return [`✖ ${d.title}`, `  ${d.detail}`, `  What to do: ${d.fix}`];
}

export function awsErrorExitCode(e: AwsError): number {
  return isEnvironmentError(e) ? 2 : 1;
}
