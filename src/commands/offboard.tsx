import React from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { UsageError } from '../args.js';
import { frontEnd, notInteractiveMessage, uiSettings } from './terminal.js';
import { teamSession } from './team-session.js';
import { readRootHolders } from './root-holders.js';
import { ciIO } from '../headless/ci-io.js';
import type { HeadlessIO } from '../headless/types.js';
import { lineStepIO } from '../headless/line-presenter.js';
import { describeAwsError, isAwsError } from '../aws/errors.js';
import type { Session } from '../session.js';

/** The run without Ink: the plan, then (with --yes) the changes, one line each. */
/** The people who can reach root in this account (names, user names or emails). */
export type RootHoldersOf = (accountId: string) => Promise<string[]>;

export async function offboardLines(session: Session, userName: string, rootHoldersOf: RootHoldersOf, io: HeadlessIO): Promise<number> {
  const { inspect, plan, apply, offboardExitCode, reportLines, rootRotationSteps } = await import('../steps/offboard.js');
  const { accessDeniedLine } = await import('../steps/admin-user.js');
  let p;
  let ctx;
  try {
    ctx = await session.context();
    const state = await inspect(ctx, userName);
    const rootHolders = await rootHoldersOf(ctx.caller.accountId);
    p = plan(state, { caller: ctx.caller, rootHolders }, { callerArn: ctx.caller.arn, now: ctx.now() });
  } catch (e) {
    if (isAwsError(e)) {
      const d = describeAwsError(e);
      io.line(`offboard: ✖ ${d.title}. ${d.fix}`);
      if (isAwsError(e, 'AccessDenied')) io.line(`offboard: ${accessDeniedLine(e)}`);
      return offboardExitCode({ error: e });
    }
    throw e;
  }
  io.line(`account ${ctx.caller.accountId} · caller ${ctx.caller.arn}${session.demo ? ' · DEMO sandbox, nothing reaches AWS' : ''}`);
  if (p.refusal) {
    io.line(`offboard: ✖ not offboarding ${p.userName}: ${p.refusal.message}`);
    io.line('offboard: nothing was changed');
    return offboardExitCode({ plan: p });
  }
  const lines = lineStepIO(io, 'offboard');
  lines.plan(p, `offboard ${p.userName}`);
  const warn = () => {
    if (p.rootHolder) for (const l of rootRotationSteps(p.rootHolder)) io.line(`offboard: ⚠ ${l}`);
  };
  if (p.actions.length === 0) {
    io.line(`offboard: ${p.userName} is already disabled`);
    warn();
    return EXIT.ok;
  }
  warn();
  if (!(await io.confirm(`Disable ${p.userName} (${p.actions.length} changes)?`, { defaultNo: true }))) {
    io.line(`offboard: not applied${io.interactive ? '' : ' (add --yes to apply this plan)'}. Nothing changed.`);
    return EXIT.ok;
  }
  // the progress lines say what was not done, and why
  const result = await apply(p, ctx, lines.progress(p.actions));
  if (result.ok) for (const l of reportLines(p)) io.line(`offboard: ${l}`);
  else io.line('offboard: stopped after a failure; re-run to finish (what is done will not be redone)');
  const denied = result.failed.map((f) => f.error).find((e) => isAwsError(e, 'AccessDenied'));
  if (denied && isAwsError(denied)) io.line(`offboard: ${accessDeniedLine(denied)}`);
  warn();
  return offboardExitCode({ plan: p, result });
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
    ctx.stderr.write(`${notInteractiveMessage('offboard')}\n`);
    return EXIT.usage;
  }
  const { session, demoRootHolders } = await teamSession(ctx);
  const rootHolders: RootHoldersOf = demoRootHolders ? async () => demoRootHolders : (accountId) => readRootHolders(accountId);
  if (ui === 'ci') return offboardLines(session, userName, rootHolders, ciIO((t) => ctx.stdout.write(t), flags));
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
