// `mvsp-setup reminder`: (re)write the calendar file and the workflow. The account id
// (for the event's UID and the role ARN) comes from STS; nothing is changed in AWS.
import React, { useEffect } from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { loadAnswersFile, mergeFlags, type Answers } from '../answers.js';
import { frontEnd, notInteractiveMessage, uiSettings } from './terminal.js';
import { createSession, type Session } from '../session.js';
import { demoAnswers, demoFolder, demoFolderLine } from '../demo-folder.js';
import { AwsError, describeAwsError, isAwsError } from '../aws/errors.js';
import { Box } from 'ink';
import { renderApp } from '../screens/render-app.js';
import { SessionProvider } from '../screens/SessionContext.js';
import { usePreflight } from '../screens/hooks/usePreflight.js';
import { useLifecycle } from '../screens/Root.js';
import { ReminderFlow } from '../screens/ReminderStep.js';
import { CredentialsHelp, isCredentialsError } from '../screens/CredentialsHelp.js';
import { ErrorView } from '../screens/ErrorView.js';
import { StepHeader } from '../screens/StepHeader.js';
import { Spinner } from '../screens/ui/Spinner.js';
import { askReminderInput, runReminderHeadless } from '../headless/steps/reminder.js';
import { ciIO } from '../headless/ci-io.js';
import type { HeadlessIO } from '../headless/types.js';

function environmentError(e: AwsError): boolean {
  return e.kind === 'NoCredentials' || e.kind === 'ExpiredToken' || e.kind === 'AccessDenied' || e.kind === 'Network';
}

/**
 * Without Ink: --ci (every answer from flags or --answers) or --plain (the screen's
 * questions). The files are written only after they are listed and confirmed; --ci
 * needs no --yes for that, the command exists to write the files it was given.
 */
async function runLines(session: Session, answers: Answers, io: HeadlessIO): Promise<number> {
  const line = io.line;
  let preflight;
  try {
    preflight = await session.preflight();
  } catch (e) {
    if (e instanceof AwsError) {
      const d = describeAwsError(e);
      line(`✖ ${d.title}`);
      line(`  ${d.detail}`);
      line(`  What to do: ${d.fix}`);
      return environmentError(e) ? EXIT.usage : EXIT.failed;
    }
    throw e;
  }
  const input = await askReminderInput(answers, { accountId: preflight.caller.accountId, accountAlias: preflight.alias }, session.now(), io);
  const outcome = await runReminderHeadless(input, session.now(), io);
  for (const t of outcome.todo ?? []) line(`todo: ${t}`);
  return outcome.status === 'failed' ? EXIT.failed : EXIT.ok;
}

export async function run(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.args;
  const fileAnswers: Answers = typeof flags.answers === 'string' ? await loadAnswersFile(flags.answers) : {};
  // a demo writes into its own folder, the calendar file included
  const folder = flags.demo === true ? demoFolder() : undefined;
  const answers = folder ? demoAnswers(mergeFlags(fileAnswers, flags), folder) : mergeFlags(fileAnswers, flags);
  const session = createSession({
    dataDir: folder,
    demo: flags.demo === true,
    profile: typeof flags.profile === 'string' ? flags.profile : undefined,
    region: typeof flags.region === 'string' ? flags.region : undefined,
    env: ctx.env,
    now: ctx.now,
  });
  // the command exists to write the files the person named: --ci needs no --yes for it
  if (flags.ci === true) {
    if (folder) ctx.stdout.write(`${demoFolderLine(folder)}\n`);
    return runLines(session, answers, ciIO((text) => ctx.stdout.write(text), { ...flags, yes: true }));
  }
  const ui = frontEnd(ctx);
  if (ui === 'plain') {
    const { runPlain } = await import('../plain/run.js');
    return runPlain(ctx, (io) => {
      if (folder) io.line(demoFolderLine(folder));
      return runLines(session, answers, io);
    });
  }
  if (ui === 'none') {
    ctx.stderr.write(`${notInteractiveMessage('reminder')}\n`);
    return EXIT.usage;
  }
  return renderApp(
    <SessionProvider session={session}>
      <ReminderApp answers={answers} />
    </SessionProvider>,
    { ...uiSettings(ctx), demoFolder: folder },
  );
}

export function ReminderApp({ answers }: { answers: Answers }) {
  const pf = usePreflight();
  const { finish } = useLifecycle();
  useEffect(() => {
    if (pf.status === 'failed') finish(isCredentialsError(pf.error) || isAwsError(pf.error, 'AccessDenied') || isAwsError(pf.error, 'Network') ? EXIT.usage : EXIT.failed);
  }, [pf.status]);
  if (pf.status === 'failed') return isCredentialsError(pf.error) ? <CredentialsHelp error={pf.error} /> : <ErrorView error={pf.error} />;
  if (pf.status === 'running') {
    return (
      <Box flexDirection="column">
        <StepHeader title="Monthly reminder" />
        <Spinner label="Checking which account this is…" />
      </Box>
    );
  }
  return (
    <ReminderFlow
      answers={answers}
      accountId={pf.value.caller.accountId}
      accountAlias={pf.value.alias}
      yes={false}
      onDone={() => finish(EXIT.ok)}
      onBack={() => finish(EXIT.ok)}
    />
  );
}
