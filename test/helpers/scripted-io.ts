// A StepIO that a test scripts: answers by the question's answers key or message, confirms
// in order, and a transcript of everything the flow showed. For a step's flow without any
// presenter (the Shopify style of testing prompts).
import type { AskOptions, Note, StepIO, Tone } from '../../src/steps/flow.js';
import { GoBack } from '../../src/steps/flow.js';
import { UsageError, type Flags } from '../../src/args.js';

export interface Script {
  /** answers by answers-file key (e.g. "admin.userName") or by a substring of the message */
  answers?: Record<string, string | string[]>;
  /** the answers to confirm questions, in order; missing → the default (yes unless defaultNo) */
  confirms?: boolean[];
  /** run as --ci (no person): ask throws UsageError, confirm answers `yes` */
  ci?: boolean;
  yes?: boolean;
  flags?: Flags;
  /** answers to waitFor: true = the check is asked again and the person waits, false = moves on */
  waits?: boolean[];
  /** a person can go back (Esc on a screen) */
  goesBack?: boolean;
  /** as a screen: a note's secret reaches a person only when revealed (p), not when added */
  screen?: boolean;
  /** keys pressed on each note that offers them (e.g. m) */
  keys?: string[];
}

export interface Scripted {
  io: StepIO;
  /** every line shown, in order, as plain text (plans, progress, findings, secrets) */
  transcript: string[];
  /** the questions asked, in order (a form's fields one by one) */
  asked: AskOptions[];
  /** the forms put, in order: the messages of the fields asked together */
  forms: string[][];
  confirmed: string[];
  /** secrets still on the screen */
  secretsShown: () => number;
}

export function scriptedIO(script: Script = {}): Scripted {
  const transcript: string[] = [];
  const asked: AskOptions[] = [];
  const forms: string[][] = [];
  const confirmed: string[] = [];
  const confirms = [...(script.confirms ?? [])];
  const waits = [...(script.waits ?? [])];
  const used = new Map<string, number>();
  let secrets = 0;
  const interactive = !script.ci;
  const take = (q: AskOptions): string | undefined => {
    const all = script.answers ?? {};
    const hit = (q.key && all[q.key] !== undefined ? q.key : undefined) ?? Object.keys(all).find((k) => q.message.includes(k));
    if (hit === undefined) return undefined;
    const v = all[hit]!;
    if (!Array.isArray(v)) return v;
    const n = used.get(hit) ?? 0;
    used.set(hit, n + 1);
    return v[n];
  };
  /** `inForm`: a form's field that offers nothing is left empty when the script gives no answer (Enter on the form) */
  const ask = async (q: AskOptions, inForm = false): Promise<string> => {
    asked.push(q);
    if (!interactive) throw new UsageError(`missing answer: ${q.message}${q.key ? ` ("${q.key}" in --answers)` : ''}`);
    const v = take(q);
    if (v === '\u001b') throw new GoBack();
    const value = v ?? q.initial ?? (inForm ? '' : undefined);
    if (value === undefined) throw new Error(`scripted IO: no answer for "${q.message}" (${q.key ?? 'no key'})`);
    const problem = q.validate?.(value);
    if (problem) throw new Error(`scripted IO: answer "${value}" to "${q.message}" refused: ${problem}`);
    transcript.push(`? ${q.message}: ${q.secret ? '••••' : value}`);
    return value;
  };
  const io: StepIO = {
    line: (text: string, tone: Tone = 'plain') => transcript.push(tone === 'plain' ? text : `[${tone}] ${text}`),
    copy: (text, label) => {
      if (label) transcript.push(label);
      transcript.push(text);
    },
    findings: (fs) => {
      for (const f of fs) transcript.push(`[${f.severity}] ${f.message}`);
    },
    plan: (plan, title) => {
      transcript.push(`${title}: plan`);
      for (const a of plan.actions) transcript.push(`+ ${a.summary} [${a.call}]`);
      for (const e of plan.existing) transcript.push(`= ${e.summary}`);
      for (const n of plan.notes ?? []) transcript.push(`! ${n}`);
    },
    progress: () => (e) => {
      if (e.type === 'done') transcript.push(`✔ ${e.action.summary}`);
      if (e.type === 'failed') transcript.push(`✖ ${e.action.summary}: ${e.error.message}`);
      if (e.type === 'skipped') transcript.push(`○ not done: ${e.action.summary} (${e.reason})`);
    },
    yes: script.yes ?? script.ci === true,
    flags: script.flags ?? {},
    interactive,
    goesBack: script.goesBack === true,
    // Esc scripted as the answer "pause"
    pause: async (label) => {
      transcript.push(`[pause] Enter ${label}`);
      const v = script.answers?.pause;
      if (v === '\u001b') throw new GoBack();
    },
    batch: () => (id, state, detail) => {
      if (state !== 'running') transcript.push(`${state === 'done' ? '✔' : '✖'} ${id}${detail ? ` ${detail}` : ''}`);
    },
    // every note read to its end; a secret in it counts as shown (and revealed)
    notes: (opts) => {
      const reel: Note[] = [];
      return {
        add: (note) => {
          reel.push(note);
          transcript.push(...note.lines);
          return !script.screen;
        },
        end: async () => {
          for (const [i, note] of reel.entries()) {
            if (script.screen && note.secret) note.onRevealed?.();
            for (const k of note.keys?.() ?? []) if (script.keys?.includes(k.key)) await k.run();
            for (const a of note.after?.() ?? []) transcript.push(`[${a.tone}] ${a.text}`);
            opts.onNext?.(i + 1);
          }
        },
      };
    },
    ask: (q) => ask(q),
    // a form: its fields answered one by one, each checked with the values so far
    form: async (questions) => {
      forms.push(questions.map((q) => q.message));
      const values = questions.map((q) => q.initial ?? '');
      for (const [i, q] of questions.entries()) {
        values[i] = await ask({
          ...q,
          validate: q.validate ? (v) => q.validate!(v, values.map((x, j) => (j === i ? v : x))) : undefined,
          live: q.live ? () => q.live!(values) : undefined,
        }, true);
        if (q.endsForm?.(values[i]!)) return values.map((v, j) => (j > i ? '' : v));
      }
      return values;
    },
    confirm: async (message, opts) => {
      confirmed.push(message);
      if (!interactive) return script.yes === true;
      const v = confirms.length > 0 ? confirms.shift()! : !opts?.defaultNo;
      transcript.push(`? ${message} ${v ? 'yes' : 'no'}`);
      return v;
    },
    task: (_label, work) => work(),
    showSecret: (s) => {
      secrets += 1;
      transcript.push(`[secret] ${s.text}`);
      if (s.lineNote) transcript.push(`[dim] ${s.lineNote}`);
      let cleared = false;
      return {
        clear: () => {
          if (!cleared) secrets -= 1;
          cleared = true;
        },
      };
    },
    waitFor: async ({ check }) => {
      for (;;) {
        if (await check()) return true;
        if (!interactive || waits.shift() !== true) return false;
      }
    },
    onInterrupt: () => () => {},
  };
  return { io, transcript, asked, forms, confirmed, secretsShown: () => secrets };
}
