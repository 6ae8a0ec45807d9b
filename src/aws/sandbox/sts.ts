import { parseCallerArn, type StsPort } from '../port.js';
import type { SandboxContext } from './context.js';
import { rootArn, userArn } from './state.js';

export function createSts(ctx: SandboxContext): StsPort {
  return {
    async getCallerIdentity() {
      const { state } = ctx;
      const arn = state.caller.kind === 'root' ? rootArn(state) : userArn(state, state.caller.userName);
      return { accountId: state.accountId, arn, ...parseCallerArn(arn) };
    },
  };
}
