import { lazy } from 'react';
import type { StepScreenEntry } from '../wizard/types.js';

/** The 'alert' step's screen for the wizard. */
export const entry: StepScreenEntry | null = {
  id: 'alert',
  title: 'Root sign-in alert',
  Screen: lazy(() => import('../AlertStep.js').then((m) => ({ default: m.AlertStep }))),
};
