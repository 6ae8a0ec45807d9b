// The plain front end: the same steps as the Ink screens, one question at a time, for
// screen readers, dumb terminals and logs. Output only ever appends: a question is one
// line, choices a numbered list, an answer is read as a whole line.
//
// enquirer redraws its prompt on every key (cursor up, erase line). Here its prompts run
// with `show: false` and a silent output: they keep their own job (initial values,
// validation, results) while the terminal's own line editing echoes what is typed, which
// is what screen readers and terminals without raw mode handle best. Secrets are read
// with echo off (raw mode, or `stty -echo` where raw mode is missing).
//
// The one escape sequence written is the clear-screen that takes a secret (QR code, key,
// password) off the screen: ESC[2J ESC[3J ESC[H. It erases, it does not redraw; it is
// written only to a terminal that can clear (a TTY, TERM not dumb).
import { neutralizeLines } from '../untrusted.js';
import { wrapText } from '../text-wrap.js';
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { EventEmitter } from 'node:events';
import Enquirer from 'enquirer';
import type { Flags } from '../args.js';
import type { AskOptions, HeadlessIO } from '../headless/types.js';
import { interruptCleanups } from '../headless/interrupt-cleanups.js';
import { InputEnded } from '../steps/flow.js';

export const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';

export interface PlainInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?: (mode: boolean) => unknown;
  fd?: number;
}

export interface PlainTerminal {
  input: PlainInput;
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** Ctrl-C typed while a secret is read in raw mode (the end of the input is InputEnded). */
export class PlainInterrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlainInterrupted';
  }
}

export interface PlainIO extends HeadlessIO {
  /** take any secret still on screen off it (asks for Enter first when a person is there); stop reading input */
  close: (opts?: { interrupted?: boolean }) => Promise<void>;
  onInterrupt: (cleanup: () => Promise<void>) => () => void;
  /** run (once) what the steps registered with onInterrupt */
  cleanUp: () => Promise<void>;
  /** false until a confirm is answered yes (or --yes answers it): every change waits for one */
  mayHaveChanged: () => boolean;
}

// --- enquirer, driven without its renderer -------------------------------------------
interface EnquirerPrompt extends EventEmitter {
  run: () => Promise<unknown>;
  keypress: (input: string | null, key?: Record<string, unknown>) => Promise<void>;
  submit: () => Promise<void>;
  cancel: (err?: unknown) => Promise<void>;
  input: string;
  cursor: number;
  index: number;
  cursorHide(): void;
  cursorShow(): void;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PromptClass = new (...args: any[]) => EnquirerPrompt;
const prompts = Enquirer as unknown as { Input: PromptClass; Password: PromptClass; Confirm: PromptClass; Select: PromptClass };

function silent(): Writable {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  // enquirer asks the output for its width
  return Object.assign(sink, { columns: 80, rows: 24 });
}

/** Start an enquirer prompt that renders nowhere; resolves once it has submitted. */
function start(Kind: PromptClass, options: Record<string, unknown>) {
  // hiding the cursor also installs enquirer's own SIGINT handler, which exits at once
  // (before a secret on screen could be cleared): nothing is drawn here, so nothing to hide
  const Quiet = class extends Kind {
    override cursorHide() {}
    override cursorShow() {}
  };
  const prompt = new Quiet({ ...options, show: false, stdout: silent() });
  let settled = false;
  const result = prompt.run().then((v) => {
    settled = true;
    return v;
  });
  // a cancelled prompt (Ctrl-C, end of input) rejects; the caller throws its own error then
  result.catch(() => {});
  // run() initialises asynchronously; keys before that would be lost
  const ready = new Promise<void>((resolve) => prompt.once('run', () => resolve()));
  return { prompt, result, ready, settled: () => settled };
}

// --- input: whole lines (cooked mode) or keys with echo off (secrets) -----------------
class Reader {
  private buffer = '';
  private ended = false;
  private wake: (() => void) | null = null;
  private listening = false;
  constructor(private readonly input: PlainInput) {}

  private readonly onData = (d: Buffer | string) => {
    this.buffer += typeof d === 'string' ? d : d.toString('utf8');
    this.wake?.();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.wake?.();
  };

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.resume();
  }

  stop(): void {
    if (!this.listening) return;
    this.listening = false;
    this.input.removeListener('data', this.onData);
    this.input.removeListener('end', this.onEnd);
    this.input.pause();
  }

  private async more(): Promise<boolean> {
    if (this.ended) return false;
    this.listen();
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    return true;
  }

  /** the next line without its ending; null when the input ended first. Ctrl-C typed in raw mode interrupts. */
  async line(): Promise<string | null> {
    for (;;) {
      const cc = this.buffer.indexOf('\u0003');
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (cc !== -1 && (end === -1 || cc < end)) {
        this.buffer = this.buffer.slice(cc + 1);
        throw new PlainInterrupted('Ctrl-C');
      }
      if (end !== -1) {
        const text = this.buffer.slice(0, end);
        const nl = this.buffer.startsWith('\r\n', end) ? 2 : 1;
        this.buffer = this.buffer.slice(end + nl);
        // raw mode delivers erase keys as characters: apply them
        let out = '';
        for (const ch of text) out = ch === '\u007f' || ch === '\b' ? out.slice(0, -1) : out + ch;
        return out;
      }
      if (!(await this.more())) {
        if (this.buffer === '') return null;
        const rest = this.buffer;
        this.buffer = '';
        return rest;
      }
    }
  }
}

function withEchoOff<T>(input: PlainInput, fn: () => Promise<T>): { run: Promise<T>; hidden: boolean } {
  if (input.isTTY && typeof input.setRawMode === 'function') {
    const wasRaw = input.isRaw === true;
    input.setRawMode(true);
    return { run: fn().finally(() => input.setRawMode!(wasRaw)), hidden: true };
  }
  // a terminal without raw mode: the tty driver's echo flag, through stty on the same device
  if (input.isTTY && input.fd === 0) {
    const off = spawnSync('stty', ['-echo'], { stdio: ['inherit', 'ignore', 'ignore'] });
    if (off.status === 0) {
      return { run: fn().finally(() => spawnSync('stty', ['echo'], { stdio: ['inherit', 'ignore', 'ignore'] })), hidden: true };
    }
  }
  return { run: fn(), hidden: !input.isTTY };
}

// --- the IO -------------------------------------------------------------------------
export function plainIO(term: PlainTerminal, flags: Flags): PlainIO {
  const { input, output, env } = term;
  const reader = new Reader(input);
  const write = (text: string) => output.write(text);
  // a terminal's width, read at each line (it may be resized); a pipe or a log has none,
  // and its lines stay whole. A secret (QR code, key) is never wrapped.
  const say = (text: string) => write(wrapText(text, output.isTTY ? (output.columns ?? 0) : 0));
  // a TTY echoes the typed line itself; anything else (a pipe) does not, so the log gets the value
  const echoes = input.isTTY === true;
  const canClear = output.isTTY === true && env.TERM !== 'dumb';
  const onScreen = new Set<{ cleared: boolean }>();
  const interrupts = interruptCleanups((message) => write(`✖ Could not undo an unfinished change: ${message}\n`));

  function clearSecrets(): void {
    if (onScreen.size === 0) return;
    onScreen.clear();
    if (canClear) {
      write(CLEAR_SCREEN);
      write("The secret was cleared from the screen. The terminal's scrollback may still hold it: clear the scrollback or close this window.\n");
    } else {
      write('This output cannot be cleared: the secret above stays in it. Remove it from any log or file this was written to.\n');
    }
  }

  async function readAnswer(secret: boolean): Promise<string> {
    let line: string | null;
    let closed = false;
    if (secret) {
      const r = withEchoOff(input, () => reader.line());
      line = await r.run;
      // the Enter key was not echoed either
      if (r.hidden) write('\n');
      closed = r.hidden;
    } else {
      line = await reader.line();
      if (line !== null && !echoes) write(`${line}\n`);
    }
    if (line === null) {
      // nothing was typed: the line the question left open is closed
      if (!closed) write('\n');
      throw new InputEnded();
    }
    return line;
  }

  async function askText(q: AskOptions): Promise<string> {
    let lastError: string | null = null;
    const validate = (v: string) => {
      lastError = q.validate ? q.validate(v) : null;
      return lastError ?? true;
    };
    const { prompt, result, ready, settled } = start(q.secret ? prompts.Password : prompts.Input, {
      name: 'value',
      message: q.message,
      initial: q.secret ? undefined : q.initial,
      validate,
    });
    await ready;
    const hint = q.secret ? ' (typing is not shown)' : q.initial ? ` (Enter keeps "${q.initial}")` : '';
    for (;;) {
      say(`? ${q.message}${hint}:`);
      write(' ');
      let line: string;
      try {
        line = await readAnswer(q.secret === true);
      } catch (e) {
        await prompt.cancel().catch(() => {});
        throw e;
      }
      prompt.input = line;
      prompt.cursor = line.length;
      await prompt.keypress('\r');
      if (settled()) {
        const value = String(await result);
        if (!q.secret && line === '' && value !== '') write(`  → ${value}\n`);
        return value;
      }
      say(`  ✖ ${lastError ?? 'not a valid answer'}\n`);
    }
  }

  async function askChoice(q: AskOptions, choices: string[]): Promise<string> {
    const { prompt, result, ready, settled } = start(prompts.Select, { name: 'value', message: q.message, choices: [...choices] }); // Select turns its choices into objects in place
    await ready;
    say(`? ${q.message}\n`);
    choices.forEach((c, i) => say(`  ${i + 1}. ${c}\n`));
    const keep = q.initial && choices.includes(q.initial) ? ` (Enter keeps "${q.initial}")` : '';
    for (;;) {
      write(`  Number or name${keep}: `);
      let line: string;
      try {
        line = (await readAnswer(false)).trim();
      } catch (e) {
        await prompt.cancel().catch(() => {});
        throw e;
      }
      const picked =
        line === '' && keep
          ? choices.indexOf(q.initial!)
          : /^\d+$/.test(line)
            ? Number(line) - 1
            : choices.findIndex((c) => c.toLowerCase() === line.toLowerCase());
      const error = picked < 0 || picked >= choices.length ? `answer with a number from 1 to ${choices.length} or a name from the list` : (q.validate?.(choices[picked]!) ?? null);
      if (error) {
        say(`  ✖ ${error}\n`);
        continue;
      }
      prompt.index = picked;
      await prompt.submit();
      if (settled()) {
        const value = String(await result);
        write(`  → ${value}\n`);
        return value;
      }
    }
  }

  let accepted = false;
  /** a confirm already met the end of the input: no later one is asked (nobody can answer) */
  let inputEnded = false;
  async function confirm(message: string, opts: { defaultNo?: boolean } = {}): Promise<boolean> {
    const ok = await answerConfirm(message, opts);
    if (ok) accepted = true;
    return ok;
  }

  async function answerConfirm(message: string, opts: { defaultNo?: boolean }): Promise<boolean> {
    if (flags.yes === true) {
      say(`? ${message} yes (--yes)\n`);
      return true;
    }
    // the first one met at the end of the input is answered no (a declined plan changes
    // nothing); any after it stops the run, as a question does
    if (inputEnded) throw new InputEnded();
    const { prompt, result, ready, settled } = start(prompts.Confirm, { name: 'ok', message, initial: opts.defaultNo !== true });
    await ready;
    for (;;) {
      say(`? ${message} (yes or no, Enter for ${opts.defaultNo ? 'no' : 'yes'}):`);
      write(' ');
      let line: string;
      try {
        line = (await readAnswer(false)).trim().toLowerCase();
      } catch (e) {
        await prompt.cancel().catch(() => {});
        // nobody can answer any more: the answer that changes nothing
        if (e instanceof InputEnded) {
          inputEnded = true;
          write('  → no (the input ended)\n');
          return false;
        }
        throw e;
      }
      if (line === '') await prompt.keypress('\r');
      else if (line === 'y' || line === 'yes') await prompt.keypress('y');
      else if (line === 'n' || line === 'no') await prompt.keypress('n');
      if (settled()) {
        const ok = (await result) === true;
        if (line === '') write(`  → ${ok ? 'yes' : 'no'}\n`);
        return ok;
      }
      write('  ✖ answer yes or no\n');
    }
  }

  return {
    // the last stop before the terminal: no control character gets out
    line: (text) => say(`${neutralizeLines(text)}\n`),
    yes: flags.yes === true,
    flags,
    interactive: true,
    ask: (q) => (q.choices && q.choices.length > 0 ? askChoice(q, q.choices) : askText(q)),
    confirm,
    showSecret: (text) => {
      const entry = { cleared: false };
      onScreen.add(entry);
      write(`${neutralizeLines(text)}\n`);
      return {
        clear: () => {
          if (entry.cleared) return;
          entry.cleared = true;
          clearSecrets();
        },
      };
    },
    ...interrupts,
    mayHaveChanged: () => accepted,
    async close(opts = {}) {
      try {
        if (onScreen.size > 0 && !opts.interrupted && canClear && (inputEnded || !input.isTTY)) {
          // nobody can say it is stored: a secret only AWS knows is not wiped from the screen
          write('The secret above stays on the screen: nobody could confirm it is stored. Clear the screen and scrollback once it is.\n');
          return;
        }
        if (onScreen.size > 0 && !opts.interrupted && canClear) {
          write('? Press Enter once it is stored, to clear it from the screen: ');
          if ((await reader.line().catch(() => null)) === null) {
            write('\nThe secret above stays on the screen: nobody could confirm it is stored. Clear the screen and scrollback once it is.\n');
            return;
          }
        }
        clearSecrets();
      } finally {
        reader.stop();
      }
    },
  };
}
