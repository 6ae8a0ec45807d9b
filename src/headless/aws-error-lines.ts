import { AwsError, describeAwsError } from '../aws/errors.js';
import type { Session } from '../session.js';
import type { Preflight } from '../steps/preflight.js';
import type { StepContext } from '../steps/types.js';

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

/**
 * Preflight and the step context, or the exit code after `say` has the AWS failure's lines
 * (2 for credentials, permissions, the network; else 1). Other errors propagate.
 */
export async function openAccount(session: Session, say: (lines: string[]) => void): Promise<{ preflight: Preflight; ctx: StepContext } | number> {
  try {
    const [preflight, ctx] = await Promise.all([session.preflight(), session.context()]);
    return { preflight, ctx };
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    say(awsErrorLines(e));
    return awsErrorExitCode(e);
  }
}
