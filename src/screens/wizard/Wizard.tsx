import React, { Suspense, useEffect, useReducer, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Answers } from '../../answers.js';
import type { StepId } from '../../args.js';
import { Welcome } from '../Welcome.js';
import { Done } from './Done.js';
import { STEP_SCREENS } from './registry.js';
import { initialWizard, wizardExitCode, wizardReducer } from './wizard-reducer.js';
import { useLifecycle } from '../Root.js';
import { ApplyView } from '../ApplyView.js';
import { StepHeader } from '../StepHeader.js';
import { useApplyActions } from '../hooks/useApplyActions.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import type { StepOutcome } from './types.js';

export interface WizardProps {
  steps: StepId[];
  answers: Answers;
  yes: boolean;
}

export function Wizard({ steps, answers, yes }: WizardProps) {
  const [state, dispatch] = useReducer(wizardReducer, steps, initialWizard);
  const { finish, setInterruptSummary } = useLifecycle();

  useEffect(() => {
    setInterruptSummary(interruptSummary(state));
  }, [state]);

  if (state.screen === 'welcome') return <Welcome onStart={(preflight) => dispatch({ type: 'start', preflight })} />;
  if (state.screen === 'done') {
    return <DoneAndExit state={state} finish={finish} />;
  }
  const id = state.steps[state.index]!;
  const entry = STEP_SCREENS[id]!;
  const Screen = entry.Screen;
  return (
    <Suspense fallback={<Text dimColor>Loading…</Text>}>
    <Screen
      key={id}
      answers={answers}
      preflight={state.preflight}
      shared={state.shared}
      position={{ index: state.index + 1, total: state.steps.length }}
      yes={yes}
      onDone={(outcome) => dispatch({ type: 'step-done', id, outcome })}
      onBack={() => dispatch({ type: 'back' })}
    />
    </Suspense>
  );
}

/** What a person needs to know when they stop half-way: what is in place, what is not. */
export function interruptSummary(state: ReturnType<typeof wizardReducer>): string {
  if (state.screen === 'welcome') return 'Nothing was changed.';
  const finished = state.steps.filter((id) => state.outcomes[id]?.status === 'done');
  const rest = state.steps.filter((id) => !finished.includes(id));
  const parts = [
    finished.length ? `Finished: ${finished.join(', ')}.` : 'No step was finished.',
    rest.length ? `Not finished: ${rest.join(', ')}.` : '',
    'Run mvsp-setup again to continue: what is in place is kept and not redone.',
  ];
  return parts.filter(Boolean).join(' ');
}

type DoneState = Extract<ReturnType<typeof wizardReducer>, { screen: 'done' }>;

/** Outcomes with the result of the confirmed last actions folded into their step's summary. */
function withLastActions(state: DoneState, done: Set<string> | null): DoneState['outcomes'] {
  if (!done) return state.outcomes;
  const outcomes: DoneState['outcomes'] = { ...state.outcomes };
  for (const id of state.steps) {
    const o = outcomes[id];
    if (!o?.lastActions?.length) continue;
    const lines = o.lastActions.map((a) => `${done.has(a.id) ? 'done' : 'NOT done'}: ${a.summary}`);
    const failed = o.lastActions.some((a) => !done.has(a.id));
    outcomes[id] = { ...o, status: failed ? 'failed' : o.status, summary: [...o.summary, ...lines] } satisfies StepOutcome;
  }
  return outcomes;
}

function DoneAndExit({ state, finish }: { state: DoneState; finish: (c: number) => void }) {
  const size = useTerminalSize();
  const [details, setDetails] = useState(false);
  const [exiting, setExiting] = useState(false);
  const failed = Object.values(state.outcomes).some((o) => o?.status === 'failed');
  // confirmed actions that end the session's own credentials run last, and only after a clean run
  const last = failed ? [] : state.steps.flatMap((id) => state.outcomes[id]?.lastActions ?? []);
  const { states, result } = useApplyActions(last, last.length > 0);
  const ready = last.length === 0 || result !== null;
  const outcomes = withLastActions(state, result ? new Set(result.done.map((a) => a.id)) : null);
  useInput(
    (input, key) => {
      if (input === 'd') setDetails((d) => !d);
      else if (details && key.escape) setDetails(false);
      else if (key.return || key.escape || input === 'q') setExiting(true);
    },
    { isActive: ready && !exiting },
  );
  // the frame left in the terminal after exit is the whole record, not the one-screen overview
  useEffect(() => {
    if (exiting) finish(wizardExitCode(outcomes));
  }, [exiting]);
  useEffect(() => {
    if (state.steps.length === 0) finish(0);
  }, []);
  if (!ready) {
    return (
      <Box flexDirection="column">
        <StepHeader title="Last actions" />
        <ApplyView actions={last} states={states} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Done steps={state.steps} preflight={state.preflight} outcomes={outcomes} shared={state.shared} details={details || exiting} size={size} />
      {state.steps.length > 0 && !exiting ? <Text dimColor>{details ? 'd/Esc back · Enter exit · Ctrl-C quit' : 'Enter exit · d details · Ctrl-C quit'}</Text> : null}
    </Box>
  );
}
