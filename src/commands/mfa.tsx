import React from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { UsageError } from '../args.js';
import { AwsError, describeAwsError } from '../aws/errors.js';
import { canRunInk, uiSettings } from './terminal.js';
import { notBuilt } from './not-built.js';
import { createSession } from '../session.js';

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
  });
  if (flags.ci === true || !canRunInk(ctx)) return runScripted(ctx, session, user);
  if (flags.plain === true) return notBuilt(ctx, 'mfa --plain');
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
    const d = describeAwsError(e);
    io.line(`✖ ${d.title}`);
    io.line(`  ${d.detail}`);
    io.line(`  What to do: ${d.fix}`);
    const environment = e.kind === 'NoCredentials' || e.kind === 'ExpiredToken' || e.kind === 'AccessDenied' || e.kind === 'Network';
    return environment ? EXIT.usage : EXIT.failed;
  }
}
