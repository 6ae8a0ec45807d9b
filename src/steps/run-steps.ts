// The one run loop of the day-one flow, for every front end: read the account once (every
// step's inspect at the same time), run each step's flow, go on after a failed step with
// the steps that do not need it, run the confirmed last actions, and say how it ended.
import type { Answers } from '../answers.js';
import { AwsError, describeAwsError, isAwsError } from '../aws/errors.js';
import { GoBack, InputEnded, type StepDefinition, type StepIO, type StepOutcome, type WizardShared, type AskOptions } from './flow.js';
import type { Preflight } from './preflight.js';
import { runActions } from './run-actions.js';
import type { StepContext } from './types.js';
import { errorText } from './apply-plan.js';

export interface StepResult {
  def: StepDefinition;
  outcome: StepOutcome;
}

export interface RunResult {
  results: StepResult[];
  shared: WizardShared;
  /** 0 all well; 1 a step failed; 2 the environment (credentials, permissions, network) */
  exitCode: number;
  /** the person went back from the first step (to the welcome screen) */
  back?: true;
}

export interface RunOptions {
  ctx: StepContext;
  preflight: Preflight;
  answers: Answers;
  defs: StepDefinition[];
  /** the presenter's IO for one step (index from 0) */
  ioFor: (def: StepDefinition, index: number) => StepIO;
  onStepStart?: (def: StepDefinition, index: number) => void;
  /** a step finished; the run waits for what this returns (a screen may hold the step's last lines for Enter) */
  onStepDone?: (def: StepDefinition, outcome: StepOutcome) => void | Promise<void>;
  /** (--ci) a step stopped on an error that stops the run: known before the run ends, which waits for the other steps */
  onStepError?: (def: StepDefinition, error: unknown) => void;
  /** the confirmed last actions are about to run */
  onLastActions?: (io: StepIO) => void;
  /** the io for the last actions' progress */
  lastIO?: StepIO;
  /** nobody answers questions (--ci): run steps as soon as the steps they need have finished */
  concurrent?: boolean;
}

/** The steps `def` runs after when steps run at the same time: its `needs` and its `after` (for these answers). */
function waitsFor(def: StepDefinition, answers: Answers): string[] {
  return [...(def.needs ?? []), ...(typeof def.after === 'function' ? def.after(answers) : (def.after ?? []))].filter((id) => id !== def.id);
}

/** Credentials and the network are the environment: nothing else can work without them. */
export function stopsTheRun(e: AwsError): boolean {
  return e.kind === 'NoCredentials' || e.kind === 'ExpiredToken' || e.kind === 'Network';
}

/** Exit code of a finished run: 2 when access was denied, the environment failed or an output file was refused, 1 when a step failed, else 0. */
export function exitCodeOf(outcomes: StepOutcome[]): number {
  if (outcomes.some((o) => o.accessDenied || o.outputRefused)) return 2;
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

/** One answer unit: a question, a confirm, or a whole form (all its fields at once). */
type Answer = { kind: 'ask'; value: string } | { kind: 'confirm'; value: boolean } | { kind: 'form'; value: string[] };

/**
 * Wrap a presenter's IO so a flow can be run again with the answers it already had (going
 * back one question re-runs the flow with every answer but the last one).
 */
function recording(
  io: StepIO,
  replay: Answer[],
  redo?: Answer,
  /** Esc at the step's first question may leave it (false when the previous step changed the account) */
  mayLeave = true,
): { io: StepIO; answers: Answer[]; denied: () => boolean; applied: () => boolean } {
  const answers: Answer[] = [];
  // an action refused for lack of permission makes the run's exit code 2, as in --ci
  let denied = false;
  // once the account changed, going back would replay a plan read before the change: the
  // question stays (said once), the person answers it
  let applied = false;
  // Esc is taken as "back" only where going back is possible; the presenter says so
  const locked = () => applied || (answers.length === 0 && !mayLeave);
  const stay = async <T>(ask: () => Promise<T>): Promise<T> => {
    let said = false;
    for (;;) {
      try {
        return await ask();
      } catch (e) {
        if (!(e instanceof GoBack) || (!applied && (answers.length > 0 || mayLeave))) throw e;
        if (!said) io.line(applied ? 'The changes above are made: there is no going back from here.' : 'The step before this one changed the account: there is no going back to it.', 'dim');
        said = true;
      }
    }
  };
  const queue = [...replay];
  // the question gone back to offers the answer it had
  let again = redo;
  const echo = (q: AskOptions, v: string) => io.line(`${q.message}: ${q.secret ? '••••••' : v}`, 'dim');
  return {
    answers,
    denied: () => denied,
    applied: () => applied,
    io: {
      ...io,
      progress: (actions) => {
        const sink = io.progress(actions);
        return (e) => {
          if (e.type === 'failed' && isAwsError(e.error, 'AccessDenied')) denied = true;
          if (e.type === 'done') applied = true;
          sink(e);
        };
      },
      ask: async (q) => {
        const next = queue.shift();
        if (next?.kind === 'ask') {
          answers.push(next);
          echo(q, next.value);
          return next.value;
        }
        queue.length = 0;
        const before = again?.kind === 'ask' && !q.secret ? again.value : undefined;
        again = undefined;
        const value = await stay(() => io.ask({ ...(before === undefined ? q : { ...q, initial: before }), ...(locked() ? { noBack: true } : {}) }));
        answers.push({ kind: 'ask', value });
        return value;
      },
      form: async (questions) => {
        const next = queue.shift();
        if (next?.kind === 'form' && next.value.length === questions.length) {
          answers.push(next);
          questions.forEach((q, i) => echo(q, next.value[i]!));
          return next.value;
        }
        queue.length = 0;
        // the form gone back to offers every answer it had (a secret field starts empty)
        const before = again?.kind === 'form' && again.value.length === questions.length ? again.value : undefined;
        again = undefined;
        const offered = (before ? questions.map((q, i) => (q.secret ? q : { ...q, initial: before[i] })) : questions).map((q) => (locked() ? { ...q, noBack: true } : q));
        const value = await stay(() => io.form(offered));
        answers.push({ kind: 'form', value });
        return value;
      },
      confirm: async (message, opts) => {
        const next = queue.shift();
        if (next?.kind === 'confirm') {
          answers.push(next);
          return next.value;
        }
        queue.length = 0;
        again = undefined;
        const value = await stay(() => io.confirm(message, locked() ? { ...opts, noBack: true } : opts));
        answers.push({ kind: 'confirm', value });
        return value;
      },
    },
  };
}

/** The outcome of a flow that threw an AWS error: the error said once, the step failed. */
function failedOutcome(def: StepDefinition, e: AwsError, io: StepIO): StepOutcome {
  const d = describeAwsError(e);
  io.line(`${d.title}. ${d.fix}`, 'fail');
  // credentials, permissions or the network: exit 2, as for --ci
  return { status: 'failed', summary: [d.title], accessDenied: e.kind === 'AccessDenied' || stopsTheRun(e) || undefined };
}

/**
 * Run the selected steps in order. Every step's `inspect` starts at once (in --ci, once the
 * steps it waits for have read); each flow awaits only its own. A step that fails does not
 * stop the run: steps that do not `need` it go on, steps that do are skipped and say why.
 * Credentials or the network failing stops the run (exit 2). Non-AWS errors (bugs, usage
 * errors) propagate.
 */
export async function runSteps(opts: RunOptions): Promise<RunResult> {
  // without a person (--ci) the steps run at the same time: one that stops on an error (a
  // missing answer, a bug) stops the others too, as an interrupt does (no new step or change)
  const halt = opts.concurrent ? haltable(opts.ctx.signal) : null;
  const ctx = halt ? { ...opts.ctx, signal: halt.signal } : opts.ctx;
  const { preflight, answers, defs } = opts;
  const inspected = new Map<string, Promise<unknown>>();
  const inspectOf = (def: StepDefinition, shared: WizardShared) => {
    const p = def.inspect ? def.inspect(ctx, { answers, preflight, shared, ...(opts.concurrent ? { unattended: true } : {}) }) : Promise.resolve(null);
    p.catch(() => {});
    return p;
  };
  // at most 10 requests are in flight (the gateway's pool, first come first served). With a
  // person, every step reads at once. Without one (--ci), a step that waits for others
  // (needs, after) reads once they have read: it acts only after them, and the steps that
  // act first get the first requests
  const ids = defs.map((d) => d.id);
  for (const def of defs) {
    const first = opts.concurrent ? waitsFor(def, answers).filter((id) => ids.includes(id) && inspected.has(id)) : [];
    const read =
      first.length === 0
        ? inspectOf(def, { accountAlias: preflight.alias })
        : Promise.allSettled(first.map((id) => inspected.get(id)!)).then(() => inspectOf(def, { accountAlias: preflight.alias }));
    read.catch(() => {});
    inspected.set(def.id, read);
  }

  const outcomes = new Map<string, StepOutcome>();
  /** Run one step's flow (or skip it when a step it needs failed); GoBack and non-AWS errors propagate. */
  const runOne = async (def: StepDefinition, shared: WizardShared, rec: ReturnType<typeof recording>): Promise<{ outcome: StepOutcome; stop: boolean }> => {
    const missing = (def.needs ?? []).filter((n) => outcomes.get(n)?.status === 'failed' || outcomes.get(n)?.status === 'skipped');
    if (missing.length > 0) {
      rec.io.line(`Not run: it needs ${missing.join(', ')}, which did not finish. Fix that and re-run.`, 'warn');
      return { outcome: { status: 'skipped', summary: [`not run: ${missing.join(', ')} did not finish`] }, stop: false };
    }
    try {
      const outcome = await def.run(
        {
          ctx,
          answers,
          shared,
          preflight,
          steps: ids,
          inspect: () => inspected.get(def.id)! as Promise<never>,
          reinspect: () => {
            const p = inspectOf(def, shared);
            inspected.set(def.id, p);
            return p as Promise<never>;
          },
        },
        rec.io,
      );
      return { outcome: rec.denied() && outcome.status === 'failed' ? { ...outcome, accessDenied: true } : outcome, stop: false };
    } catch (e) {
      // nobody is left to answer: this step stops unfinished, like a declined plan, and so does the run
      if (e instanceof InputEnded) {
        rec.io.line('Stopped: the input ended before its questions were answered. Re-run to finish.', 'warn');
        return { outcome: { status: 'skipped', summary: ['stopped: the input ended'] }, stop: true };
      }
      if (!(e instanceof AwsError)) throw e;
      return { outcome: failedOutcome(def, e, rec.io), stop: stopsTheRun(e) };
    }
  };

  if (halt) {
    await runConcurrently(opts, halt, outcomes, runOne);
  } else {
    const recorded: Answer[][] = defs.map(() => []);
    const redo: (Answer | undefined)[] = [];
    const changed: boolean[] = [];
    let shared: WizardShared = { accountAlias: preflight.alias };
    const sharedAt: WizardShared[] = [];
    let i = 0;
    while (i < defs.length) {
      const def = defs[i]!;
      sharedAt[i] = shared;
      opts.onStepStart?.(def, i);
      const rec = recording(opts.ioFor(def, i), recorded[i]!, redo[i], i === 0 || !changed[i - 1]);
      redo[i] = undefined;
      let result;
      try {
        result = await runOne(def, shared, rec);
      } catch (e) {
        if (!(e instanceof GoBack)) throw e;
        if (rec.answers.length > 0) {
          redo[i] = rec.answers.at(-1);
          recorded[i] = rec.answers.slice(0, -1);
          continue;
        }
        if (i === 0) return { results: [], shared, exitCode: 0, back: true };
        i -= 1;
        outcomes.delete(defs[i]!.id);
        redo[i] = recorded[i]!.at(-1);
        recorded[i] = recorded[i]!.slice(0, -1);
        shared = sharedAt[i]!;
        continue;
      }
      recorded[i] = rec.answers;
      changed[i] = rec.applied();
      outcomes.set(def.id, result.outcome);
      shared = { ...shared, ...result.outcome.shared };
      await opts.onStepDone?.(def, result.outcome);
      if (result.stop) break;
      i += 1;
    }
  }

  const ran = defs.filter((d) => outcomes.has(d.id));
  const last = ran.flatMap((def) => (outcomes.get(def.id)!.lastActions ?? []).map((action) => ({ def, action })));
  const anyFailed = [...outcomes.values()].some((o) => o.status === 'failed');
  if (last.length > 0 && !anyFailed) {
    // these end the session's own credentials: nothing may run after them
    const io = opts.lastIO ?? opts.ioFor(last[0]!.def, defs.indexOf(last[0]!.def));
    opts.onLastActions?.(io);
    const result = await runActions(last.map((l) => l.action), ctx, io.progress(last.map((l) => l.action)));
    for (const f of result.failed) io.line(`${f.action.summary}: ${errorText(f.error)}`, 'fail');
    for (const { def, action } of last) {
      const o = outcomes.get(def.id)!;
      const ok = result.done.includes(action);
      outcomes.set(def.id, { ...o, status: ok ? o.status : 'failed', summary: [...o.summary, `${ok ? 'done' : 'NOT done'}: ${action.summary}`] });
    }
  }
  const results = ran.map((def) => ({ def, outcome: outcomes.get(def.id)! }));
  const shared = results.reduce<WizardShared>((s, r) => ({ ...s, ...r.outcome.shared }), { accountAlias: preflight.alias });
  return { results, shared, exitCode: exitCodeOf(results.map((r) => r.outcome)) };
}

/**
 * Without a person (--ci) nothing is asked, so steps need not wait for each other: each
 * starts once the selected steps it needs or uses (`needs`, `after`) have finished, with
 * what those found in `shared`. The presenter keeps each step's lines together.
 */
async function runConcurrently(
  opts: RunOptions,
  halt: AbortController,
  outcomes: Map<string, StepOutcome>,
  runOne: (def: StepDefinition, shared: WizardShared, rec: ReturnType<typeof recording>) => Promise<{ outcome: StepOutcome; stop: boolean }>,
): Promise<void> {
  const { defs, preflight } = opts;
  const ids = defs.map((d) => d.id);
  const finished = new Map<string, Promise<void>>();
  let stopped = false;
  const start = (def: StepDefinition, index: number): Promise<void> => {
    const waitFor = waitsFor(def, opts.answers).filter((id) => ids.includes(id));
    return Promise.all(waitFor.map((id) => finished.get(id)!)).then(async () => {
      // interrupted: no step starts (one not started has no outcome: said as not finished)
      if (stopped || halt.signal.aborted) return;
      // what the earlier steps found, in the steps' order (as a run one by one would have it)
      const shared = defs.slice(0, index).reduce<WizardShared>((s, d) => ({ ...s, ...outcomes.get(d.id)?.shared }), { accountAlias: preflight.alias });
      opts.onStepStart?.(def, index);
      const { outcome, stop } = await runOne(def, shared, recording(opts.ioFor(def, index), [])).catch((e: unknown) => {
        opts.onStepError?.(def, e);
        halt.abort(`stopped because ${def.id} cannot go on`);
        throw e;
      });
      outcomes.set(def.id, outcome);
      if (stop) stopped = true;
      await opts.onStepDone?.(def, outcome);
    });
  };
  // `after` only points back in the list, so every promise it waits on exists already
  defs.forEach((def, i) => finished.set(def.id, start(def, i)));
  // every step ends before the run does, even when one threw (a bad answer, a bug)
  const settled = await Promise.allSettled(finished.values());
  const thrown = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (thrown) throw thrown.reason;
}

/**
 * A controller aborted with `outer` (the presenter's interrupt) or on its own. Its reason
 * is a string when a step stopped the run (run-actions says it for what it did not start);
 * an interrupt's is not.
 */
function haltable(outer?: AbortSignal): AbortController {
  const c = new AbortController();
  if (outer?.aborted) c.abort(outer.reason);
  else outer?.addEventListener('abort', () => c.abort(outer.reason), { once: true });
  return c;
}
