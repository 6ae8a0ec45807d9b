import type { CommandContext } from './types.js';

/** Ink needs a TTY on both ends and raw mode on stdin. */
export function canRunInk(ctx: Pick<CommandContext, 'stdin' | 'stdout'>): boolean {
  return Boolean(ctx.stdin.isTTY && ctx.stdout.isTTY && typeof ctx.stdin.setRawMode === 'function');
}

export function notInteractiveMessage(command: string): string {
  return [
    `mvsp-setup ${command}: this needs an interactive terminal (stdin and stdout must be a TTY).`,
    `  For line-by-line prompts:  mvsp-setup ${command} --plain`,
    `  For a scripted run:        mvsp-setup ${command} --ci --yes --answers FILE`,
  ].join('\n');
}

/** The UI settings every Ink command starts from. */
export function uiSettings(ctx: CommandContext) {
  const screenReader = ctx.env.INK_SCREEN_READER === 'true';
  return { demo: ctx.args.flags.demo === true, animate: !screenReader, screenReader, now: ctx.now };
}
