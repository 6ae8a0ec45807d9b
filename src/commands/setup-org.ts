import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { frontEnd, notInteractiveMessage } from './terminal.js';
import { createSession } from '../session.js';

/**
 * `setup --org`: the organization's member accounts, from the management account. Lines in
 * every front end (as verify --org): --ci applies plans only with --yes; a terminal asks.
 */
export async function runSetupOrg(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.args;
  const session = createSession({
    demo: flags.demo === true,
    profile: typeof flags.profile === 'string' ? flags.profile : undefined,
    region: typeof flags.region === 'string' ? flags.region : undefined,
    env: ctx.env,
    now: ctx.now,
  });
  const { runOrgRootHeadless } = await import('../headless/org-root.js');
  if (flags.ci === true) {
    const { ciIO } = await import('../headless/ci-io.js');
    return runOrgRootHeadless(session, ciIO((text) => ctx.stdout.write(text), flags));
  }
  if (frontEnd(ctx) === 'none') {
    ctx.stderr.write(`${notInteractiveMessage('setup --org').replace('--ci --yes --answers FILE', '--ci --yes')}\n`);
    return EXIT.usage;
  }
  const { runPlain } = await import('../plain/run.js');
  return runPlain(ctx, (io) => runOrgRootHeadless(session, io));
}
