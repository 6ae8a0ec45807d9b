import type { StepScreenEntry } from '../wizard/types.js';

/** The 'mfa' step's screen for the wizard; null until it exists. */
export const entry: StepScreenEntry | null = null;
