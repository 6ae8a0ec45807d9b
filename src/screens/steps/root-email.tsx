import type { StepScreenEntry } from '../wizard/types.js';

/** The 'root-email' step's screen for the wizard; null until it exists. */
export const entry: StepScreenEntry | null = null;
