// CloudTrail: a new account has no trails (the 90-day event history is not a trail).
import type { CloudTrailPort } from '../port.js';
import type { SandboxContext } from './context.js';

export function createCloudTrail(ctx: SandboxContext): CloudTrailPort {
  return {
    async describeTrails() {
      return ctx.state.trails;
    },
  };
}
