import type { CommandContext } from './types.js';
import { notBuilt } from './not-built.js';

export async function run(ctx: CommandContext): Promise<number> {
  return notBuilt(ctx, "the 'verify' command");
}
