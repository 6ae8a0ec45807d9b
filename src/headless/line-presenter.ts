// The line presenter: a step's flow as plain lines, for --ci (no questions) and --plain
// (one question at a time). Output only appends.
import type { Answers } from '../answers.js';
import { AwsError } from '../aws/errors.js';
import type { Session } from '../session.js';
import { drawQr } from '../qr.js';
import { errorText } from '../steps/apply-plan.js';
import type { StepDefinition, StepIO, StepOutcome, Tone } from '../steps/flow.js';
import type { Finding } from '../steps/root-email.js';
import { runSteps } from '../steps/run-steps.js';
import { openAccount } from './aws-error-lines.js';
import type { HeadlessIO } from './types.js';

const MARK: Record<Tone, string> = { plain: '', pass: '✔ ', warn: '⚠ ', fail: '✖ ', info: '• ', dim: '', heading: '' };
const FINDING: Record<Finding['severity'], string> = { pass: '✔', info: '•', warn: '⚠', fail: '✖', unknown: '?' };

/** A step's IO as lines over a question-and-line front end (--ci or --plain); `prefix` names the step. */
export function lineStepIO(io: HeadlessIO, prefix: string): StepIO {
  const line = (text: string, tone: Tone = 'plain') => io.line(`${prefix}: ${MARK[tone]}${text}`);
  return {
    line,
    copy: (text, label) => {
      if (label) line(label);
      io.line(`  ${text}`);
    },
    findings: (findings) => {
      for (const f of findings) {
        io.line(`  ${FINDING[f.severity]} ${f.message}`);
        if (f.fix && f.severity !== 'pass') io.line(`      fix: ${f.fix}`);
      }
    },
    plan: (plan, title) => {
      io.line(`${title}: plan`);
      if (plan.actions.length === 0) io.line('  nothing to do: everything is already in place');
      for (const a of plan.actions) io.line(`  + ${a.summary}  [${a.call}]`);
      for (const e of plan.existing) io.line(`  = ${e.summary} (already in place)`);
      for (const n of plan.notes ?? []) io.line(`  ! ${n}`);
    },
    // independent actions end in any order: each one's line waits for those listed before it,
    // so the same plan always reads the same
    progress: (actions) => {
      const ended = new Map<string, string>();
      let next = 0;
      return (e) => {
        if (e.type === 'start') return;
        const text =
          e.type === 'done'
            ? `  ✔ ${e.action.summary} (${e.ms} ms)`
            : e.type === 'failed'
              ? `  ✖ ${e.action.summary}: ${e.error instanceof AwsError ? errorText(e.error).split('. ')[0] : e.error.message}`
              : `  ○ not done: ${e.action.summary} (${e.reason})`;
        if (!actions.some((a) => a.id === e.action.id)) return io.line(text);
        ended.set(e.action.id, text);
        while (next < actions.length && ended.has(actions[next]!.id)) io.line(ended.get(actions[next++]!.id)!);
      };
    },
    yes: io.yes,
    flags: io.flags,
    interactive: io.interactive,
    goesBack: false,
    pause: async () => {},
    // a line as each item ends; those under way say nothing (lines only append)
    batch: (_label, items) => {
      const labels = new Map(items.map((i) => [i.id, i.label]));
      return (id, state, detail) => {
        if (state === 'running') return;
        io.line(`  ${state === 'done' ? '✔' : '✖'} ${labels.get(id) ?? id}${detail ? ` ${detail}` : ''}`);
      };
    },
    // each note printed whole as it comes (without the prefix: it is copied as it is); a
    // secret in it is printed once, as a secret, and has reached the person
    notes: (opts) => {
      let at = 0;
      return {
        add: (note) => {
          at += 1;
          const heading = opts.heading?.(at, at, false);
          if (heading) io.line(heading);
          if (note.secret) io.showSecret(note.lines.join('\n'));
          else for (const l of note.lines) io.line(l);
          return true;
        },
        end: async () => {},
      };
    },
    ask: (q) => {
      const live = q.live?.();
      if (live) io.line(`  ${live}`);
      return io.ask(q);
    },
    form: async (questions) => {
      // one question after another, each seeing the answers before it (a field's check may
      // read the others: the second MFA code is checked against the first)
      const values = questions.map((q) => q.initial ?? '');
      for (const [i, q] of questions.entries()) {
        const at = (v: string) => values.map((x, j) => (j === i ? v : x));
        const live = q.live?.(values);
        if (live) io.line(`  ${live}`);
        values[i] = await io.ask({
          ...q,
          validate: q.validate ? (v) => q.validate!(v, at(v)) : undefined,
          live: q.live ? () => q.live!(values) : undefined,
        });
        if (q.endsForm?.(values[i]!)) return values.map((v, j) => (j > i ? '' : v));
      }
      return values;
    },
    confirm: (message, opts) => io.confirm(message, opts),
    task: (_label, work) => work(),
    showSecret: (secret) => {
      const qr = secret.qr ? [...drawQr(secret.qr, { ink: 'light' }).lines, ''] : [];
      const shown = io.showSecret([...qr, secret.text].join('\n'));
      if (secret.lineNote) io.line(`  ${secret.lineNote}`);
      return shown;
    },
    waitFor: async ({ label, check, skip }) => {
      if (await check()) return true;
      if (!io.interactive) return false;
      // a person at a plain terminal says when it is done; the check is asked again then
      for (;;) {
        line(label);
        if (!(await io.confirm(`Done? (n: ${skip})`))) return false;
        if (await check()) return true;
        line('Not yet, as far as AWS can tell.', 'warn');
      }
    },
    onInterrupt: (cleanup) => io.onInterrupt?.(() => cleanup()) ?? (() => {}),
  };
}

/**
 * How long an interrupted --ci run waits for the changes under way to end (their answers
 * say whether they were made; a password set is handed over) before it says so and stops.
 */
export const INTERRUPT_WAIT_MS = 5_000;

/**
 * The day-one flow as lines: preflight, then every step through the one run loop, then the
 * summary. Exit code: 0, 1 (a step failed), 2 (the environment: credentials, access, network).
 * In --ci (no questions, the steps at the same time) an interrupt (io.onInterrupt) starts
 * no new change or step; the changes under way end (up to INTERRUPT_WAIT_MS) and every
 * step's lines and the summary are printed as usual, then an "Interrupted" line says which
 * steps finished.
 */
export async function runSetupLines(session: Session, defs: StepDefinition[], answers: Answers, io: HeadlessIO): Promise<number> {
  const opened = await openAccount(session, (lines) => lines.forEach((l) => io.line(l)));
  if (typeof opened === 'number') return opened;
  const { preflight } = opened;
  io.line(`account ${preflight.caller.accountId}${preflight.alias ? ` (${preflight.alias})` : ''} · caller ${preflight.caller.arn}${session.demo ? ' · DEMO sandbox, nothing reaches AWS' : ''}`);
  // without questions the steps run at the same time; each step's lines are kept together
  // and printed in the steps' order as soon as the steps before it have finished
  const concurrent = !io.interactive;
  const held = new Map<string, string[]>();
  let printed = 0;
  const flush = (done: Set<string>) => {
    while (printed < defs.length && done.has(defs[printed]!.id)) {
      for (const l of held.get(defs[printed]!.id) ?? []) io.line(l);
      printed += 1;
    }
  };
  const finished = new Set<string>();
  const stop = concurrent && io.onInterrupt ? new AbortController() : null;
  const ctx = stop ? { ...opened.ctx, signal: stop.signal } : opened.ctx;
  // a step's own clean-ups (an MFA device half made) run after the wait, if it did not end
  const stepCleanups = new Set<() => Promise<void>>();
  // once an interrupt has printed every step's lines, later ones go straight out
  let passThrough = false;
  const stepIO = (id: string): HeadlessIO => {
    if (!concurrent) return io;
    held.set(id, []);
    const hold = (text: string) => void (passThrough ? io.line(text) : held.get(id)!.push(text));
    return {
      ...io,
      line: hold,
      showSecret: (text) => (hold(text), { clear: () => {} }),
      onInterrupt: (cleanup) => (stepCleanups.add(cleanup), () => void stepCleanups.delete(cleanup)),
    };
  };
  // steps that stopped on an error, as soon as they did
  const stepErrors = new Map<string, unknown>();
  let ended!: (outcomes: Map<string, StepOutcome['status']>) => void;
  const runEnded = new Promise<Map<string, StepOutcome['status']>>((resolve) => (ended = resolve));
  const unregister = stop
    ? io.onInterrupt!(async (why) => {
        stop.abort();
        let timer: NodeJS.Timeout | undefined;
        const statuses = await Promise.race([runEnded, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), INTERRUPT_WAIT_MS)))]);
        clearTimeout(timer);
        const stopped = `Interrupted${why ? ` (${why})` : ''}.`;
        if (statuses) {
          io.line(interruptedLine(stopped, defs, statuses));
          return;
        }
        for (const c of [...stepCleanups]) await c().catch(() => undefined);
        // what every step said so far, in the steps' order; later lines go straight out
        for (const d of defs.slice(printed)) for (const l of held.get(d.id)?.splice(0) ?? []) io.line(l);
        printed = defs.length;
        passThrough = true;
        // a step that stopped on an error: said here, as the run may not end before the exit
        for (const [id, e] of stepErrors) io.line(`${id}: ✖ stopped: ${errorText(e instanceof Error ? e : new Error(String(e)))}`);
        const open = defs.filter((d) => !finished.has(d.id) && !stepErrors.has(d.id)).map((d) => d.id);
        io.line(
          `${stopped} Not finished after ${INTERRUPT_WAIT_MS / 1000} s: ${open.join(', ')}; a change still under way may or may not have been made. Run mvsp-setup again: it reads what is in place and finishes the rest (a console password nobody received is replaced).`,
        );
      })
    : () => {};
  // every step's outcome as it finishes (known even if a later step throws): the summary
  // and the interrupted line say what finished
  const outcomes = new Map<string, StepOutcome>();
  const summary = (results: { def: StepDefinition; outcome: StepOutcome }[], nextCheck?: string) => {
    io.line('summary:');
    for (const { def, outcome: o } of results) io.line(`  ${def.id}: ${o.status}${o.summary.length ? ` — ${o.summary.join('; ')}` : ''}`);
    for (const { outcome } of results) for (const t of outcome.todo ?? []) io.line(`  todo: ${t}`);
    if (nextCheck) io.line(`  next root check: ${nextCheck}`);
  };
  try {
    const run = await runSteps({
      ctx,
      preflight,
      answers,
      defs,
      concurrent,
      ioFor: (def) => lineStepIO(stepIO(def.id), def.id),
      onStepDone: (def, outcome) => {
        finished.add(def.id);
        outcomes.set(def.id, outcome);
        flush(finished);
      },
      onStepError: (def, e) => void stepErrors.set(def.id, e),
      lastIO: lineStepIO(io, 'last'),
      onLastActions: (l) => l.line('the confirmed final actions'),
    });
    // a step stopped early by a failed environment leaves later ones unprinted
    for (const id of defs.map((d) => d.id)) finished.add(id);
    flush(finished);
    summary(run.results, run.shared.nextCheck);
    // the confirmed last actions may have changed a step's outcome
    for (const { def, outcome } of run.results) outcomes.set(def.id, outcome);
    return run.exitCode;
  } catch (e) {
    // a step stopped on an error (a missing answer): every step has ended by now (the run
    // waits for them), and what each said is printed before the error, in the steps'
    // order, whether or not an earlier one finished: a console password handed over in a
    // step's lines is never dropped. Then the summary of the steps that finished.
    if (!passThrough) {
      for (const d of defs.slice(printed)) for (const l of held.get(d.id)?.splice(0) ?? []) io.line(l);
      printed = defs.length;
      summary(defs.flatMap((def) => (outcomes.has(def.id) ? [{ def, outcome: outcomes.get(def.id)! }] : [])));
    }
    throw e;
  } finally {
    unregister();
    ended(new Map([...outcomes].map(([id, o]) => [id, o.status])));
  }
}

/** The last line of an interrupted run: which steps finished, which did not, and what a re-run does. */
export function interruptedLine(stopped: string, defs: StepDefinition[], statuses: Map<string, StepOutcome['status']>): string {
  const done = defs.filter((d) => statuses.get(d.id) === 'done').map((d) => d.id);
  const rest = defs.filter((d) => statuses.get(d.id) !== 'done').map((d) => d.id);
  return [
    stopped,
    done.length ? `Finished: ${done.join(', ')}.` : 'No step finished.',
    rest.length ? `Not finished: ${rest.join(', ')}.` : '',
    'What finished stays done; a re-run continues from there (nothing is redone).',
  ]
    .filter(Boolean)
    .join(' ');
}
