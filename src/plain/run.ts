import type { CommandContext } from '../commands/types.js';
import { EXIT } from '../commands/types.js';
import { plainIO, PlainInterrupted, type PlainIO } from './plain-io.js';

/**
 * Run a command's headless flow with plain prompts. Ctrl-C (a signal in line mode, a key
 * while a secret is typed) or the end of the input stops it with exit 130; a secret still
 * on screen is cleared first.
 */
export async function runPlain(ctx: CommandContext, body: (io: PlainIO) => Promise<number>): Promise<number> {
  const io = plainIO({ input: ctx.stdin, output: ctx.stdout, env: ctx.env }, ctx.args.flags);
  const interrupted = async (why: string) => {
    await io.close({ interrupted: true });
    ctx.stdout.write(`\nInterrupted (${why}). What finished above stays done; a re-run continues from there.\n`);
    return EXIT.interrupted;
  };
  let onSigint: (() => void) | undefined;
  const signalled = new Promise<number>((resolve) => {
    onSigint = () => resolve(interrupted('Ctrl-C'));
    process.once('SIGINT', onSigint);
  });
  try {
    const code = await Promise.race([body(io), signalled]);
    await io.close();
    return code;
  } catch (e) {
    if (e instanceof PlainInterrupted) return interrupted(e.message);
    await io.close({ interrupted: true });
    throw e;
  } finally {
    if (onSigint) process.removeListener('SIGINT', onSigint);
  }
}
