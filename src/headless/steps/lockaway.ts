import { UsageError } from '../../args.js';
import type { HeadlessStep } from '../types.js';
import { ROOT_KEY_STEPS, ROOT_MFA_STEPS, inspectLockaway, parseHolders, planRootKeyDeletion, recordLockaway } from '../../steps/lockaway.js';

/**
 * The 'lockaway' step without Ink: no waiting for root MFA (a scripted run cannot
 * use the console), so it is reported as pending with the console steps; the root
 * holders come from the answers file (or are asked for in --plain); root keys the run is
 * signed in with are deleted last, once confirmed (--yes in --ci).
 */
export const headless: HeadlessStep = async (ctx, { answers, shared, preflight }, io) => {
  const given = answers.rootHolders?.map((h) => h.trim()).filter(Boolean);
  if (given && given.length < 2) throw new UsageError('lockaway: "rootHolders" in the --answers file needs at least two names');
  const holders =
    given ??
    parseHolders(
      await io.ask({
        message: 'who can reach root (at least two names, comma-separated)',
        key: 'rootHolders',
        validate: (v) => (parseHolders(v).length < 2 ? 'name at least two people' : null),
      }),
    );
  const state = await inspectLockaway(ctx, { cloudShell: preflight.cloudShell });
  const todo: string[] = [];
  io.line(`lockaway: root MFA ${state.mfaEnabled ? 'is on' : 'is NOT on'}`);
  if (!state.mfaEnabled) {
    for (const [i, s] of ROOT_MFA_STEPS.entries()) io.line(`  ${i + 1}. ${s}`);
    todo.push('Root MFA: sign in as root → Security credentials → Assign MFA device');
  }
  const canDefer = state.rootKeysPresent && state.runsOnRootKeys && (state.rootKeys?.length ?? 0) > 0;
  const lastActions =
    canDefer && (await io.confirm("Delete root's access keys as the last action of this run? The session ends with them."))
      ? planRootKeyDeletion(state.rootKeys!)
      : [];
  if (state.rootKeysPresent) {
    io.line('lockaway: root has access keys; a root key cannot be limited by any policy');
    if (lastActions.length) io.line(`  they will be deleted as the last action of this run (${lastActions.length})`);
    else {
      for (const s of ROOT_KEY_STEPS) io.line(`  ${s}`);
      todo.push('Delete the root access keys (Security credentials → Access keys)');
    }
  }
  await recordLockaway(ctx.caller.accountId, {
    at: ctx.now(),
    rootMfa: state.mfaEnabled,
    holders,
    ...(shared.rootEmail ? { rootEmail: shared.rootEmail } : {}),
  });
  if (!state.record.passwordPlace) todo.push('Record where the root password and MFA devices are kept: mvsp-setup --steps lockaway');
  return {
    status: state.mfaEnabled ? 'done' : 'pending',
    summary: [state.mfaEnabled ? 'Root MFA is on' : 'Root MFA not on yet', `Can reach root: ${holders.join(', ')}`],
    ...(todo.length ? { todo } : {}),
    ...(lastActions.length ? { lastActions } : {}),
  };
};
