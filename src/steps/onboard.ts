// Onboarding: one IAM user per engineer, in a group, with a console password (reset at
// first sign-in), tags, no access keys. The pieces are the first-admin step's: the user
// in a group, the groups and the RequireMFA guard. inspect → plan → apply, convergent.
import type { AuthorizationDetails, ManagedPolicy, PasswordPolicy, Tags } from '../aws/port.js';
import {
  ADMIN_GROUP,
  administratorsGroup,
  creationTags,
  inspectGroup,
  inspectRequireMfaPolicy,
  inspectUser,
  mergePasswordPolicy,
  planGroup,
  planRequireMfaPolicy,
  mfaGuardDiffers,
  planUserInGroup,
  recordPasswordPending,
  type GroupSpec,
  type GroupState,
  type PlanPart,
  type UserState,
} from './admin-user.js';
import { REQUIRE_MFA_POLICY_NAME, requireMfaPolicyArn } from './require-mfa-policy.js';
import { runActions } from './run-actions.js';
import { signInUrl } from './preflight.js';
import { TAG_DISABLED_AT, environmentError } from './offboard.js';
import type { EngineerRow, BadRow } from './onboard-csv.js';
import type { Action, ApplyResult, Existing, Plan, ProgressEvent, StepContext } from './types.js';
import type { RandomBytes } from './password.js';
import { emailDomain, workEmailProblem } from './work-email.js';
import { OutputFileError } from '../output-file.js';
import { adminRoles, awsManagedAdmin, awsManagedAssumeRole, identityGrants, isAwsManaged, roleGrants } from './admin-policy.js';
import { neutralize } from '../untrusted.js';
import { readRecord, type RecordOptions } from './local-record.js';

export const TAG_EMAIL = 'email';

export const POWER_USER_ACCESS_ARN = 'arn:aws:iam::aws:policy/PowerUserAccess';
export const READ_ONLY_ACCESS_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

export interface ReadyGroup {
  name: string;
  /** what members may do, for the welcome note */
  allows: string;
  spec: (accountId: string) => GroupSpec;
}

/** The groups the plan can create, each guarded by RequireMFA. */
export const READY_GROUPS: ReadyGroup[] = [
  {
    name: ADMIN_GROUP,
    allows: 'everything in the account (AdministratorAccess)',
    spec: administratorsGroup,
  },
  {
    name: 'Developers',
    allows: 'every service but IAM and Organizations (PowerUserAccess)',
    spec: (id) => ({ name: 'Developers', policyArns: [requireMfaPolicyArn(id), POWER_USER_ACCESS_ARN] }),
  },
  {
    name: 'ReadOnly',
    allows: 'reading everything, changing nothing (ReadOnlyAccess)',
    spec: (id) => ({ name: 'ReadOnly', policyArns: [requireMfaPolicyArn(id), READ_ONLY_ACCESS_ARN] }),
  },
];

/** The group a lead is offered first: members can build, but cannot grant rights (no IAM). */
export const DEFAULT_GROUP = 'Developers';

export function readyGroup(name: string): ReadyGroup | undefined {
  return READY_GROUPS.find((g) => g.name.toLowerCase() === name.toLowerCase());
}

export interface Engineer {
  /** line in the CSV, when it came from one */
  line?: number;
  name: string;
  email: string;
  group: string;
}

export interface OnboardState {
  accountId: string;
  alias: string | null;
  /** every group in the account */
  groups: string[];
  /** the groups the engineers ask for, inspected */
  groupStates: Record<string, GroupState>;
  /** engineers' users, inspected (by the name as given) */
  users: Record<string, UserState>;
  /** the email domains on existing users' email tags, most used first */
  tagDomains: string[];
  requireMfaPolicy: ManagedPolicy | null;
  passwordPolicy: PasswordPolicy | null;
  /** for each existing group the engineers ask for: does it grant admin rights? */
  groupAdmin: Record<string, AdminVerdict>;
}

/**
 * Whether a group grants admin rights: `yes` with the reasons, `no`, or `unknown` with why
 * it could not be told (a policy that could not be read). Judged by admin-policy.ts.
 */
export type AdminVerdict = { admin: 'yes'; why: string[] } | { admin: 'no' } | { admin: 'unknown'; why: string };

/** A group's verdict from identityGrants: any reason makes it `yes`, else anything unread `unknown`. */
function verdict({ why, unread }: { why: string[]; unread: string[] }): AdminVerdict {
  return why.length ? { admin: 'yes', why } : unread.length ? { admin: 'unknown', why: `could not read ${unread.join(', ')}` } : { admin: 'no' };
}

/**
 * Judge groups from iam:GetAccountAuthorizationDetails (their inline policies, attached AWS
 * managed policies by ARN, attached customer managed policies by document, and an Allow of
 * sts:AssumeRole on an admin-equivalent role of account `accountId` that trusts the
 * account). A ready-made group the plan would create (READY_GROUPS) is judged by the AWS
 * managed policies it will get. Any other group missing from the details, or a policy whose
 * document is not there, is `unknown`.
 */
export function judgeGroups(groups: string[], details: AuthorizationDetails, accountId: string): Record<string, AdminVerdict> {
  const customer = new Map(details.policies.map((p) => [p.arn, p]));
  const roles = adminRoles(details);
  const out: Record<string, AdminVerdict> = {};
  for (const name of groups) {
    const g = details.groups.find((x) => x.name.toLowerCase() === name.toLowerCase());
    const ready = g ? null : readyGroup(name);
    const identity = g ?? (ready ? { inlinePolicies: [], attachedPolicies: ready.spec(accountId).policyArns.filter(isAwsManaged).map((arn) => ({ arn, name: arn.split('/').pop()! })) } : null);
    if (!identity) {
      out[name] = { admin: 'unknown', why: `group ${neutralize(name)} is not in the account authorization details` };
      continue;
    }
    // a group is no principal: a role admits its members only by trusting the account (or `*`)
    out[name] = verdict(identityGrants(identity, customer, (doc) => roleGrants(doc, roles, accountId)));
  }
  return out;
}

/** A ready-made group (READY_GROUPS) with an AWS managed policy that allows sts:AssumeRole (Developers: PowerUserAccess). */
function readyGroupAssumesRoles(name: string, accountId: string): boolean {
  return (readyGroup(name)?.spec(accountId).policyArns ?? []).some((a) => awsManagedAssumeRole(a) !== null);
}

/**
 * Judge the ready-made groups the plan would create whose AWS managed policies allow
 * sts:AssumeRole (as judgeGroups does): `yes` when that reaches an admin-equivalent role that
 * trusts the account, `unknown` when such a role's policies could not all be read, else
 * `no`. Groups without such a policy are left out.
 */
export function judgeNewGroups(groups: string[], details: AuthorizationDetails, accountId: string): Record<string, AdminVerdict> {
  return judgeGroups(
    groups.filter((g) => readyGroupAssumesRoles(g, accountId)),
    details,
    accountId,
  );
}

/** fn over items, at most `limit` at a time. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** How many existing users are read for their email tags (the company domain is a majority vote). */
const DOMAIN_SAMPLE = 50;

/**
 * Read what the plan depends on. Only reads: nothing is changed. `knownDomain` (the lead's
 * choice) spares reading existing users' tags.
 */
export async function inspect(ctx: StepContext, engineers: Pick<Engineer, 'name' | 'group'>[], knownDomain?: string | null): Promise<OnboardState> {
  const [users, groups, requireMfaPolicy, passwordPolicy, aliases] = await Promise.all([
    ctx.aws.iam.listUsers(),
    ctx.aws.iam.listGroups(),
    inspectRequireMfaPolicy(ctx),
    ctx.aws.iam.getPasswordPolicy(),
    ctx.aws.iam.listAccountAliases(),
  ]);
  const existing = new Set(users.map((u) => u.name.toLowerCase()));
  const userStates: Record<string, UserState> = {};
  await Promise.all(
    engineers.map(async (e) => {
      userStates[e.name] = existing.has(e.name.toLowerCase())
        ? await inspectUser(ctx, e.name)
        : { name: e.name, user: null, groups: [], loginProfile: null, directPolicies: [] };
    }),
  );
  // ListUsers leaves tags out (AWS documents this), so each user is read on its own
  const emails = knownDomain
    ? []
    : await mapLimit(users.slice(0, DOMAIN_SAMPLE), 8, async (u) => (await ctx.aws.iam.getUser(u.name))?.tags[TAG_EMAIL]);
  const wanted = new Set(engineers.map((e) => canonicalGroup(e.group, groups)));
  const groupStates: Record<string, GroupState> = {};
  await Promise.all(
    [...wanted].map(async (g) => {
      groupStates[g] = groups.includes(g) ? await inspectGroup(ctx, g) : { name: g, exists: false, members: [], attachedArns: [] };
    }),
  );
  const existingWanted = [...wanted].filter((g) => groups.includes(g));
  // a ready-made group to create whose AWS managed policy allows sts:AssumeRole (Developers:
  // PowerUserAccess) is an admin group when an admin role trusts the account
  const newAssuming = [...wanted].filter((g) => !groups.includes(g) && readyGroupAssumesRoles(g, ctx.caller.accountId));
  let groupAdmin: Record<string, AdminVerdict> = {};
  if (existingWanted.length > 0 || newAssuming.length > 0) {
    try {
      const details = await ctx.aws.iam.getAccountAuthorizationDetails();
      groupAdmin = judgeGroups([...newAssuming, ...existingWanted], details, ctx.caller.accountId);
    } catch (e) {
      // the plan still says which groups could not be judged: a warning, never a silent grant
      const why = `iam:GetAccountAuthorizationDetails failed: ${neutralize(e instanceof Error ? e.message : String(e))}`;
      for (const g of [...existingWanted, ...newAssuming]) groupAdmin[g] = { admin: 'unknown', why };
    }
  }
  return {
    accountId: ctx.caller.accountId,
    alias: aliases[0] ?? null,
    groups,
    groupStates,
    groupAdmin,
    users: userStates,
    tagDomains: rankDomains(emails.filter((e): e is string => Boolean(e))),
    requireMfaPolicy,
    passwordPolicy,
  };
}

/** Group names as the account (or the ready-made list) spells them: IAM names ignore case. */
export function canonicalGroup(group: string, existing: string[]): string {
  return existing.find((g) => g.toLowerCase() === group.toLowerCase()) ?? readyGroup(group)?.name ?? group;
}

/** Domains of the given addresses that pass the syntax check, most frequent first (ties: first seen). */
export function rankDomains(emails: string[]): string[] {
  const count = new Map<string, number>();
  for (const e of emails) {
    const d = emailDomain(e);
    if (d) count.set(d, (count.get(d) ?? 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d);
}

/**
 * The company's email domain: the lead's choice (--email-domain) first, else the one most
 * existing users' email tags use, else the one most of the new addresses use (in both, only
 * addresses that pass the syntax check count: one malformed row must not set the domain).
 */
export function companyDomain(chosen: string | null | undefined, state: Pick<OnboardState, 'tagDomains'>, engineers: Pick<Engineer, 'email'>[]): string | null {
  if (chosen) return chosen.toLowerCase().replace(/^@/, '');
  return state.tagDomains[0] ?? rankDomains(engineers.map((e) => e.email))[0] ?? null;
}

/** The groups a lead can pick: the account's, plus the ready-made ones the plan can create. */
export function groupChoices(existing: string[]): { name: string; exists: boolean; allows: string | null }[] {
  const out = existing.map((g) => ({ name: g, exists: true, allows: readyGroup(g)?.allows ?? null }));
  for (const r of READY_GROUPS) if (!existing.some((g) => g.toLowerCase() === r.name.toLowerCase())) out.push({ name: r.name, exists: false, allows: r.allows });
  // ready-made first, in their order; then the rest by name
  const rank = (n: string) => {
    const i = READY_GROUPS.findIndex((r) => r.name.toLowerCase() === n.toLowerCase());
    return i === -1 ? READY_GROUPS.length : i;
  };
  return out.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** Problems with one engineer that need the account to know (domain, group, an existing user). */
export function engineerProblems(e: Engineer, state: OnboardState, domain: string | null): string[] {
  const problems: string[] = [];
  const emailError = workEmailProblem(e.email, domain);
  if (emailError) problems.push(`email: ${emailError}`);
  const group = canonicalGroup(e.group, state.groups);
  if (!state.groups.includes(group) && !readyGroup(group)) {
    problems.push(`group: there is no group ${e.group}; choose ${groupChoices(state.groups).map((g) => g.name).join(', ')}`);
  }
  const u = state.users[e.name];
  if (u?.user) {
    const tagged = u.user.tags[TAG_EMAIL];
    if (u.user.tags[TAG_DISABLED_AT]) {
      problems.push(`name: ${u.user.name} was offboarded (${u.user.tags[TAG_DISABLED_AT]}); choose another user name`);
    } else if (!tagged || tagged.toLowerCase() !== e.email.toLowerCase()) {
      problems.push(`name: an IAM user ${u.user.name} already exists${tagged ? ` for ${tagged}` : ''}; choose another user name`);
    }
  }
  return problems;
}

export interface EngineerPlan {
  engineer: Engineer;
  /** the group as the account spells it */
  group: string;
  actions: Action[];
  existing: Existing[];
  notes: string[];
  /** the generated password (a secret); null when the user already has one that was handed over */
  temporaryPassword: string | null;
  /** the group carries RequireMFA as this tool writes it: nothing but MFA set-up until the engineer signs in with MFA */
  mfaGuarded: boolean;
}

export interface OnboardPlan extends Plan {
  notes: string[];
  accountId: string;
  signInUrl: string;
  domain: string | null;
  /** group and policy actions every engineer depends on */
  shared: Action[];
  engineers: EngineerPlan[];
  /** engineers left out, with why (nothing is created for them) */
  rejected: BadRow[];
  /** one line per admin group (or one that could not be judged) the plan adds someone to */
  adminWarnings: string[];
}

export interface OnboardEnv {
  callerArn: string;
  now: Date;
  randomBytes: RandomBytes;
  /** the lead's choice of company email domain */
  emailDomain?: string | null;
  /**
   * users whose console password an earlier run set and never handed over (the local
   * record's passwordHandOverPending): a password never used is replaced
   */
  handOverPending?: string[];
}

/** One plan for every valid engineer; the others are rejected with their problems. Pure. */
export function plan(state: OnboardState, engineers: Engineer[], env: OnboardEnv, alreadyBad: BadRow[] = []): OnboardPlan {
  const domain = companyDomain(env.emailDomain, state, engineers);
  const created = creationTags(env.callerArn, env.now);
  const rejected: BadRow[] = [...alreadyBad];
  const valid: Engineer[] = [];
  for (const e of engineers) {
    const problems = engineerProblems(e, state, domain);
    if (problems.length > 0) rejected.push({ line: e.line ?? 0, name: e.name, problems });
    else valid.push(e);
  }
  rejected.sort((a, b) => a.line - b.line);

  // the groups the valid engineers need: missing ready-made ones are created with the guard
  const neededGroups = [...new Set(valid.map((e) => canonicalGroup(e.group, state.groups)))];
  const groupParts: PlanPart[] = [];
  // groups whose members can do nothing but set up MFA until they sign in with it
  const guarded = new Set<string>();
  const guardDiffers = mfaGuardDiffers(state.requireMfaPolicy);
  let needPolicy = false;
  for (const g of neededGroups) {
    const gs = state.groupStates[g] ?? { name: g, exists: state.groups.includes(g), members: [], attachedArns: [] };
    const ready = readyGroup(g);
    if (!gs.exists && ready) {
      groupParts.push(planGroup(gs, ready.spec(state.accountId)));
      needPolicy = true;
      if (!guardDiffers) guarded.add(g);
    } else {
      const part: PlanPart = { actions: [], existing: [{ summary: `Group ${g}` }], notes: [] };
      if (!gs.attachedArns.includes(requireMfaPolicyArn(state.accountId))) {
        part.notes.push(`Group ${g} has no ${REQUIRE_MFA_POLICY_NAME} policy: its members can act without MFA. Left as it is.`);
      } else if (guardDiffers) {
        part.notes.push(`Policy ${REQUIRE_MFA_POLICY_NAME} on group ${g} differs from the expected document: its members may act without MFA. Left as it is (review it in the console).`);
      } else guarded.add(g);
      groupParts.push(part);
    }
  }
  if (needPolicy) groupParts.push(planRequireMfaPolicy(state.requireMfaPolicy, created));
  const shared = groupParts.flatMap((p) => p.actions);

  // generated against the stronger of the account's policy and the baseline, so IAM accepts it
  const passwordPolicy = mergePasswordPolicy(state.passwordPolicy).policy;
  // IAM user names ignore case
  const lost = new Set((env.handOverPending ?? []).map((n) => n.toLowerCase()));
  const engineerPlans: EngineerPlan[] = valid.map((e) => {
    const group = canonicalGroup(e.group, state.groups);
    const tags: Tags = { ...created, [TAG_EMAIL]: e.email };
    const userState = state.users[e.name] ?? { name: e.name, user: null, groups: [], loginProfile: null, directPolicies: [] };
    const up = planUserInGroup(userState, {
      userName: e.name,
      group,
      tags,
      passwordPolicy,
      randomBytes: env.randomBytes,
      ...(lost.has(e.name.toLowerCase()) ? { handOverPending: true } : {}),
    });
    return {
      engineer: e,
      group,
      actions: [...up.actions].sort((a, b) => a.phase - b.phase),
      existing: up.existing,
      notes: up.notes,
      temporaryPassword: up.temporaryPassword,
      mfaGuarded: guarded.has(group),
    };
  });

  return {
    actions: [...shared.sort((a, b) => a.phase - b.phase), ...engineerPlans.flatMap((p) => p.actions)],
    existing: [...groupParts.flatMap((p) => p.existing), ...engineerPlans.flatMap((p) => p.existing)],
    notes: [...groupParts.flatMap((p) => p.notes), ...engineerPlans.flatMap((p) => p.notes)],
    accountId: state.accountId,
    signInUrl: signInUrl(state.accountId, state.alias),
    domain,
    shared,
    engineers: engineerPlans,
    rejected,
    adminWarnings: adminWarnings(state, engineerPlans),
  };
}

/** Whether group `g` (as the account spells it) grants admin rights, once the plan has run. */
export function groupVerdict(state: OnboardState, g: string): AdminVerdict {
  const gs = state.groupStates[g];
  const exists = gs?.exists ?? state.groups.includes(g);
  const arns = exists ? (gs?.attachedArns ?? []) : (readyGroup(g)?.spec(state.accountId).policyArns ?? []);
  const byArn = arns.map(awsManagedAdmin).filter((w): w is string => w !== null);
  // a group to create is judged by its AWS managed policies' ARNs, and by their sts:AssumeRole
  // statements when it has any (judgeNewGroups)
  const read = state.groupAdmin[g] ?? (exists ? { admin: 'unknown', why: 'its policies were not read' } : { admin: 'no' });
  if (read.admin === 'yes') return { admin: 'yes', why: [...new Set([...byArn, ...read.why])] };
  return byArn.length ? { admin: 'yes', why: byArn } : read;
}

const MAX_NAMES = 5;

/**
 * One line per group that the plan adds someone to and that grants admin rights (or could
 * not be judged): who, which group, and why. Names and policy text are neutralised.
 */
export function adminWarnings(state: OnboardState, plans: EngineerPlan[]): string[] {
  const joining = new Map<string, string[]>();
  for (const ep of plans) {
    if (!ep.actions.some((a) => a.call === 'iam:AddUserToGroup')) continue;
    joining.set(ep.group, [...(joining.get(ep.group) ?? []), neutralize(ep.engineer.name)]);
  }
  const out: string[] = [];
  for (const [g, names] of joining) {
    const v = groupVerdict(state, g);
    if (v.admin === 'no') continue;
    const who = names.length > MAX_NAMES ? `${names.slice(0, MAX_NAMES).join(', ')} and ${names.length - MAX_NAMES} more` : names.join(', ');
    const group = neutralize(g);
    out.push(
      v.admin === 'yes'
        ? `Admin rights: ${who} ${names.length === 1 ? 'joins' : 'join'} ${group}, an admin group (${v.why.slice(0, 2).join('; ')}).`
        : `Admin rights unknown: could not tell whether ${group} is an admin group (${v.why}); ${who} ${names.length === 1 ? 'joins' : 'join'} it. Check its policies before applying.`,
    );
  }
  return out;
}

export type OnboardProgress =
  | { type: 'shared'; event: ProgressEvent }
  | { type: 'engineer'; name: string; event: ProgressEvent }
  | { type: 'engineer-done'; name: string; result: ApplyResult };

export interface OnboardResult {
  ok: boolean;
  shared: ApplyResult;
  /** by user name; missing when the shared actions failed and nobody was attempted */
  engineers: Record<string, ApplyResult>;
}

export interface ApplyOptions {
  /**
   * awaited before an engineer whose plan sets a password is started (HandOvers.before
   * notes the hand-off as pending in the local record, so a run killed later knows of it)
   */
  beforePassword?: (ep: EngineerPlan) => Promise<void>;
}

/** How many users are set up at once (IAM throttles bursts of writes). */
const CONCURRENT_USERS = 4;

/**
 * The groups first; then each engineer on their own, so that one engineer's failure
 * leaves the others done (a re-run finishes the failed one and redoes nothing).
 */
export async function apply(
  p: OnboardPlan,
  ctx: StepContext,
  onProgress: (e: OnboardProgress) => void = () => {},
  opts: ApplyOptions = {},
): Promise<OnboardResult> {
  const shared = await runActions(p.shared, ctx, (event) => onProgress({ type: 'shared', event }));
  const engineers: Record<string, ApplyResult> = {};
  if (!shared.ok) return { ok: false, shared, engineers };
  const queue = [...p.engineers];
  const worker = async () => {
    // once interrupted, nobody new is started; those under way finish (and are handed over)
    for (let next = ctx.signal?.aborted ? undefined : queue.shift(); next; next = ctx.signal?.aborted ? undefined : queue.shift()) {
      const name = next.engineer.name;
      if (next.temporaryPassword !== null) await opts.beforePassword?.(next);
      const result = await runActions(next.actions, ctx, (event) => onProgress({ type: 'engineer', name, event }));
      engineers[name] = result;
      onProgress({ type: 'engineer-done', name, result });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_USERS, queue.length) }, worker));
  return { ok: Object.values(engineers).every((r) => r.ok) && p.engineers.length === Object.keys(engineers).length, shared, engineers };
}

const SETS_PASSWORD = new Set(['iam:CreateLoginProfile', 'iam:UpdateLoginProfile']);

/** The action that puts the engineer's new password in place (created, or reset after a lost hand-off). */
export function setsPassword(call: string): boolean {
  return SETS_PASSWORD.has(call);
}

/**
 * The engineer is set up: nothing was to be done, or every action was done (a run
 * interrupted part way leaves actions not done while `ok` stays true).
 */
export function engineerSetUp(ep: EngineerPlan, result: ApplyResult | undefined): boolean {
  if (ep.actions.length === 0) return true;
  return Boolean(result?.ok && result.notDone.length === 0);
}

/** The password was set in this run, so it is the one to hand over. */
export function passwordSet(ep: EngineerPlan, result: ApplyResult | undefined): boolean {
  return ep.temporaryPassword !== null && Boolean(result?.done.some((a) => setsPassword(a.call)));
}

/**
 * The local record's side of each engineer's password hand-off (names only, never a
 * password), as the admin step keeps it: `before` notes it as pending before the password
 * exists, `handedOver` takes the note away once it was shown or written, `settle` takes it
 * away where no new password came to exist. A run that dies in between leaves the note,
 * and the next plan replaces a password that was never used.
 */
export class HandOvers {
  private readonly noted = new Set<string>();
  private constructor(
    private readonly accountId: string,
    /** the names the record holds as pending when this run started */
    readonly pending: string[],
    private readonly opts: RecordOptions,
  ) {}

  /** Reads the record: throws OutputFileError (naming the file) when it is unreadable or invalid. */
  static async read(accountId: string, opts: RecordOptions = {}): Promise<HandOvers> {
    const record = await readRecord(accountId, opts);
    return new HandOvers(accountId, record.passwordHandOverPending ?? [], opts);
  }

  before = async (ep: EngineerPlan): Promise<void> => {
    this.noted.add(ep.engineer.name);
    await recordPasswordPending(this.accountId, ep.engineer.name, true, this.opts);
  };

  handedOver = async (ep: EngineerPlan): Promise<void> => {
    this.noted.delete(ep.engineer.name);
    await recordPasswordPending(this.accountId, ep.engineer.name, false, this.opts);
  };

  /** After apply: a noted engineer whose CreateLoginProfile never succeeded has no password to hand over. */
  async settle(p: OnboardPlan, result: OnboardResult): Promise<void> {
    for (const ep of p.engineers) {
      const name = ep.engineer.name;
      if (!this.noted.has(name) || passwordSet(ep, result.engineers[name])) continue;
      // a reset that did not happen leaves the earlier password lost: the note stays
      if (!ep.actions.some((a) => a.call === 'iam:CreateLoginProfile')) continue;
      this.noted.delete(name);
      await recordPasswordPending(this.accountId, name, false, this.opts);
    }
  }
}

/** What the engineer's group allows, in words. */
export function groupAllows(group: string): string {
  return readyGroup(group)?.allows ?? `what the policies attached to ${group} allow`;
}

/**
 * The note a lead hands to a new engineer. The password goes in only when given
 * (shown on screen once, or written to a file the lead asked for).
 */
export function welcomeNote(ep: EngineerPlan, url: string, password: string | null): string[] {
  const { name } = ep.engineer;
  return [
    `Welcome to the AWS account, ${name}.`,
    `  Sign-in URL:  ${url}`,
    `  User name:    ${name}`,
    password ? `  Temporary password: ${password}` : '  Temporary password: given to you separately by your team lead',
    '  First steps:',
    '    1. Sign in and choose a new password (the temporary one works once).',
    '    2. Set up MFA: your name (top right) → Security credentials →',
    ep.mfaGuarded ? '       Assign MFA device. Until then you can do nothing else.' : '       Assign MFA device.',
    '    3. Sign out, then sign in again with MFA.',
    `  Your group: ${ep.group}. Once signed in with MFA it allows`,
    `  ${groupAllows(ep.group)}.`,
  ];
}

/**
 * The exit code: 0 when every engineer asked for is set up; 1 when a row was rejected or
 * an action failed (the others are still done); 2 for environment errors.
 */
export function onboardExitCode(p: OnboardPlan | null, result: OnboardResult | null, error?: unknown): number {
  if (error !== undefined) return environmentError(error) || error instanceof OutputFileError ? 2 : 1;
  if (!p) return 1;
  const failures = result ? [...result.shared.failed, ...Object.values(result.engineers).flatMap((r) => r.failed)] : [];
  if (failures.some((f) => environmentError(f.error))) return 2;
  if (p.rejected.length > 0 || (result && !result.ok)) return 1;
  return 0;
}
