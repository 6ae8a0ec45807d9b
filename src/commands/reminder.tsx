// `mvsp-setup reminder`: (re)write the calendar file and the workflow. The account id
// (for the event's UID and the role ARN) comes from STS; nothing is changed in AWS.
// The flow is the day-one step's (src/steps/day-one/reminder.ts), without its
// "already in place" check: the command exists to write the files again.
import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { loadAnswersFile, mergeFlags, type Answers } from '../answers.js';
import { frontEnd, notInteractiveMessage, uiSettings, sessionFromFlags } from './terminal.js';
import type { Session } from '../session.js';
import { demoAnswers, demoFolder, demoFolderLine } from '../demo-folder.js';
import { AwsError, isAwsError } from '../aws/errors.js';
import { renderApp } from '../screens/render-app.js';
import { SessionProvider } from '../screens/SessionContext.js';
import { usePreflight } from '../screens/hooks/usePreflight.js';
import { useLifecycle } from '../screens/Root.js';
import { CredentialsHelp, isCredentialsError } from '../screens/CredentialsHelp.js';
import { ErrorView } from '../screens/ErrorView.js';
import { StepHeader } from '../screens/StepHeader.js';
import { Spinner } from '../screens/ui/Spinner.js';
import { FlowRunner } from '../screens/flow/FlowRunner.js';
import { ciIO } from '../headless/ci-io.js';
import { lineStepIO } from '../headless/line-presenter.js';
import { openAccount } from '../headless/aws-error-lines.js';
import type { HeadlessIO } from '../headless/types.js';
import type { Flags } from '../args.js';
import { reminderFlow } from '../steps/day-one/reminder.js';
import { workflowAlertEmail } from '../steps/reminder.js';
import { emptyRecord, readRecord } from '../steps/local-record.js';
import type { StepIO, StepOutcome } from '../steps/flow.js';
import type { Preflight } from '../steps/preflight.js';
import type { StepContext } from '../steps/types.js';

export const REMINDER_TITLE = 'Monthly reminder';

/**
 * The exit code of the flow's outcome. The flow fails only when a file may not be written
 * (a symlink, another user's file, a file this tool did not write without --force): an
 * output file error, exit 2 as for every command (README, exit codes).
 */
const exitOf = (outcome: StepOutcome) => (outcome.status === 'failed' ? EXIT.usage : EXIT.ok);

/** The reminder flow for this account; the checklist names the root holders the local record knows, the workflow its alert address. */
async function writeReminderFiles(ctx: StepContext, preflight: Preflight, answers: Answers, io: StepIO): Promise<StepOutcome> {
  const record = await readRecord(ctx.caller.accountId).catch(() => emptyRecord(ctx.caller.accountId));
  // the workflow's verify checks that the alert reaches the address it was set up for
  const alertEmail = workflowAlertEmail(record.alertEmail);
  return reminderFlow(
    { answers, accountId: preflight.caller.accountId, accountAlias: preflight.alias, now: ctx.now(), rootHolders: record.rootHolders, ...(alertEmail !== undefined ? { alertEmail } : {}) },
    io,
  );
}

/**
 * Without Ink: --ci (every answer from flags or --answers) or --plain (the same questions
 * as the screen). The files are written only after they are listed and confirmed; in --ci
 * only --yes confirms, as for every plan (without it the plan is shown, nothing is written,
 * exit 0 as for a declined plan).
 */
async function runLines(session: Session, answers: Answers, io: HeadlessIO): Promise<number> {
  const opened = await openAccount(session, (lines) => lines.forEach((l) => io.line(l)));
  if (typeof opened === 'number') return opened;
  const { preflight, ctx } = opened;
  const outcome = await writeReminderFiles(ctx, preflight, answers, lineStepIO(io, 'reminder'));
  for (const t of outcome.todo ?? []) io.line(`todo: ${t}`);
  return exitOf(outcome);
}

export async function run(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.args;
  const fileAnswers: Answers = typeof flags.answers === 'string' ? await loadAnswersFile(flags.answers) : {};
  // a demo writes into its own folder, the calendar file included
  const folder = flags.demo === true ? demoFolder() : undefined;
  const answers = folder ? demoAnswers(mergeFlags(fileAnswers, flags), folder) : mergeFlags(fileAnswers, flags);
  const session = sessionFromFlags(ctx, { dataDir: folder });
  // --ci writes only with --yes, as every plan in --ci (README, Scripted runs)
  if (flags.ci === true) {
    if (folder) ctx.stdout.write(`${demoFolderLine(folder)}\n`);
    return runLines(session, answers, ciIO((text) => ctx.stdout.write(text), flags));
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
      <ReminderApp answers={answers} flags={flags} />
    </SessionProvider>,
    { ...uiSettings(ctx), demoFolder: folder },
  );
}

/** The command in Ink: which account, then the flow; Esc before anything is written leaves with exit 0. */
export function ReminderApp({ answers, flags = {} }: { answers: Answers; flags?: Flags }) {
  const pf = usePreflight();
  const { finish } = useLifecycle();
  const [left, setLeft] = useState(false);
  useEffect(() => {
    if (pf.status === 'failed') finish(isCredentialsError(pf.error) || isAwsError(pf.error, 'AccessDenied') || isAwsError(pf.error, 'Network') ? EXIT.usage : EXIT.failed);
  }, [pf.status]);
  useEffect(() => {
    if (left) finish(EXIT.ok);
  }, [left]);
  if (pf.status === 'failed') return isCredentialsError(pf.error) ? <CredentialsHelp error={pf.error} /> : <ErrorView error={pf.error} />;
  if (pf.status === 'running') {
    return (
      <Box flexDirection="column">
        <StepHeader title={REMINDER_TITLE} />
        <Spinner label="Checking which account this is…" />
      </Box>
    );
  }
  if (left) {
    return (
      <Box flexDirection="column">
        <StepHeader title={REMINDER_TITLE} />
        <Text>Nothing was written.</Text>
      </Box>
    );
  }
  const preflight = pf.value;
  return (
    <FlowRunner<StepOutcome>
      title={REMINDER_TITLE}
      flags={flags}
      yes={false}
      run={async (ctx, io) => {
        const outcome = await writeReminderFiles(ctx, preflight, answers, io);
        // a command to run is a line to copy; what a person does elsewhere is prose
        for (const t of outcome.todo ?? []) (/^npx /.test(t) ? io.copy(t, 'To do:') : io.line(`To do: ${t}`, 'warn'));
        return outcome;
      }}
      onDone={(outcome) => finish(exitOf(outcome))}
      onBack={() => setLeft(true)}
    />
  );
}
