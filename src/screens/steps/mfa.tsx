import { lazy } from 'react';
import type { StepScreenEntry } from '../wizard/types.js';

/** The 'mfa' step's screen for the wizard. */
export const entry: StepScreenEntry | null = {
  id: 'mfa',
  title: 'Virtual MFA',
  Screen: lazy(() => import('../MfaStep.js').then((m) => ({ default: m.MfaStep }))),
};
