import type { CommandContext } from './types.js';
import { EXIT } from './types.js';

/** A command or mode this version does not have yet: say so plainly, no fake output. */
export async function notBuilt(ctx: CommandContext, what: string): Promise<number> {
  ctx.stderr.write(`mvsp-setup: ${what} is not available in this version yet.\n`);
  return EXIT.usage;
}
