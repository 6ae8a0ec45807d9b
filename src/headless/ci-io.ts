import { UsageError, type Flags } from '../args.js';
import type { HeadlessIO } from './types.js';
import { neutralizeLines } from '../untrusted.js';
import { interruptCleanups } from './interrupt-cleanups.js';

export interface CiIO extends HeadlessIO {
  onInterrupt: (cleanup: (why?: string) => Promise<void>) => () => void;
  /** run (once) what the flow registered with onInterrupt, telling it why ("terminated"); a failing one is said, not thrown */
  cleanUp: (why?: string) => Promise<void>;
}

/** --ci: never asks; every answer must already be there. */
export function ciIO(write: (text: string) => void, flags: Flags): CiIO {
  const interrupts = interruptCleanups((message) => write(`${neutralizeLines(`✖ Could not finish after the interrupt: ${message}`)}\n`));
  return {
    // the last stop before a log or a terminal: no control character gets out
    line: (text) => write(`${neutralizeLines(text)}\n`),
    yes: flags.yes === true,
    flags,
    interactive: false,
    ask: async (q) => {
      const via = [q.flag, q.key ? `"${q.key}" in --answers` : undefined].filter(Boolean).join(' or ');
      throw new UsageError(`missing answer: ${q.message}${via ? ` (give ${via})` : ''}`);
    },
    confirm: async () => flags.yes === true,
    showSecret: (text) => {
      write(`${neutralizeLines(text)}\n`);
      return { clear: () => {} };
    },
    ...interrupts,
  };
}
