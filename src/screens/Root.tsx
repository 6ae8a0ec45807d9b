// The one exit site. Ctrl-C aborts one shared AbortController, waits for the
// cleanups that mounted screens registered (e.g. delete an unenabled MFA device),
// then exits 130. Screens finish with finish(code); cli.tsx sets the exit code.
import React, { createContext, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { useApp, useInput, useStdin } from 'ink';

type Cleanup = () => Promise<void> | void;

export interface Lifecycle {
  signal: AbortSignal;
  finish: (code: number) => void;
  /** run fn if the user interrupts; returns the unregister function */
  onInterrupt: (fn: Cleanup) => () => void;
  /** a line printed after the frame on interrupt: what was and was not applied */
  setInterruptSummary: (text: string | null) => void;
  /** a secret (password, MFA key or QR code) is on the screen: the screen is cleared at exit */
  secretShown: () => void;
}

const LifecycleContext = createContext<Lifecycle | null>(null);

/** Exit codes of an interrupted run, by signal: 128 + the signal's number. */
export const SIGNAL_CODES = { SIGINT: 130, SIGHUP: 129, SIGTERM: 143 } as const;
export const INTERRUPT_CODES: number[] = Object.values(SIGNAL_CODES);

export function useLifecycle(): Lifecycle {
  const l = useContext(LifecycleContext);
  if (!l) throw new Error('useLifecycle outside <Root>');
  return l;
}

export interface RootProps {
  abort: AbortController;
  onExit: (code: number, summary: string | null, secretShown: boolean) => void;
  /** cleanups get this long before the process exits anyway */
  cleanupTimeoutMs?: number;
  children: React.ReactNode;
}

export function Root({ abort, onExit, cleanupTimeoutMs = 800, children }: RootProps) {
  const { exit } = useApp();
  const cleanups = useRef(new Set<Cleanup>());
  const summary = useRef<string | null>(null);
  const done = useRef(false);
  const secretSeen = useRef(false);

  const finish = useCallback(
    (code: number) => {
      if (done.current) return;
      done.current = true;
      onExit(code, INTERRUPT_CODES.includes(code) ? summary.current : null, secretSeen.current);
      exit();
    },
    [exit, onExit],
  );

  const interrupt = useCallback(
    async (code = 130) => {
      if (done.current || abort.signal.aborted) return;
      abort.abort();
      const pending = [...cleanups.current].map((fn) => Promise.resolve().then(fn).catch(() => {}));
      await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, cleanupTimeoutMs))]);
      finish(code);
    },
    [abort, cleanupTimeoutMs, finish],
  );

  useInput((input, key) => {
    if (key.ctrl && input === 'c') void interrupt();
  });

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
      onInterrupt: (fn) => {
        cleanups.current.add(fn);
        return () => cleanups.current.delete(fn);
      },
      setInterruptSummary: (text) => {
        summary.current = text;
      },
      secretShown: () => {
        secretSeen.current = true;
      },
    }),
    [abort.signal, finish],
  );

  return <LifecycleContext.Provider value={value}>{children}</LifecycleContext.Provider>;
}
