// ink-testing-library, wrapped once. Ink re-subscribes useInput after every render,
// so a key sent before the previous one has re-rendered is lost: press() waits for
// the frame to change (or a short settle) after each key before sending the next.
import React from 'react';
import { render as inkRender } from 'ink-testing-library';
import { Root, useLifecycle, type Lifecycle } from '../../src/screens/Root.js';
import { UiProvider, type UiSettings } from '../../src/screens/ui/UiContext.js';
import { SessionProvider } from '../../src/screens/SessionContext.js';
import type { Session } from '../../src/session.js';

export const KEYS = {
  enter: '\r',
  escape: '\u001B',
  ctrlC: '\u0003',
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  right: '\u001B[C',
  tab: '\t',
  backspace: '\u007F',
} as const;

// eslint-disable-next-line no-control-regex
const ANSI = /[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[a-zA-Z\d]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;

// an operating system command (OSC 8 hyperlinks, titles) with any payload, to BEL or ST
// eslint-disable-next-line no-control-regex
const OSC = /\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

export function stripAnsi(s: string): string {
  return s.replace(OSC, '').replace(ANSI, '');
}

const tick = () => new Promise<void>((r) => setImmediate(() => setTimeout(r, 0)));

export interface Rendered {
  frame: () => string;
  frames: () => string[];
  stdin: { write: (s: string) => void };
  exitCode: () => number | undefined;
  interruptSummary: () => string | null;
  /** the lines the CLI prints below the last frame once it exits (lines too wide for a frame) */
  afterExit: () => string[];
  /** end the app as the command would (the lifecycle's finish) */
  finish: (code?: number) => void;
  abort: AbortController;
  unmount: () => void;
  rerender: (node: React.ReactNode) => void;
  /** the terminal changes size: Ink and useStdout() readers see it as on a real resize */
  resize: (columns: number, rows: number) => void;
}

export interface RenderOptions {
  ui?: Partial<UiSettings>;
  session?: Session;
}

/** Render under the same <Root> and providers as the real CLI. */
export function render(node: React.ReactNode, opts: RenderOptions = {}): Rendered {
  const abort = new AbortController();
  let code: number | undefined;
  let summary: string | null = null;
  let after: string[] = [];
  let lifecycle: Lifecycle | null = null;
  const Probe = () => {
    lifecycle = useLifecycle();
    return null;
  };
  const wrap = (n: React.ReactNode) => {
    const inner = (
      <UiProvider value={{ animate: false, ...opts.ui }}>
        <Root
          abort={abort}
          onExit={(c, s, _secret, keep) => {
            code = c;
            summary = s;
            after = keep;
          }}
        >
          <Probe />
          {n}
        </Root>
      </UiProvider>
    );
    return opts.session ? <SessionProvider session={opts.session}>{inner}</SessionProvider> : inner;
  };
  const r = inkRender(wrap(node));
  return {
    frame: () => stripAnsi(r.lastFrame() ?? ''),
    frames: () => r.frames.map(stripAnsi),
    stdin: r.stdin,
    exitCode: () => code,
    interruptSummary: () => summary,
    afterExit: () => after,
    finish: (c = 0) => lifecycle?.finish(c),
    abort,
    unmount: r.unmount,
    rerender: (n) => r.rerender(wrap(n)),
    resize: (columns, rows) => {
      Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
      (r.stdout as unknown as NodeJS.EventEmitter).emit('resize');
    },
  };
}

/**
 * How long a wait goes on before it fails: a ceiling for a test that would otherwise hang,
 * not a speed target (the first frame of a file's first test, with its imports, can take
 * seconds on a machine busy with other work). A test that expects a frame never to come
 * passes its own, short timeout.
 */
export const WAIT_CEILING_MS = 30_000;

export async function waitForFrame(
  r: Rendered,
  predicate: (frame: string) => boolean,
  { timeout = WAIT_CEILING_MS, what }: { timeout?: number; what?: string } = {},
): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const f = r.frame();
    if (predicate(f)) return f;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what ?? 'frame'}; last frame:\n${f}`);
    }
    await new Promise((res) => setTimeout(res, 10));
  }
}

export function waitForText(r: Rendered, text: string | RegExp, timeout = WAIT_CEILING_MS): Promise<string> {
  return waitForFrame(r, (f) => (typeof text === 'string' ? f.includes(text) : text.test(f)), { timeout, what: String(text) });
}

/** Let mounted inputs subscribe before the first key. */
export async function waitForInputsReady(): Promise<void> {
  await tick();
  await tick();
}

/** Send keys one at a time, each after the previous one has been rendered. */
export async function press(r: Rendered, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    const before = r.frame();
    r.stdin.write(key);
    const deadline = Date.now() + 200;
    while (r.frame() === before && Date.now() < deadline) await tick();
    await tick();
  }
}

/** Type text character by character (see press), without Enter. */
export async function type(r: Rendered, text: string): Promise<void> {
  await press(r, ...[...text]);
}

export async function waitForExit(r: Rendered, timeout = WAIT_CEILING_MS): Promise<number> {
  const deadline = Date.now() + timeout;
  while (r.exitCode() === undefined) {
    if (Date.now() > deadline) throw new Error(`did not exit; last frame:\n${r.frame()}`);
    await new Promise((res) => setTimeout(res, 10));
  }
  return r.exitCode()!;
}
