// `onboard` written once: the questions (or the CSV batch), one plan, the apply with a
// row per engineer, and the welcome notes handed over the moment each password exists.
// The Ink screen and the line front ends (--ci, --plain) present it through StepIO.
import { validateUserName } from './admin-user.js';
import { errorText } from './apply-plan.js';
import { GoBack, plural, type Note, type StepIO } from './flow.js';
import { badRowLine, previewTable, validateGroupName, type BadRow } from './onboard-csv.js';
import { NoteHandOver } from './onboard-handover.js';
import {
  apply,
  companyDomain,
  DEFAULT_GROUP,
  engineerSetUp,
  groupChoices,
  HandOvers,
  inspect,
  onboardExitCode,
  plan as planOnboard,
  welcomeNote,
  type Engineer,
  type EngineerPlan,
  type OnboardPlan,
  type OnboardResult,
  type OnboardState,
} from './onboard.js';
import type { Preflight } from './preflight.js';
import type { Plan, StepContext } from './types.js';
import { prepareWelcomeFile } from './welcome-file.js';
import { workEmailProblem } from './work-email.js';
import { enrolMfa } from './day-one/mfa.js';
import type { PreparedOutput } from '../output-file.js';
import { neutralize } from '../untrusted.js';

export interface OnboardInput {
  /** --from FILE.csv, already parsed: the valid rows and the bad ones (by line); `source` null: rows given otherwise, no preview */
  batch: { source: string | null; engineers: Engineer[]; bad: BadRow[] } | null;
  /** --user/--email/--group: fields given on the command line are not asked */
  initial: { name: string | null; email: string | null; group: string | null };
  /** --email-domain: the company's email domain */
  emailDomain: string | null;
  /** --welcome-file PATH (mode 0600) */
  welcomeFile: string | null;
  /** --include-password: the file gets the temporary passwords (and the screen does not) */
  includePassword: boolean;
  /** --force: replace an existing welcome file */
  force?: boolean;
  /** the caller and account (sts:GetCallerIdentity), for `m` (enrol the engineer's MFA now) */
  preflight?: () => Promise<Preflight>;
}

export interface OnboardRun {
  /** 0 all set up, 1 a row left out or a change failed, 2 the environment (see onboardExitCode) */
  exitCode: number;
  /** the plan was shown and not applied */
  declined?: boolean;
}

/**
 * Where the group picker starts: the group asked for (--group, or the one chosen before
 * going back), else DEFAULT_GROUP (Developers). Never Administrators unless it was asked
 * for; a group not among the choices leaves it on none.
 */
export function pickerStart(choices: string[], asked: string): string | undefined {
  if (!asked) return choices.find((c) => c === DEFAULT_GROUP);
  return choices.find((c) => c.toLowerCase() === asked.toLowerCase());
}

/** MFA enrolled with `m`, by user name; `ended`: the batch is over, `m` is offered */
type Enrolments = Map<string, { done: boolean; text: string }> & { ended?: boolean };

/** Names joined by commas, cut to about `max` characters with how many more there are. */
function nameList(names: string[], max: number): string {
  const out: string[] = [];
  let length = 0;
  for (const [i, n] of names.entries()) {
    if (out.length > 0 && length + n.length > max) return `${out.join(', ')} and ${names.length - i} more`;
    out.push(n);
    length += n.length + 2;
  }
  return out.join(', ');
}

/** The plan as shown: every action, an engineer already set up as in place, the warnings after. */
function shownPlan(p: OnboardPlan): Plan {
  const ready = p.engineers.filter((ep) => ep.actions.length === 0).map((ep) => ({ summary: `${ep.engineer.name}: already set up (group ${ep.group})` }));
  return { actions: p.actions, existing: [...p.existing.filter((e) => e.summary.startsWith('Group ')), ...ready], notes: p.notes };
}

/** One engineer asked for, field by field; Esc goes back a field (GoBack from the first). */
async function askEngineer(io: StepIO, state: OnboardState, emailDomain: string | null, start: { name: string; email: string; group: string }, given: OnboardInput['initial']): Promise<Engineer> {
  const fields = ['name', 'email', 'group'] as const;
  const v = { ...start };
  // a field given on the command line is asked only when the person goes back to it
  let at = fields.findIndex((f) => !given[f] || v[f] === '');
  if (at === -1) return { name: v.name, email: v.email, group: v.group };
  const domainOf = (email: string) => companyDomain(emailDomain, state, email ? [{ email }] : []);
  while (at < fields.length) {
    try {
      if (at === 0) {
        v.name = await io.ask({
          message: 'IAM user name of the new engineer',
          flag: '--user',
          initial: v.name || undefined,
          placeholder: 'e.g. bob',
          validate: validateUserName,
          checkAsTyped: true,
          escape: 'quit',
        });
      } else if (at === 1) {
        const domain = domainOf(v.email);
        v.email = (
          await io.ask({
            message: 'Their work email (kept as a tag)',
            flag: '--email',
            initial: v.email || undefined,
            placeholder: domain ? `e.g. ${v.name}@${domain}` : 'e.g. bob@company.com',
            validate: (x) => workEmailProblem(x.trim(), domainOf(x.trim())),
            notes: (x) => {
              const d = domainOf(x.trim());
              return d ? [{ id: 'person', severity: 'pass', message: `On the company domain ${d}` }] : [];
            },
          })
        ).trim();
      } else {
        const choices = groupChoices(state.groups);
        v.group = await io.ask({
          message: 'Group',
          flag: '--group',
          initial: pickerStart(
            choices.map((c) => c.name),
            v.group,
          ),
          choices: choices.map((c) => c.name),
          choiceNotes: choices.map((c) => `${c.exists ? '' : '(new)'}${c.allows ? `${c.exists ? '' : ' '}— ${c.allows.split(' (')[0]}` : ''}`),
          validate: validateGroupName,
        });
      }
      at += 1;
    } catch (e) {
      if (!(e instanceof GoBack) || at === 0) throw e;
      at -= 1;
    }
  }
  return { name: v.name, email: v.email, group: v.group };
}

/**
 * The whole onboard run. Throws what the first read throws (AwsError: access, network;
 * OutputFileError: the local record or the welcome file), before anything changes.
 */
export async function onboardFlow(ctx: StepContext, input: OnboardInput, io: StepIO): Promise<OnboardRun> {
  const { batch } = input;
  if (batch?.source) {
    io.line(`${batch.engineers.length + batch.bad.length} engineers in ${neutralize(batch.source)}:`);
    for (const l of previewTable(batch.engineers)) io.line(`  ${l}`);
    for (const b of batch.bad) io.line(`Left out: ${badRowLine(b)}`, 'fail');
    try {
      await io.pause('plan', 'quit');
    } catch (e) {
      if (e instanceof GoBack) return { exitCode: batch.bad.length > 0 ? 1 : 0, declined: true };
      throw e;
    }
  }
  let state = await io.task('Reading the groups and users that exist…', () => inspect(ctx, batch ? batch.engineers : [], input.emailDomain));
  // passwords an earlier run set and never handed over (it stopped first)
  const handOvers = await HandOvers.read(ctx.caller.accountId);
  let asked = { name: input.initial.name ?? '', email: input.initial.email ?? '', group: input.initial.group ?? '' };
  let given = input.initial;
  for (;;) {
    let engineers: Engineer[];
    if (batch) engineers = batch.engineers;
    else {
      try {
        const e = await askEngineer(io, state, input.emailDomain, asked, given);
        asked = { ...e };
        engineers = [e];
      } catch (e) {
        if (e instanceof GoBack) return { exitCode: 0, declined: true };
        throw e;
      }
      // the engineer's own user is read now (the answers may name an existing one)
      state = await io.task('Planning…', () => inspect(ctx, engineers, input.emailDomain));
    }
    const p = planOnboard(
      state,
      engineers,
      { callerArn: ctx.caller.arn, now: ctx.now(), randomBytes: ctx.randomBytes, emailDomain: input.emailDomain, handOverPending: handOvers.pending },
      batch?.bad ?? [],
    );
    const next = await planAndApply(ctx, input, io, p, handOvers);
    // back to the questions (Esc or no on a single engineer's plan), every field asked
    if (next === 'back') {
      given = { name: null, email: null, group: null };
      continue;
    }
    return next;
  }
}

async function planAndApply(ctx: StepContext, input: OnboardInput, io: StepIO, p: OnboardPlan, handOvers: HandOvers): Promise<OnboardRun | 'back'> {
  const single = input.batch === null;
  if (p.domain) io.line(`Company email domain: ${neutralize(p.domain)}`, 'dim');
  // the CSV's own bad rows were said with the rows (where they were shown)
  for (const b of p.rejected) if (!input.batch?.source || !input.batch.bad.includes(b)) io.line(`Left out: ${badRowLine(b)}`, 'fail');
  if (p.engineers.length === 0) {
    io.line('Nobody left to onboard.');
    // on a screen what was left out stays until Enter (or Esc)
    const then = single ? 'back' : 'quit';
    await io.pause(then, then).catch((e: unknown) => {
      if (!(e instanceof GoBack)) throw e;
    });
    if (single && io.goesBack) return 'back';
    return { exitCode: onboardExitCode(p, null) };
  }
  io.plan(shownPlan(p), 'onboard');
  for (const w of p.adminWarnings) io.line(w, 'warn');
  let go = io.yes;
  if (go && p.actions.length > 0) io.line('--yes: applying…', 'dim');
  else {
    try {
      // nothing to change: the plan stays until Enter, then the notes (without passwords);
      // Esc on a batch's plan ends the run (nothing to go back to)
      if (p.actions.length === 0) go = await io.pause('notes', single ? 'back' : 'quit').then(() => true);
      else if (!go) go = await io.confirm('Apply this plan?', single ? {} : { noBack: true });
    } catch (e) {
      if (!(e instanceof GoBack)) throw e;
      if (single) return 'back';
      return { exitCode: onboardExitCode(p, null), declined: true };
    }
  }
  if (!go) {
    if (single && io.goesBack) return 'back';
    io.line(`Plan not applied${io.interactive ? '' : ' (add --yes to apply it)'}. Nothing changed.`);
    return { exitCode: p.rejected.length > 0 ? 1 : 0, declined: true };
  }
  // the welcome file is opened before any engineer is created: a bad path changes nothing
  const file = input.welcomeFile ? await prepareWelcomeFile(input.welcomeFile, input.force === true) : null;
  return applyPlan(ctx, input, io, p, file, handOvers);
}

/** What the welcome file holds, or why it could not be written; null without a file. */
function fileLine(file: PreparedOutput | null, written: number, includePassword: boolean, error: unknown): { text: string; tone: 'pass' | 'fail' } | null {
  if (error) return { text: `Welcome file not written: ${error instanceof Error ? error.message : String(error)}`, tone: 'fail' };
  if (!file || written === 0) return null;
  return { text: `Welcome notes written to ${neutralize(file.path)} (mode 0600, ${includePassword ? 'with the temporary passwords' : 'no passwords'}).`, tone: 'pass' };
}

/** A welcome note as a page: the password masked until p, `m` enrols the engineer's MFA now. */
function notePage(
  ctx: StepContext,
  input: OnboardInput,
  io: StepIO,
  p: OnboardPlan,
  ep: EngineerPlan,
  password: string | null,
  handOvers: HandOvers,
  mfa: Enrolments,
  writes: Promise<void>[],
): Note {
  const name = ep.engineer.name;
  let revealed = false;
  return {
    lines: welcomeNote(ep, p.signInUrl, password),
    ...(password ? { secret: password } : {}),
    onRevealed: () => {
      if (revealed) return;
      revealed = true;
      // revealed, the password has reached a person: until then a re-run replaces it
      // (awaited before the run ends: a process that exits first would leave it noted pending)
      writes.push(handOvers.handedOver(ep).catch(() => undefined));
    },
    after: () => {
      const enrolled = mfa.get(name);
      const lines: { text: string; tone: 'warn' | 'pass' | 'dim' }[] = [];
      if (password) lines.push({ text: 'Shown once: hand it over now; it is stored nowhere.', tone: 'warn' });
      if (enrolled) lines.push({ text: `MFA: ${enrolled.text}`, tone: enrolled.done ? 'pass' : 'warn' });
      else if (input.preflight) lines.push({ text: `Or let ${name} set up MFA at first sign-in${ep.mfaGuarded ? ': until then they can do nothing else' : ''}.`, tone: 'dim' });
      return lines;
    },
    // once the batch is over (no other engineer being set up meanwhile)
    keys: () =>
      input.preflight && mfa.ended && mfa.get(name)?.done !== true
        ? [
            {
              key: 'm',
              label: 'enrol MFA now (engineer present)',
              run: async () => {
                try {
                  const outcome = await enrolMfa(ctx, { userName: name, preflight: await input.preflight!() }, io);
                  mfa.set(name, { done: outcome.status === 'done', text: outcome.summary.join('; ') });
                } catch (e) {
                  if (!(e instanceof GoBack)) throw e;
                }
              },
            },
          ]
        : [],
  };
}

async function applyPlan(ctx: StepContext, input: OnboardInput, io: StepIO, p: OnboardPlan, file: PreparedOutput | null, handOvers: HandOvers): Promise<OnboardRun> {
  // Interrupted, nobody new is started (apply() reads this signal); those under way finish
  // and their notes go out
  const stop = new AbortController();
  if (ctx.signal?.aborted) stop.abort();
  ctx.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const workCtx = { ...ctx, signal: stop.signal };
  const mfa: Enrolments = new Map();
  const notes = io.notes({ heading: (at, of, open) => (open ? `Note ${at} of ${of} ready so far:` : ''), last: 'finish' });
  // each note reaches the person (and the file) the moment its engineer's password exists
  const unseen = new Map<string, { ep: EngineerPlan; password: string }>();
  // the local-record writes that say a revealed password was handed over
  const handedOverWrites: Promise<void>[] = [];
  let printed = 0;
  const handOver = new NoteHandOver({
    plan: p,
    handOvers,
    file,
    includePassword: input.includePassword,
    show: (ep, password) => {
      const page = notePage(ctx, input, io, p, ep, password, handOvers, mfa, handedOverWrites);
      const revealed = page.onRevealed!;
      page.onRevealed = () => {
        unseen.delete(ep.engineer.name);
        revealed();
      };
      const reached = notes.add(page);
      if (password && reached) printed += 1;
      if (password && !reached) unseen.set(ep.engineer.name, { ep, password });
      return reached;
    },
  });
  // nothing to change (everyone already set up): no progress to show
  const changes = p.actions.length > 0;
  const shared = changes ? io.progress(p.shared) : () => {};
  const row = changes ? io.batch('Setting up', p.engineers.map((ep) => ({ id: ep.engineer.name, label: ep.engineer.name }))) : () => {};
  let result: OnboardResult = { ok: true, shared: { ok: true, done: [], failed: [], notDone: [] }, engineers: {} };
  let fileError: unknown = null;
  const setUpCount = () => p.engineers.filter((ep) => engineerSetUp(ep, result.engineers[ep.engineer.name])).length;
  const work = (async () => {
    const failure = new Map<string, string>();
    result = await apply(
      p,
      workCtx,
      (e) => {
        if (e.type === 'shared') shared(e.event);
        if (e.type === 'engineer' && e.event.type === 'start') row(e.name, 'running');
        if (e.type === 'engineer' && e.event.type === 'failed') failure.set(e.name, `${e.event.action.summary}: ${errorText(e.event.error)}`);
        // the password is handed over the moment it exists, before the row says done
        handOver.progress(e);
        if (e.type === 'engineer-done') {
          const ep = p.engineers.find((x) => x.engineer.name === e.name)!;
          if (ep.actions.length === 0) row(e.name, 'done', 'already set up');
          else if (engineerSetUp(ep, e.result)) row(e.name, 'done', `set up (${plural(e.result.done.length, 'change')})`);
          else row(e.name, 'failed', `not finished${failure.has(e.name) ? ` (${failure.get(e.name)})` : ''}: re-run to finish`);
        }
      },
      // as the admin step: a record that cannot be written does not stop the work
      { beforePassword: (ep) => handOvers.before(ep).catch(() => undefined) },
    );
    // engineers already in place get their note (without a password) too
    for (const ep of p.engineers) if (engineerSetUp(ep, result.engineers[ep.engineer.name])) handOver.handOver(ep, null);
    await handOver.settled(result);
    fileError = await handOver.close();
  })();
  let interrupted = false;
  const unregister = io.onInterrupt(
    async (why) => {
      interrupted = true;
      stop.abort();
      await io.task('Stopping: finishing those under way, then their passwords…', () => work.catch(() => undefined));
      // a password nobody has seen is shown until the person says it is stored; the reel
      // starts before the lines about it, which a screen shows with it
      const waiting = why?.hungUp ? [] : [...unseen.values()];
      let marks: Promise<void> = Promise.resolve();
      const reel =
        waiting.length > 0
          ? io.notes({
              heading: (at, of) => `New password ${at} of ${of}, shown once: store it or hand the note over now.`,
              revealed: true,
              last: 'once the passwords are stored (clears the screen)',
              // Enter past a note: that password is stored, so a re-run leaves it alone
              onNext: (at) => void (marks = marks.then(() => handOvers.handedOver(waiting[at - 1]!.ep).catch(() => undefined))),
            })
          : null;
      io.line(`Interrupted: ${setUpCount()} of ${p.engineers.length} engineers set up; re-run to finish (nothing is redone)${fileSaid()}`, 'warn');
      const notSetUp = p.engineers.filter((ep) => !engineerSetUp(ep, result.engineers[ep.engineer.name])).map((ep) => ep.engineer.name);
      if (notSetUp.length > 0) io.line(`Not set up (${notSetUp.length}): ${nameList(notSetUp, 110)}`, 'fail');
      if (why?.hungUp) return;
      if (reel) {
        for (const { ep, password } of waiting) reel.add({ lines: welcomeNote(ep, p.signInUrl, password), secret: password });
        await reel.end();
        await marks;
      } else if (printed > 0 && io.interactive) {
        // the front end clears the screen as it closes: whoever is there stores the passwords first
        await io.ask({ message: 'Press Enter once the passwords above are stored (the screen is cleared next)' }).catch(() => undefined);
      }
    },
    { waitsForPerson: true },
  );
  const fileSaid = () => {
    const f = fileLine(file, handOver.written, input.includePassword, fileError);
    return f ? `; ${f.text}` : '';
  };
  try {
    await work;
  } catch (e) {
    unregister();
    await file?.discard();
    throw e;
  }
  // the clean-up above takes it from here; the front end ends the run with the signal's code
  if (interrupted) return new Promise<OnboardRun>(() => {});
  // still registered while the notes are read: a password nobody revealed is shown again
  // to be stored, not lost, when the run is stopped on them
  const run = await finishRun(io, p, result, notes, mfa, fileLine(file, handOver.written, input.includePassword, fileError), fileError);
  await Promise.all(handedOverWrites);
  unregister();
  return run;
}

async function finishRun(
  io: StepIO,
  p: OnboardPlan,
  result: OnboardResult,
  notes: ReturnType<StepIO['notes']>,
  mfa: Enrolments,
  fileSaid: { text: string; tone: 'pass' | 'fail' } | null,
  fileError: unknown,
): Promise<OnboardRun> {
  const done = p.engineers.filter((ep) => engineerSetUp(ep, result.engineers[ep.engineer.name]));
  const failed = p.engineers.filter((ep) => !done.includes(ep));
  const bad = failed.length > 0 || p.rejected.length > 0;
  // the count last: on a screen it stays in view above the notes
  for (const f of failed) io.line(`${f.engineer.name}: not finished; re-run to finish (nothing is redone)`, 'fail');
  for (const b of p.rejected) io.line(`left out: ${badRowLine(b)}`, 'fail');
  if (fileSaid) io.line(fileSaid.text, fileSaid.tone);
  io.line(`${done.length} set up, ${failed.length} not finished, ${p.rejected.length} left out.`, bad ? 'warn' : 'pass');
  mfa.ended = true;
  await notes.end();
  // a welcome file that could not be written is an environment error, as for every output file
  return { exitCode: fileError ? 2 : onboardExitCode(p, result) };
}
