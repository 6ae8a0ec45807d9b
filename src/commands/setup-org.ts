import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { frontEnd, notInteractiveMessage, sessionFromFlags } from './terminal.js';
import { ORG_STEP_IDS, parseSteps } from '../args.js';

/**
 * `setup --org`: the organization's member accounts, from the management account. Lines in
 * every front end (as verify --org): --ci applies plans only with --yes; a terminal asks.
 */
export async function runSetupOrg(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.args;
  const session = sessionFromFlags(ctx);
  const steps = typeof flags.steps === 'string' ? parseSteps(flags.steps) : [...ORG_STEP_IDS];
  const { runOrgSetupHeadless } = await import('../headless/org-setup.js');
  if (flags.ci === true) {
    const { ciIO } = await import('../headless/ci-io.js');
    return runOrgSetupHeadless(session, steps, ciIO((text) => ctx.stdout.write(text), flags));
  }
  if (frontEnd(ctx) === 'none') {
    ctx.stderr.write(`${notInteractiveMessage('setup --org').replace('--ci --yes --answers FILE', '--ci --yes')}\n`);
    return EXIT.usage;
  }
  const { runPlain } = await import('../plain/run.js');
  return runPlain(ctx, (io) => runOrgSetupHeadless(session, steps, io));
}
