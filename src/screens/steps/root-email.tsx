import { lazy } from 'react';
import type { StepScreenEntry } from '../wizard/types.js';

/** The 'root-email' step's screen for the wizard. */
export const entry: StepScreenEntry | null = {
  id: 'root-email',
  title: 'Root email',
  Screen: lazy(() => import('../RootEmailStep.js').then((m) => ({ default: m.RootEmailStep }))),
};
