// The sandbox account behind --demo: the whole Gateway in memory, with AWS's rules.
import { AwsError } from '../errors.js';
import { createOrganizations, createRootAccess } from './organizations.js';
import { demoMembers, demoOrganization } from './organization-demo.js';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Gateway } from '../port.js';
import { createAccount } from './account.js';
import { createCloudTrail } from './cloudtrail.js';
import type { SandboxContext } from './context.js';
import { createControls, type SandboxControls } from './controls.js';
import { createEvents } from './events.js';
import { createIam } from './iam.js';
import { createS3 } from './s3.js';
import { createSns } from './sns.js';
import { freshAccount } from './state.js';
import { createSts } from './sts.js';

export type { DeepReadonly, SandboxControls } from './controls.js';
export type { SandboxState } from './state.js';
export { TAKEN_ALIASES } from './iam.js';
export { seedMfaUsers, seedTeam, type TeamPolicy } from './team.js';

export interface SandboxOptions {
  /** how long each call takes (mutations a little longer); 0 in tests */
  latencyMs?: number;
  accountId?: string;
  random?: (n: number) => Uint8Array;
  now?: () => Date;
  /** the --demo organization: this account manages three member accounts (see organization-demo.ts) */
  organization?: boolean;
}

export type SandboxGateway = Gateway & { controls: SandboxControls };

const READ = /^(get|list|describe)/;

/**
 * Every method: copy the arguments in, wait like a network call would, copy the
 * answer out, so no caller ever holds a reference into the account's state.
 */
function port<T extends object>(impl: T, pause: (write: boolean) => Promise<void>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(impl) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      const input = structuredClone(args);
      await pause(!READ.test(name));
      return structuredClone(await fn(...input));
    };
  }
  return wrapped as T;
}

export function createSandboxGateway(options: SandboxOptions = {}): SandboxGateway {
  const now = options.now ?? (() => new Date());
  const ctx: SandboxContext = {
    state: freshAccount(options.accountId ?? '111122223333', now()),
    now,
    random: options.random ?? ((n) => new Uint8Array(randomBytes(n))),
  };
  let latency = options.latencyMs ?? 0;
  const pause = async (write: boolean) => {
    if (latency <= 0) return;
    const base = write ? latency * 1.5 : latency;
    await sleep(Math.round(base * (0.8 + Math.random() * 0.4)));
  };
  const org = options.organization
    ? demoOrganization(
        ctx.state.accountId,
        demoMembers((accountId) => createSandboxGateway({ ...options, organization: false, accountId })),
      )
    : null;
  const controls: SandboxControls = {
    ...createControls(ctx),
    setLatency: (ms) => {
      latency = ms;
    },
  };
  return {
    kind: 'sandbox',
    // the sandbox's AWS keeps this computer's time (its `now`): no offset to learn
    clock: { offsetMs: () => 0 },
    sts: port(createSts(ctx), pause),
    iam: port(createIam(ctx), pause),
    account: port(createAccount(ctx, org?.memberAccount), pause),
    events: port(createEvents(ctx), pause),
    sns: port(createSns(ctx), pause),
    cloudtrail: port(createCloudTrail(ctx), pause),
    s3: port(createS3(ctx), pause),
    organizations: port(org?.organizations ?? createOrganizations(), pause),
    rootAccess: port(org?.rootAccess ?? createRootAccess(), pause),
    async forAccount(accountId, roleName) {
      if (org) {
        await pause(false);
        return org.forAccount(accountId, roleName);
      }
      throw new AwsError({
        kind: 'AccessDenied',
        action: 'sts:AssumeRole',
        message: `The sandbox account is in no organization: there is no role to assume in ${accountId}.`,
      });
    },
    controls,
    demo: {
      currentMfaCode: (serial) => controls.currentMfaCode(serial),
      enableRootMfa: () => void controls.enableRootMfa('hardware'),
    },
  };
}
