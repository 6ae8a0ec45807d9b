// The CLI in a throw-away home, talking to the recording proxy, the proxy to the
// centralized-root-access extension of the emulator (root-access-emulator.ts), the
// extension to moto. A fresh set for each test of the calling file.
import { afterEach, beforeEach } from 'vitest';
import { startAwsProxy, type AwsProxy } from './aws-proxy.js';
import { makeHome, type Sandbox } from './cli-run.js';
import { motoUrl } from './moto.js';
import { startRootAccessEmulator, type RootAccessEmulator } from './root-access-emulator.js';

export interface OrgHarness {
  readonly emulator: RootAccessEmulator;
  readonly proxy: AwsProxy;
  readonly home: Sandbox;
}

export function useOrgHarness(): OrgHarness {
  let current: { emulator: RootAccessEmulator; proxy: AwsProxy; home: Sandbox } | null = null;
  beforeEach(async () => {
    const emulator = await startRootAccessEmulator(motoUrl());
    const proxy = await startAwsProxy(emulator.url);
    current = { emulator, proxy, home: makeHome(proxy.url) };
  });
  afterEach(async () => {
    if (!current) return;
    current.home.remove();
    await current.proxy.close();
    await current.emulator.close();
    current = null;
  });
  const get = () => {
    if (!current) throw new Error('useOrgHarness: only inside a test');
    return current;
  };
  return {
    get emulator() {
      return get().emulator;
    },
    get proxy() {
      return get().proxy;
    },
    get home() {
      return get().home;
    },
  };
}
