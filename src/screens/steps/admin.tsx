import { lazy } from 'react';
import type { StepScreenEntry } from '../wizard/types.js';

/** The 'admin' step's screen for the wizard. */
export const entry: StepScreenEntry | null = {
  id: 'admin',
  title: 'First IAM admin',
  Screen: lazy(() => import('../AdminStep.js').then((m) => ({ default: m.AdminStep }))),
};
