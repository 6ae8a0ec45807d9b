import type { Gateway, GatewayOptions } from './port.js';
import type { TeamPolicy } from './sandbox/team.js';

export type { TeamPolicy };

/**
 * What the --demo sandbox account starts as: a new account (setup), an account some weeks
 * after day one with a small team (onboard, offboard; `policy` is the admin step's
 * require-MFA policy), or one with users to enrol (mfa).
 */
export type DemoAccount = { kind: 'team'; policy: TeamPolicy } | { kind: 'mfa-users' };

/**
 * The SDK and the sandbox are imported on demand, so the first frame of the CLI draws
 * before either is parsed.
 */
export async function openGateway(opts: GatewayOptions & { demo?: boolean }): Promise<Gateway> {
  if (opts.demo) {
    const { createSandboxGateway } = await import('./sandbox/index.js');
    // a little latency so the demo's progress lines are visible, as against AWS
    return createSandboxGateway({ latencyMs: 250, organization: true });
  }
  // AWS_PROFILE names the profile as --profile does (and wins over environment keys)
  const profile = opts.profile ?? (process.env.AWS_PROFILE || undefined);
  if (profile !== undefined) {
    const { assertProfileExists } = await import('./profile.js');
    await assertProfileExists(profile, process.env, opts.profile === undefined ? 'AWS_PROFILE' : '--profile');
  }
  const { createSdkGateway } = await import('./sdk/index.js');
  return createSdkGateway({
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    ...(opts.region !== undefined ? { region: opts.region } : {}),
  });
}

/** A --demo sandbox account seeded as `account` says, with a little latency so progress shows. */
export async function openDemoGateway(account: DemoAccount, now: () => Date): Promise<Gateway> {
  const { createSandboxGateway, seedTeam, seedMfaUsers } = await import('./sandbox/index.js');
  const gateway = createSandboxGateway({ now });
  if (account.kind === 'team') await seedTeam(gateway, account.policy, now());
  else await seedMfaUsers(gateway, now());
  gateway.controls.setLatency(250);
  return gateway;
}
