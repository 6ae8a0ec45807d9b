import React from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { UsageError } from '../args.js';
import { AwsError, describeAwsError } from '../aws/errors.js';
import { frontEnd, uiSettings } from './terminal.js';
import { createSession } from '../session.js';
import type { HeadlessIO } from '../headless/types.js';

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
  if (ui === 'none') return runScripted(ctx, session, user);
  if (ui === 'plain') {
    const { runPlain } = await import('../plain/run.js');
    return runPlain(ctx, (io) => runPlainMfa(session, user, profile, io));
  }
  const { renderApp } = await import('../screens/render-app.js');
  const { SessionProvider } = await import('../screens/SessionContext.js');
  const { MfaCommand } = await import('../screens/MfaCommand.js');
  return renderApp(
    <SessionProvider session={session}>
      <MfaCommand user={user} yes={flags.yes === true} profile={profile} />
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

/** --plain: the screen's questions one at a time, then the same enrolment and exit code. */
async function runPlainMfa(session: ReturnType<typeof createSession>, user: string | undefined, profile: string | undefined, io: HeadlessIO): Promise<number> {
  const [{ enrolMfaHeadless }, { userNameProblem }] = await Promise.all([import('../headless/mfa-enrol.js'), import('../steps/virtual-mfa.js')]);
  try {
    const [preflight, ctx] = await Promise.all([session.preflight(), session.context()]);
    let userName = user;
    if (userName === undefined) {
      io.line(`Virtual MFA: enrol a virtual MFA device for an IAM user of account ${preflight.caller.accountId}.`);
      io.line('The person who will sign in should have their phone ready.');
      for (;;) {
        const name = (await io.ask({ message: 'IAM user name', flag: '--user', validate: (v) => userNameProblem(v.trim()) })).trim();
        const found = await ctx.aws.iam.getUser(name);
        if (found) {
          userName = found.name;
          break;
        }
        io.line(`  ✖ There is no IAM user named ${name} in account ${preflight.caller.accountId}.`);
      }
    }
    const outcome = await enrolMfaHeadless(ctx, { userName, preflight, profile }, io);
    const mark = outcome.status === 'done' ? '✔' : outcome.status === 'failed' ? '✖' : '○';
    for (const s of outcome.summary) io.line(`${mark} ${s}`);
    for (const t of outcome.todo ?? []) io.line(`  ${t}`);
    // as the screen's mfaExitCode: cancelling is a choice, not a failure
    return outcome.status === 'failed' ? EXIT.failed : EXIT.ok;
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return printAwsError(io, e);
  }
}

/**
 * --ci or no terminal: nobody can scan a QR code, so this only reports. The user
 * already having MFA exits 0. Not enrolled yet is "pending", and pending exits 0 too:
 * the exit codes (DESIGN.md) make 1 mean a failed step or check, and nothing failed
 * here; a scheduled job should not go red over a step only a person can do, and
 * `verify` is what fails (users-mfa) while a console user still has no MFA.
 */
async function runScripted(ctx: CommandContext, session: ReturnType<typeof createSession>, user: string | undefined): Promise<number> {
  if (!user) throw new UsageError("missing answer: the IAM user to enrol (give --user NAME); without a terminal 'mfa' cannot ask");
  const { ciIO } = await import('../headless/ci-io.js');
  const { headless } = await import('../headless/steps/mfa.js');
  const io = ciIO((text) => ctx.stdout.write(text), ctx.args.flags);
  try {
    const [preflight, stepCtx] = await Promise.all([session.preflight(), session.context()]);
    if (!(await stepCtx.aws.iam.getUser(user))) {
      io.line(`✖ There is no IAM user named ${user} in account ${preflight.caller.accountId}.`);
      return EXIT.failed;
    }
    const outcome = await headless(stepCtx, { answers: {}, shared: { adminUser: user, accountAlias: preflight.alias }, preflight }, io);
    return outcome.status === 'failed' ? EXIT.failed : EXIT.ok;
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return printAwsError(io, e);
  }
}
