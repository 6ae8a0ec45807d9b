import type { Flags } from '../args.js';
import type { AskOptions } from '../steps/flow.js';

export type { AskOptions } from '../steps/flow.js';

/**
 * How a step without Ink talks to a person (or to a log). Two front ends implement it:
 * --ci (no questions: a missing answer is a usage error; plans applied only with --yes)
 * and --plain (enquirer prompts, one question at a time).
 */
export interface HeadlessIO {
  /** one plain line of output (no cursor movement) */
  line: (text: string) => void;
  /** --yes: accept plans without asking */
  yes: boolean;
  flags: Flags;
  /** a person answers questions (plain mode); false in --ci */
  interactive: boolean;
  /** ask for a value; in --ci throws UsageError naming the flag and key */
  ask: (q: AskOptions) => Promise<string>;
  /**
   * ask before applying a plan; in --ci the answer is --yes. `defaultNo`: Enter alone
   * answers no (a plan that takes access away, as the screen's confirm does).
   */
  confirm: (message: string, opts?: { defaultNo?: boolean }) => Promise<boolean>;
  /** show something secret (a QR code, a key) and return how to take it off the screen again */
  showSecret: (text: string) => { clear: () => void };
  /**
   * Undo something half done (an MFA device created but not enabled) if the run is
   * interrupted before the step finishes, or say how far it got; returns how to unregister.
   * --ci runs these only where the command runs it through runCi (src/headless/ci-run.ts),
   * passing what stopped the run ("Ctrl-C", "terminated").
   */
  onInterrupt?: (cleanup: (why?: string) => Promise<void>) => () => void;
}
