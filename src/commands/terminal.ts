import type { CommandContext } from './types.js';
import { createSession, type Session, type SessionOptions } from '../session.js';

type TerminalView = Pick<CommandContext, 'stdin' | 'stdout'> & { env?: NodeJS.ProcessEnv };

/** Ink needs a TTY on both ends, raw mode on stdin, and a terminal that can move the cursor (not TERM=dumb). */
export function canRunInk(ctx: TerminalView): boolean {
  if (ctx.env?.TERM === 'dumb') return false;
  return Boolean(ctx.stdin.isTTY && ctx.stdout.isTTY && typeof ctx.stdin.setRawMode === 'function');
}

/**
 * Which front end an interactive command uses: Ink when it can run; the line-by-line
 * prompts with --plain or when a person is there (stdin is a terminal) but Ink cannot
 * run (no raw mode, TERM=dumb, output to a pipe or a log); none when nobody can answer.
 */
export function frontEnd(ctx: TerminalView & { args: CommandContext['args'] }): 'ink' | 'plain' | 'none' {
  if (ctx.args.flags.plain === true) return 'plain';
  if (canRunInk(ctx)) return 'ink';
  return ctx.stdin.isTTY ? 'plain' : 'none';
}

/**
 * What to type instead when there is no terminal: `plain` and `ci` are the command's words
 * after "mvsp-setup" for each front end (default: `command --plain`, `command --ci --yes
 * --answers FILE`, for commands that read an answers file).
 */
export function notInteractiveMessage(command: string, forms: { plain?: string; ci?: string } = {}): string {
  return [
    `mvsp-setup ${command}: this needs an interactive terminal (stdin and stdout must be a TTY).`,
    `  For line-by-line prompts:  mvsp-setup ${forms.plain ?? `${command} --plain`}`,
    `  For a scripted run:        mvsp-setup ${forms.ci ?? `${command} --ci --yes --answers FILE`}`,
  ].join('\n');
}

/** The UI settings every Ink command starts from. */
export function uiSettings(ctx: CommandContext) {
  const screenReader = ctx.env.INK_SCREEN_READER === 'true';
  // cli.tsx turns NO_COLOR and --no-color into FORCE_COLOR=0 for chalk
  const color = ctx.env.NO_COLOR === undefined && ctx.args.flags['no-color'] !== true && ctx.env.FORCE_COLOR !== '0';
  return { demo: ctx.args.flags.demo === true, animate: !screenReader, screenReader, now: ctx.now, color };
}

/**
 * The session a command's flags ask for (--demo, --profile, --region), with the run's
 * environment and clock; `extra` adds a data dir or a ready gateway.
 */
export function sessionFromFlags(ctx: CommandContext, extra: Partial<SessionOptions> = {}): Session {
  const { flags } = ctx.args;
  return createSession({
    demo: flags.demo === true,
    profile: typeof flags.profile === 'string' ? flags.profile : undefined,
    region: typeof flags.region === 'string' ? flags.region : undefined,
    env: ctx.env,
    now: ctx.now,
    ...extra,
  });
}
