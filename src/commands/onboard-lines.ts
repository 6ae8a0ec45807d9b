// onboard without Ink (--ci, --plain): the one flow (src/steps/onboard-flow.ts) as lines.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../args.js';
import { accessDeniedLine, describeAwsError, isAwsError } from '../aws/errors.js';
import type { HeadlessIO } from '../headless/types.js';
import { lineStepIO } from '../headless/line-presenter.js';
import type { Session } from '../session.js';
import { CsvFileError, parseEngineersCsv, type BadRow } from '../steps/onboard-csv.js';
import { onboardExitCode, type Engineer } from '../steps/onboard.js';
import type { OnboardInput } from '../steps/onboard-flow.js';

export interface OnboardRequest {
  /** engineers to add (from flags, or the valid rows of a CSV) */
  engineers: Engineer[];
  /** rows of the CSV that failed before any call */
  bad: BadRow[];
  /** where they came from, for messages (null: from flags or questions) */
  source: string | null;
  emailDomain: string | null;
  welcomeFile: string | null;
  includePassword: boolean;
  /** replace an existing welcome file */
  force?: boolean;
}

/** Read --from FILE.csv; a file that cannot be read as a whole is a usage error. */
export async function readEngineersFile(path: string): Promise<{ engineers: Engineer[]; bad: BadRow[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--from ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    const { rows, bad } = parseEngineersCsv(text);
    return { engineers: rows, bad };
  } catch (e) {
    if (e instanceof CsvFileError) throw new UsageError(`--from ${path}: ${e.message}`);
    throw e;
  }
}

/** The flow's input for a request: a CSV is a batch; one engineer's missing fields are asked. */
export function onboardInput(req: OnboardRequest, one?: OnboardInput['initial']): OnboardInput {
  const e = req.engineers[0];
  return {
    batch: req.source !== null || req.engineers.length > 1 || req.bad.length > 0 ? { source: req.source, engineers: req.engineers, bad: req.bad } : null,
    initial: one ?? { name: e?.name ?? null, email: e?.email ?? null, group: e?.group ?? null },
    emailDomain: req.emailDomain,
    welcomeFile: req.welcomeFile,
    includePassword: req.includePassword,
    force: req.force === true,
  };
}

/**
 * The run as lines: the account, then the flow. A failed read is said once, with the
 * policy that grants what was denied. Exit codes as onboardExitCode.
 */
export async function onboardLines(session: Session, req: OnboardRequest | OnboardInput, io: HeadlessIO): Promise<number> {
  const { onboardFlow } = await import('../steps/onboard-flow.js');
  const input = 'initial' in req ? req : onboardInput(req);
  try {
    const ctx = await session.context();
    io.line(`account ${ctx.caller.accountId} · caller ${ctx.caller.arn}${session.demo ? ' · DEMO sandbox, nothing reaches AWS' : ''}`);
    return (await onboardFlow(ctx, input, lineStepIO(io, 'onboard'))).exitCode;
  } catch (e) {
    if (!isAwsError(e)) throw e;
    const d = describeAwsError(e);
    io.line(`onboard: ✖ ${d.title}. ${d.fix}`);
    if (isAwsError(e, 'AccessDenied')) io.line(`onboard: ${accessDeniedLine(e)}`);
    return onboardExitCode(null, null, e);
  }
}
