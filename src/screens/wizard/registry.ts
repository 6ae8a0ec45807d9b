// The step screens the wizard can show, in the wizard's order. Each step's file
// exports its entry (null while the step does not exist in this version).
import type { StepId } from '../../args.js';
import type { StepScreenEntry } from './types.js';
import { entry as rootEmail } from '../steps/root-email.js';
import { entry as contacts } from '../steps/contacts.js';
import { entry as admin } from '../steps/admin.js';
import { entry as mfa } from '../steps/mfa.js';
import { entry as lockaway } from '../steps/lockaway.js';
import { entry as reminder } from '../steps/reminder.js';
import { entry as alert } from '../steps/alert.js';

export const STEP_SCREENS: Record<StepId, StepScreenEntry | null> = {
  'root-email': rootEmail,
  contacts,
  admin,
  mfa,
  lockaway,
  reminder,
  alert,
};

export function availableSteps(requested: StepId[]): StepId[] {
  return requested.filter((id) => STEP_SCREENS[id] !== null);
}
