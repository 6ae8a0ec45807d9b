// The step screens the wizard can show, in the wizard's order.
import type { StepId } from '../../args.js';
import type { StepScreenEntry } from './types.js';

export const STEP_SCREENS: Partial<Record<StepId, StepScreenEntry>> = {};

export function availableSteps(requested: StepId[]): StepId[] {
  return requested.filter((id) => STEP_SCREENS[id] !== undefined);
}
