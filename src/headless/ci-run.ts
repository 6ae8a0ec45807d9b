import type { CommandContext } from '../commands/types.js';
import { EXIT } from '../commands/types.js';
import { ciIO, type CiIO } from './ci-io.js';

/** The signals a --ci run says its last word on, what each means, and its exit code (128 + n). */
const SIGNALS = [
  ['SIGINT', 'Ctrl-C', EXIT.interrupted],
  ['SIGHUP', 'the terminal was closed', 129],
  ['SIGTERM', 'terminated', 143],
] as const;

/**
 * What a flow threw after a signal had stopped it: said like any error, but the run ends
 * with the signal's code (`exitCode`, 128 + its number), as a job that was stopped.
 */
export class ThrownAfterSignal extends Error {
  constructor(
    readonly thrown: unknown,
    readonly exitCode: number,
  ) {
    super(thrown instanceof Error ? thrown.message : String(thrown));
  }
}

/**
 * Run a command's headless flow in --ci. Under a signal (Ctrl-C, a closed terminal, a
 * kill) what the flow registered with io.onInterrupt runs (a flow says there how far it
 * got, or lets the changes under way end), then the run ends with 128 + the signal's
 * number, even when the flow ended meanwhile or threw (ThrownAfterSignal); without one,
 * the flow's code.
 */
export async function runCi(ctx: CommandContext, body: (io: CiIO) => Promise<number>): Promise<number> {
  const io = ciIO((t) => ctx.stdout.write(t), ctx.args.flags);
  const handlers: [NodeJS.Signals, () => void][] = [];
  let stopping: Promise<number> | undefined;
  const signalled = new Promise<number>((resolve) => {
    for (const [sig, why, code] of SIGNALS) {
      const fn = () => {
        stopping ??= io.cleanUp(why).then(() => code);
        resolve(stopping);
      };
      handlers.push([sig, fn]);
      process.on(sig, fn);
    }
  });
  try {
    const code = await Promise.race([body(io), signalled]);
    // a flow may end while the clean-up still waits for it: the signal decides the code
    return stopping ? await stopping : code;
  } catch (e) {
    if (stopping) throw new ThrownAfterSignal(e, await stopping);
    throw e;
  } finally {
    for (const [sig, fn] of handlers) process.removeListener(sig, fn);
  }
}
