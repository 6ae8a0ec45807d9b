import { lazy } from 'react';
import type { StepScreenEntry } from '../wizard/types.js';

/** The 'reminder' step's screen for the wizard. */
export const entry: StepScreenEntry | null = {
  id: 'reminder',
  title: 'Monthly reminder',
  Screen: lazy(() => import('../ReminderStep.js').then((m) => ({ default: m.ReminderStep }))),
};
