// Entry: decide everything that must be decided before any library loads (colour,
// warnings), parse the command line, then load only the command that runs.
import { helpText, parseArgs, UsageError, type CommandName } from './args.js';
import { VERSION } from './version.js';
import type { CommandContext, CommandRun } from './commands/types.js';
import { silenceSdkWarnings } from './aws/quiet.js';
import { neutralizeLines } from './untrusted.js';
import { cleanUpDemoFolder } from './demo-folder.js';
import { isatty } from 'node:tty';

function prepareEnvironment(argv: string[]): void {
  // chalk ignores NO_COLOR and reads the environment when it is first imported
  if (process.env.NO_COLOR !== undefined || argv.includes('--no-color')) process.env.FORCE_COLOR = '0';
  // the SDK warns about Node 20 on stderr, which would write over the Ink frame
  silenceSdkWarnings();
  // A closed terminal turns every write into EIO (EPIPE for a closed pipe). Node throws on
  // an 'error' event nobody listens to, which would end the process in the middle of the
  // clean-up that SIGHUP starts (deleting a half-enrolled MFA device): the output is gone
  // anyway, so these errors are dropped.
  for (const stream of [process.stdout, process.stderr, process.stdin]) stream.on('error', () => {});
  terminalAtStart = [0, 1, 2].filter((fd) => isatty(fd));
}

/** The standard streams (0, 1, 2) that were a terminal when the program started. */
let terminalAtStart: number[] = [];

/** A terminal the program started on is gone (closed window, hang-up): it is no terminal any more. */
function terminalGone(): boolean {
  return terminalAtStart.some((fd) => !isatty(fd));
}

async function loadCommand(name: CommandName): Promise<CommandRun> {
  switch (name) {
    case 'setup':
      return (await import('./commands/setup.js')).run;
    case 'verify':
      return (await import('./commands/verify.js')).run;
    case 'mfa':
      return (await import('./commands/mfa.js')).run;
    case 'onboard':
      return (await import('./commands/onboard.js')).run;
    case 'offboard':
      return (await import('./commands/offboard.js')).run;
    case 'reminder':
      return (await import('./commands/reminder.js')).run;
  }
}

async function printPolicy(command: CommandName, ctx: CommandContext): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  // setup.json covers setup, mfa and reminder (which calls no AWS API at all)
  // verify --org: verify's reads for the management account, Organizations, and the member role sessions
  // setup --org: Organizations' reads, turning on centralized root access, member root sessions
  const org = command === 'verify' && ctx.args.flags.org === true;
  const orgSetup = command === 'setup' && ctx.args.flags.org === true;
  const file = org ? 'org.json' : orgSetup ? 'org-setup.json' : command === 'verify' ? 'verify.json' : command === 'onboard' || command === 'offboard' ? 'people.json' : 'setup.json';
  try {
    let text = await readFile(new URL(`../policies/${file}`, import.meta.url), 'utf8');
    // --role (validated as an IAM role name by parseArgs) is the role the sessions assume
    const role = ctx.args.flags.role;
    if (org && typeof role === 'string') text = text.replace(':role/OrganizationAccountAccessRole"', `:role/${role}"`);
    ctx.stdout.write(text);
    return 0;
  } catch {
    ctx.stderr.write(`mvsp-setup: no least-privilege policy is published for '${command}' in this version.\n`);
    return 2;
  }
}

/**
 * `e` if it is an OutputFileError. Its module (and node:crypto with it) loads only here, on
 * an error path: the first frame does not wait for it, and whatever threw one has loaded it.
 */
async function asOutputFileError(e: unknown): Promise<Error | undefined> {
  const { OutputFileError } = await import('./output-file.js');
  return e instanceof OutputFileError ? e : undefined;
}

export async function main(argv: string[]): Promise<number> {
  prepareEnvironment(argv);
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`mvsp-setup: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const ctx: CommandContext = {
    args,
    version: VERSION,
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    now: () => new Date(),
  };
  if (args.flags.version === true) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (args.flags.help === true) {
    process.stdout.write(helpText(args.explicitCommand ? args.command : undefined, VERSION));
    return 0;
  }
  if (args.flags['print-policy'] === true) return printPolicy(args.command, ctx);
  try {
    const run = await loadCommand(args.command);
    return await run(ctx);
  } catch (caught) {
    // a run stopped by a signal ends with the signal's code, whatever it threw after
    const { ThrownAfterSignal } = await import('./headless/ci-run.js');
    const signalled = caught instanceof ThrownAfterSignal ? caught.exitCode : undefined;
    const e = caught instanceof ThrownAfterSignal ? caught.thrown : caught;
    // usage and file-system errors are the environment's: one line, exit 2
    const environmental = e instanceof UsageError ? e : await asOutputFileError(e);
    if (environmental) {
      process.stderr.write(`mvsp-setup: ${neutralizeLines(environmental.message)}\n`);
      return signalled ?? 2;
    }
    process.stderr.write(`mvsp-setup: unexpected error: ${neutralizeLines(e instanceof Error ? e.message : String(e))}\n`);
    return signalled ?? 1;
  }
}

const code = await main(process.argv.slice(2));
cleanUpDemoFolder();
// flush what is buffered, then leave even if an SDK keep-alive socket is still open
process.stdout.write('', () => {
  // (--plain may see the end of its input before the hang-up signal, and end as for Ctrl-D)
  if (code === 129 || terminalGone()) {
    // After a hang-up, Node's own exit would restore the terminal's mode and abort on the
    // EIO a closed terminal answers; dying of the signal itself needs no terminal, and the
    // shell sees 129 (128 + SIGHUP) all the same.
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
    // where SIGHUP is ignored (nohup), the signal does nothing: exit as usual
    setTimeout(() => process.exit(code), 2000);
    return;
  }
  process.exit(code);
});
