// `setup --org --steps lockaway` as lines, for every front end (--ci, --plain, a terminal):
// the centralized-root-access plan, then each member's root audited and, after a plan and a
// confirm per account (--yes in --ci), its root credentials deleted and read back.
import { applyPlan } from '../steps/apply-plan.js';
import { lineStepIO } from './line-presenter.js';
import type { HeadlessIO } from './types.js';
import type { StepContext } from '../steps/types.js';
import {
  DELETE_MEANS,
  auditMembers,
  canManageRootCredentials,
  describeRoot,
  holdsCredentials,
  inspectOrgRoot,
  memberAccounts,
  type OrgRootState,
  planCentralizedRootAccess,
  planDeleteRootCredentials,
  type MemberRootAudit,
} from '../steps/org-root.js';
import { runActions } from '../steps/run-actions.js';
import { neutralize } from '../untrusted.js';

const TITLE = 'Centralized root access';

function label(a: { id: string; name: string }): string {
  return `${a.id}${a.name ? ` (${neutralize(a.name)})` : ''}`;
}

function auditLine(a: MemberRootAudit): string {
  if (!a.root) return `  ? ${label(a.account)}: not audited: ${neutralize(a.error ?? '')}`;
  return `  ${holdsCredentials(a.root) ? '✖' : '✔'} ${label(a.account)}: root has ${neutralize(describeRoot(a.root))}`;
}

/**
 * The step, once the organization is known to be readable. Exit code: 0 done (or nothing to
 * do, or a plan declined); 1 a change or an audit failed, or a root still holds credentials
 * after its delete.
 */
export async function runOrgRootHeadless(ctx: StepContext, io: HeadlessIO, initial: OrgRootState): Promise<number> {
  let state = initial;
  const enable = await applyPlan(planCentralizedRootAccess(state), ctx, lineStepIO(io, TITLE), TITLE);
  if (enable && !enable.ok) return 1;
  if (enable && enable.done.length > 0) state = await inspectOrgRoot(ctx.aws, ctx.caller);
  if (!canManageRootCredentials(state)) {
    io.line('');
    io.line("Member root credentials: not audited, centralized root credentials management is off (see the plan above).");
    return 0;
  }

  const members = memberAccounts(state, ctx.caller);
  io.line('');
  io.line(`Member root credentials: auditing ${members.length} member account(s) in root sessions (root-task/IAMAuditRootUserCredentials); never the management account`);
  const audits = await auditMembers(ctx.aws, members, (a) => io.line(auditLine(a)));
  let failed = audits.some((a) => !a.root);
  const toDelete = audits.filter((a) => a.root && holdsCredentials(a.root));
  if (toDelete.length === 0) {
    io.line(failed ? 'Member root credentials: nothing to delete where the audit answered.' : 'Member root credentials: nothing to delete; every member root has no password, access keys or signing certificates.');
    return failed ? 1 : 0;
  }
  io.line('');
  for (const line of DELETE_MEANS) io.line(line);
  for (const audit of toDelete) {
    io.line('');
    const title = `Root of ${label(audit.account)}`;
    const plan = planDeleteRootCredentials(audit);
    const lines = lineStepIO(io, title);
    lines.plan(plan, title);
    const yes = await io.confirm(`Delete the root credentials of ${label(audit.account)}?`, { defaultNo: true });
    if (!yes) {
      io.line(`${title}: not deleted${io.interactive ? '' : ' (add --yes to delete)'}`);
      continue;
    }
    const applied = await runActions(plan.actions, ctx, lines.progress(plan.actions));
    if (!applied.ok) {
      failed = true;
      continue;
    }
    // read back: what the member's root holds now, as AWS answers it
    const [after] = await auditMembers(ctx.aws, [audit.account]);
    io.line(`  read back: ${auditLine(after!).trim()}`);
    if (!after!.root || holdsCredentials(after!.root)) failed = true;
  }
  return failed ? 1 : 0;
}
