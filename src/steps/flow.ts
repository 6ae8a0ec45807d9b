// A day-one step written once: its questions, its reading of the account, its plan and
// its apply, as plain async code against StepIO. Two presenters implement StepIO: the Ink
// wizard (src/screens/flow) and the line runner (--ci and --plain, src/headless). No UI here.
import type { Answers } from '../answers.js';
import type { Flags } from '../args.js';
import type { Preflight } from './preflight.js';
import type { Finding } from './root-email.js';
import type { Action, ApplyResult, Plan, ProgressEvent, StepContext } from './types.js';
import type { WrittenWorkflow } from './reminder.js';

/** What earlier steps learned that later ones use (root email → contacts warnings, admin → MFA…). */
export interface WizardShared {
  rootEmail?: string;
  securityEmail?: string;
  adminUser?: string;
  accountAlias?: string | null;
  /** the first monthly root check (YYYY-MM-DD), once the reminder is written */
  nextCheck?: string;
  /** the GitHub Actions workflow the reminder wrote in this run (the alert step adds its address to it) */
  reminderWorkflow?: WrittenWorkflow;
  /**
   * a workflow the reminder found in place (written by an earlier run, never rewritten):
   * its path and text, and the address its verify was checked for then, if any (the alert
   * step says when its verify lacks the address it sets the alert up for)
   */
  reminderWorkflowInPlace?: { path: string; content: string; checkedFor?: string };
}

export interface StepOutcome {
  status: 'done' | 'skipped' | 'pending' | 'failed';
  /** lines for the Done screen and the closing summary: what was created or found */
  summary: string[];
  /** what is left for a human: each one a whole command or console path */
  todo?: string[];
  /**
   * what a person copies after the run (a crontab line), with what to do with it: the Done
   * screen lists it with the to-dos and prints it whole, so the step need not hold its own
   * screen for it
   */
  copy?: { label: string; text: string }[];
  shared?: Partial<WizardShared>;
  /**
   * Actions the person already confirmed that must run after every other step has been
   * applied, as the very last thing: deleting the root access keys the run itself is
   * signed in with ends the session, so nothing may come after them. The run loop collects
   * these from all outcomes and runs them once, in step order; their result goes into that
   * step's summary.
   */
  lastActions?: Action[];
  /** the step failed because of the environment: access denied, no credentials, no network (exit 2) */
  accessDenied?: boolean;
  /** an output file given by path was refused or could not be written (a symlink, another user's file, a missing folder): exit 2, as for any command */
  outputRefused?: boolean;
}

export interface AskOptions {
  message: string;
  /** the flag that answers this in scripted runs, e.g. --admin-user NAME */
  flag?: string;
  /** the answers-file key, e.g. admin.userName */
  key?: string;
  /** the value offered (Enter keeps it) */
  initial?: string;
  /** an example shown in an empty field; never taken as a value */
  placeholder?: string;
  /** set by the run loop: Esc cannot go back from this question (a change is already made) */
  noBack?: boolean;
  /** what Esc does here on a screen, when it is not "back" (e.g. "quit" on a flow's first question) */
  escape?: string;
  /** values offered as typing matches their start (on a screen: shown after the cursor, Enter takes it) */
  suggestions?: string[];
  /**
   * an error message for a bad value, or null when it is fine; in a `form`, `form` holds
   * every field's value as it is now (this one's at its own index)
   */
  validate?: (value: string, form?: readonly string[]) => string | null;
  /** on a screen, `validate` runs as each key is typed (a name whose every prefix can be checked) */
  checkAsTyped?: boolean;
  /** live notes under the field while a value is typed (e.g. warnings about an address) */
  notes?: (value: string) => Finding[];
  /** typed input is not echoed (codes, secrets) */
  secret?: boolean;
  /** pick one of these (a numbered list in --plain) */
  choices?: string[];
  /** on a screen, words shown after each choice (at the same index): what it is, e.g. "(new)" */
  choiceNotes?: string[];
  /** characters a key may add (e.g. digits for a code) */
  allowed?: RegExp;
  /** a line under the field that changes with time (a countdown): redrawn every second on a screen, printed once in lines */
  live?: (form?: readonly string[]) => string;
  /** in a form: this answer ends the form here, the fields after it left empty (e.g. 'i' to redraw a QR code) */
  endsForm?: (value: string) => boolean;
}

/** How a line of prose looks: its mark and colour on a screen, its prefix in plain lines. */
export type Tone = 'plain' | 'pass' | 'warn' | 'fail' | 'info' | 'dim' | 'heading';

/** A secret put on the screen; clear() takes it off again. */
export interface Shown {
  clear: () => void;
}

/** A secret to show: the text, and the otpauth URI when it is a QR code (drawn by the presenter). */
export interface Secret {
  text: string;
  /** draw this as a QR code (virtual MFA enrolment) */
  qr?: string;
  /** a line said after it by the line front ends only (a screen has its own keys for it) */
  lineNote?: string;
}

/** One page of a `notes` reel: lines a person reads or copies, maybe with one secret in them. */
export interface Note {
  /** the lines, copied as they are (no marks): where `secret` appears in one it is masked on a screen */
  lines: string[];
  /** the secret in the lines (a temporary password): on a screen masked until p; in lines printed as a secret */
  secret?: string;
  /** the secret reached a person on a screen (p revealed it) */
  onRevealed?: () => void;
  /** lines under the note, asked again at every redraw (a result of `keys` changes them) */
  after?: () => { text: string; tone: Tone }[];
  /**
   * keys this note offers on a screen (never in lines), asked again at every redraw: `run`
   * may use the same StepIO (another flow); the note comes back when it ends
   */
  keys?: () => { key: string; label: string; run: () => Promise<void> }[];
}

export interface NotesOptions {
  /** a line over the note: `at` counts from 1; `open` while more may be added */
  heading?: (at: number, of: number, open: boolean) => string;
  /** the secrets are shown as they are, without p (a person must store them now) */
  revealed?: boolean;
  /** what Enter on the last note does, e.g. "finish" */
  last: string;
  /** Enter past note `at` (from 1), e.g. its secret is stored now */
  onNext?: (at: number) => void;
}

/** A reel of notes, one page at a time on a screen (Enter pages on); printed one after another in lines. */
export interface Notes {
  /** add a note; true when its secret reached a person at once (printed), false when only `onRevealed` will say so */
  add: (note: Note) => boolean;
  /** no more notes: resolves once the person has paged past the last (Enter); in lines at once */
  end: () => Promise<void>;
}

/** How things worked on each on their own (engineers of a batch) are going. */
export type BatchState = 'running' | 'done' | 'failed';

/**
 * How a step talks to a person or a log. The Ink wizard and the line runner implement it.
 * In --ci `ask` throws UsageError naming the flag and the answers key, and `confirm` is --yes.
 * A presenter that lets a person go back throws GoBack from `ask`/`form`/`confirm`.
 */
export interface StepIO {
  /** one line of prose (never a command to copy: use `copy`) */
  line: (text: string, tone?: Tone) => void;
  /** something a person copies (a command, a cron line, a URL, a key): printed whole, never wrapped */
  copy: (text: string, label?: string) => void;
  findings: (findings: Finding[]) => void;
  /** show a plan (what will change, what is already in place) */
  plan: (plan: Plan, title: string) => void;
  /** show the progress of applying actions; returns the event sink */
  progress: (actions: Action[]) => (e: ProgressEvent) => void;
  /** --yes: accept plans without asking */
  yes: boolean;
  flags: Flags;
  /** a person answers questions; false in --ci */
  interactive: boolean;
  /** a person can go back to an earlier question (Esc on a screen: GoBack); false in lines */
  goesBack: boolean;
  /** what is shown stays until Enter (`label`: what Enter does); Esc (`escape`: what it does, "back" by default) throws GoBack. In lines: at once */
  pause: (label: string, escape?: string) => Promise<void>;
  /**
   * Items worked on each on their own, several at once (the engineers of a batch): on a
   * screen a count line and a row for each under way or failed; in lines a line as each
   * ends. Returns how to report an item's state (`detail`: what is said with it).
   */
  batch: (label: string, items: { id: string; label: string }[]) => (id: string, state: BatchState, detail?: string) => void;
  /** a reel of notes to hand over (welcome notes): see Notes */
  notes: (opts: NotesOptions) => Notes;
  ask: (q: AskOptions) => Promise<string>;
  /**
   * Several questions answered together, one value per question in their order: on a
   * screen, one form (all fields at once, Enter accepts the offered values); in lines, one
   * question after another as `ask` puts them; in --ci, `ask`'s UsageError for the first
   * one. Text questions only (no `choices`). Going back (GoBack) leaves the whole form.
   */
  form: (questions: AskOptions[]) => Promise<string[]>;
  /** `defaultNo`: Enter alone answers no (a plan that takes access away) */
  confirm: (message: string, opts?: { defaultNo?: boolean; noBack?: boolean }) => Promise<boolean>;
  /** run slow work with a progress line ("Reading the alternate contacts…") */
  task: <T>(label: string, work: () => Promise<T>) => Promise<T>;
  /** show something secret (a QR code, a key, a password) and return how to take it off the screen */
  showSecret: (secret: Secret) => Shown;
  /**
   * Wait until `check` holds, asking it again every `everyMs` ms, while the person does
   * something elsewhere (sign in as root and turn on MFA). Resolves true once it holds,
   * false when the person moves on without it. In --ci: one check, no waiting.
   */
  waitFor: (w: { label: string; check: () => Promise<boolean>; everyMs: number; skip: string }) => Promise<boolean>;
  /**
   * Undo something half done (an MFA device created but not enabled) if the run is
   * interrupted; returns how to unregister. `why.hungUp`: the terminal is gone (nobody to
   * show anything to). `waitsForPerson`: the clean-up may wait for work under way and for a
   * person (passwords to store) without the usual time limit; a second interrupt ends the run.
   */
  onInterrupt: (cleanup: (why?: { hungUp?: boolean }) => Promise<void>, opts?: { waitsForPerson?: boolean }) => () => void;
}

/** Thrown by a presenter's ask/confirm when the person goes back (Esc). */
export class GoBack extends Error {
  constructor() {
    super('back');
    this.name = 'GoBack';
  }
}

/**
 * Thrown by a line presenter's ask when its input ended (Ctrl-D, a script out of answers)
 * before the question was answered. Not an interrupt: nothing more is asked or changed,
 * and what ran keeps its outcome. A confirm answers no instead of throwing.
 */
export class InputEnded extends Error {
  constructor() {
    super('the input ended before the question was answered');
    this.name = 'InputEnded';
  }
}

/** What a step's flow is given besides its IO. */
export interface FlowInput<S> {
  ctx: StepContext;
  answers: Answers;
  shared: WizardShared;
  preflight: Preflight;
  /** the ids of the steps this run runs, in the wizard's order */
  steps?: readonly string[];
  /** what the step's `inspect` read, started before the first question (the one read of the account) */
  inspect: () => Promise<S>;
  /** read the account again (after a retry); later calls of `inspect` return this read */
  reinspect: () => Promise<S>;
}

/**
 * One day-one step. `inspect` runs for every selected step at once after preflight (one
 * read of the account); `run` is the whole flow, written once for every front end.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list holds steps of different states
export interface StepDefinition<S = any> {
  id: string;
  title: string;
  /** the welcome screen's line for it */
  outline: string;
  /** earlier steps whose failure makes this one pointless (mfa needs the admin user) */
  needs?: string[];
  /**
   * earlier steps whose findings (`shared`) this one uses: it runs after them even when
   * steps run at the same time (--ci). A function names them for the given answers: none
   * when the answers already hold what it would take from them.
   */
  after?: string[] | ((answers: Answers) => string[]);
  /**
   * read the account before any question; may use answers given up front. `unattended`:
   * nobody answers questions (--ci), so what only a person's answers would use need not be read
   */
  inspect?: (ctx: StepContext, input: { answers: Answers; preflight: Preflight; shared: WizardShared; unattended?: boolean }) => Promise<S>;
  run: (input: FlowInput<S>, io: StepIO) => Promise<StepOutcome>;
}

/** Plural helper for messages. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
