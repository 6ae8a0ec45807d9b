import React, { Suspense, useEffect, useReducer } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Answers } from '../../answers.js';
import type { StepId } from '../../args.js';
import { Welcome } from '../Welcome.js';
import { Done } from './Done.js';
import { STEP_SCREENS } from './registry.js';
import { initialWizard, wizardExitCode, wizardReducer } from './wizard-reducer.js';
import { useLifecycle } from '../Root.js';

export interface WizardProps {
  steps: StepId[];
  answers: Answers;
  yes: boolean;
}

export function Wizard({ steps, answers, yes }: WizardProps) {
  const [state, dispatch] = useReducer(wizardReducer, steps, initialWizard);
  const { finish } = useLifecycle();

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
      onDone={(outcome) => dispatch({ type: 'step-done', outcome })}
      onBack={() => dispatch({ type: 'back' })}
    />
    </Suspense>
  );
}

function DoneAndExit({ state, finish }: { state: Extract<ReturnType<typeof wizardReducer>, { screen: 'done' }>; finish: (c: number) => void }) {
  useInput((_input, key) => {
    if (key.return || key.escape || _input === 'q') finish(wizardExitCode(state.outcomes));
  });
  useEffect(() => {
    if (state.steps.length === 0) finish(0);
  }, []);
  return (
    <Box flexDirection="column">
      <Done steps={state.steps} preflight={state.preflight} outcomes={state.outcomes} shared={state.shared} />
      {state.steps.length > 0 ? <Text dimColor>Enter exit · Ctrl-C quit</Text> : null}
    </Box>
  );
}
