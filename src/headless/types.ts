import type { Answers } from '../answers.js';
import type { Flags } from '../args.js';
import type { Preflight } from '../steps/preflight.js';
import type { StepContext } from '../steps/types.js';
import type { StepOutcome, WizardShared } from '../screens/wizard/types.js';

export interface HeadlessIO {
  /** one plain line of output (no cursor movement) */
  line: (text: string) => void;
  /** --yes: apply plans; without it a --ci run only shows them */
  yes: boolean;
  flags: Flags;
}

export interface HeadlessInput {
  answers: Answers;
  shared: WizardShared;
  preflight: Preflight;
}

/**
 * A step run without prompts (--ci, non-TTY). A missing answer throws UsageError
 * naming the flag and the answers-file key; AWS failures come back as status 'failed'.
 */
export type HeadlessStep = (ctx: StepContext, input: HeadlessInput, io: HeadlessIO) => Promise<StepOutcome>;
