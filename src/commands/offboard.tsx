import React from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { UsageError } from '../args.js';
import { frontEnd, notInteractiveMessage, uiSettings } from './terminal.js';
import { teamSession } from './team-session.js';
import { readRootHolders } from './root-holders.js';
import { runCi } from '../headless/ci-run.js';
import type { HeadlessIO } from '../headless/types.js';
import { lineStepIO } from '../headless/line-presenter.js';
import { accessDeniedLine, describeAwsError, isAwsError } from '../aws/errors.js';
import type { RootHoldersOf } from '../steps/offboard.js';
import type { Session } from '../session.js';

/**
 * The run without Ink (--ci, --plain): the account, then the one flow as lines. A failed
 * read is said once, with the policy that grants what was denied.
 */
export async function offboardLines(session: Session, userName: string, rootHoldersOf: RootHoldersOf, io: HeadlessIO): Promise<number> {
  const { offboardFlow, offboardExitCode, accountLabel } = await import('../steps/offboard.js');
  try {
    // preflight is read once for the context: its alias costs no call
    const [ctx, { alias }] = await Promise.all([session.context(), session.preflight()]);
    io.line(`${accountLabel(ctx.caller.accountId, alias)} · caller ${ctx.caller.arn}${session.demo ? ' · DEMO sandbox, nothing reaches AWS' : ''}`);
    return (await offboardFlow(ctx, { userName, rootHoldersOf, alias }, lineStepIO(io, 'offboard'))).exitCode;
  } catch (e) {
    if (!isAwsError(e)) throw e;
    const d = describeAwsError(e);
    io.line(`offboard: ✖ ${d.title}. ${d.fix}`);
    if (isAwsError(e, 'AccessDenied')) io.line(`offboard: ${accessDeniedLine(e)}`);
    return offboardExitCode({ error: e });
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const { flags, positionals } = ctx.args;
  const userName = positionals[0];
  if (!userName) throw new UsageError('offboard needs the IAM user name of the leaver: mvsp-setup offboard NAME');
  const { validateUserName } = await import('../steps/admin-user.js');
  const nameError = validateUserName(userName);
  if (nameError) throw new UsageError(`offboard: "${userName}" is not a valid IAM user name: ${nameError}`);
  const ui = flags.ci === true ? 'ci' : frontEnd(ctx);
  if (ui === 'none') {
    // the name is a valid IAM user name (checked above): safe to repeat as typed
    const typed = `offboard ${userName}${flags.demo === true ? ' --demo' : ''}`;
    ctx.stderr.write(`${notInteractiveMessage('offboard', { plain: `${typed} --plain`, ci: `${typed} --ci --yes` })}\n`);
    return EXIT.usage;
  }
  const { session, demoRootHolders } = await teamSession(ctx);
  const rootHolders: RootHoldersOf = demoRootHolders ? async () => demoRootHolders : (accountId) => readRootHolders(accountId);
  // under a signal the flow says how many changes were made, then the run exits 128 + n
  if (ui === 'ci') return runCi(ctx, (io) => offboardLines(session, userName, rootHolders, io));
  if (ui === 'plain') {
    const { runPlain } = await import('../plain/run.js');
    return runPlain(ctx, (io) => offboardLines(session, userName, rootHolders, io));
  }
  const [{ renderApp }, { SessionProvider }, { OffboardScreen }] = await Promise.all([
    import('../screens/render-app.js'),
    import('../screens/SessionContext.js'),
    import('../screens/OffboardScreen.js'),
  ]);
  return renderApp(
    <SessionProvider session={session}>
      <OffboardScreen userName={userName} rootHoldersOf={rootHolders} yes={flags.yes === true} />
    </SessionProvider>,
    uiSettings(ctx),
  );
}
