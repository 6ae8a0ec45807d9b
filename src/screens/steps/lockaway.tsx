import { lazy } from 'react';
import type { StepScreenEntry } from '../wizard/types.js';

/** The 'lockaway' step's screen for the wizard. */
export const entry: StepScreenEntry | null = {
  id: 'lockaway',
  title: 'Root lock-away',
  Screen: lazy(() => import('../LockawayStep.js').then((m) => ({ default: m.LockawayStep }))),
};
