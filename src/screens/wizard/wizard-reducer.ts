// The wizard as one pure reducer: which screen, and what each step ended with.
import type { StepId } from '../../args.js';
import type { Preflight } from '../../steps/preflight.js';
import type { StepOutcome, WizardShared } from './types.js';

export type WizardState =
  | { screen: 'welcome'; steps: StepId[] }
  | { screen: 'step'; steps: StepId[]; index: number; preflight: Preflight; outcomes: Partial<Record<StepId, StepOutcome>>; shared: WizardShared }
  | { screen: 'done'; steps: StepId[]; preflight: Preflight; outcomes: Partial<Record<StepId, StepOutcome>>; shared: WizardShared };

export type WizardEvent =
  | { type: 'start'; preflight: Preflight }
  /** id: the step that finished; a late or repeated event from another step is ignored */
  | { type: 'step-done'; id: StepId; outcome: StepOutcome }
  | { type: 'back' };

export function initialWizard(steps: StepId[]): WizardState {
  return { screen: 'welcome', steps };
}

export function wizardReducer(state: WizardState, event: WizardEvent): WizardState {
  switch (event.type) {
    case 'start': {
      if (state.screen !== 'welcome') return state;
      const shared: WizardShared = { accountAlias: event.preflight.alias };
      if (state.steps.length === 0) return { screen: 'done', steps: state.steps, preflight: event.preflight, outcomes: {}, shared };
      return { screen: 'step', steps: state.steps, index: 0, preflight: event.preflight, outcomes: {}, shared };
    }
    case 'step-done': {
      if (state.screen !== 'step') return state;
      const id = state.steps[state.index]!;
      // a step's screen can report twice (Enter pressed twice while it finishes): only the
      // current step may move the wizard on, or the next step would be skipped unseen
      if (event.id !== id) return state;
      const outcomes = { ...state.outcomes, [id]: event.outcome };
      const shared = { ...state.shared, ...event.outcome.shared };
      const next = state.index + 1;
      if (next >= state.steps.length) return { screen: 'done', steps: state.steps, preflight: state.preflight, outcomes, shared };
      return { ...state, index: next, outcomes, shared };
    }
    case 'back': {
      if (state.screen !== 'step') return state;
      if (state.index === 0) return { screen: 'welcome', steps: state.steps };
      const prev = state.index - 1;
      const outcomes = { ...state.outcomes };
      delete outcomes[state.steps[prev]!];
      return { ...state, index: prev, outcomes };
    }
  }
}

/** Exit code of a finished wizard: 1 when a step failed, else 0. */
export function wizardExitCode(outcomes: Partial<Record<StepId, StepOutcome>>): number {
  return Object.values(outcomes).some((o) => o?.status === 'failed') ? 1 : 0;
}
