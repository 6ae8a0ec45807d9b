// Drive the built binary in a real pseudo-terminal (Python's pty module, which every
// machine running the moto emulator has anyway): type keys, read what a person sees.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { stripAnsi } from './ink.js';

const RELAY = fileURLToPath(new URL('./pty-relay.py', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/mvsp-setup.js', import.meta.url));

export interface PtyRun {
  /** everything the terminal received, ANSI stripped */
  text: () => string;
  raw: () => string;
  /**
   * Type `keys` once the program is waiting for input (see whenIdle): Ink subscribes a
   * new screen's key handler only after drawing it, and a key that arrives in between
   * goes to the screen before. Keys go out in the order written.
   */
  write: (keys: string) => void;
  /** Resolves once every key written so far has gone out to the terminal. */
  typed: () => Promise<void>;
  waitFor: (what: string | RegExp, timeoutMs?: number) => Promise<void>;
  /**
   * Send a key again and again (every `everyMs`) until the screen shows `until`, or the
   * process has exited when `until` is 'exit'. Only for keys that are harmless to repeat
   * (Enter on a final screen, q, y on a confirm).
   */
  pressUntil: (key: string, until: string | RegExp | 'exit', opts?: { everyMs?: number; timeoutMs?: number }) => Promise<void>;
  exited: Promise<number>;
  kill: () => void;
  /** close the terminal's master side, as closing the window does (the program gets SIGHUP) */
  hangUp: () => void;
}

/** The pid of the process the relay started (its only child), once it exists. */
function programPid(relayPid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${relayPid}/task/${relayPid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Is the program's main thread asleep in epoll_wait: its event loop has run everything it
 * had to do (React's effects included) and waits for input or a timer. Linux /proc;
 * undefined where that cannot be read.
 */
function waitingInEventLoop(pid: number): boolean | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    const wchan = readFileSync(`/proc/${pid}/wchan`, 'utf8');
    return state === 'S' && /epoll_wait|ep_poll/.test(wchan);
  } catch {
    return undefined;
  }
}

export function runInPty(args: string[], opts: { cols?: number; rows?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): PtyRun {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, TERM: opts.env?.TERM ?? "xterm-256color" };
  delete env.CI;
  // a key given as undefined is removed from the child's environment
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const child = spawn('python3', [RELAY, String(opts.cols ?? 80), String(opts.rows ?? 24), process.execPath, BIN, ...args], {
    env,
    cwd: opts.cwd,
    // fd 3: the relay counts the input bytes it has handed to the terminal
    stdio: ['pipe', 'pipe', 'inherit', 'pipe'],
  });
  let sent = 0;
  let forwarded = 0;
  const forwardWatchers = new Set<() => void>();
  const acks = child.stdio[3] as NodeJS.ReadableStream;
  acks.setEncoding('utf8');
  let ackBuffer = '';
  acks.on('data', (d: string) => {
    ackBuffer += d;
    const lines = ackBuffer.split('\n');
    ackBuffer = lines.pop() ?? '';
    for (const line of lines) forwarded = Math.max(forwarded, Number(line) || 0);
    for (const w of [...forwardWatchers]) w();
  });
  let raw = '';
  let ended = false;
  // checked again on every chunk the terminal receives and when its output ends
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const w of [...watchers]) w();
  };
  // a key sent after the program ended is lost, not an error that ends the test run
  child.stdin!.on('error', () => {});
  // the program does not outlive the test that started it, passed or failed
  try {
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  } catch {
    /* started in a hook, outside a test: the caller kills it */
  }
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    raw += d;
    notify();
  });
  child.stdout!.on('close', () => {
    ended = true;
    notify();
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  // Ink redraws only the characters that changed and moves the cursor over the rest: a
  // cursor-forward stands for that many unchanged cells, so words keep their spaces.
  const text = () => stripAnsi(raw.replace(/\u001B\[(\d*)C/g, (_m, n: string) => ' '.repeat(Number(n || 1)))).replace(/\r/g, '');
  /**
   * Resolves once the program waits for input: two looks 5 ms apart find its main thread
   * asleep in epoll_wait. Where /proc cannot tell (not Linux), once the output has been
   * quiet for 100 ms. Ceiling 5 s (a program that never idles gets the keys then).
   */
  const whenIdle = async (): Promise<void> => {
    const deadline = Date.now() + 5000;
    let idleSince: number | undefined;
    let lastLength = raw.length;
    while (!ended && Date.now() < deadline) {
      const pid = child.pid === undefined ? undefined : programPid(child.pid);
      const idle = pid === undefined ? undefined : waitingInEventLoop(pid);
      const now = Date.now();
      if (idle === undefined) {
        // no /proc: a quiet period instead
        if (raw.length !== lastLength) {
          lastLength = raw.length;
          idleSince = now;
        }
        idleSince ??= now;
        if (now - idleSince >= 100) return;
      } else if (idle) {
        if (idleSince !== undefined) return;
        idleSince = now;
      } else idleSince = undefined;
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  /** Resolves once the relay has handed every byte sent so far to the terminal (ceiling 5 s). */
  const whenForwarded = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (forwarded >= sent || ended) finish();
      };
      const finish = () => {
        forwardWatchers.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(finish, 5000);
      forwardWatchers.add(check);
      check();
    });
  let typing: Promise<void> = Promise.resolve();
  // Each chunk waits for the one before to reach the terminal (which wakes the program)
  // and for the program to be waiting for input again.
  const type = (keys: string) => {
    typing = typing.then(whenIdle).then(() => {
      if (ended) return;
      sent += Buffer.byteLength(keys);
      child.stdin!.write(keys);
      return whenForwarded();
    });
  };
  const shows = (what: string | RegExp) => (typeof what === 'string' ? text().includes(what) : what.test(text()));
  /** Resolves once `done()` holds (checked on every output chunk), or rejects with `fail()` at the ceiling or when the output has ended. */
  const until = (done: () => boolean, timeoutMs: number, fail: (why: string) => Error): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const finish = (err?: Error) => {
        watchers.delete(check);
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      const check = () => {
        if (done()) finish();
        else if (ended) finish(fail('the program ended first'));
      };
      const timer = setTimeout(() => finish(done() ? undefined : fail(`not within ${timeoutMs} ms`)), timeoutMs);
      watchers.add(check);
      check();
    });
  return {
    text,
    raw: () => raw,
    write: type,
    typed: () => typing,
    waitFor(what, timeoutMs = 30_000) {
      return until(() => shows(what), timeoutMs, (why) => new Error(`timed out waiting for ${String(what)} (${why}); screen so far:\n${text().slice(-3000)}`));
    },
    async pressUntil(key, target, { everyMs = 1000, timeoutMs = 20000 } = {}) {
      const seen = () => (target === 'exit' ? ended : shows(target));
      const fail = (why: string) => new Error(`pressed ${JSON.stringify(key)} until ${String(target)}, in vain (${why}); screen so far:\n${text().slice(-3000)}`);
      const deadline = Date.now() + timeoutMs;
      while (!seen()) {
        if (Date.now() > deadline) throw fail(`not within ${timeoutMs} ms`);
        if (ended) throw fail('the program ended first');
        type(key);
        await typing;
        try {
          await until(seen, Math.min(everyMs, Math.max(1, deadline - Date.now())), fail);
        } catch (err) {
          if (ended && !seen()) throw err;
        }
      }
    },
    exited,
    kill: () => child.kill('SIGKILL'),
    hangUp: () => child.kill('SIGUSR1'),
  };
}

export const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';

/**
 * Escape sequences that move the cursor, erase, redraw or hide the cursor (CSI with
 * final byte A-H, J, K, S, T, f, s, u, the ?25 / ?1049 modes, ESC 7/8 save/restore).
 * The clear-screen that takes a secret off the screen is the one allowed exception.
 */
export function cursorControl(raw: string): string[] {
  return raw.split(CLEAR_SCREEN).join('').match(/\u001b\[[\d;?]*[A-HJKSTfhlsu]|\u001b[78]/g) ?? [];
}

/** The CLI's own process (not the terminal relay): the one running our binary in this working directory. */
export function cliPid(cwd: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) !== cwd) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd.some((a) => a.endsWith('bin/mvsp-setup.js')) && !cmd.some((a) => a.endsWith('.py'))) return Number(entry);
    } catch {
      // a process that ended meanwhile
    }
  }
  throw new Error(`no mvsp-setup process in ${cwd}`);
}
