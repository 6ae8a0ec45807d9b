import type { ParsedArgs } from '../args.js';

export interface CommandContext {
  args: ParsedArgs;
  version: string;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  now: () => Date;
}

/** Every command resolves with its exit code: 0 ok, 1 a check/step failed, 2 usage/environment, 130 interrupted. */
export type CommandRun = (ctx: CommandContext) => Promise<number>;

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
