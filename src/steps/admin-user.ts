// Day-one step 3: the first IAM admin. inspect → plan → apply, convergent: what
// exists is reported and reused, never recreated or weakened.
//
// The pieces are exported for reuse (onboarding): inspectUser/planUserInGroup for
// "a user in a group with a console password and tags", inspectGroup/planGroup with
// ADMINISTRATORS for the group and its policies, planRequireMfaPolicy, planPasswordPolicy.
import type {
  AccessKey,
  AttachedPolicy,
  IamUser,
  LoginProfile,
  ManagedPolicy,
  PasswordPolicy,
  Tags,
} from '../aws/port.js';
import { AwsError, isAwsError } from '../aws/errors.js';
import { generatePassword, type RandomBytes } from './password.js';
import {
  REQUIRE_MFA_POLICY_DESCRIPTION,
  REQUIRE_MFA_POLICY_DOCUMENT,
  REQUIRE_MFA_POLICY_NAME,
  requireMfaPolicyArn,
  samePolicyDocument,
} from './require-mfa-policy.js';
import { updateRecord, type LocalRecord, type RecordOptions } from './local-record.js';
import { runActions } from './run-actions.js';
import { neutralize } from '../untrusted.js';
import { signInUrl } from './preflight.js';
import type { Action, ApplyResult, Existing, Plan, ProgressEvent, StepContext } from './types.js';

export const ADMIN_GROUP = 'Administrators';
export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

export const TAG_CREATED_BY = 'mvsp-setup:created-by';
export const TAG_CREATED_AT = 'mvsp-setup:created-at';

/** The account password policy baseline: length 14, all four classes, reuse prevention 24. */
export const BASELINE_PASSWORD_POLICY: PasswordPolicy = {
  minimumPasswordLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  passwordReusePrevention: 24,
};

/**
 * Phases, in the order that keeps the account safe at every moment: the MFA guard is on
 * the group before the group can grant anything, and the user joins only then; the
 * password comes after the user is fully set up. The alias (which can be taken) is listed
 * last and waits for the user to be set up, beside the password: nothing waits for it, so
 * a taken alias leaves everything else done.
 */
export const PHASE = { create: 1, guard: 2, grant: 3, credentials: 4, alias: 5 } as const;

// ---------------------------------------------------------------- validation

const USER_NAME_CHARS = /^[\w+=,.@-]*$/;

/** IAM's rule for user names, [\w+=,.@-]{1,64}. null when valid, else what is wrong. */
export function validateUserName(name: string): string | null {
  if (name.length === 0) return 'Enter a user name.';
  if (!USER_NAME_CHARS.test(name)) {
    const bad = [...name].find((c) => !/[\w+=,.@-]/.test(c)) ?? '';
    return `${bad === ' ' ? 'A space' : `"${bad}"`} is not allowed: use letters, digits and + = , . @ _ -`;
  }
  if (name.length > 64) return `At most 64 characters (this is ${name.length}).`;
  return null;
}

/** IAM's rule for account aliases: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$. null when valid. */
export function validateAlias(alias: string): string | null {
  if (alias.length === 0) return 'Enter an alias.';
  if (/[A-Z]/.test(alias) && /^[a-zA-Z0-9-]*$/.test(alias)) return `Lowercase only: try "${alias.toLowerCase()}".`;
  if (!/^[a-z0-9-]*$/.test(alias)) return 'Only lowercase letters, digits and hyphens.';
  if (alias.length < 3) return 'At least 3 characters.';
  if (alias.length > 63) return `At most 63 characters (this is ${alias.length}).`;
  if (alias.startsWith('-') || alias.endsWith('-')) return 'Cannot start or end with a hyphen.';
  if (alias.includes('--')) return 'No two hyphens in a row.';
  if (/^\d{12}$/.test(alias)) return 'That looks like an account id: use a name.';
  return null;
}

/** Other aliases to offer when one is taken (aliases are unique across all of AWS). */
export function suggestAliases(alias: string, accountId: string): string[] {
  const base = alias.replace(/-+$/, '').slice(0, 50);
  const out = [`${base}-aws`, `${base}-prod`, `${base}-${accountId.slice(-4)}`, `aws-${base}`];
  return [...new Set(out)].filter((a) => a !== alias && validateAlias(a) === null);
}

// ---------------------------------------------------------------- state

export interface UserState {
  name: string;
  user: IamUser | null;
  groups: string[];
  loginProfile: LoginProfile | null;
  /** managed policies attached to the user directly (reported, never added) */
  directPolicies: AttachedPolicy[];
  /** the user's access keys (iam:ListAccessKeys): a user joining a group lends its rights to them; absent when not read */
  accessKeys?: AccessKey[];
}

export interface GroupState {
  name: string;
  exists: boolean;
  members: string[];
  attachedArns: string[];
}

export interface AdminState {
  accountId: string;
  user: UserState;
  group: GroupState;
  requireMfaPolicy: ManagedPolicy | null;
  passwordPolicy: PasswordPolicy | null;
  aliases: string[];
}

export async function inspectUser(ctx: StepContext, name: string): Promise<UserState> {
  const user = await ctx.aws.iam.getUser(name);
  if (!user) return { name, user: null, groups: [], loginProfile: null, directPolicies: [], accessKeys: [] };
  const [groups, loginProfile, directPolicies, accessKeys] = await Promise.all([
    ctx.aws.iam.listGroupsForUser(name),
    ctx.aws.iam.getLoginProfile(name),
    ctx.aws.iam.listAttachedUserPolicies(name),
    ctx.aws.iam.listAccessKeys(name),
  ]);
  return { name, user, groups, loginProfile, directPolicies, accessKeys };
}

export async function inspectGroup(ctx: StepContext, name: string): Promise<GroupState> {
  const group = await ctx.aws.iam.getGroup(name);
  if (!group) return { name, exists: false, members: [], attachedArns: [] };
  const attached = await ctx.aws.iam.listAttachedGroupPolicies(name);
  return { name, exists: true, members: group.members, attachedArns: attached.map((p) => p.arn) };
}

export async function inspectRequireMfaPolicy(ctx: StepContext): Promise<ManagedPolicy | null> {
  return ctx.aws.iam.getPolicy(requireMfaPolicyArn(ctx.caller.accountId));
}

export interface AdminInput {
  userName: string;
  /** null/undefined/'' = no alias wanted */
  accountAlias?: string | null;
  /**
   * the local record says this tool set the user's console password and never saw it
   * handed over (the run stopped first): a password never used is replaced
   */
  handOverPending?: boolean;
}

/** What the plan depends on besides the user: the same whoever the admin is. */
export type AdminAccountState = Omit<AdminState, 'user'>;

/**
 * The group Administrators, the RequireMFA policy, the password policy and the account
 * aliases, concurrently. `aliases`: already read (preflight's iam:ListAccountAliases), so not
 * read again. AWS source: iam:GetGroup, ListAttachedGroupPolicies, GetPolicy(+Version),
 * GetAccountPasswordPolicy, ListAccountAliases.
 */
export async function inspectAdminAccount(ctx: StepContext, known: { aliases?: string[] } = {}): Promise<AdminAccountState> {
  const [group, requireMfaPolicy, passwordPolicy, aliases] = await Promise.all([
    inspectGroup(ctx, ADMIN_GROUP),
    inspectRequireMfaPolicy(ctx),
    ctx.aws.iam.getPasswordPolicy(),
    known.aliases ?? ctx.aws.iam.listAccountAliases(),
  ]);
  return { accountId: ctx.caller.accountId, group, requireMfaPolicy, passwordPolicy, aliases };
}

/** Read everything the plan depends on, concurrently (`known.aliases`: see inspectAdminAccount). */
export async function inspect(ctx: StepContext, input: Pick<AdminInput, 'userName'>, known: { aliases?: string[] } = {}): Promise<AdminState> {
  const [user, account] = await Promise.all([inspectUser(ctx, input.userName), inspectAdminAccount(ctx, known)]);
  return { ...account, user };
}

// ---------------------------------------------------------------- plan pieces

export interface PlanPart {
  actions: Action[];
  existing: Existing[];
  notes: string[];
}

function part(): PlanPart {
  return { actions: [], existing: [], notes: [] };
}

function merge(...parts: PlanPart[]): PlanPart {
  return {
    actions: parts.flatMap((p) => p.actions),
    existing: parts.flatMap((p) => p.existing),
    notes: parts.flatMap((p) => p.notes),
  };
}

function action(id: string, call: string, summary: string, phase: number, run: Action['run']): Action {
  return { id, call, summary, phase, run };
}

/** Create calls that find the thing already there (a concurrent run, a retry) count as done. */
async function tolerateExisting(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (isAwsError(e, 'AlreadyExists')) return;
    throw e;
  }
}

/** Tag values may hold letters, digits, spaces and _ . : / = + - @ (at most 256). */
function tagValue(v: string): string {
  return v.replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, '_').slice(0, 256);
}

/** The tags on everything this tool creates: who ran it and when. */
export function creationTags(callerArn: string, now: Date): Tags {
  return { [TAG_CREATED_BY]: tagValue(callerArn), [TAG_CREATED_AT]: now.toISOString() };
}

function shortPolicyName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

export interface GroupSpec {
  name: string;
  /** managed policies the group must have; the RequireMFA guard is attached before the others */
  policyArns: string[];
}

/** Group Administrators with AdministratorAccess, guarded by RequireMFA. */
export function administratorsGroup(accountId: string): GroupSpec {
  return { name: ADMIN_GROUP, policyArns: [requireMfaPolicyArn(accountId), ADMINISTRATOR_ACCESS_ARN] };
}

/** Ensure a group exists with the given policies attached (groups cannot be tagged in IAM). */
export function planGroup(state: GroupState, spec: GroupSpec): PlanPart {
  const p = part();
  const g = spec.name;
  if (state.exists) p.existing.push({ summary: `Group ${g}` });
  else
    p.actions.push(
      action(`create-group:${g}`, 'iam:CreateGroup', `Create group ${g}`, PHASE.create, (ctx) =>
        tolerateExisting(() => ctx.aws.iam.createGroup(g)),
      ),
    );
  for (const arn of spec.policyArns) {
    const name = shortPolicyName(arn);
    if (state.attachedArns.includes(arn)) {
      p.existing.push({ summary: `${name} attached to ${g}` });
      continue;
    }
    const phase = arn.includes(`:policy/${REQUIRE_MFA_POLICY_NAME}`) ? PHASE.guard : PHASE.grant;
    p.actions.push(
      action(`attach-group-policy:${g}:${arn}`, 'iam:AttachGroupPolicy', `Attach ${name} to group ${g}`, phase, (ctx) =>
        ctx.aws.iam.attachGroupPolicy(g, arn),
      ),
    );
  }
  return p;
}

/** The customer managed RequireMFA policy: created when missing; an edited one is reported, not overwritten. */
export function planRequireMfaPolicy(existing: ManagedPolicy | null, tags: Tags): PlanPart {
  const p = part();
  if (!existing) {
    p.actions.push(
      action('create-policy:RequireMFA', 'iam:CreatePolicy', `Create policy ${REQUIRE_MFA_POLICY_NAME} (nothing but MFA set-up without MFA)`, PHASE.create, (ctx) =>
        tolerateExisting(() =>
          ctx.aws.iam.createPolicy({
            name: REQUIRE_MFA_POLICY_NAME,
            description: REQUIRE_MFA_POLICY_DESCRIPTION,
            document: REQUIRE_MFA_POLICY_DOCUMENT,
            tags,
          }),
        ),
      ),
    );
    return p;
  }
  p.existing.push({ summary: `Policy ${REQUIRE_MFA_POLICY_NAME}` });
  if (mfaGuardDiffers(existing)) {
    p.notes.push(`Policy ${REQUIRE_MFA_POLICY_NAME} differs from the expected document; left as it is, so MFA may not be required before anything else (review it in the console).`);
  }
  return p;
}

/** Field by field, the stronger of the current policy and the baseline; never weaker than either. */
export function mergePasswordPolicy(current: PasswordPolicy | null, baseline: PasswordPolicy = BASELINE_PASSWORD_POLICY): {
  policy: PasswordPolicy;
  kept: string[];
} {
  if (!current) return { policy: { ...baseline }, kept: [] };
  const kept: string[] = [];
  const minimumPasswordLength = Math.max(current.minimumPasswordLength, baseline.minimumPasswordLength);
  if (current.minimumPasswordLength > baseline.minimumPasswordLength) kept.push(`minimum length ${current.minimumPasswordLength}`);
  const reuse = Math.max(current.passwordReusePrevention ?? 0, baseline.passwordReusePrevention ?? 0);
  if ((current.passwordReusePrevention ?? 0) > (baseline.passwordReusePrevention ?? 0)) kept.push(`reuse prevention ${current.passwordReusePrevention}`);
  // expiry is not part of the baseline: whatever the account has is kept as it is
  const maxPasswordAge = current.maxPasswordAge ?? baseline.maxPasswordAge;
  if (current.maxPasswordAge) kept.push(`expiry after ${current.maxPasswordAge} days`);
  const hardExpiry = Boolean(current.hardExpiry || baseline.hardExpiry);
  if (current.hardExpiry) kept.push('hard expiry');
  const policy: PasswordPolicy = {
    minimumPasswordLength,
    requireSymbols: current.requireSymbols || baseline.requireSymbols,
    requireNumbers: current.requireNumbers || baseline.requireNumbers,
    requireUppercaseCharacters: current.requireUppercaseCharacters || baseline.requireUppercaseCharacters,
    requireLowercaseCharacters: current.requireLowercaseCharacters || baseline.requireLowercaseCharacters,
    allowUsersToChangePassword: current.allowUsersToChangePassword || baseline.allowUsersToChangePassword,
    ...(reuse > 0 ? { passwordReusePrevention: reuse } : {}),
    ...(maxPasswordAge ? { maxPasswordAge } : {}),
    ...(hardExpiry ? { hardExpiry } : {}),
  };
  return { policy, kept };
}

export function samePasswordPolicy(a: PasswordPolicy, b: PasswordPolicy): boolean {
  return (
    a.minimumPasswordLength === b.minimumPasswordLength &&
    a.requireSymbols === b.requireSymbols &&
    a.requireNumbers === b.requireNumbers &&
    a.requireUppercaseCharacters === b.requireUppercaseCharacters &&
    a.requireLowercaseCharacters === b.requireLowercaseCharacters &&
    a.allowUsersToChangePassword === b.allowUsersToChangePassword &&
    (a.passwordReusePrevention ?? 0) === (b.passwordReusePrevention ?? 0) &&
    (a.maxPasswordAge ?? 0) === (b.maxPasswordAge ?? 0) &&
    Boolean(a.hardExpiry) === Boolean(b.hardExpiry)
  );
}

/** The password policy every new password is generated against (the merged one). */
export function planPasswordPolicy(current: PasswordPolicy | null): PlanPart & { target: PasswordPolicy } {
  const p = part();
  const { policy, kept } = mergePasswordPolicy(current);
  if (current && samePasswordPolicy(policy, current)) {
    p.existing.push({ summary: 'Password policy at least as strong as the baseline' });
  } else {
    p.actions.push(
      action(
        'update-password-policy',
        'iam:UpdateAccountPasswordPolicy',
        current ? 'Strengthen the password policy (14+ chars, 4 classes, reuse 24)' : 'Set the password policy (14+ chars, 4 classes, reuse 24)',
        PHASE.create,
        (ctx) => ctx.aws.iam.updatePasswordPolicy(policy),
      ),
    );
  }
  if (kept.length > 0) p.notes.push(`Stronger settings of the existing password policy kept: ${kept.join(', ')}.`);
  return { ...p, target: policy };
}

export interface UserPlanInput {
  userName: string;
  group: string;
  /** tags for a user this plan creates (an existing user is not re-tagged) */
  tags: Tags;
  /** the policy a new password must meet (planPasswordPolicy().target) */
  passwordPolicy: PasswordPolicy;
  randomBytes: RandomBytes;
  /** see AdminInput.handOverPending */
  handOverPending?: boolean;
}

export interface UserPlan extends PlanPart {
  /** the temporary console password the plan will set; null when the user already has one */
  temporaryPassword: string | null;
}

/**
 * A user in a group with a console password (reset required at first sign-in) and tags.
 * Permissions come from the group only; policies found on the user are reported.
 */
export function planUserInGroup(state: UserState, input: UserPlanInput): UserPlan {
  const p = part();
  const { userName: u, group: g } = input;
  if (state.user) p.existing.push({ summary: `IAM user ${u}` });
  else
    p.actions.push(
      action(`create-user:${u}`, 'iam:CreateUser', `Create IAM user ${u} (tagged)`, PHASE.create, (ctx) =>
        tolerateExisting(() => ctx.aws.iam.createUser(u, input.tags)),
      ),
    );
  if (state.groups.includes(g)) p.existing.push({ summary: `${u} is in group ${g}` });
  else {
    // an existing user's access keys get the group's rights the moment it joins: never silently
    const active = state.user ? (state.accessKeys ?? []).filter((k) => k.status === 'Active') : [];
    if (active.length > 0) {
      const one = active.length === 1;
      p.notes.push(
        `${u} already exists with ${one ? 'an active access key' : `${active.length} active access keys`} (${active.map((k) => neutralize(k.id)).join(', ')}): once in ${g}, whoever holds ${one ? 'it' : 'them'} gets the group's rights. Deactivate ${one ? 'it' : 'them'} (IAM → Users → ${u} → Security credentials) unless that is meant.`,
      );
    }
    p.actions.push(
      action(`add-user-to-group:${g}:${u}`, 'iam:AddUserToGroup', `Add ${u} to group ${g}`, PHASE.grant, (ctx) => ctx.aws.iam.addUserToGroup(g, u)),
    );
  }
  let temporaryPassword: string | null = null;
  if (state.loginProfile && input.handOverPending && !state.user?.passwordLastUsed) {
    // nobody knows that password (the hand-over was lost) and nobody has used it: a new one
    const password = generatePassword(input.randomBytes, input.passwordPolicy);
    temporaryPassword = password;
    p.actions.push(
      action(
        `update-login-profile:${u}`,
        'iam:UpdateLoginProfile',
        `New console password for ${u}: the earlier one was never handed over nor used (reset at first sign-in)`,
        PHASE.credentials,
        (ctx) => ctx.aws.iam.updateLoginProfile(u, password, true),
      ),
    );
  } else if (state.loginProfile) {
    p.existing.push({ summary: `Console password for ${u} (left unchanged)` });
    if (input.handOverPending && state.user?.passwordLastUsed) {
      p.notes.push(
        `The console password of ${u} was never recorded as handed over, yet it was used on ${state.user.passwordLastUsed.toISOString().slice(0, 10)}: if that was not ${u}, reset it (IAM → Users → ${u} → Security credentials) and look up the sign-in in CloudTrail.`,
      );
    }
  } else {
    const password = generatePassword(input.randomBytes, input.passwordPolicy);
    temporaryPassword = password;
    p.actions.push(
      action(
        `create-login-profile:${u}`,
        'iam:CreateLoginProfile',
        `Console password for ${u} (reset at first sign-in)`,
        PHASE.credentials,
        // a profile that appeared meanwhile does not have our password: that must fail, not pass
        (ctx) => ctx.aws.iam.createLoginProfile(u, password, true),
      ),
    );
  }
  if (state.directPolicies.length > 0) {
    p.notes.push(
      `${u} has policies attached directly (${state.directPolicies.map((d) => d.name).join(', ')}); left alone — permissions should come from groups.`,
    );
  }
  return { ...p, temporaryPassword };
}

/** An account alias, when wanted and none exists; an existing one is kept (changing it breaks sign-in bookmarks). */
export function planAlias(aliases: string[], wanted: string | null | undefined): PlanPart {
  const p = part();
  const current = aliases[0];
  if (current) {
    p.existing.push({ summary: `Account alias ${current}` });
    if (wanted && wanted !== current) p.notes.push(`The account already has the alias ${current}; kept, not changed to ${wanted}.`);
    return p;
  }
  if (wanted) {
    p.actions.push(
      action(`create-account-alias:${wanted}`, 'iam:CreateAccountAlias', `Create account alias ${wanted} (sign-in URL)`, PHASE.alias, (ctx) =>
        ctx.aws.iam.createAccountAlias(wanted),
      ),
    );
  }
  return p;
}

// ---------------------------------------------------------------- the step

export interface AdminPlan extends Plan {
  notes: string[];
  userName: string;
  accountId: string;
  /** the alias the sign-in URL will use once the plan is applied */
  alias: string | null;
  /** the generated password (a secret: shown once, never written anywhere); null when not created */
  temporaryPassword: string | null;
  /**
   * The RequireMFA policy already exists with another document (an earlier version, or
   * edited): it is left as it is, so nothing here can say MFA is required before anything else.
   */
  mfaGuardDiffers: boolean;
}

/** The existing RequireMFA policy holds another document than the one this tool writes. */
export function mfaGuardDiffers(existing: ManagedPolicy | null): boolean {
  return existing !== null && !samePolicyDocument(existing.document, REQUIRE_MFA_POLICY_DOCUMENT);
}

export interface PlanEnv {
  callerArn: string;
  now: Date;
  randomBytes: RandomBytes;
}

/** Everything the first admin needs, minus what already exists. Pure. */
export function plan(state: AdminState, input: AdminInput, env: PlanEnv): AdminPlan {
  const tags = creationTags(env.callerArn, env.now);
  const pw = planPasswordPolicy(state.passwordPolicy);
  const user = planUserInGroup(state.user, {
    userName: input.userName,
    group: ADMIN_GROUP,
    tags,
    passwordPolicy: pw.target,
    randomBytes: env.randomBytes,
    ...(input.handOverPending ? { handOverPending: true } : {}),
  });
  const wanted = input.accountAlias ? input.accountAlias : null;
  const all = merge(
    user,
    planGroup(state.group, administratorsGroup(state.accountId)),
    planRequireMfaPolicy(state.requireMfaPolicy, tags),
    pw,
    planAlias(state.aliases, wanted),
  );
  // each action waits for what it builds on, not for a whole phase: the guard for the group
  // and the policy, the grant and the membership for the guard (and the group, the user);
  // the password for every phase before its own, the alias for the same ones
  const ids = (pick: (b: Action) => boolean) => all.actions.filter(pick).map((b) => b.id);
  const needs = (a: Action): string[] | undefined => {
    if (a.phase === PHASE.guard) return ids((b) => b.call === 'iam:CreateGroup' || b.call === 'iam:CreatePolicy');
    if (a.phase === PHASE.grant) return ids((b) => b.phase === PHASE.guard || b.call === 'iam:CreateGroup' || (a.call === 'iam:AddUserToGroup' && b.call === 'iam:CreateUser'));
    if (a.phase === PHASE.alias) return ids((b) => b.phase < PHASE.credentials);
    return undefined;
  };
  return {
    ...all,
    // listed in the order they run
    actions: [...all.actions].sort((a, b) => a.phase - b.phase).map((a) => (needs(a) ? { ...a, needs: needs(a) } : a)),
    userName: input.userName,
    accountId: state.accountId,
    alias: state.aliases[0] ?? wanted,
    temporaryPassword: user.temporaryPassword,
    mfaGuardDiffers: mfaGuardDiffers(state.requireMfaPolicy),
  };
}

export function apply(p: Plan, ctx: StepContext, onProgress?: (e: ProgressEvent) => void): Promise<ApplyResult> {
  return runActions(p.actions, ctx, onProgress);
}

// ---------------------------------------------------------------- results

/** The password was set in this run (so it is the one to show). */
export function passwordWasSet(p: AdminPlan, result: ApplyResult): boolean {
  return p.temporaryPassword !== null && result.done.some((a) => a.call === 'iam:CreateLoginProfile' || a.call === 'iam:UpdateLoginProfile');
}

/** The account alias once the plan is applied: a planned alias counts only if it was created. */
export function resultAlias(p: AdminPlan, result: ApplyResult | null): string | null {
  const aliasPlanned = p.actions.some((a) => a.call === 'iam:CreateAccountAlias');
  if (!aliasPlanned) return p.alias;
  return result?.done.some((a) => a.call === 'iam:CreateAccountAlias') ? p.alias : null;
}

/** The sign-in URL after applying: the alias form only if the alias exists now. */
export function resultSignInUrl(p: AdminPlan, result: ApplyResult | null): string {
  return signInUrl(p.accountId, resultAlias(p, result));
}

/** The failure was the alias being taken (aliases are global across AWS). */
export function aliasTaken(result: ApplyResult): string | null {
  const f = result.failed.find((x) => x.action.call === 'iam:CreateAccountAlias' && isAwsError(x.error, 'AlreadyExists'));
  return f ? f.action.id.slice('create-account-alias:'.length) : null;
}

// the wording of access-denied errors lives with the other AWS error wording
export { accessDeniedLine, grantingPolicy } from '../aws/errors.js';

// ---------------------------------------------------------------- a re-run

/**
 * Note, before the call that sets it, that a console password for `userName` is about to
 * exist and is not handed over yet; `handedOver` takes the note away once it is. A re-run
 * that finds the note (the run died in between) replaces a password never used.
 */
export async function recordPasswordPending(accountId: string, userName: string, pending: boolean, opts: RecordOptions = {}): Promise<LocalRecord> {
  return updateRecord(
    accountId,
    (r) => {
      // IAM user names ignore case: Bob and bob are one user
      const others = (r.passwordHandOverPending ?? []).filter((n) => n.toLowerCase() !== userName.toLowerCase());
      return { ...r, passwordHandOverPending: pending ? [...others, userName] : others };
    },
    opts,
  );
}

/** Remember the admin user made (a name only), so a re-run can check it instead of asking. */
export async function recordAdminUser(accountId: string, userName: string, opts: RecordOptions = {}): Promise<LocalRecord> {
  return updateRecord(accountId, (r) => ({ ...r, adminUser: userName }), opts);
}
