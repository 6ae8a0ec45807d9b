// onboard without Ink (--ci): the rows, the plan, then (with --yes) the changes with a
// line per finished action, a summary, and the welcome notes.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../args.js';
import { describeAwsError, isAwsError } from '../aws/errors.js';
import { errorText } from '../steps/apply-plan.js';
import type { HeadlessIO } from '../headless/types.js';
import type { Session } from '../session.js';
import { CsvFileError, badRowLine, parseEngineersCsv, previewTable, type BadRow } from '../steps/onboard-csv.js';
import {
  apply,
  engineerSetUp,
  inspect,
  onboardExitCode,
  HandOvers,
  plan as planOnboard,
  welcomeNote,
  type Engineer,
  type OnboardPlan,
  type OnboardResult,
} from '../steps/onboard.js';
import type { PreparedOutput } from '../output-file.js';
import { neutralize } from '../untrusted.js';
import { prepareWelcomeFile } from '../steps/welcome-file.js';
import { NoteHandOver } from '../steps/onboard-handover.js';

export interface OnboardRequest {
  /** engineers to add (from flags, or the valid rows of a CSV) */
  engineers: Engineer[];
  /** rows of the CSV that failed before any call */
  bad: BadRow[];
  /** where they came from, for messages */
  source: string | null;
  emailDomain: string | null;
  welcomeFile: string | null;
  includePassword: boolean;
  /** replace an existing welcome file */
  force?: boolean;
  /** aborted by a signal: no new engineer is started, those under way are finished and handed over */
  signal?: AbortSignal;
}

/** Read --from FILE.csv; a file that cannot be read as a whole is a usage error. */
export async function readEngineersFile(path: string): Promise<{ engineers: Engineer[]; bad: BadRow[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--from ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    const { rows, bad } = parseEngineersCsv(text);
    return { engineers: rows, bad };
  } catch (e) {
    if (e instanceof CsvFileError) throw new UsageError(`--from ${path}: ${e.message}`);
    throw e;
  }
}

export function planLines(p: OnboardPlan): string[] {
  const out: string[] = [];
  if (p.actions.length === 0) out.push('  nothing to do: everything is already in place');
  for (const w of p.adminWarnings) out.push(`  ⚠ ${w}`);
  for (const a of p.shared) out.push(`  + ${a.summary}  [${a.call}]`);
  for (const ep of p.engineers) {
    if (ep.actions.length === 0) out.push(`  = ${ep.engineer.name}: already set up (group ${ep.group})`);
    for (const a of ep.actions) out.push(`  + ${a.summary}  [${a.call}]`);
  }
  for (const n of p.notes) out.push(`  ! ${n}`);
  return out;
}

export async function onboardLines(session: Session, req: OnboardRequest, io: HeadlessIO): Promise<number> {
  const tag = 'onboard';
  if (req.source) {
    io.line(`${tag}: ${req.engineers.length + req.bad.length} engineers in ${req.source}`);
    const table = previewTable(req.engineers);
    for (const l of table) io.line(`  ${l}`);
  }
  let ctx;
  let p: OnboardPlan;
  let handOvers: HandOvers;
  try {
    ctx = await session.context(req.signal);
    // passwords an earlier run set and never handed over (it stopped first)
    handOvers = await HandOvers.read(ctx.caller.accountId);
    const state = await inspect(ctx, req.engineers, req.emailDomain);
    p = planOnboard(
      state,
      req.engineers,
      { callerArn: ctx.caller.arn, now: ctx.now(), randomBytes: ctx.randomBytes, emailDomain: req.emailDomain, handOverPending: handOvers.pending },
      req.bad,
    );
  } catch (e) {
    if (isAwsError(e)) {
      const d = describeAwsError(e);
      io.line(`${tag}: ✖ ${d.title}. ${d.fix}`);
      return onboardExitCode(null, null, e);
    }
    throw e;
  }
  io.line(`account ${ctx.caller.accountId} · caller ${ctx.caller.arn}${session.demo ? ' · DEMO sandbox, nothing reaches AWS' : ''}`);
  if (p.domain) io.line(`${tag}: company email domain ${p.domain}`);
  for (const b of p.rejected) io.line(`${tag}: ✖ left out, nothing created: ${badRowLine(b)}`);
  io.line(`${tag}: plan for ${p.engineers.length} engineer${p.engineers.length === 1 ? '' : 's'}`);
  for (const l of planLines(p)) io.line(l);
  if (p.engineers.length === 0) return onboardExitCode(p, null);

  let result: OnboardResult = { ok: true, shared: { ok: true, done: [], failed: [], notDone: [] }, engineers: {} };
  let file: PreparedOutput | null = null;
  let onScreen = 0;
  if (p.actions.length > 0 && !(await io.confirm(`Apply this plan (${p.actions.length} changes)?`))) {
    io.line(`${tag}: not applied${io.interactive ? '' : ' (add --yes to apply this plan)'}`);
    return p.rejected.length > 0 ? 1 : 0;
  }
  // the welcome file is opened before any engineer is created: a bad path changes nothing
  if (req.welcomeFile) file = await prepareWelcomeFile(req.welcomeFile, req.force === true);
  // Interrupted (in --plain: Ctrl-C, a closed terminal, a kill), nobody new is started;
  // the front end waits for those under way and their notes before it closes
  const stop = new AbortController();
  if (ctx.signal?.aborted) stop.abort();
  ctx.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const workCtx = { ...ctx, signal: stop.signal };
  // each note goes out the moment its engineer is done (or their password exists), so an
  // interrupted batch has handed over every password it created
  const notes = new NoteHandOver({
    plan: p,
    handOvers,
    file,
    includePassword: req.includePassword,
    show: (ep, password) => {
      if (password) {
        io.showSecret(welcomeNote(ep, p.signInUrl, password).join('\n'));
        onScreen++;
      } else for (const l of welcomeNote(ep, p.signInUrl, null)) io.line(l);
      return true;
    },
  });
  const work = async () => {
    if (p.actions.length > 0) {
      result = await apply(p, workCtx, (e) => {
        if (e.type === 'shared') {
          if (e.event.type === 'done') io.line(`  ✔ ${e.event.action.summary} (${e.event.ms} ms)`);
          if (e.event.type === 'failed') io.line(`  ✖ ${e.event.action.summary}: ${errorText(e.event.error)}`);
        }
        if (e.type === 'engineer' && e.event.type === 'failed') io.line(`  ✖ ${e.name}: ${e.event.action.summary}: ${errorText(e.event.error)}`);
        if (e.type === 'engineer-done') {
          const ep = p.engineers.find((x) => x.engineer.name === e.name)!;
          io.line(engineerSetUp(ep, e.result) ? `  ✔ ${e.name} set up (${e.result.done.length} changes)` : `  ✖ ${e.name} not finished: re-run to finish`);
        }
        // a password is handed over the moment it exists, not at the end
        notes.progress(e);
      }, { beforePassword: handOvers.before });
    }
    await notes.settled(result);
    const done = result;

    io.line(`${tag}: summary`);
    const created = p.engineers.filter((ep) => engineerSetUp(ep, done.engineers[ep.engineer.name]));
    io.line(`  ${created.length} set up, ${p.engineers.length - created.length} not finished, ${p.rejected.length} left out`);
    for (const b of p.rejected) io.line(`  left out: ${badRowLine(b)}`);
    // engineers already in place get their note (without a password) at the end
    for (const ep of created) notes.handOver(ep, null);
    const fileError = await notes.close();
    if (fileError) throw fileError;
    if (file && notes.written > 0) {
      io.line(`${tag}: welcome notes written to ${neutralize(file.path)} (mode 0600)${req.includePassword ? ', with the temporary passwords' : ', without passwords'}`);
    }
  };
  let interrupted = false;
  let working: Promise<void> = Promise.resolve();
  const unregister = io.onInterrupt?.(async () => {
    interrupted = true;
    stop.abort();
    await working.catch(() => undefined);
    io.line(`${tag}: interrupted: engineers under way were finished and their notes handed over above; a re-run sets up the rest`);
    // the front end clears the screen as it closes: whoever is there stores the passwords first
    if (onScreen > 0 && io.interactive) {
      await io.ask({ message: 'Press Enter once the passwords above are stored (the screen is cleared next)' }).catch(() => undefined);
    }
  });
  try {
    working = work();
    await working;
  } finally {
    unregister?.();
    await file?.discard();
  }
  // the front end's interrupt path (waiting in the clean-up above) ends the run with the signal's code
  if (interrupted) return new Promise<number>(() => {});
  return onboardExitCode(p, result);
}
