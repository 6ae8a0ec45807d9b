// One run's connection to an account: the gateway (SDK or sandbox) is loaded on
// first use, after the first frame is drawn, and everything is read once.
import type { Gateway } from './aws/port.js';
import type { Preflight } from './steps/preflight.js';
import type { StepContext } from './steps/types.js';

export interface SessionOptions {
  demo: boolean;
  profile?: string;
  region?: string;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  randomBytes?: (n: number) => Uint8Array;
  /** a ready gateway (tests, or a sandbox shared between commands) */
  gateway?: Gateway;
  /** where the local record goes for this run (tests); else the data dir, or a temp one for --demo */
  dataDir?: string;
}

export interface Session {
  readonly demo: boolean;
  gateway(): Promise<Gateway>;
  preflight(): Promise<Preflight>;
  context(signal?: AbortSignal): Promise<StepContext>;
  readonly now: () => Date;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    // a failed attempt (no credentials yet, network) may be retried
    p ??= fn().catch((e: unknown) => {
      p = undefined;
      throw e;
    });
    return p;
  };
}

export function createSession(opts: SessionOptions): Session {
  const now = opts.now ?? (() => new Date());
  const gateway = once(async () => {
    if (opts.dataDir !== undefined) {
      const { setRunDataDir } = await import('./steps/local-record.js');
      setRunDataDir(opts.dataDir);
    } else if (opts.demo) {
      // the sandbox account is new each run: its record and reports are neither the person's
      // real ones nor an earlier demo's (the folder goes at exit if nothing was written)
      const [{ setRunDataDir }, { newDemoFolder }] = await Promise.all([import('./steps/local-record.js'), import('./demo-folder.js')]);
      setRunDataDir(newDemoFolder());
    }
    if (opts.gateway) return opts.gateway;
    const { openGateway } = await import('./aws/index.js');
    return openGateway({ demo: opts.demo, profile: opts.profile, region: opts.region });
  });
  // node:crypto (twenty of Node's own modules) loads when a step context is made, after the first frame
  const randomSource = async (): Promise<(n: number) => Uint8Array> => {
    if (opts.randomBytes) return opts.randomBytes;
    const { randomBytes } = await import('node:crypto');
    return (n) => new Uint8Array(randomBytes(n));
  };
  const preflight = once(async () => {
    const { preflight: run } = await import('./steps/preflight.js');
    return run(await gateway(), opts.env ?? process.env);
  });
  return {
    demo: opts.demo,
    now,
    gateway,
    preflight,
    async context(signal) {
      const [aws, pf, randomBytes] = await Promise.all([gateway(), preflight(), randomSource()]);
      return { aws, caller: pf.caller, now, randomBytes, signal };
    },
  };
}
