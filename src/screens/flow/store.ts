// What the Ink presenter shows while a step's flow runs: the lines so far, and the one
// question (or wait) the flow is awaiting. The flow writes through StepIO (ink-io.ts); the
// view (FlowView.tsx) reads a snapshot with useSyncExternalStore.
import type { AskOptions, BatchState, Note, NotesOptions, Tone } from '../../steps/flow.js';
import type { Finding } from '../../steps/root-email.js';
import type { Action, Plan } from '../../steps/types.js';
import type { ActionState } from '../ApplyView.js';
import type { FormState } from './form-state.js';

export type Item =
  | { kind: 'line'; text: string; tone: Tone }
  | { kind: 'copy'; text: string; label?: string }
  | { kind: 'findings'; findings: Finding[] }
  | { kind: 'plan'; plan: Plan; title: string }
  | { kind: 'progress'; actions: Action[]; states: Record<string, ActionState> }
  | { kind: 'secret'; text: string; qr?: string }
  /** items worked on each on their own: a count line, a row for each under way or failed */
  | { kind: 'batch'; label: string; items: { id: string; label: string }[]; states: Record<string, { state: BatchState; detail?: string }> };

/** A reel of notes on screen, one page at a time, under the items (see StepIO.notes). */
export interface NotesView {
  reel: Note[];
  /** the page shown (from 0) */
  at: number;
  /** more notes may come */
  open: boolean;
  /** the page's secret is shown as it is */
  revealed: boolean;
  /** Enter was pressed on a page whose secret was never shown: said once, the next Enter goes on */
  unseenWarned: boolean;
  /** a key's work runs (another flow): the reel is hidden and takes no keys */
  busy: boolean;
  /** how many items there were when the reel began: one that shows secrets as they are (to store now) shows only what came after */
  since: number;
  opts: NotesOptions;
  /** Enter, p, or a note's own key */
  press: (key: 'enter' | 'p' | string) => void;
}

export type Prompt =
  /** draft: what is typed so far, kept when the view around the field changes (Tab to the key and back) */
  | { kind: 'ask'; q: AskOptions; answer: (value: string) => void; back: () => void; draft?: string }
  /** several fields on one screen; draft: what is typed and where the focus is, kept as `ask`'s */
  | { kind: 'form'; questions: AskOptions[]; answer: (values: string[]) => void; back: () => void; draft?: FormState }
  | { kind: 'confirm'; message: string; defaultNo: boolean; answer: (yes: boolean) => void; back: () => void; noBack?: boolean }
  | { kind: 'wait'; label: string; skip: string; checkNow: () => void; skipNow: () => void; demo?: () => void }
  | { kind: 'task'; label: string }
  /**
   * the step is over; what it showed last stays until Enter (`quit`: the run ends with it;
   * Esc too). `label`: what Enter does; `back`: Esc goes back (`escape`: what that is called)
   */
  | { kind: 'pause'; go: () => void; quit?: boolean; label?: string; back?: () => void; escape?: string };

export interface FlowSnapshot {
  title: string;
  /** "Step 3 of 7" */
  position?: { index: number; total: number };
  /** the steps finished before this one: a line each */
  finished: { title: string; status: string; summary: string }[];
  items: Item[];
  prompt: Prompt | null;
  /** a reel of notes shown under the items */
  notes?: NotesView | null;
  /** how many items there were when the last question was put */
  answeredAt?: number;
  /** the step has asked something */
  asked?: boolean;
}

/** A tiny external store: the flow mutates, React re-renders on change. */
export class FlowStore {
  private snap: FlowSnapshot = { title: '', finished: [], items: [], prompt: null };
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  readonly snapshot = (): FlowSnapshot => this.snap;

  update(fn: (s: FlowSnapshot) => FlowSnapshot): void {
    this.snap = fn(this.snap);
    for (const l of this.listeners) l();
  }

  /** a new step: its title and position, no lines yet */
  startStep(title: string, position?: { index: number; total: number }): void {
    this.update((s) => ({ ...s, title, position, items: [], prompt: null, notes: null, answeredAt: 0, asked: false }));
  }

  push(item: Item): Item {
    this.update((s) => ({ ...s, items: [...s.items, item] }));
    return item;
  }

  replace(old: Item, next: Item): void {
    this.update((s) => ({ ...s, items: s.items.map((i) => (i === old ? next : i)) }));
  }

  remove(item: Item): void {
    this.update((s) => ({ ...s, items: s.items.filter((i) => i !== item) }));
  }

  setPrompt(prompt: Prompt | null): void {
    this.update((s) => ({ ...s, prompt, ...(prompt && prompt.kind !== 'task' && prompt.kind !== 'pause' ? { answeredAt: s.items.length, asked: true } : {}) }));
  }

  /**
   * Something to read or copy came after the last question (a command, a key, a result):
   * keep it for Enter. `carried`: lines to copy that the Done screen shows (no hold for them).
   */
  async holdIfNeeded(carried: string[] = []): Promise<void> {
    const s = this.snap;
    // a step that asked nothing (already done) goes on: what it found is on the Done screen
    if (!s.asked) return;
    const after = s.items.slice(s.answeredAt ?? 0);
    if (!after.some((i) => (i.kind === 'copy' && !carried.includes(i.text)) || i.kind === 'secret')) return;
    await this.pause();
  }

  /** wait for Enter on what is shown (`quit`: Enter or Esc ends the run) */
  pause(quit = false): Promise<void> {
    return new Promise<void>((resolve) => this.setPrompt({ kind: 'pause', go: () => (this.setPrompt(null), resolve()), ...(quit ? { quit } : {}) }));
  }
}
