import type { Gateway, GatewayOptions } from './port.js';

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
