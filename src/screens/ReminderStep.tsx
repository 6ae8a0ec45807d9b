import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Answers } from '../answers.js';
import { StepHeader } from './StepHeader.js';
import { KeyHints, type Hint } from './KeyHints.js';
import { ErrorView } from './ErrorView.js';
import { Confirm, TextField } from './ui/inputs.js';
import { Spinner } from './ui/Spinner.js';
import { symbols } from './ui/theme.js';
import { useUi } from './ui/UiContext.js';
import { AlreadyDone } from './AlreadyDone.js';
import { useTask } from './hooks/useTask.js';
import { useSession } from './SessionContext.js';
import { readRecord } from '../steps/local-record.js';
import type { StepOutcome, StepScreenProps } from './wizard/types.js';
import {
  reminderOutcome,
  DEFAULT_ICS_PATH,
  defaultStart,
  firstOccurrence,
  formatDay,
  occurrences,
  planReminder,
  cronWords,
  recordReminder,
  recurrence,
  startPreview,
  reminderInPlace,
  validateStart,
  writeReminder,
  writtenDetail,
  type ReminderPlan,
  type WrittenFile,
} from '../steps/reminder.js';

export const REMINDER_TITLE = 'Monthly reminder';

type Phase =
  | { at: 'start' }
  | { at: 'ics' }
  | { at: 'workflow' }
  | { at: 'planning' }
  | { at: 'review'; plan: ReminderPlan }
  | { at: 'writing'; plan: ReminderPlan }
  | { at: 'written'; plan: ReminderPlan; written: WrittenFile[] }
  | { at: 'failed'; error: unknown };

export interface ReminderFlowProps {
  answers: Answers;
  accountId: string;
  accountAlias: string | null;
  /** "Step 6 of 7" inside the wizard; absent for the `reminder` command */
  position?: { index: number; total: number };
  yes: boolean;
  onDone: (outcome: StepOutcome) => void;
  onBack?: () => void;
}

const outcomeOf = (plan: ReminderPlan, written: WrittenFile[]): StepOutcome => reminderOutcome(plan, written);

function FieldNote({ error, hint }: { error: string | null; hint: string }) {
  return error ? <Text color="red">{`  ${symbols.fail} ${error}`}</Text> : <Text dimColor>{`  ${hint}`}</Text>;
}

/** The reminder's screens: start date, file paths, what will be written, then where it wrote what. */
export function ReminderFlow({ answers, accountId, accountAlias, position, yes, onDone, onBack }: ReminderFlowProps) {
  const { now } = useUi();
  const today = useRef(now()).current;
  const r = answers.reminder ?? {};
  const [start, setStart] = useState((r.start ?? defaultStart(today)).trim());
  // the value it was about: @inkjs/ui calls onChange again on re-renders, so an error is
  // dropped by comparing values, not by clearing it in onChange
  const [startError, setStartError] = useState<{ value: string; message: string } | null>(null);
  const [icsPath, setIcsPath] = useState(r.icsPath === null ? '' : (r.icsPath ?? DEFAULT_ICS_PATH));
  const [workflowPath, setWorkflowPath] = useState(r.githubWorkflowPath ?? '');
  const [phase, setPhase] = useState<Phase>({ at: 'start' });
  const attempt = useRef(0);

  const input = () => ({
    accountId,
    accountAlias,
    start,
    icsPath: icsPath.trim() || null,
    workflowPath: workflowPath.trim() || null,
    cron: r.cron ?? true,
    rootHolders: answers.rootHolders,
  });

  useEffect(() => {
    if (phase.at !== 'planning') return;
    const run = ++attempt.current;
    planReminder(input(), now()).then(
      (plan) => run === attempt.current && setPhase(yes && plan.files.length > 0 ? { at: 'writing', plan } : { at: 'review', plan }),
      (error: unknown) => run === attempt.current && setPhase({ at: 'failed', error }),
    );
  }, [phase.at]);

  useEffect(() => {
    if (phase.at !== 'writing') return;
    const run = ++attempt.current;
    const plan = phase.plan;
    writeReminder(plan).then(
      async (written) => {
        // what was written where, so a re-run can find it; a failed write only means it asks again
        await recordReminder(accountId, plan, written, now()).catch(() => undefined);
        if (run === attempt.current) setPhase({ at: 'written', plan, written });
      },
      (error: unknown) => run === attempt.current && setPhase({ at: 'failed', error }),
    );
  }, [phase.at]);

  useInput((inputKey, key) => {
    if (key.escape) {
      attempt.current++;
      if (phase.at === 'start') onBack?.();
      else if (phase.at === 'ics') setPhase({ at: 'start' });
      else if (phase.at === 'workflow') setPhase({ at: 'ics' });
      else if (phase.at === 'review' || phase.at === 'failed') setPhase({ at: 'workflow' });
      return;
    }
    if (phase.at === 'written' && key.return) onDone(outcomeOf(phase.plan, phase.written));
    if (phase.at === 'review' && phase.plan.files.length === 0 && key.return) onDone(outcomeOf(phase.plan, []));
    if (phase.at === 'failed' && inputKey === 'r') setPhase({ at: 'planning' });
  });

  const header = <StepHeader title={REMINDER_TITLE} step={position} />;
  const back: Hint[] = onBack ? [['Esc', 'back']] : [];

  if (phase.at === 'start') {
    const problem = validateStart(start, today);
    return (
      <Box flexDirection="column">
        {header}
        <Text>Once a month, whoever holds root checks they still can sign in, and runs verify.</Text>
        <Text>This writes a calendar file for that, and (if you want) a scheduled GitHub job.</Text>
        <Box marginTop={1} flexDirection="column">
          <TextField
            key="start"
            label="First reminder (YYYY-MM-DD):"
            isActive
            defaultValue={start}
            onChange={(v) => setStart(v.trim())}
            onSubmit={(v) => {
              const error = validateStart(v.trim(), today);
              setStartError(error ? { value: v.trim(), message: `must be ${error}` } : null);
              if (error) return;
              setStart(v.trim());
              setPhase({ at: 'ics' });
            }}
          />
          {startError && startError.value === start ? (
            <FieldNote error={startError.message} hint="" />
          ) : problem ? (
            <FieldNote error={null} hint="a date as YYYY-MM-DD, from today on" />
          ) : (
            <FieldNote error={null} hint={startPreview(start)} />
          )}
        </Box>
        <KeyHints hints={[['Enter', 'next'], ...back]} />
      </Box>
    );
  }

  if (phase.at === 'ics') {
    return (
      <Box flexDirection="column">
        {header}
        <Text>{`Reminder ${recurrence(start).words}, from ${formatDay(firstOccurrence(start))}.`}</Text>
        <Text>Google Calendar, Apple Calendar and Outlook import it; re-importing a rewritten file updates the event.</Text>
        <Box marginTop={1} flexDirection="column">
          <TextField
            key="ics"
            label="Calendar file:"
            isActive
            defaultValue={icsPath}
            placeholder="empty: no calendar file"
            onChange={setIcsPath}
            onSubmit={(v) => {
              setIcsPath(v);
              setPhase({ at: 'workflow' });
            }}
          />
          <FieldNote error={null} hint="a path relative to this directory, or absolute; empty for none" />
        </Box>
        <KeyHints hints={[['Enter', 'next'], ['Esc', 'back']]} />
      </Box>
    );
  }

  if (phase.at === 'workflow') {
    return (
      <Box flexDirection="column">
        {header}
        <Text>A GitHub Actions workflow can run `mvsp-setup verify --ci --json` monthly and keep the report.</Text>
        <Box marginTop={1} flexDirection="column">
          <TextField
            key="workflow"
            label="Workflow file:"
            isActive
            defaultValue={workflowPath}
            placeholder="empty: none (e.g. .github/workflows/mvsp-verify.yml)"
            onChange={setWorkflowPath}
            onSubmit={(v) => {
              setWorkflowPath(v);
              setPhase({ at: 'planning' });
            }}
          />
          <FieldNote error={null} hint="empty for none" />
        </Box>
        <KeyHints hints={[['Enter', 'next'], ['Esc', 'back']]} />
      </Box>
    );
  }

  if (phase.at === 'planning' || phase.at === 'writing') {
    return (
      <Box flexDirection="column">
        {header}
        <Spinner label={phase.at === 'planning' ? 'Looking at the paths…' : 'Writing…'} />
      </Box>
    );
  }

  if (phase.at === 'failed') {
    return (
      <Box flexDirection="column">
        {header}
        <ErrorView error={phase.error} />
        <KeyHints hints={[['r', 'retry'], ['Esc', 'change the paths']]} />
      </Box>
    );
  }

  const plan = phase.plan;
  const next = occurrences(plan.start, 3).map(formatDay).join(', ');
  if (phase.at === 'review') {
    return (
      <Box flexDirection="column">
        {header}
        <Text>{`Reminder: ${plan.schedule}`}</Text>
        <Text>{`Next: ${next}`}</Text>
        <Box marginTop={1} flexDirection="column">
          {plan.files.length === 0 ? (
            <Text>No file to write: no calendar path and no workflow path were given.</Text>
          ) : (
            <Text bold>{`Will write (${plan.files.length}), and nothing else:`}</Text>
          )}
          {plan.files.map((f) => (
            <Box key={f.absolutePath} flexDirection="column">
              <Text>
                {`  + ${f.absolutePath} `}
                <Text dimColor>{f.kind === 'calendar' ? '(calendar)' : '(workflow)'}</Text>
              </Text>
              {f.replaces ? (
                <Text color="yellow">{`    ${symbols.warn} replaces the file there${f.kind === 'calendar' ? ' (same event UID: an import updates it)' : ''}`}</Text>
              ) : null}
            </Box>
          ))}
        </Box>
        {plan.files.length > 0 ? (
          <Box marginTop={1}>
            <Text>{'Write these files? '}</Text>
            <Confirm isActive onConfirm={() => setPhase({ at: 'writing', plan })} onCancel={() => setPhase({ at: 'workflow' })} />
          </Box>
        ) : null}
        <KeyHints hints={plan.files.length > 0 ? [['y/Enter', 'write'], ['n', 'change'], ['Esc', 'back']] : [['Enter', 'continue'], ['Esc', 'back']]} />
      </Box>
    );
  }

  return (
    <Box flexDirection="column">
      {header}
      <Text color="green">{`${symbols.pass} Reminder: ${plan.schedule}`}</Text>
      <Text>{`  Next: ${next}`}</Text>
      <Box marginTop={1} flexDirection="column">
        <Text bold>Wrote:</Text>
        {phase.written.map((w) => (
          <Box key={w.absolutePath} flexDirection="column">
            <Text>{`  ${symbols.bullet} ${w.absolutePath}`}</Text>
            <Text dimColor>{`    ${writtenDetail(plan, w)}`}</Text>
          </Box>
        ))}
      </Box>
      {plan.cronLine ? (
        <Box marginTop={1} flexDirection="column">
          <Text>{`On a machine with AWS credentials, this crontab line (crontab -e) runs verify ${cronWords(plan.start)}:`}</Text>
          <Text>{`  ${plan.cronLine}`}</Text>
        </Box>
      ) : null}
      <KeyHints hints={[['Enter', 'continue']]} />
    </Box>
  );
}

/** The wizard's step 6: on a re-run, the files written last time are checked, not rewritten. */
export function ReminderStep({ answers, preflight, shared, position, yes, onDone, onBack }: StepScreenProps) {
  const { now } = useUi();
  const session = useSession();
  const [rewrite, setRewrite] = useState(false);
  const found = useTask(async () => {
    // the gateway first: it settles where this run's record lives (--demo keeps its own)
    await session.gateway();
    const record = await readRecord(preflight.caller.accountId);
    const inPlace = await reminderInPlace(record, now(), answers.reminder?.icsPath);
    const start = answers.reminder?.start?.trim();
    return inPlace && (!start || start === inPlace.entry.start) ? inPlace : null;
  });
  const header = <StepHeader title={REMINDER_TITLE} step={position} />;
  if (found.status === 'running' && !rewrite) {
    return (
      <Box flexDirection="column">
        {header}
        <Spinner label="Looking for the reminder written last time…" />
      </Box>
    );
  }
  if (found.status === 'done' && found.value && !rewrite) {
    const f = found.value;
    const day = f.entry.at.slice(0, 10);
    return (
      <AlreadyDone
        header={header}
        found={[
          `Reminder ${f.schedule}; next on ${formatDay(f.next)}`,
          `Calendar file ${f.calendarPath} (written ${day}, event UID unchanged)`,
          ...(f.workflowPath ? [`Workflow file ${f.workflowPath}`] : []),
        ]}
        yes={yes}
        editLabel="write the files again"
        onContinue={() =>
          onDone({
            status: 'done',
            summary: [`monthly root check: ${f.schedule}, next on ${formatDay(f.next)}`, `calendar file ${f.calendarPath} (written ${day})`],
            shared: { nextCheck: f.next },
          })
        }
        onEdit={() => setRewrite(true)}
        onBack={onBack}
      />
    );
  }
  return (
    <ReminderFlow
      answers={answers}
      accountId={preflight.caller.accountId}
      accountAlias={shared.accountAlias ?? preflight.alias}
      position={position}
      yes={yes}
      onDone={onDone}
      onBack={onBack}
    />
  );
}
