import type { HeadlessStep } from '../types.js';
import { finishCommand, inspect } from '../../steps/virtual-mfa.js';

/**
 * The 'mfa' step without prompts. Enrolling needs a person holding a phone in front of
 * a terminal, so a scripted run only looks: MFA already there is done, anything else is
 * pending with the exact command that finishes it. Nothing is created.
 */
export const headless: HeadlessStep = async (ctx, input, io) => {
  const userName = input.shared.adminUser ?? input.answers.admin?.userName ?? null;
  const profile = typeof io.flags.profile === 'string' ? io.flags.profile : undefined;
  const command = finishCommand(userName, profile);
  if (userName) {
    const state = await inspect(ctx, userName);
    if (!state.userExists) {
      io.line(`mfa: ○ pending: there is no IAM user ${userName} yet (the admin step creates it)`);
      io.line(`  then run: ${command}`);
      return { status: 'pending', summary: [`MFA for ${userName} not enrolled: the user does not exist yet`], todo: [`Enrol MFA for ${userName}: ${command}`] };
    }
    if (state.enabled.length > 0) {
      io.line(`mfa: ✔ ${state.userName} already has MFA; nothing to do`);
      return { status: 'done', summary: [`${state.userName} already had MFA`] };
    }
  }
  const who = userName ?? 'the admin user';
  io.line(`mfa: ○ pending: enrolling MFA for ${who} needs a person with a phone at an interactive terminal`);
  io.line(`  run: ${command}`);
  return {
    status: 'pending',
    summary: [`MFA for ${who} not enrolled yet (needs a phone)`],
    todo: [`Enrol MFA for ${who}: ${command}`],
  };
};
