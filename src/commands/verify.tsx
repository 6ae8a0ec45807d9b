import React from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import type { VerifyExpected } from '../steps/verify.js';
import { neutralize } from '../untrusted.js';
import { frontEnd, notInteractiveMessage, uiSettings, sessionFromFlags } from './terminal.js';

/**
 * --root-email and --alert-email. An alert address that is not one is a usage error
 * (the message), before any AWS call: it would never match a recipient.
 */
async function expectedFromFlags(flags: CommandContext['args']['flags']): Promise<VerifyExpected | string> {
  const rootEmail = typeof flags['root-email'] === 'string' ? flags['root-email'] : undefined;
  const alertEmail = typeof flags['alert-email'] === 'string' ? flags['alert-email'] : undefined;
  if (alertEmail !== undefined) {
    const { parseEmail } = await import('../steps/root-email.js');
    const parsed = parseEmail(alertEmail);
    if (!parsed.ok) return `--alert-email '${neutralize(alertEmail)}' is not an email address: ${parsed.error}`;
  }
  return { ...(rootEmail ? { rootEmail } : {}), ...(alertEmail ? { alertEmail: alertEmail.trim() } : {}) };
}

export async function run(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.args;
  const expected = await expectedFromFlags(flags);
  if (typeof expected === 'string') {
    ctx.stderr.write(`mvsp-setup verify: ${expected}\n`);
    return EXIT.usage;
  }
  const session = sessionFromFlags(ctx);
  if (flags.org === true) {
    // every front end gets the line report: a progress line per account, then the findings
    const [{ runOrgVerifyHeadless }, { DEFAULT_ORG_ROLE }] = await Promise.all([import('../headless/org-verify.js'), import('../steps/org-verify.js')]);
    return runOrgVerifyHeadless(session, {
      json: flags.json === true,
      version: ctx.version,
      roleName: typeof flags.role === 'string' ? flags.role : DEFAULT_ORG_ROLE,
      expected,
      out: (text) => ctx.stdout.write(text),
      err: (text) => ctx.stderr.write(text),
    });
  }
  if (flags.ci === true || flags.json === true) {
    const { runVerifyHeadless } = await import('../headless/verify.js');
    return runVerifyHeadless(session, {
      json: flags.json === true,
      version: ctx.version,
      expected,
      out: (text) => ctx.stdout.write(text),
      err: (text) => ctx.stderr.write(text),
    });
  }
  const ui = frontEnd(ctx);
  if (ui === 'plain') {
    const [{ runVerifyHeadless }, { runPlain }] = await Promise.all([import('../headless/verify.js'), import('../plain/run.js')]);
    return runPlain(ctx, (io) =>
      runVerifyHeadless(session, {
        json: false,
        version: ctx.version,
        expected,
        out: (text) => ctx.stdout.write(text),
        err: (text) => ctx.stderr.write(text),
        io,
      }),
    );
  }
  if (ui === 'none') {
    ctx.stderr.write(`${notInteractiveMessage('verify').replace('--ci --yes --answers FILE', '--ci [--json]')}\n`);
    return EXIT.usage;
  }
  const [{ renderApp }, { SessionProvider }, { VerifyApp }] = await Promise.all([
    import('../screens/render-app.js'),
    import('../screens/SessionContext.js'),
    import('../screens/VerifyApp.js'),
  ]);
  return renderApp(
    <SessionProvider session={session}>
      <VerifyApp version={ctx.version} expected={expected} />
    </SessionProvider>,
    uiSettings(ctx),
  );
}
