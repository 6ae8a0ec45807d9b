import React from 'react';
import type { CommandContext } from './types.js';
import { EXIT } from './types.js';
import { UsageError } from '../args.js';
import { frontEnd, notInteractiveMessage, uiSettings } from './terminal.js';
import type { HeadlessIO } from '../headless/types.js';
import { teamSession } from './team-session.js';
import { ciIO } from '../headless/ci-io.js';
import { onboardLines, readEngineersFile, type OnboardRequest } from './onboard-lines.js';

const SIGNALS = [
  ['SIGINT', 130],
  ['SIGHUP', 129],
  ['SIGTERM', 143],
] as const;

/**
 * --ci under a signal (Ctrl-C, a closed terminal, a kill): no new engineer is started,
 * those under way are finished and their notes handed over, then exit 128 + the signal.
 */
async function ciWithSignals(ctx: CommandContext, run: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const abort = new AbortController();
  let code: number | null = null;
  const handlers = SIGNALS.map(([sig, c]) => {
    const fn = () => {
      code ??= c;
      abort.abort();
    };
    process.on(sig, fn);
    return [sig, fn] as const;
  });
  try {
    const result = await run(abort.signal);
    if (code === null) return result;
    ctx.stdout.write('Interrupted: engineers under way were finished and their notes handed over above; a re-run sets up the rest.\n');
    return code;
  } finally {
    for (const [sig, fn] of handlers) process.off(sig, fn);
  }
}

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
    const body = async (io: HeadlessIO, signal?: AbortSignal) => {
      let req: OnboardRequest;
      if (batch) req = { ...base, engineers: batch.engineers, bad: batch.bad, ...(signal ? { signal } : {}) };
      else {
        const { validateGroupName } = await import('../steps/onboard-csv.js');
        const { workEmailProblem } = await import('../steps/work-email.js');
        const { inspect, companyDomain, groupChoices, DEFAULT_GROUP } = await import('../steps/onboard.js');
        const name = one.name ?? (await io.ask({ message: 'IAM user name of the new engineer', flag: '--user', validate: validateUserName }));
        // the screen checks the email against the company domain and offers the account's
        // groups: read them the same way (a failing read is reported by the plan below)
        const state = one.email && one.group ? null : await session.context().then((c) => inspect(c, [], base.emailDomain)).catch(() => null);
        const email =
          one.email ??
          (await io.ask({
            message: 'Their work email (kept as a tag)',
            flag: '--email',
            validate: (v) => workEmailProblem(v.trim(), state ? companyDomain(base.emailDomain, state, [{ email: v.trim() }]) : base.emailDomain),
          })).trim();
        const group =
          one.group ??
          (await io.ask(
            state
              ? { message: 'Group', flag: '--group', initial: DEFAULT_GROUP, choices: groupChoices(state.groups).map((c) => c.name) }
              : { message: 'Group (Administrators, Developers, ReadOnly, or an existing one)', flag: '--group', initial: DEFAULT_GROUP, validate: validateGroupName },
          ));
        req = { ...base, engineers: [{ name, email, group }], bad: [], ...(signal ? { signal } : {}) };
      }
      return onboardLines(session, req, io);
    };
    if (ui === 'ci') return ciWithSignals(ctx, (signal) => body(ciIO((t) => ctx.stdout.write(t), flags), signal));
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
