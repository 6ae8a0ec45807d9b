import { lazy } from 'react';
import type { StepScreenEntry } from '../wizard/types.js';

/** The 'contacts' step's screen for the wizard. */
export const entry: StepScreenEntry | null = {
  id: 'contacts',
  title: 'Alternate contacts',
  Screen: lazy(() => import('../ContactsStep.js').then((m) => ({ default: m.ContactsStep }))),
};
