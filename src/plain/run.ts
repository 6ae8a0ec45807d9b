import type { CommandContext } from '../commands/types.js';
import { EXIT } from '../commands/types.js';
import { plainIO, PlainInterrupted, type PlainIO } from './plain-io.js';
import { InputEnded } from '../steps/flow.js';

/**
 * Run a command's headless flow with plain prompts. Ctrl-C (a signal in line mode, a key
 * while a secret is typed) stops it with exit 130; a secret still on screen is cleared
 * first. The end of the input is no interrupt: a confirm answers no, and a question that
 * needs text stops the run there as a declined plan does (exit 0; half-done work undone).
 */
export async function runPlain(ctx: CommandContext, body: (io: PlainIO) => Promise<number>): Promise<number> {
  const io = plainIO({ input: ctx.stdin, output: ctx.stdout, env: ctx.env }, ctx.args.flags);
  const interrupted = async (why: string, code: number = EXIT.interrupted) => {
    await io.cleanUp();
    await io.close({ interrupted: true });
    // wrapped to the terminal like every other line
    io.line('');
    io.line(`Interrupted (${why}). ${io.mayHaveChanged() ? 'What finished above stays done; a re-run continues from there.' : 'Nothing changed.'}`);
    return code;
  };
  // a closed terminal (SIGHUP) or a kill (SIGTERM) undoes half-done work like Ctrl-C does
  const signals = [
    ['SIGINT', 'Ctrl-C', EXIT.interrupted],
    ['SIGHUP', 'the terminal was closed', 129],
    ['SIGTERM', 'terminated', 143],
  ] as const;
  const handlers: [NodeJS.Signals, () => void][] = [];
  // `on`, not `once`: a listener still registered while the signal is handled tells
  // signal-exit (loaded with the terminal helpers) that someone handles it; with none left
  // it re-raises the signal and the process dies before the undo (a half-made MFA device)
  let stopping: Promise<number> | undefined;
  const signalled = new Promise<number>((resolve) => {
    for (const [sig, why, code] of signals) {
      const fn = () => {
        stopping ??= interrupted(why, code);
        resolve(stopping);
      };
      handlers.push([sig, fn]);
      process.on(sig, fn);
    }
  });
  try {
    const code = await Promise.race([body(io), signalled]);
    // a flow may end while the clean-up still waits for it: the signal decides the code
    if (stopping) return await stopping;
    // the last question ("Press Enter once it is stored") is interrupted like any other:
    // a signal there ends the run with its code, not with the flow's
    await Promise.race([io.close(), signalled]);
    if (stopping) return await stopping;
    return code;
  } catch (e) {
    if (e instanceof PlainInterrupted) return interrupted(e.message);
    if (e instanceof InputEnded) {
      await io.cleanUp();
      await io.close({ interrupted: true });
      io.line('Stopped: the input ended before a question was answered. Nothing more was changed.');
      return EXIT.ok;
    }
    await io.cleanUp();
    await io.close({ interrupted: true });
    throw e;
  } finally {
    for (const [sig, fn] of handlers) process.removeListener(sig, fn);
  }
}
