// The one exit site. Ctrl-C aborts one shared AbortController, waits for the
// cleanups that mounted screens registered (e.g. delete an unenabled MFA device),
// then exits 130. Screens finish with finish(code); cli.tsx sets the exit code.
// A cleanup that waits for a person (passwords to store) is waited for as long as it
// takes; a second Ctrl-C then ends the run at once.
import React, { createContext, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { useApp, useInput, useStdin } from 'ink';

/** gets the exit code the run ends with: 128 + the signal's number (130 for Ctrl-C) */
type Cleanup = (code: number) => Promise<void> | void;

export interface InterruptOptions {
  /**
   * waited for without the time limit: it waits for work under way and for a person
   * (e.g. to store passwords shown once); a second interrupt ends the run at once
   */
  untimed?: boolean;
}

export interface Lifecycle {
  signal: AbortSignal;
  finish: (code: number) => void;
  /** run fn if the user interrupts; returns the unregister function */
  onInterrupt: (fn: Cleanup, opts?: InterruptOptions) => () => void;
  /** a line printed after the frame on interrupt: what was and was not applied */
  setInterruptSummary: (text: string | null) => void;
  /** a secret (password, MFA key or QR code) is on the screen: the screen is cleared at exit */
  secretShown: () => void;
  /**
   * Lines printed once more after the last frame, below it (a line to copy that is wider
   * than the terminal: a frame cannot hold it without breaking it). Keyed, so a line drawn
   * by several frames is printed once.
   */
  keepAfterExit: (key: string, lines: string[]) => void;
}

const LifecycleContext = createContext<Lifecycle | null>(null);

/** Exit codes of an interrupted run, by signal: 128 + the signal's number. */
export const SIGNAL_CODES = { SIGINT: 130, SIGHUP: 129, SIGTERM: 143 } as const;
export const INTERRUPT_CODES: number[] = Object.values(SIGNAL_CODES);

/** The lifecycle where there is one (a screen drawn on its own, as in a test, has none). */
export function useOptionalLifecycle(): Lifecycle | null {
  return useContext(LifecycleContext);
}

export function useLifecycle(): Lifecycle {
  const l = useContext(LifecycleContext);
  if (!l) throw new Error('useLifecycle outside <Root>');
  return l;
}

export interface RootProps {
  abort: AbortController;
  onExit: (code: number, summary: string | null, secretShown: boolean, after: string[]) => void;
  /** cleanups get this long before the process exits anyway */
  cleanupTimeoutMs?: number;
  children: React.ReactNode;
}

export function Root({ abort, onExit, cleanupTimeoutMs = 800, children }: RootProps) {
  const { exit } = useApp();
  const cleanups = useRef(new Map<Cleanup, InterruptOptions>());
  // the first interrupt's code, and whether an untimed cleanup is still running
  const firstCode = useRef<number | null>(null);
  const waitingUntimed = useRef(false);
  const summary = useRef<string | null>(null);
  const done = useRef(false);
  const secretSeen = useRef(false);
  const afterExit = useRef(new Map<string, string[]>());

  const finish = useCallback(
    (code: number) => {
      if (done.current) return;
      done.current = true;
      onExit(code, INTERRUPT_CODES.includes(code) ? summary.current : null, secretSeen.current, [...afterExit.current.values()].flat());
      exit();
    },
    [exit, onExit],
  );

  const interrupt = useCallback(
    async (code = 130) => {
      if (done.current) return;
      if (abort.signal.aborted) {
        // a second request while a cleanup waits for a person ends the run now; a closed
        // terminal announces itself twice (end of input, then SIGHUP): that is one request
        const echo = code === SIGNAL_CODES.SIGHUP && firstCode.current === SIGNAL_CODES.SIGHUP;
        if (waitingUntimed.current && !echo) finish(code);
        return;
      }
      firstCode.current = code;
      abort.abort();
      const run = (fn: Cleanup) => Promise.resolve().then(() => fn(code)).catch(() => {});
      const all = [...cleanups.current];
      const timed = all.filter(([, o]) => !o.untimed).map(([fn]) => run(fn));
      const untimed = all.filter(([, o]) => o.untimed).map(([fn]) => run(fn));
      waitingUntimed.current = untimed.length > 0;
      await Promise.all([
        Promise.race([Promise.all(timed), new Promise((r) => setTimeout(r, cleanupTimeoutMs))]),
        Promise.all(untimed),
      ]);
      waitingUntimed.current = false;
      finish(code);
    },
    [abort, cleanupTimeoutMs, finish],
  );

  // raw mode on every screen, so Ctrl-C arrives as a key: it is acted on below, from the
  // chunk read, once per key press (a second press is a second request)
  useInput(() => {});

  // Keys that arrive together (Enter then Ctrl-C typed fast, or pasted) reach useInput as
  // one string, which is not "ctrl+c"; every chunk Ink reads is also a 'data' event.
  const { stdin } = useStdin();
  useEffect(() => {
    const onData = (chunk: Buffer | string) => {
      if (String(chunk).includes('\u0003')) void interrupt();
    };
    // a terminal that goes away ends (or fails) the input before any SIGHUP is handled:
    // treat that as the hang-up it is, so the clean-up still runs
    const onGone = () => void interrupt(SIGNAL_CODES.SIGHUP);
    stdin.on('data', onData);
    stdin.on('end', onGone);
    stdin.on('error', onGone);
    return () => {
      stdin.off('data', onData);
      stdin.off('end', onGone);
      stdin.off('error', onGone);
    };
  }, [stdin, interrupt]);

  // a closed terminal (SIGHUP) or a kill (SIGTERM) cleans up like Ctrl-C: no MFA device is
  // left unassigned; the exit code says which signal it was (128 + its number)
  useEffect(() => {
    const handlers = Object.entries(SIGNAL_CODES).map(([sig, code]) => [sig, () => void interrupt(code)] as const);
    for (const [sig, fn] of handlers) process.on(sig, fn);
    return () => {
      for (const [sig, fn] of handlers) process.off(sig, fn);
    };
  }, [interrupt]);

  const value = useMemo<Lifecycle>(
    () => ({
      signal: abort.signal,
      finish,
      onInterrupt: (fn, opts = {}) => {
        cleanups.current.set(fn, opts);
        return () => cleanups.current.delete(fn);
      },
      setInterruptSummary: (text) => {
        summary.current = text;
      },
      secretShown: () => {
        secretSeen.current = true;
      },
      keepAfterExit: (key, lines) => {
        afterExit.current.set(key, lines);
      },
    }),
    [abort.signal, finish],
  );

  return <LifecycleContext.Provider value={value}>{children}</LifecycleContext.Provider>;
}
