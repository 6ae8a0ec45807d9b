// `setup --org --steps contacts` as lines, for every front end: trusted access for AWS
// Account Management, then each member's contacts and root email read (a line per
// account), then one plan for the contacts members lack (a confirm; --yes in --ci), applied
// and read back.
import { applyPlan } from '../steps/apply-plan.js';
import { lineStepIO } from './line-presenter.js';
import type { HeadlessIO } from './types.js';
import type { StepContext } from '../steps/types.js';
import { CONTACT_TYPES } from '../steps/contacts.js';
import {
  contactMembers,
  planAccountTrustedAccess,
  planMemberContacts,
  readMembers,
  type MemberContacts,
  type OrgContactsState,
} from '../steps/org-contacts.js';
import { neutralize } from '../untrusted.js';

function label(a: { id: string; name: string }): string {
  return `${a.id}${a.name ? ` (${neutralize(a.name)})` : ''}`;
}

function memberLines(m: MemberContacts): string[] {
  const contacts = m.contacts
    ? `contacts: ${CONTACT_TYPES.map((t) => `${t.toLowerCase()} ${m.contacts![t] ? 'set' : 'missing'}`).join(', ')}`
    : `contacts not read: ${neutralize(m.error ?? '')}`;
  const lines = [`  ${label(m.account)}: ${contacts}`];
  if (m.primaryEmail === null) lines.push(`    root email not read: ${neutralize(m.emailError ?? '')}`);
  else if (m.emailProblems.length === 0) lines.push(`    root email ${neutralize(m.primaryEmail)}: a shared alias on a business domain`);
  else {
    for (const f of m.emailProblems) {
      lines.push(`    root email ${neutralize(m.primaryEmail)}: ${f.severity === 'fail' ? 'FAIL' : 'WARN'} ${neutralize(f.message)}${f.fix ? ` ${f.fix}` : ''}`);
    }
  }
  return lines;
}

/**
 * The step, once the organization is known to be readable. Exit code: 0 done (or nothing to
 * do, or the plan declined); 1 a read or a change failed, a contact is still missing after
 * the plan ran, or a member's root email fails a root-email rule (free mail, too long, not
 * an address).
 */
export async function runOrgContactsHeadless(ctx: StepContext, io: HeadlessIO, state: OrgContactsState): Promise<number> {
  const trusted = await applyPlan(planAccountTrustedAccess(state), ctx, lineStepIO(io, 'Account Management trusted access'), 'Account Management trusted access');
  if (trusted && !trusted.ok) return 1;
  if (!state.accountTrustedAccess && !(trusted && trusted.done.length > 0)) {
    io.line('');
    io.line('Member contacts and root emails: not read, AWS Account Management\'s trusted access is off (see the plan above).');
    return 0;
  }
  const members = contactMembers(state, ctx.caller);
  io.line('');
  io.line(`Member contacts and root emails: reading ${members.length} member account(s) (account:GetAlternateContact, account:GetPrimaryEmail with AccountId); never the management account`);
  const read = await readMembers(ctx.aws, members, (m) => {
    for (const l of memberLines(m)) io.line(l);
  });
  let failed = read.some((m) => !m.contacts || m.primaryEmail === null || m.emailProblems.some((f) => f.severity === 'fail'));
  io.line('');
  const plan = planMemberContacts(state, read);
  const applied = await applyPlan(plan, ctx, lineStepIO(io, 'Member contacts'), 'Member contacts');
  if (applied && !applied.ok) failed = true;
  if (applied && applied.done.length > 0) {
    // read back: what AWS holds now for each member that was changed
    const changed = members.filter((a) => applied.done.some((d) => d.id.startsWith(`org-contacts:${a.id}:`)));
    const after = await readMembers(ctx.aws, changed);
    for (const m of after) {
      const still = m.contacts ? CONTACT_TYPES.filter((t) => !m.contacts![t] && state.source[t]) : CONTACT_TYPES;
      io.line(`  read back: ${label(m.account)}: ${still.length === 0 ? 'every contact set' : `still missing ${still.join(', ').toLowerCase()}`}`);
      if (still.length) failed = true;
    }
  }
  // a contact no member can get (the management account lacks it too) is still to do
  if ((plan.notes ?? []).length > 0) failed = true;
  return failed ? 1 : 0;
}

