// StepIO for the Ink wizard: a flow's lines become items in the store, its questions a
// prompt the view answers. Esc on a question throws GoBack into the flow.
import type { Flags } from '../../args.js';
import { neutralize } from '../../untrusted.js';
import { GoBack, type Note, type StepIO } from '../../steps/flow.js';
import { reduceProgress } from '../ApplyView.js';
import type { FlowStore, Item, NotesView } from './store.js';

/** the exit code of a closed terminal (SIGHUP): nobody is there to show anything to */
const HUNG_UP = 129;

export interface InkIOOptions {
  flags: Flags;
  yes: boolean;
  /**
   * run cleanup if the person interrupts (Ctrl-C, SIGHUP, SIGTERM), with the exit code
   * (129: the terminal is gone); `untimed`: no time limit. Returns how to unregister
   */
  onInterrupt: (cleanup: (code: number) => Promise<void>, opts?: { untimed?: boolean }) => () => void;
  /** a secret is on the screen: the screen is cleared at exit */
  secretShown: () => void;
  /** --demo's stand-in for a person at the console (root turns MFA on) */
  demo?: () => void;
  /**
   * the last line an interrupt's clean-up says before it is done (or before the screen
   * stops waiting for it: how many changes were made) is printed after the last frame,
   * with "Interrupted."
   */
  setInterruptSummary?: (text: string) => void;
}

const clean = (s: string) => neutralize(s);

export function inkStepIO(store: FlowStore, opts: InkIOOptions): StepIO {
  // an interrupt's clean-up is running: a timed one's last line is the run's last word
  // (it may await first, as offboard waits for the changes under way); one that waits for
  // a person says it first, then what the person is shown
  let inCleanup = false;
  let firstLineWins = false;
  let summarised = false;
  const ask = <T>(make: (resolve: (v: T) => void, back: () => void) => Parameters<FlowStore['setPrompt']>[0]) =>
    new Promise<T>((resolve, reject) => {
      store.setPrompt(
        make(
          (v) => {
            store.setPrompt(null);
            resolve(v);
          },
          () => {
            store.setPrompt(null);
            reject(new GoBack());
          },
        ),
      );
    });
  return {
    line: (text, tone = 'plain') => {
      if (inCleanup && !(firstLineWins && summarised)) {
        summarised = true;
        // printed after "Interrupted." on the way out
        opts.setInterruptSummary?.(clean(text).replace(/^Interrupted: /, ''));
      }
      store.push({ kind: 'line', text: clean(text), tone });
    },
    copy: (text, label) => void store.push({ kind: 'copy', text: clean(text), label: label === undefined ? undefined : clean(label) }),
    findings: (findings) => void store.push({ kind: 'findings', findings: findings.map((f) => ({ ...f, message: clean(f.message), fix: f.fix === undefined ? undefined : clean(f.fix) })) }),
    plan: (plan, title) => void store.push({ kind: 'plan', plan, title }),
    progress: (actions) => {
      let item: Item = store.push({ kind: 'progress', actions, states: {} });
      return (e) => {
        if (item.kind !== 'progress') return;
        const next: Item = { ...item, states: reduceProgress(item.states, e) };
        store.replace(item, next);
        item = next;
      };
    },
    yes: opts.yes,
    flags: opts.flags,
    interactive: true,
    goesBack: true,
    pause: (label, escape) => ask<void>((answer, back) => ({ kind: 'pause', go: () => answer(), label, back, ...(escape ? { escape } : {}) })),
    batch: (label, items) => {
      let item: Item = store.push({ kind: 'batch', label: clean(label), items: items.map((i) => ({ id: i.id, label: clean(i.label) })), states: {} });
      return (id, state, detail) => {
        if (item.kind !== 'batch') return;
        const next: Item = { ...item, states: { ...item.states, [id]: { state, ...(detail === undefined ? {} : { detail: clean(detail) }) } } };
        store.replace(item, next);
        item = next;
      };
    },
    notes: (o) => {
      let ended: (() => void) | null = null;
      const view: NotesView = { reel: [], at: 0, open: true, revealed: false, unseenWarned: false, busy: false, since: store.snapshot().items.length, opts: o, press: () => {} };
      // the pages whose secret a person has seen (p)
      const seen = new Set<number>();
      const set = (change: Partial<NotesView>) => {
        Object.assign(view, change);
        store.update((s) => ({ ...s, notes: { ...view } }));
      };
      const current = (): Note | undefined => view.reel[view.at];
      view.press = (key) => {
        const note = current();
        if (!note || view.busy) return;
        if (key === 'p' && note.secret && !o.revealed) {
          opts.secretShown();
          note.onRevealed?.();
          seen.add(view.at);
          set({ revealed: !view.revealed });
        } else if (key === 'enter') {
          // a password nobody has seen is not passed over on a reflex: said once, then Enter goes on
          if (note.secret && !o.revealed && !seen.has(view.at) && !view.unseenWarned && (view.at + 1 < view.reel.length || !view.open)) {
            set({ unseenWarned: true });
            return;
          }
          if (view.at + 1 < view.reel.length) {
            o.onNext?.(view.at + 1);
            set({ at: view.at + 1, revealed: false, unseenWarned: false });
          } else if (!view.open) {
            o.onNext?.(view.at + 1);
            store.update((s) => ({ ...s, notes: null }));
            ended?.();
          }
        } else {
          const k = note.keys?.().find((x) => x.key === key);
          if (!k) return;
          set({ busy: true });
          void k.run().finally(() => set({ busy: false }));
        }
      };
      store.update((s) => ({ ...s, notes: { ...view } }));
      return {
        add: (note) => {
          if (o.revealed && note.secret) opts.secretShown();
          set({ reel: [...view.reel, { ...note, lines: note.lines.map(clean) }] });
          // on a screen the password reaches a person when they reveal it
          return false;
        },
        end: () =>
          new Promise<void>((resolve) => {
            if (view.reel.length === 0) {
              store.update((s) => ({ ...s, notes: null }));
              return resolve();
            }
            ended = resolve;
            set({ open: false });
          }),
      };
    },
    ask: (q) =>
      ask<string>((answer, back) => ({
        kind: 'ask',
        q,
        answer: (v) => {
          store.push({ kind: 'line', text: `${fieldLabel(q.message)} ${q.secret ? '••••••' : clean(v)}`, tone: 'dim' });
          answer(v);
        },
        back,
      })),
    form: (questions) =>
      questions.length === 0 ? Promise.resolve([]) : ask<string[]>((answer, back) => ({
        kind: 'form',
        questions,
        answer: (values) => {
          for (const [i, q] of questions.entries()) store.push({ kind: 'line', text: `${fieldLabel(q.message)} ${q.secret ? '••••••' : clean(values[i] ?? '')}`, tone: 'dim' });
          answer(values);
        },
        back,
      })),
    confirm: (message, o) => {
      // --yes accepts what a plan offers without asking, as in --ci; a question whose safe
      // answer is no (taking access away, a secret not yet saved) is still asked
      if (opts.yes && o?.defaultNo !== true) {
        store.push({ kind: 'line', text: `${message} yes (--yes)`, tone: 'dim' });
        return Promise.resolve(true);
      }
      return ask<boolean>((answer, back) => ({
        kind: 'confirm',
        message,
        defaultNo: o?.defaultNo === true,
        ...(o?.noBack ? { noBack: true } : {}),
        answer: (yes) => {
          store.push({ kind: 'line', text: `${message} ${yes ? 'yes' : 'no'}`, tone: 'dim' });
          answer(yes);
        },
        back,
      }));
    },
    task: async (label, work) => {
      // a label may name what AWS or the command line gave (a user name)
      const shown = clean(label);
      store.setPrompt({ kind: 'task', label: shown });
      try {
        return await work();
      } finally {
        store.update((s) => (s.prompt?.kind === 'task' && s.prompt.label === shown ? { ...s, prompt: null } : s));
      }
    },
    showSecret: (secret) => {
      opts.secretShown();
      const item = store.push({ kind: 'secret', text: secret.text, qr: secret.qr });
      return { clear: () => store.remove(item) };
    },
    waitFor: async ({ label, check, everyMs, skip }) => {
      if (await check()) return true;
      return new Promise<boolean>((resolve) => {
        let settled = false;
        let timer: NodeJS.Timeout | undefined;
        let checking = false;
        const end = (v: boolean) => {
          if (settled) return;
          settled = true;
          if (timer) clearTimeout(timer);
          store.setPrompt(null);
          resolve(v);
        };
        const poll = async () => {
          if (settled || checking) return;
          checking = true;
          try {
            if (await check()) end(true);
          } catch {
            // a failed read is tried again at the next tick
          } finally {
            checking = false;
          }
          if (!settled) timer = setTimeout(() => void poll(), everyMs);
        };
        timer = setTimeout(() => void poll(), everyMs);
        store.setPrompt({
          kind: 'wait',
          label,
          skip,
          checkNow: () => {
            if (timer) clearTimeout(timer);
            void poll();
          },
          skipNow: () => end(false),
          demo: opts.demo
            ? () => {
                opts.demo!();
                if (timer) clearTimeout(timer);
                void poll();
              }
            : undefined,
        });
      });
    },
    onInterrupt: (cleanup, o) =>
      opts.onInterrupt(
        (code) => {
          inCleanup = true;
          firstLineWins = o?.waitsForPerson === true;
          let running: Promise<void>;
          try {
            running = Promise.resolve(cleanup({ hungUp: code === HUNG_UP }));
          } catch (e) {
            inCleanup = false;
            throw e;
          }
          return running.finally(() => {
            inCleanup = false;
          });
        },
        o?.waitsForPerson ? { untimed: true } : undefined,
      ),
  };
}

/** A question as a field's label: "Name:", but "Who was it?" keeps its own mark. */
export function fieldLabel(message: string): string {
  return /[?:]$/.test(message) ? message : `${message}:`;
}
