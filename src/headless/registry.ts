import type { StepId } from '../args.js';
import type { HeadlessStep } from './types.js';
import { headless as rootEmail } from './steps/root-email.js';
import { headless as contacts } from './steps/contacts.js';
import { headless as admin } from './steps/admin.js';
import { headless as mfa } from './steps/mfa.js';
import { headless as lockaway } from './steps/lockaway.js';
import { headless as reminder } from './steps/reminder.js';
import { headless as alert } from './steps/alert.js';

export const HEADLESS_STEPS: Record<StepId, HeadlessStep | null> = {
  'root-email': rootEmail,
  contacts,
  admin,
  mfa,
  lockaway,
  reminder,
  alert,
};
