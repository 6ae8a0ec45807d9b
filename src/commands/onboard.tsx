import React from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { UsageError } from '../args.js';
import { frontEnd, notInteractiveMessage, uiSettings } from './terminal.js';
import type { HeadlessIO } from '../headless/types.js';
import { teamSession } from './team-session.js';
import { runCi } from '../headless/ci-run.js';
import { onboardInput, onboardLines, readEngineersFile } from './onboard-lines.js';

function str(v: string | boolean | undefined): string | null {
  return typeof v === 'string' ? v : null;
}

export async function run(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.args;
  const from = str(flags.from);
  const one = { name: str(flags.user), email: str(flags.email), group: str(flags.group) };
  const welcomeFile = str(flags['welcome-file']);
  const includePassword = flags['include-password'] === true;
  if (includePassword && !welcomeFile) throw new UsageError('--include-password needs --welcome-file PATH (the file is written with mode 0600)');
  if (from && (one.name || one.email || one.group)) throw new UsageError('use either --from FILE.csv or --user/--email/--group, not both');
  const ui = flags.ci === true ? 'ci' : frontEnd(ctx);
  if (ui === 'none') {
    const demo = flags.demo === true ? ' --demo' : '';
    ctx.stderr.write(
      `${notInteractiveMessage('onboard', { plain: `onboard${demo} --plain`, ci: `onboard${demo} --ci --yes --user NAME --email E --group G  (or --from FILE.csv)` })}\n`,
    );
    return EXIT.usage;
  }
  const batch = from ? await readEngineersFile(from) : null;
  const base = { source: from, emailDomain: str(flags['email-domain']), welcomeFile, includePassword, force: flags.force === true };

  if (ui === 'ci' || ui === 'plain') {
    if (ui === 'ci' && !batch) {
      const missing = (['user', 'email', 'group'] as const).filter((f) => !flags[f]);
      if (missing.length > 0) {
        throw new UsageError(`onboard --ci needs ${missing.map((m) => `--${m}`).join(', ')} (or --from FILE.csv with name,email,group)`);
      }
    }
    const { validateUserName } = await import('../steps/admin-user.js');
    if (one.name && validateUserName(one.name)) throw new UsageError(`--user "${one.name}": ${validateUserName(one.name)}`);
    const { session } = await teamSession(ctx);
    const input = onboardInput({ ...base, engineers: batch?.engineers ?? [], bad: batch?.bad ?? [] }, one);
    // under a signal nobody new is started; those under way finish and their notes go out,
    // then the run exits 128 + the signal's number
    const body = (io: HeadlessIO) => onboardLines(session, input, io);
    if (ui === 'ci') return runCi(ctx, body);
    const { runPlain } = await import('../plain/run.js');
    return runPlain(ctx, body);
  }

  const { session } = await teamSession(ctx);
  const [{ renderApp }, { SessionProvider }, { OnboardScreen }] = await Promise.all([
    import('../screens/render-app.js'),
    import('../screens/SessionContext.js'),
    import('../screens/OnboardScreen.js'),
  ]);
  return renderApp(
    <SessionProvider session={session}>
      <OnboardScreen
        batch={batch ? { source: from!, engineers: batch.engineers, bad: batch.bad } : null}
        initial={one}
        emailDomain={base.emailDomain}
        welcomeFile={welcomeFile}
        includePassword={includePassword}
        force={flags.force === true}
        yes={flags.yes === true}
      />
    </SessionProvider>,
    uiSettings(ctx),
  );
}
