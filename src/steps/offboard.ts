// Offboarding: disable a leaver's IAM user without deleting it (deleting loses the
// trail: CloudTrail entries would point at a user that no longer exists, and a new
// user of the same name could be mistaken for the old one). inspect → plan → apply.
import type {
  AccessKey,
  AttachedPolicy,
  CallerIdentity,
  IamUser,
  LoginProfile,
  MfaDevice,
  PolicyDocument,
  ServiceSpecificCredential,
  SigningCertificate,
  SshPublicKey,
  Tags,
} from '../aws/port.js';
import { accessDeniedLine, isAwsError } from '../aws/errors.js';
import { ADMIN_GROUP, validateUserName } from './admin-user.js';
import { GoBack, plural, type StepIO } from './flow.js';
import { runActions } from './run-actions.js';
import { errorText } from './apply-plan.js';
import { neutralize } from '../untrusted.js';
import { awsClockOffset, awsTime, CLOCK_TOLERANCE_MS, duration } from './virtual-mfa.js';
import type { Action, ApplyResult, Existing, Plan, ProgressEvent, StepContext } from './types.js';

export const TAG_DISABLED_AT = 'mvsp-setup:disabled-at';
export const TAG_DISABLED_BY = 'mvsp-setup:disabled-by';

/**
 * Phases: credentials are cut first (nothing can sign in or call an API any more),
 * then permissions and MFA; a virtual device can be deleted only once deactivated; then
 * the sessions already issued are revoked; the tag comes last, so that a user tagged
 * disabled really is.
 */
export const OFFBOARD_PHASE = { credentials: 1, permissions: 2, deleteMfa: 3, revokeSessions: 4, tag: 5 } as const;

/** The inline policy that denies everything to sessions issued before the offboarding. */
export const REVOKE_SESSIONS_POLICY = 'mvsp-setup-revoke-sessions';

/**
 * How far past the moment it is written (by AWS's clock, see revocationTime) the
 * revocation reaches: a deactivated key takes a moment to stop working everywhere, and
 * AWS's time is known here only to about a second; once every credential is cut nobody
 * can get a new session, so a later time costs nothing.
 */
export const REVOKE_MARGIN_MS = 5 * 60 * 1000;

/**
 * Deny every action on every resource to requests signed with temporary credentials
 * (console sign-ins, sts:GetSessionToken, sts:GetFederationToken) issued before `before`:
 * AWS evaluates a session's permissions on each request, so this cuts sessions already
 * issued (IAM user guide, "Disabling permissions for temporary security credentials";
 * condition key aws:TokenIssueTime). Requests signed with long-term access keys carry no
 * aws:TokenIssueTime and are not matched: those keys are deactivated instead.
 */
export function revokeSessionsDocument(before: Date): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenySessionsIssuedBeforeOffboarding',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': before.toISOString() } },
      },
    ],
  };
}

/**
 * The time the revocation is dated: AWS's time now (this machine's clock corrected by the
 * offset learnt from the Date header of AWS's answers, Gateway.clock) plus
 * REVOKE_MARGIN_MS. aws:TokenIssueTime is AWS's time: a revocation dated by a clock that
 * lags AWS's would spare the sessions issued in the lag. When AWS's time is not known
 * (no answer read yet), this machine's clock is used (offboardFlow says so).
 */
export function revocationTime(ctx: StepContext): Date {
  return new Date(awsTime(ctx).getTime() + REVOKE_MARGIN_MS);
}

/**
 * The time before which `doc` denies every session, when it is exactly the revocation
 * (one Deny of `*` on `*`, conditioned only on aws:TokenIssueTime being earlier); else
 * null (missing, edited, or weakened: it must be written again).
 */
export function sessionsRevokedBefore(doc: PolicyDocument | null): Date | null {
  if (!doc || doc.Statement.length !== 1) return null;
  const st = doc.Statement[0]!;
  const all = (v: string | string[] | undefined) => v === '*' || (Array.isArray(v) && v.length === 1 && v[0] === '*');
  if (st.Effect !== 'Deny' || !all(st.Action) || !all(st.Resource) || st.NotAction !== undefined || st.NotResource !== undefined) return null;
  const cond = st.Condition;
  if (!cond || Object.keys(cond).length !== 1 || !cond.DateLessThan || Object.keys(cond.DateLessThan).length !== 1) return null;
  const value = cond.DateLessThan['aws:TokenIssueTime'];
  if (typeof value !== 'string') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

export interface OffboardState {
  userName: string;
  user: IamUser | null;
  loginProfile: LoginProfile | null;
  accessKeys: AccessKey[];
  mfaDevices: MfaDevice[];
  groups: string[];
  directPolicies: AttachedPolicy[];
  inlinePolicies: string[];
  /** the document of the inline policy REVOKE_SESSIONS_POLICY; null: none */
  revokePolicy: PolicyDocument | null;
  /** members of the Administrators group (empty when there is none) */
  adminMembers: string[];
  /** CodeCommit SSH keys; null: could not be read (see unread) */
  sshPublicKeys: SshPublicKey[] | null;
  /** CodeCommit HTTPS Git, Keyspaces, Bedrock API keys…; null: could not be read (see unread) */
  serviceSpecificCredentials: ServiceSpecificCredential[] | null;
  /** X.509 signing certificates; null: could not be read (see unread) */
  signingCertificates: SigningCertificate[] | null;
  /** credential lists whose read was denied or failed: unknown, never "none" */
  unread: UnreadCredentials[];
}

/** A list of credentials that could not be read (the user may hold active ones). */
export interface UnreadCredentials {
  /** e.g. "SSH public keys" */
  what: string;
  /** the read that failed, e.g. iam:ListSSHPublicKeys */
  action: string;
  /** the error, as thrown (an AwsError when AWS refused or failed) */
  error: unknown;
}

/** Reads one credential list; a denied or failed read is recorded in `unread` and gives null. */
async function readCredentials<T>(unread: UnreadCredentials[], what: string, action: string, read: () => Promise<T[]>): Promise<T[] | null> {
  try {
    return await read();
  } catch (error) {
    unread.push({ what, action, error });
    return null;
  }
}

export async function inspect(ctx: StepContext, userName: string): Promise<OffboardState> {
  const [user, admins] = await Promise.all([ctx.aws.iam.getUser(userName), ctx.aws.iam.getGroup(ADMIN_GROUP)]);
  const adminMembers = admins?.members ?? [];
  if (!user) {
    return {
      userName,
      user: null,
      loginProfile: null,
      accessKeys: [],
      mfaDevices: [],
      groups: [],
      directPolicies: [],
      inlinePolicies: [],
      revokePolicy: null,
      adminMembers,
      sshPublicKeys: [],
      serviceSpecificCredentials: [],
      signingCertificates: [],
      unread: [],
    };
  }
  // IAM names ignore case: from here on use the name as AWS spells it
  const name = user.name;
  const unread: UnreadCredentials[] = [];
  const [loginProfile, accessKeys, mfaDevices, groups, directPolicies, inlinePolicies, revokePolicy, sshPublicKeys, serviceSpecificCredentials, signingCertificates] =
    await Promise.all([
      ctx.aws.iam.getLoginProfile(name),
      ctx.aws.iam.listAccessKeys(name),
      ctx.aws.iam.listMfaDevices(name),
      ctx.aws.iam.listGroupsForUser(name),
      ctx.aws.iam.listAttachedUserPolicies(name),
      ctx.aws.iam.listUserPolicies(name),
      ctx.aws.iam.getUserPolicy(name, REVOKE_SESSIONS_POLICY),
      readCredentials(unread, 'SSH public keys', 'iam:ListSSHPublicKeys', () => ctx.aws.iam.listSshPublicKeys(name)),
      readCredentials(unread, 'service-specific credentials', 'iam:ListServiceSpecificCredentials', () => ctx.aws.iam.listServiceSpecificCredentials(name)),
      readCredentials(unread, 'signing certificates', 'iam:ListSigningCertificates', () => ctx.aws.iam.listSigningCertificates(name)),
    ]);
  return {
    userName: name,
    user,
    loginProfile,
    accessKeys,
    mfaDevices,
    groups,
    directPolicies,
    inlinePolicies,
    revokePolicy,
    adminMembers,
    sshPublicKeys,
    serviceSpecificCredentials,
    signingCertificates,
    unread,
  };
}

export type Refusal =
  | { kind: 'invalid-name'; message: string }
  | { kind: 'no-such-user'; message: string }
  | { kind: 'self'; message: string }
  | { kind: 'last-admin'; message: string };

export interface OffboardInput {
  /** who runs this (refused as a target) */
  caller: CallerIdentity;
  /** the people who can reach root, from the local record (names, user names or emails) */
  rootHolders?: string[];
}

export interface OffboardPlan extends Plan {
  notes: string[];
  userName: string;
  refusal: Refusal | null;
  /** the user is named as a root holder: root's password and MFA must be rotated */
  rootHolder: string | null;
  /** managed policies attached directly that the plan detaches (for the report) */
  detachedPolicies: AttachedPolicy[];
  /** credential lists that could not be read: the user may keep active ones (never "disabled") */
  unread: UnreadCredentials[];
}

export interface OffboardEnv {
  callerArn: string;
  now: Date;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A virtual device's serial is its ARN (…:mfa/NAME); hardware and security keys are not deletable through IAM. */
export function isVirtualMfa(serial: string): boolean {
  return /^arn:aws[\w-]*:iam::\d+:mfa\//.test(serial);
}

/** Tag values may hold letters, digits, spaces and _ . : / = + - @ (at most 256). */
function tagValue(v: string): string {
  return v.replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, '_').slice(0, 256);
}

/** Why this user must not be offboarded by this caller, or null. */
export function refusalFor(state: OffboardState, caller: CallerIdentity): Refusal | null {
  const nameError = validateUserName(state.userName);
  if (nameError) return { kind: 'invalid-name', message: `"${state.userName}" is not a valid IAM user name: ${nameError}` };
  if (!state.user) return { kind: 'no-such-user', message: `There is no IAM user named ${state.userName} in this account.` };
  if (caller.kind === 'user' && caller.name !== null && same(caller.name, state.userName)) {
    return {
      kind: 'self',
      message: `${state.userName} is the user running this command: offboarding yourself would lock you out halfway. Ask another administrator to run it.`,
    };
  }
  const isAdmin = state.adminMembers.some((m) => same(m, state.userName));
  if (isAdmin && state.adminMembers.length === 1) {
    return {
      kind: 'last-admin',
      message: `${state.userName} is the last member of ${ADMIN_GROUP}: without them no IAM user could administer the account. Onboard another administrator first (mvsp-setup onboard --group ${ADMIN_GROUP}), then offboard ${state.userName}.`,
    };
  }
  return null;
}

/**
 * A name as its parts: split on spaces, . _ - + and a lower-to-upper case change
 * (AliceDoe), digits dropped, lower case. "alice.doe2" → ["alice", "doe"].
 */
export function nameParts(name: string): string[] {
  return name
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/\p{N}+/gu, ' ')
    .toLowerCase()
    .split(/[\s._+\-]+/u)
    .filter((p) => p !== '');
}

/**
 * The ways a user name (or an email's local part) spells a holder's name "First [Middle] Last":
 * first+last, last+first, initial+last, first+initial (parts joined with or without . _ - +),
 * or the first name alone; a one-word holder only as itself.
 */
function spells(id: string, holder: string): boolean {
  const parts = nameParts(id);
  const words = nameParts(holder);
  if (parts.length === 0 || words.length === 0) return false;
  const joined = parts.join('');
  const first = words[0]!;
  const last = words[words.length - 1]!;
  if (words.length === 1) return joined === first;
  return [first, first + last, last + first, first[0]! + last, first + last[0]!, words.join('')].includes(joined);
}

/**
 * The root holder this user is, if any: the holder written as the user name or the email
 * tag, or the user name or the email tag's local part spelling the holder's name (`spells`).
 */
export function matchRootHolder(state: OffboardState, holders: string[]): string | null {
  const email = state.user?.tags.email?.trim().toLowerCase() || null;
  const local = email?.split('@')[0] ?? null;
  for (const holder of holders) {
    const h = holder.trim().toLowerCase();
    if (h === '') continue;
    if (same(h, state.userName) || (email && h === email)) return holder;
    // a holder on record as an email address: its local part against the user's names
    const name = h.includes('@') ? h.split('@')[0]! : holder;
    if (h.includes('@') && (name === local || same(name, state.userName))) return holder;
    if (spells(state.userName, name) || (local && spells(local, name))) return holder;
  }
  return null;
}

/** The steps for rotating root's secrets when a root holder leaves. */
export function rootRotationSteps(holder: string): string[] {
  return [
    `${holder} could reach the root user: rotate root's password and MFA today.`,
    '1. Sign in as root (an email address, not an IAM user) → account menu → Security credentials.',
    '2. Change the root password; keep the new one where the remaining holders can reach it.',
    `3. Remove the MFA device ${holder} holds, and assign a new one held by someone who stays.`,
    '4. Update the record of who holds root: run mvsp-setup verify and attest the new holders.',
  ];
}

/** Everything still left to turn off, and a tag. Pure. */
export function plan(state: OffboardState, input: OffboardInput, env: OffboardEnv): OffboardPlan {
  const refusal = refusalFor(state, input.caller);
  const base: OffboardPlan = {
    actions: [],
    existing: [],
    notes: [],
    userName: state.userName,
    refusal,
    rootHolder: null,
    detachedPolicies: [],
    unread: [],
  };
  if (refusal) return base;
  const u = state.userName;
  const actions: Action[] = [];
  const existing: Existing[] = [];
  const notes: string[] = [];
  const add = (id: string, call: string, summary: string, phase: number, run: Action['run']) => actions.push({ id, call, summary, phase, run });

  if (state.loginProfile) {
    add(`delete-login-profile:${u}`, 'iam:DeleteLoginProfile', `Delete the console password of ${u}`, OFFBOARD_PHASE.credentials, (ctx) =>
      tolerateMissing(() => ctx.aws.iam.deleteLoginProfile(u)),
    );
  } else existing.push({ summary: `${u} has no console password` });

  const active = state.accessKeys.filter((k) => k.status === 'Active');
  for (const k of active) {
    add(`deactivate-access-key:${k.id}`, 'iam:UpdateAccessKey', `Deactivate access key ${k.id}`, OFFBOARD_PHASE.credentials, (ctx) =>
      ctx.aws.iam.updateAccessKey(u, k.id, 'Inactive'),
    );
  }
  if (active.length === 0) existing.push({ summary: state.accessKeys.length ? `Access keys of ${u} inactive (${state.accessKeys.length})` : `${u} has no access keys` });

  // SSH public keys, service-specific credentials and signing certificates sign in or call
  // AWS on their own: each active one is deactivated (kept, like access keys, so its id
  // stays in the trail). A list that could not be read is said, never taken as empty.
  const others: {
    list: { id: string; status: string; serviceName?: string }[] | null;
    what: string;
    one: string;
    call: string;
    deactivate: (ctx: StepContext, id: string) => Promise<void>;
  }[] = [
    { list: state.sshPublicKeys, what: 'SSH public keys', one: 'SSH public key', call: 'iam:UpdateSSHPublicKey', deactivate: (ctx, id) => ctx.aws.iam.updateSshPublicKey(u, id, 'Inactive') },
    {
      list: state.serviceSpecificCredentials,
      what: 'service-specific credentials',
      one: 'service-specific credential',
      call: 'iam:UpdateServiceSpecificCredential',
      deactivate: (ctx, id) => ctx.aws.iam.updateServiceSpecificCredential(u, id, 'Inactive'),
    },
    {
      list: state.signingCertificates,
      what: 'signing certificates',
      one: 'signing certificate',
      call: 'iam:UpdateSigningCertificate',
      deactivate: (ctx, id) => ctx.aws.iam.updateSigningCertificate(u, id, 'Inactive'),
    },
  ];
  for (const o of others) {
    if (o.list === null) continue;
    const on = o.list.filter((c) => c.status === 'Active');
    for (const c of on) {
      const id = neutralize(c.id);
      const service = c.serviceName ? ` for ${neutralize(c.serviceName)}` : '';
      add(`deactivate-${o.one.replace(/ /g, '-').toLowerCase()}:${c.id}`, o.call, `Deactivate ${o.one} ${id}${service}`, OFFBOARD_PHASE.credentials, (ctx) => o.deactivate(ctx, c.id));
    }
    if (on.length === 0) existing.push({ summary: o.list.length ? `${o.what[0]!.toUpperCase()}${o.what.slice(1)} of ${u} not active (${o.list.length})` : `${u} has no ${o.what}` });
  }
  for (const r of state.unread) {
    notes.push(
      `Could not read the ${r.what} of ${u} (${r.action}${isAwsError(r.error) ? `: ${r.error.kind}` : ''}): any active one still works, and ${u} is not called disabled. Grant ${r.action} and re-run, or check them in the IAM console (Users → ${u} → Security credentials).`,
    );
  }

  for (const d of state.mfaDevices) {
    add(`deactivate-mfa:${d.serial}`, 'iam:DeactivateMFADevice', `Deactivate MFA device ${shortSerial(d.serial)}`, OFFBOARD_PHASE.permissions, (ctx) =>
      tolerateMissing(() => ctx.aws.iam.deactivateMfaDevice(u, d.serial)),
    );
    if (isVirtualMfa(d.serial)) {
      add(`delete-virtual-mfa:${d.serial}`, 'iam:DeleteVirtualMFADevice', `Delete virtual MFA device ${shortSerial(d.serial)}`, OFFBOARD_PHASE.deleteMfa, (ctx) =>
        tolerateMissing(() => ctx.aws.iam.deleteVirtualMfaDevice(d.serial)),
      );
    }
  }
  if (state.mfaDevices.length === 0) existing.push({ summary: `${u} has no MFA device` });

  for (const g of state.groups) {
    add(`remove-from-group:${g}:${u}`, 'iam:RemoveUserFromGroup', `Remove ${u} from group ${g}`, OFFBOARD_PHASE.permissions, (ctx) =>
      tolerateMissing(() => ctx.aws.iam.removeUserFromGroup(g, u)),
    );
  }
  if (state.groups.length === 0) existing.push({ summary: `${u} is in no group` });

  for (const p of state.directPolicies) {
    add(`detach-user-policy:${u}:${p.arn}`, 'iam:DetachUserPolicy', `Detach policy ${p.name} from ${u}`, OFFBOARD_PHASE.permissions, (ctx) =>
      tolerateMissing(() => ctx.aws.iam.detachUserPolicy(u, p.arn)),
    );
  }
  const inline = state.inlinePolicies.filter((n) => n !== REVOKE_SESSIONS_POLICY);
  if (inline.length > 0) {
    notes.push(
      state.unread.length === 0
        ? `${u} has inline policies (${inline.map(neutralize).join(', ')}); left in place — with no password and no active access key, SSH public key, service-specific credential or signing certificate they grant nothing to a new sign-in, and ${REVOKE_SESSIONS_POLICY} denies everything to ${u}'s own sessions issued before.`
        : `${u} has inline policies (${inline.map(neutralize).join(', ')}); left in place — they still grant what they allow to any credential that could not be read.`,
    );
  }

  // A console session or sts:GetSessionToken credentials (up to 36 hours) outlive the
  // password and keys they came from: they are cut by a Deny for sessions issued before now,
  // written once every credential is cut (so no session can be issued after it). A re-run
  // that changes anything writes it again with a new time; one with nothing to change
  // keeps it only when the user is tagged disabled-at and it is exactly the revocation,
  // dated no earlier than the tag. An untagged user's policy of that name is not ours to
  // trust (the leaver may have written one dated long ago): it is written again. So is one
  // that AWS's own record belies: a password used after the revocation's time (a user this
  // tool disabled has had no password since).
  const tagged = state.user?.tags[TAG_DISABLED_AT];
  const taggedAt = tagged === undefined ? NaN : new Date(tagged).getTime();
  const revokedBefore = sessionsRevokedBefore(state.revokePolicy);
  const passwordUsedAt = state.user?.passwordLastUsed?.getTime();
  const revokeCurrent =
    revokedBefore !== null &&
    !Number.isNaN(taggedAt) &&
    revokedBefore.getTime() >= taggedAt &&
    !(passwordUsedAt !== undefined && passwordUsedAt > revokedBefore.getTime());
  if (actions.length > 0 || !revokeCurrent) {
    add(
      `put-user-policy:${u}:${REVOKE_SESSIONS_POLICY}`,
      'iam:PutUserPolicy',
      // the Deny is on the user: a session of a role the user assumed (sts:AssumeRole) is
      // judged by the role's policies alone and lasts up to the role's maximum session
      // duration (IAM user guide, "Revoke IAM role temporary security credentials")
      `End ${u}'s own sessions, not role sessions (Deny ${REVOKE_SESSIONS_POLICY})`,
      OFFBOARD_PHASE.revokeSessions,
      (ctx) => ctx.aws.iam.putUserPolicy(u, REVOKE_SESSIONS_POLICY, revokeSessionsDocument(revocationTime(ctx))),
    );
  } else {
    existing.push({ summary: `${u}'s own sessions issued before ${revokedBefore.toISOString()} ended (Deny ${REVOKE_SESSIONS_POLICY})` });
  }

  if (state.unread.length > 0) {
    // a user tagged disabled really is: not while a credential list is unknown
    notes.push(`${u} is not tagged ${TAG_DISABLED_AT} until every credential could be read.`);
  } else if (actions.length > 0 || !tagged) {
    const tags: Tags = { [TAG_DISABLED_AT]: env.now.toISOString(), [TAG_DISABLED_BY]: tagValue(env.callerArn) };
    add(`tag-user:${u}`, 'iam:TagUser', `Tag ${u} ${TAG_DISABLED_AT} and ${TAG_DISABLED_BY}`, OFFBOARD_PHASE.tag, (ctx) => ctx.aws.iam.tagUser(u, tags));
  } else {
    const by = state.user?.tags[TAG_DISABLED_BY];
    existing.push({ summary: `${u} tagged disabled at ${tagged}${by ? ` by ${by}` : ''}` });
  }

  const holders = (input.rootHolders ?? []).filter((h) => h.trim() !== '');
  const holder = matchRootHolder(state, holders);
  // no match is not proof: a user name may spell a holder's name some other way
  if (!holder && holders.length > 0) {
    notes.push(`Root holders on record: ${holders.map(neutralize).join(', ')} — if ${u} is one of them, rotate root's password and MFA.`);
  }
  return {
    ...base,
    actions: [...actions].sort((a, b) => a.phase - b.phase),
    existing,
    notes,
    rootHolder: holder,
    detachedPolicies: [...state.directPolicies],
    unread: [...state.unread],
  };
}

export function apply(p: OffboardPlan, ctx: StepContext, onProgress?: (e: ProgressEvent) => void): Promise<ApplyResult> {
  if (p.refusal) return Promise.resolve({ ok: false, done: [], failed: [], notDone: [] });
  return runActions(p.actions, ctx, onProgress);
}

/** arn:aws:iam::123:mfa/bob-phone → bob-phone; hardware serials as they are. */
export function shortSerial(serial: string): string {
  return isVirtualMfa(serial) ? serial.slice(serial.indexOf(':mfa/') + 5) : serial;
}

/** Something already gone (a concurrent run, a console click) is what we wanted. */
async function tolerateMissing(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (isAwsError(e, 'NotFound')) return;
    throw e;
  }
}

/**
 * What a read of the user (inspect, after the changes) still finds that lets them sign in,
 * call AWS or hold a permission: one phrase each, names neutralised; empty when nothing is
 * left. Inline policies are not counted (left by design: they grant nothing to a new
 * credential) but, with `revokedSince`, sessions issued before that moment must be denied
 * by REVOKE_SESSIONS_POLICY. A user that no longer exists is reported as such. A
 * credential list the read could not get is not here: it is in `state.unread` (not known
 * to be empty).
 */
export function stillInPlace(state: OffboardState, revokedSince?: Date): string[] {
  if (!state.user) return [`no user named ${state.userName} any more (deleted meanwhile), so nothing could be tagged`];
  const left: string[] = [];
  if (revokedSince) {
    const before = sessionsRevokedBefore(state.revokePolicy);
    if (before === null) left.push(`sessions issued before now (no inline policy ${REVOKE_SESSIONS_POLICY} denying them)`);
    else if (before.getTime() < revokedSince.getTime()) left.push(`sessions issued since ${before.toISOString()} (${REVOKE_SESSIONS_POLICY} denies only older ones)`);
  }
  if (state.loginProfile) left.push('a console password');
  const active = state.accessKeys.filter((k) => k.status === 'Active');
  if (active.length > 0) left.push(`${active.length === 1 ? 'an active access key' : `${active.length} active access keys`} (${active.map((k) => neutralize(k.id)).join(', ')})`);
  if (state.mfaDevices.length > 0) left.push(`MFA device ${state.mfaDevices.map((d) => neutralize(shortSerial(d.serial))).join(', ')}`);
  if (state.groups.length > 0) left.push(`member of ${state.groups.map(neutralize).join(', ')}`);
  if (state.directPolicies.length > 0) left.push(`attached ${state.directPolicies.map((d) => neutralize(d.name)).join(', ')}`);
  const activeOf = <T extends { status: string }>(list: T[] | null, one: string, many: string, id: (c: T) => string) => {
    const on = (list ?? []).filter((c) => c.status === 'Active');
    if (on.length > 0) left.push(`${on.length === 1 ? `an active ${one}` : `${on.length} active ${many}`} (${on.map((c) => neutralize(id(c))).join(', ')})`);
  };
  activeOf(state.sshPublicKeys, 'SSH public key', 'SSH public keys', (k) => k.id);
  activeOf(state.serviceSpecificCredentials, 'service-specific credential', 'service-specific credentials', (c) => c.id);
  activeOf(state.signingCertificates, 'signing certificate', 'signing certificates', (c) => c.id);
  return left;
}

/**
 * What a run confirmed by the read-back leaves, for the report. `sessionsCut`: the
 * read-back found REVOKE_SESSIONS_POLICY denying every session issued before the changes.
 */
export function reportLines(p: OffboardPlan, sessionsCut = false): string[] {
  const cut = sessionsCut ? '; own sessions cut, not role sessions' : '';
  const lines =
    p.unread.length === 0
      ? [
          `${p.userName} can no longer sign in or call AWS: no password, active key, credential, certificate, MFA device or group${cut}.`,
        ]
      : [
          `${p.userName} has no console password, no active access key, no MFA device and is in no group${cut}; ${p.userName} may still sign in or call AWS with ${p.unread.map((r) => r.what).join(', ')}, which could not be read.`,
        ];
  if (p.detachedPolicies.length > 0) {
    lines.push(`Detached policies: ${p.detachedPolicies.map((d) => `${d.name} (${d.arn})`).join(', ')}`);
  }
  lines.push(
    p.unread.length === 0
      ? `The user is kept, tagged ${TAG_DISABLED_AT}, so the CloudTrail history still points at it.`
      : `The user is kept, not tagged ${TAG_DISABLED_AT}: re-run once its credentials can be read.`,
  );
  return lines;
}

/** "account 111122223333 (acme-production)", the alias only when known. */
export function accountLabel(accountId: string, alias: string | null | undefined): string {
  return `account ${accountId}${alias ? ` (${neutralize(alias)})` : ''}`;
}

/** AWS failures that are about the environment, not the account: exit 2. */
export function environmentError(e: unknown): boolean {
  return isAwsError(e) && (e.kind === 'NoCredentials' || e.kind === 'ExpiredToken' || e.kind === 'AccessDenied' || e.kind === 'Network');
}

/**
 * The exit code of an offboard run. A malformed name is a usage error (2), as are
 * environment failures; refusing the caller, the last admin or an unknown user is the
 * command failing to do what was asked (1), like any failed step.
 */
export function offboardExitCode(o: { error?: unknown; plan?: OffboardPlan; result?: ApplyResult | null }): number {
  if (o.error !== undefined) return environmentError(o.error) ? 2 : 1;
  if (o.plan?.refusal) return o.plan.refusal.kind === 'invalid-name' ? 2 : 1;
  if (o.result && !o.result.ok) return o.result.failed.some((f) => environmentError(f.error)) ? 2 : 1;
  // a credential list that could not be read: the user is not known to be disabled
  if (o.plan && o.plan.unread.length > 0) return o.plan.unread.some((r) => environmentError(r.error)) ? 2 : 1;
  return 0;
}

/** How long an interrupt waits for the changes under way to be answered before it says how far it got. */
const INTERRUPT_WAIT_MS = 5_000;
/** The run's code when it was interrupted while applying (the presenter exits with its signal's code). */
const OFFBOARD_INTERRUPTED = 130;

/**
 * What the plan says about the clock the revocation is dated by, or null: this machine's
 * clock when AWS's time is not known (a warning), or how far this machine's clock is from
 * AWS's when more than CLOCK_TOLERANCE_MS. `offsetMs`: AWS's time minus this machine's
 * (Gateway.clock), null when not known.
 */
export function revocationClockNote(offsetMs: number | null, p: OffboardPlan): { text: string; level: 'warn' | 'dim' } | null {
  if (!p.actions.some((a) => a.phase === OFFBOARD_PHASE.revokeSessions)) return null;
  if (offsetMs === null) {
    return { text: `AWS's time is not known here: ${REVOKE_SESSIONS_POLICY} is dated by this computer's clock plus ${REVOKE_MARGIN_MS / 60_000} min; if it lags AWS's by more, sessions issued in between are not ended.`, level: 'warn' };
  }
  if (Math.abs(offsetMs) <= CLOCK_TOLERANCE_MS) return null;
  return { text: `This computer's clock is about ${duration(offsetMs)} ${offsetMs > 0 ? 'behind' : 'ahead of'} AWS's: ${REVOKE_SESSIONS_POLICY} is dated by AWS's time.`, level: 'dim' };
}

/** The people who can reach root in this account (names, user names or emails). */
export type RootHoldersOf = (accountId: string) => Promise<string[]>;

export interface OffboardRun {
  /** 0 done (confirmed by a read-back) or nothing to do, 1 refused, a change failed, a credential list unread or the read-back still finds access, 2 usage or environment (offboardExitCode); 130 interrupted while applying */
  exitCode: number;
  /** the person answered no: nothing changed, nothing more to read */
  declined?: boolean;
}

/** The steps for rotating root's secrets, as lines: the first a warning, the numbered ones under it. */
function rootRotationLines(holder: string, io: StepIO): void {
  const [first, ...steps] = rootRotationSteps(holder);
  io.line(first!, 'warn');
  for (const s of steps) io.line(`  ${s}`);
}

/**
 * `offboard NAME` for every front end: read the user, plan, confirm (Enter alone is no;
 * --yes applies), apply with progress, report. AWS errors from the read (credentials,
 * access, no network) are thrown: the presenter says them and exits with
 * offboardExitCode({ error }). After the changes the user is read again; only that read
 * decides "disabled" (and the tag, written after it): anything still in place is named,
 * exit 1. Ctrl-C while applying says how many changes were made.
 */
export async function offboardFlow(
  ctx: StepContext,
  input: {
    userName: string;
    rootHoldersOf: RootHoldersOf;
    /** the account's alias (iam:ListAccountAliases, read by preflight); null or absent: none known */
    alias?: string | null;
  },
  io: StepIO,
): Promise<OffboardRun> {
  const [state, rootHolders] = await io.task(`Reading ${input.userName}'s credentials, devices and groups…`, () =>
    Promise.all([inspect(ctx, input.userName), input.rootHoldersOf(ctx.caller.accountId)]),
  );
  // dated by AWS's clock, as aws:TokenIssueTime is: the read above has taught it
  const p = plan(state, { caller: ctx.caller, rootHolders }, { callerArn: ctx.caller.arn, now: awsTime(ctx) });
  const u = p.userName;
  // which account the user is disabled in, beside every plan: a person with several at hand must see it
  const account = accountLabel(ctx.caller.accountId, input.alias);
  const title = `offboard ${u} in ${account}`;
  if (p.refusal) {
    io.line(`Not offboarding ${u}: ${p.refusal.message}`, 'fail');
    io.line('Nothing changed.', 'dim');
    return { exitCode: offboardExitCode({ plan: p }) };
  }
  if (p.actions.length === 0 && p.unread.length > 0) {
    io.line(`Nothing to change that could be read, but ${u} is not known to be disabled: ${p.unread.map((r) => r.what).join(', ')} could not be read.`, 'fail');
    io.plan(p, title);
    if (p.rootHolder) rootRotationLines(p.rootHolder, io);
    return { exitCode: offboardExitCode({ plan: p }) };
  }
  if (p.actions.length === 0) {
    io.line(`${u} is already disabled: nothing to do.`, 'pass');
    io.plan(p, title);
    if (p.rootHolder) rootRotationLines(p.rootHolder, io);
    return { exitCode: 0 };
  }
  io.line(`Disable ${u} in ${account} (kept, not deleted):`);
  io.plan(p, title);
  const clock = revocationClockNote(awsClockOffset(ctx), p);
  if (clock) io.line(clock.text, clock.level);
  if (p.rootHolder) io.line(`${p.rootHolder} could reach the root user: root's password and MFA must be rotated (steps shown after the changes).`, 'warn');
  let go = io.yes;
  if (go) io.line('--yes: applying…', 'dim');
  else {
    // Esc is no as well: nothing has changed yet
    go = await io.confirm('Apply this plan?', { defaultNo: true, noBack: true }).catch((e: unknown) => {
      if (e instanceof GoBack) return false;
      throw e;
    });
  }
  if (!go) {
    io.line(`Not applied${io.interactive ? '' : ' (add --yes to apply this plan)'}. Nothing changed.`);
    return { exitCode: 0, declined: true };
  }
  io.line(`Disabling ${u}:`);
  let made = 0;
  // the calls sent and not answered yet: AWS may make each change after an interrupt
  const underWay = new Set<string>();
  let settled: (() => void) | null = null;
  // Ctrl-C: nothing new starts (in every front end, whether or not the presenter aborts
  // ctx.signal); the changes under way are waited for, so the count says what was made
  const stop = new AbortController();
  ctx.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  if (ctx.signal?.aborted) stop.abort();
  const applyCtx: StepContext = { ...ctx, signal: stop.signal };
  const howFar = () =>
    io.line(
      `${made} of ${p.actions.length} changes made to ${u}${underWay.size > 0 ? `, ${underWay.size} under way (AWS may still make ${underWay.size === 1 ? 'it' : 'them'})` : ''}; re-run to finish (nothing is redone)`,
      'warn',
    );
  const unregister = io.onInterrupt(async () => {
    stop.abort();
    if (underWay.size > 0) {
      // said at once as well: a screen that stops waiting prints the last line said
      howFar();
      const answered = new Promise<void>((resolve) => (settled = resolve));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([answered, new Promise<void>((resolve) => (timer = setTimeout(resolve, INTERRUPT_WAIT_MS)))]);
      clearTimeout(timer);
    }
    howFar();
  });
  const show = io.progress(p.actions);
  const onProgress = (e: ProgressEvent) => {
    if (e.type === 'start') underWay.add(e.action.id);
    if (e.type === 'done' || e.type === 'failed') underWay.delete(e.action.id);
    if (e.type === 'done') made++;
    show(e);
    if (underWay.size === 0) settled?.();
  };
  // The plan was made before the question, which waits without limit: a key created or a
  // group joined meanwhile is in no plan. So the changes are judged from a second read,
  // not from the calls having succeeded (a NotFound tolerated above counts only if the
  // read agrees), and the tag that says "disabled" is written only once that read confirms.
  const tagActions = p.actions.filter((a) => a.phase === OFFBOARD_PHASE.tag);
  const revokeActions = p.actions.filter((a) => a.phase === OFFBOARD_PHASE.revokeSessions);
  const cuts = p.actions.filter((a) => a.phase < OFFBOARD_PHASE.revokeSessions);
  let result: ApplyResult;
  let left: string[] | null = null;
  let sessionsCut = false;
  // credential lists the read-back could not get: not known to be empty
  let unknown: UnreadCredentials[] = [];
  let readError: unknown;
  try {
    result = await apply({ ...p, actions: cuts }, applyCtx, onProgress);
    // interrupted: the clean-up says how far it got; nothing more is changed, read back or tagged
    if (stop.signal.aborted) return { exitCode: OFFBOARD_INTERRUPTED };
    // sessions are revoked even when a cut failed (they are the one thing a re-run cannot
    // take back for the hours until it runs); only an interrupt stops it
    const cutsEnded = awsTime(ctx);
    const revoked = await runActions(revokeActions, applyCtx, onProgress);
    if (stop.signal.aborted) return { exitCode: OFFBOARD_INTERRUPTED };
    result = { ok: result.ok && revoked.ok, done: [...result.done, ...revoked.done], failed: [...result.failed, ...revoked.failed], notDone: [...result.notDone, ...revoked.notDone] };
    if (result.ok) {
      try {
        const after = await io.task(`Reading ${u} back…`, () => inspect(ctx, u));
        left = stillInPlace(after, revokeActions.length > 0 ? cutsEnded : undefined);
        sessionsCut = revokeActions.length > 0 && left.length === 0;
        unknown = after.unread;
      } catch (e) {
        readError = e;
      }
    }
    if (left !== null && left.length === 0 && unknown.length === 0) {
      const tagged = await runActions(tagActions, applyCtx, onProgress);
      result = { ok: tagged.ok, done: [...result.done, ...tagged.done], failed: [...result.failed, ...tagged.failed], notDone: [...result.notDone, ...tagged.notDone] };
    } else {
      const reason = result.ok ? `${u} not confirmed disabled by the read-back` : 'needs every change above';
      for (const action of tagActions) onProgress({ type: 'skipped', action, reason });
      result = { ...result, ok: false, notDone: [...result.notDone, ...tagActions] };
    }
  } finally {
    unregister();
  }
  if (result.ok && p.unread.length > 0) {
    io.line(`${plural(result.done.length, 'change')} made, but ${u} is not known to be disabled: ${p.unread.map((r) => r.what).join(', ')} could not be read.`, 'fail');
    for (const l of reportLines(p, sessionsCut)) io.line(l);
  } else if (result.ok) {
    io.line(`${u} is disabled (${plural(result.done.length, 'change')}).`, 'pass');
    for (const l of reportLines(p, sessionsCut)) io.line(l);
  } else if (readError !== undefined) {
    io.line(`${result.done.length} of ${p.actions.length} changes made, but ${u} could not be read back to confirm them: ${readError instanceof Error ? errorText(readError) : String(readError)}`, 'fail');
    io.copy(`mvsp-setup offboard ${u}`, 'Not tagged disabled. To check and finish, re-run (what is done is not redone):');
  } else if (left !== null && left.length > 0) {
    const unread = unknown.length > 0 ? `; ${unknown.map((r) => r.what).join(', ')} could not be read` : '';
    io.line(`${u} is NOT disabled: after ${plural(result.done.length, 'change')}, AWS still shows ${left.join('; ')}${unread}.`, 'fail');
    io.copy(`mvsp-setup offboard ${u}`, 'Not tagged disabled. To turn off what is left, re-run (what is done is not redone):');
  } else if (left !== null && unknown.length > 0) {
    io.line(`${plural(result.done.length, 'change')} made, but ${u} is not known to be disabled: ${unknown.map((r) => r.what).join(', ')} could not be read.`, 'fail');
    for (const l of reportLines({ ...p, unread: unknown }, sessionsCut)) io.line(l);
  } else {
    io.line(`Stopped: ${result.done.length} of ${p.actions.length} changes made, ${result.failed.length + result.notDone.length} not done.`, 'fail');
    // the one change a re-run cannot make up for in the hours until it runs
    if (revokeActions.some((a) => !result.done.includes(a))) io.line(`${u}'s own sessions already issued still work: ${REVOKE_SESSIONS_POLICY} was not written.`, 'fail');
    io.line('Re-run the same command to finish: what is done is not redone.', 'dim');
  }
  const denied = result.failed.map((f) => f.error).find((e) => isAwsError(e, 'AccessDenied'));
  if (denied && isAwsError(denied)) io.line(accessDeniedLine(denied));
  if (p.rootHolder) rootRotationLines(p.rootHolder, io);
  // nothing readable left, some list unread: the exit code says why it could not be read
  const onlyUnknown = left !== null && left.length === 0 && unknown.length > 0;
  return { exitCode: offboardExitCode(readError !== undefined ? { error: readError } : onlyUnknown ? { plan: { ...p, unread: unknown } } : { plan: p, result }) };
}
