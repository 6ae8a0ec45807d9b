import React from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { UsageError } from '../args.js';
import { AwsError, describeAwsError } from '../aws/errors.js';
import { frontEnd, uiSettings } from './terminal.js';
import { createSession } from '../session.js';
import type { HeadlessIO } from '../headless/types.js';
import type { StepOutcome } from '../steps/flow.js';

/** Exit code of `mvsp-setup mfa`: only a failure is non-zero; cancelling is a choice, not a failure. */
export function mfaExitCode(outcome: StepOutcome): number {
  return outcome.status === 'failed' ? EXIT.failed : EXIT.ok;
}

export async function run(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.args;
  const user = typeof flags.user === 'string' ? flags.user : undefined;
  const profile = typeof flags.profile === 'string' ? flags.profile : undefined;
  const session = createSession({
    demo: flags.demo === true,
    profile,
    region: typeof flags.region === 'string' ? flags.region : undefined,
    env: ctx.env,
    now: ctx.now,
    ...(flags.demo === true ? { gateway: await demoGateway(ctx) } : {}),
  });
  const ui = flags.ci === true ? 'none' : frontEnd(ctx);
  if (ui === 'none') {
    const { ciIO } = await import('../headless/ci-io.js');
    return runLines(session, user, profile, ciIO((text) => ctx.stdout.write(text), flags));
  }
  if (ui === 'plain') {
    const { runPlain } = await import('../plain/run.js');
    return runPlain(ctx, (io) => runLines(session, user, profile, io));
  }
  const { renderApp } = await import('../screens/render-app.js');
  const { SessionProvider } = await import('../screens/SessionContext.js');
  const { MfaCommand } = await import('../screens/MfaCommand.js');
  return renderApp(
    <SessionProvider session={session}>
      <MfaCommand user={user} yes={flags.yes === true} profile={profile} flags={flags} />
    </SessionProvider>,
    uiSettings(ctx),
  );
}

/** --demo: a sandbox account with users to enrol (alice, bob), one who has MFA (carol). */
async function demoGateway(ctx: CommandContext) {
  const { openDemoGateway } = await import('../aws/index.js');
  return openDemoGateway({ kind: 'mfa-users' }, ctx.now);
}

function environmentError(e: AwsError): boolean {
  return e.kind === 'NoCredentials' || e.kind === 'ExpiredToken' || e.kind === 'AccessDenied' || e.kind === 'Network';
}

function printAwsError(io: HeadlessIO, e: AwsError): number {
  const d = describeAwsError(e);
  io.line(`✖ ${d.title}`);
  io.line(`  ${d.detail}`);
  io.line(`  What to do: ${d.fix}`);
  return environmentError(e) ? EXIT.usage : EXIT.failed;
}

/**
 * --plain and --ci: the same flow as the screen, as lines. --ci (or no terminal) cannot scan
 * a QR code, so it only reports: MFA already there exits 0; not enrolled yet is "pending",
 * which exits 0 too (1 means a failed step or check, DESIGN.md; `verify` is what fails while
 * a console user has no MFA).
 */
async function runLines(session: ReturnType<typeof createSession>, user: string | undefined, profile: string | undefined, io: HeadlessIO): Promise<number> {
  const [{ mfaCommandFlow }, { lineStepIO }] = await Promise.all([import('../steps/day-one/mfa.js'), import('../headless/line-presenter.js')]);
  if (!io.interactive && user === undefined) throw new UsageError("missing answer: the IAM user to enrol (give --user NAME); without a terminal 'mfa' cannot ask");
  try {
    const [preflight, ctx] = await Promise.all([session.preflight(), session.context()]);
    const outcome = await mfaCommandFlow(ctx, { user, preflight, profile }, lineStepIO(io, 'mfa'));
    const mark = outcome.status === 'done' ? '✔' : outcome.status === 'failed' ? '✖' : '○';
    for (const s of outcome.summary) io.line(`${mark} ${s}`);
    for (const t of outcome.todo ?? []) io.line(`  ${t}`);
    return mfaExitCode(outcome);
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return printAwsError(io, e);
  }
}
