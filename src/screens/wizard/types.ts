import type { ComponentType } from 'react';
import type { Answers } from '../../answers.js';
import type { StepId } from '../../args.js';
import type { Preflight } from '../../steps/preflight.js';
import type { Action } from '../../steps/types.js';

/** What earlier steps learned that later ones use (root email → contacts warnings, admin → MFA…). */
export interface WizardShared {
  rootEmail?: string;
  securityEmail?: string;
  adminUser?: string;
  accountAlias?: string | null;
  /** the first monthly root check (YYYY-MM-DD), once the reminder is written */
  nextCheck?: string;
}

export interface StepOutcome {
  status: 'done' | 'skipped' | 'pending' | 'failed';
  /** lines for the Done screen: what was created or found */
  summary: string[];
  /** what is left for a human */
  todo?: string[];
  shared?: Partial<WizardShared>;
  /**
   * Actions the person already confirmed that must run after every other step has been
   * applied, as the very last thing before the Done screen: deleting the root access keys
   * the run itself is signed in with ends the session, so nothing may come after them.
   * The wizard (and the --ci runner) collects these from all outcomes and runs them once,
   * in step order, with runActions; their result goes into that step's summary.
   */
  lastActions?: Action[];
}

export interface StepScreenProps {
  answers: Answers;
  preflight: Preflight;
  shared: WizardShared;
  /** "Step 3 of 7" */
  position: { index: number; total: number };
  /** --yes: accept plans without asking */
  yes: boolean;
  onDone: (outcome: StepOutcome) => void;
  /** go back to the previous step; only offered before anything is applied */
  onBack?: () => void;
}

export interface StepScreenEntry {
  id: StepId;
  title: string;
  /** load it lazily (React.lazy) so the first frame does not parse every step */
  Screen: ComponentType<StepScreenProps>;
}
