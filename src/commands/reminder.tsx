// `mvsp-setup reminder`: (re)write the calendar file and the workflow. The account id
// (for the event's UID and the role ARN) comes from STS; nothing is changed in AWS.
import React, { useEffect } from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { loadAnswersFile, mergeFlags, type Answers } from '../answers.js';
import { canRunInk, notInteractiveMessage, uiSettings } from './terminal.js';
import { notBuilt } from './not-built.js';
import { createSession, type Session } from '../session.js';
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
import { reminderInput, runReminderHeadless } from '../headless/steps/reminder.js';
import { ciIO } from '../headless/ci-io.js';

function environmentError(e: AwsError): boolean {
  return e.kind === 'NoCredentials' || e.kind === 'ExpiredToken' || e.kind === 'AccessDenied' || e.kind === 'Network';
}

async function runPlain(ctx: CommandContext, session: Session, answers: Answers): Promise<number> {
  const line = (text: string) => ctx.stdout.write(`${text}\n`);
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
  const input = reminderInput(answers, { accountId: preflight.caller.accountId, accountAlias: preflight.alias }, session.now());
  // the command exists to write the files the person named: no --yes needed
  const outcome = await runReminderHeadless(input, session.now(), ciIO((text) => ctx.stdout.write(text), { ...ctx.args.flags, yes: true }));
  for (const t of outcome.todo ?? []) line(`todo: ${t}`);
  return outcome.status === 'failed' ? EXIT.failed : EXIT.ok;
}

export async function run(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.args;
  const fileAnswers: Answers = typeof flags.answers === 'string' ? await loadAnswersFile(flags.answers) : {};
  const answers = mergeFlags(fileAnswers, flags);
  const session = createSession({
    demo: flags.demo === true,
    profile: typeof flags.profile === 'string' ? flags.profile : undefined,
    region: typeof flags.region === 'string' ? flags.region : undefined,
    env: ctx.env,
    now: ctx.now,
  });
  if (flags.ci === true) return runPlain(ctx, session, answers);
  if (flags.plain === true) return notBuilt(ctx, 'reminder --plain');
  if (!canRunInk(ctx)) {
    ctx.stderr.write(`${notInteractiveMessage('reminder')}\n`);
    return EXIT.usage;
  }
  return renderApp(
    <SessionProvider session={session}>
      <ReminderApp answers={answers} />
    </SessionProvider>,
    uiSettings(ctx),
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
