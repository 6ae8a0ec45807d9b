// Is a policy admin-equivalent? Judged from its statements (IAM JSON policy reference:
// Action / NotAction, Resource / NotResource), erring towards "yes" (a false warning costs a
// look, a false pass hides an admin):
// - Allow `*` (or `*:*`) or `iam:*` on everything: `Resource: "*"`, or a `NotResource`
//   (everything but the listed resources);
// - Allow NotAction on everything, when the NotAction leaves IAM allowed;
// - Allow of an action that writes permissions (ESCALATION_ACTIONS below, matched with the
//   statement's wildcards, so `iam:*`, `iam:Attach*`, `iam:Put*` count) on any IAM user,
//   group, role or customer managed policy: writing a policy there lets the holder grant
//   itself, or an identity it controls, anything;
// - Allow of an action that hands over another user's credentials (TAKEOVER_ACTIONS: an
//   access key, a console password) on any IAM user: the holder can act as an admin.
// Plus the AWS managed policies known to grant that much, recognised by ARN (their documents
// are not read), and those known to allow sts:AssumeRole on `*`, judged by the statements
// that do (AWS_ASSUME_ROLE_POLICIES).
import type { AttachedPolicy, AuthorizationDetails, AuthorizationPolicy, InlinePolicy, PolicyDocument, PolicyStatement } from '../aws/port.js';
import { neutralize } from '../untrusted.js';

/** AWS managed policies that are admin-equivalent, by name (arn:PARTITION:iam::aws:policy/NAME). */
export const AWS_ADMIN_POLICIES: Readonly<Record<string, string>> = {
  AdministratorAccess: 'AWS managed AdministratorAccess: * on *',
  IAMFullAccess: 'AWS managed IAMFullAccess: iam:* on *, so it can grant itself anything',
  'AdministratorAccess-Amplify': 'AWS managed AdministratorAccess-Amplify: broad IAM and service rights',
  'AdministratorAccess-AWSElasticBeanstalk': 'AWS managed AdministratorAccess-AWSElasticBeanstalk: broad IAM and service rights',
};

const AWS_MANAGED = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** Why an AWS managed policy is admin-equivalent, or null (not AWS managed, or not known as such). */
export function awsManagedAdmin(arn: string): string | null {
  const m = AWS_MANAGED.exec(arn);
  return m ? (AWS_ADMIN_POLICIES[m[1]!] ?? null) : null;
}

export function isAwsManaged(arn: string): boolean {
  return AWS_MANAGED.test(arn);
}

/**
 * AWS managed policies not admin-equivalent on their own whose documents allow sts:AssumeRole
 * on `*` (so on any role whose trust policy admits the holder): the statements that do, as
 * AWS publishes them (IAM → Policies → NAME → JSON; AWS Managed Policy Reference Guide).
 * Other AWS managed policies are judged by ARN only (AWS_ADMIN_POLICIES). Kept to the ones
 * found on people: PowerUserAccess (its NotAction leaves sts:* allowed) and SageMaker
 * Studio's IAM execution policies (sts:AssumeRole on `*`, no condition).
 */
export const AWS_ASSUME_ROLE_POLICIES: Readonly<Record<string, PolicyDocument>> = {
  PowerUserAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }],
  },
  SageMakerStudioAdminIAMDefaultExecutionPolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'iam:ListRoles', 'iam:GetUser', 'iam:ListUsers', 'sts:AssumeRole'], Resource: '*' }],
  },
  SageMakerStudioAdminIAMPermissiveExecutionPolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'iam:ListRoles', 'iam:GetUser', 'iam:ListUsers', 'sts:AssumeRole'], Resource: '*' }],
  },
  SageMakerStudioUserIAMDefaultExecutionPolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'iam:ListRoles', 'sts:AssumeRole'], Resource: '*' }],
  },
  SageMakerStudioUserIAMPermissiveExecutionPolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'iam:ListRoles', 'sts:AssumeRole'], Resource: '*' }],
  },
};

/**
 * The sts:AssumeRole statements of an AWS managed policy (AWS_ASSUME_ROLE_POLICIES) with its
 * name, to judge with roleGrants; null when the ARN is not one of them.
 */
export function awsManagedAssumeRole(arn: string): { name: string; document: PolicyDocument } | null {
  const m = AWS_MANAGED.exec(arn);
  const document = m ? AWS_ASSUME_ROLE_POLICIES[m[1]!] : undefined;
  return document ? { name: m![1]!, document } : null;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * IAM actions that write permissions onto an identity or a policy (IAM API reference): with
 * any of them on IAM users, groups, roles or policies, a holder can give itself admin rights.
 */
export const ESCALATION_ACTIONS: readonly string[] = [
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutGroupPolicy',
  'iam:AddUserToGroup',
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
];

/**
 * IAM actions that hand the holder another IAM user's credentials (IAM API reference): an
 * access key made for, or a console password set on, an admin lets the holder act as that
 * admin. They count on IAM user ARNs only.
 */
export const TAKEOVER_ACTIONS: readonly string[] = ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'];

/** An IAM policy wildcard pattern (`*` any run, `?` one character; case-insensitive) as a RegExp. */
function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Could an ARN pattern's resource part match some resource whose name starts with `prefix`? */
function mayStartWith(pattern: string, prefix: string): boolean {
  const at = pattern.search(/[*?]/);
  const literal = (at < 0 ? pattern : pattern.slice(0, at)).toLowerCase();
  return literal.startsWith(prefix) || (at >= 0 && prefix.startsWith(literal));
}

const IAM_TARGETS = ['user/', 'group/', 'role/', 'policy/'];

/**
 * Whether a `Resource` entry may name an IAM user, group, role or policy (or, given
 * `targets`, only those kinds): arn:PARTITION:iam::ACCOUNT:user/NAME and so on, wildcards allowed.
 */
function mayBeIamTarget(resource: string, targets: readonly string[] = IAM_TARGETS): boolean {
  if (resource === '*') return true;
  const parts = resource.split(':');
  if (parts.length < 6) return /[*?]/.test(resource); // a truncated pattern such as `arn:*`
  if (!wildcard(parts[2]!).test('iam')) return false;
  const name = parts.slice(5).join(':');
  return targets.some((t) => mayStartWith(name, t));
}

/** A user ARN that can name only the caller's own user: `user/${aws:username}`, under any path. */
const ONLY_SELF = /:user\/(?:[^*?]*\/)?\$\{aws:username\}$/i;

/** Of `candidates`, those the statement's Action (or NotAction) allows. */
function allowedOf(s: PolicyStatement, candidates: readonly string[], actions: string[], notActions: string[]): string[] {
  return s.NotAction !== undefined
    ? candidates.filter((e) => !notActions.some((p) => wildcard(p).test(e)))
    : candidates.filter((e) => actions.some((p) => wildcard(p).test(e)));
}

/** Why one statement is admin-equivalent, or null. Policy text in the reason is neutralised. */
export function adminStatement(s: PolicyStatement): string | null {
  if (s.Effect !== 'Allow') return null;
  const notResources = list(s.NotResource);
  const where = list(s.Resource).includes('*')
    ? 'on *'
    : s.NotResource !== undefined && !notResources.includes('*')
      ? `on everything but ${notResources.join(', ')} (NotResource)`
      : null;
  const actions = list(s.Action).map((a) => a.toLowerCase());
  const notActions = list(s.NotAction).map((a) => a.toLowerCase());
  let why: string | null = null;
  if (where) {
    const all = actions.find((a) => a === '*' || a === '*:*');
    if (all) why = `Allow ${all} ${where}`;
    else if (actions.includes('iam:*')) why = `Allow iam:* ${where} (it can grant itself anything)`;
    else if (s.NotAction !== undefined && !notActions.some((a) => a === '*' || a === 'iam:*')) {
      why = `Allow everything but ${list(s.NotAction).join(', ')} ${where} (NotAction)`;
    }
  }
  const granted = s.NotAction !== undefined ? `everything but ${list(s.NotAction).join(', ')}` : list(s.Action).join(', ');
  if (!why) {
    const allowed = allowedOf(s, ESCALATION_ACTIONS, actions, notActions);
    const targets = where ? null : list(s.Resource).filter((r) => mayBeIamTarget(r));
    if (allowed.length && (where || targets!.length)) {
      why = `Allow ${granted} ${where ?? `on ${targets!.join(', ')}`}, including ${allowed[0]} (it can write policies onto IAM identities and so grant itself anything)`;
    }
  }
  if (!why) {
    const allowed = allowedOf(s, TAKEOVER_ACTIONS, actions, notActions);
    // `user/${aws:username}` (the self-service pattern: manage your own keys) names the caller only
    const users = where ? null : list(s.Resource).filter((r) => mayBeIamTarget(r, ['user/']) && !ONLY_SELF.test(r));
    if (allowed.length && (where || users!.length)) {
      why = `Allow ${granted} ${where ?? `on ${users!.join(', ')}`}, including ${allowed[0]} (it can give itself another IAM user's credentials, an admin's among them)`;
    }
  }
  return why === null ? null : neutralize(why);
}

/** The reasons a policy document is admin-equivalent; empty when it is not. */
export function adminGrants(doc: PolicyDocument): string[] {
  const statements = statementsOf(doc);
  return [...new Set(statements.map(adminStatement).filter((r): r is string => r !== null))];
}

// One step further: an identity allowed sts:AssumeRole on a role of this account whose trust
// policy admits it, and whose own policies are admin-equivalent, is an admin too (one call
// away, no policy to write). One level only: a role that can assume another role is judged by
// its own policies. The holder's own Deny statements are not weighed (a warning too many,
// never one too few).

/** A role whose own policies are admin-equivalent (`why`), or could not all be read (`unread`). */
export interface AdminRole {
  name: string;
  arn: string;
  trustPolicy: PolicyDocument;
  /** why the role's own policies are admin-equivalent (neutralised); empty when unread only */
  why: string[];
  /** its customer managed policies missing from the details (names, neutralised) */
  unread: string[];
}

/**
 * The roles of iam:GetAccountAuthorizationDetails (Filter Role) that are admin-equivalent by
 * their inline, attached AWS managed (by ARN) and customer managed (by document) policies,
 * or whose policies could not all be read.
 */
export function adminRoles(details: Pick<AuthorizationDetails, 'roles' | 'policies'>): AdminRole[] {
  const customer = new Map(details.policies.map((p) => [p.arn, p]));
  const out: AdminRole[] = [];
  for (const r of details.roles) {
    const { why, unread } = identityGrants(r, customer);
    if (why.length || unread.length) out.push({ name: r.name, arn: r.arn, trustPolicy: r.trustPolicy, why, unread });
  }
  return out;
}

/**
 * The roles of iam:GetAccountAuthorizationDetails that are not admin-equivalent themselves
 * but whose own policies let them assume one of `roles` that admits them (roleGrants: the
 * admin role's trust policy names this account or the role), with why in `why`: whoever can
 * assume such a role is one call from admin. One hop, as for users.
 */
export function rolesReachingAdmin(details: Pick<AuthorizationDetails, 'roles' | 'policies'>, roles: readonly AdminRole[], accountId: string): AdminRole[] {
  const customer = new Map(details.policies.map((p) => [p.arn, p]));
  const admin = new Set(roles.map((r) => r.arn));
  const out: AdminRole[] = [];
  for (const r of details.roles) {
    if (admin.has(r.arn)) continue;
    // unread: admin roles it may assume whose policies could not all be read (then unknown, never pass)
    const { why, unread } = identityGrants(r, customer, (doc) => roleGrants(doc, roles, accountId, r.arn));
    why.push(...namedIn(roles, accountId, r));
    if (why.length || unread.length) out.push({ name: r.name, arn: r.arn, trustPolicy: r.trustPolicy, why, unread });
  }
  return out;
}

/**
 * The admin roles whose trust policy names role `r` of this account, by its ARN or by a
 * session of it (arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/…: whoever assumes `r` picks
 * the session name): within one account that is enough with no policy of `r`'s own (IAM
 * policy evaluation logic, as for users named in a trust policy). In words, neutralised.
 */
function namedIn(roles: readonly AdminRole[], accountId: string, r: { name: string; arn: string }): string[] {
  const out: string[] = [];
  for (const a of roles) {
    if (!a.why.length) continue;
    const statements = statementsOf(a.trustPolicy);
    const names = statements
      .filter((st) => st.Effect === 'Allow' && allowsAssumeRole(st))
      .flatMap((st) => awsPrincipals(st.Principal))
      .some((p) => {
        const parts = p.split(':');
        if (parts[4] !== accountId) return false;
        if (/^arn:aws[\w-]*:iam::[^:]*:role\//.test(p)) return p.toLowerCase() === r.arn.toLowerCase();
        return /^arn:aws[\w-]*:sts::[^:]*:assumed-role\//.test(p) && p.split('/')[1]?.toLowerCase() === r.name.toLowerCase();
      });
    if (names) out.push(neutralize(`named in role ${a.name}'s trust policy: it can become role ${a.name}, which has ${a.why[0]}`));
  }
  return out;
}

/**
 * Why an identity's own policies are admin-equivalent: its inline policies and attached
 * customer managed policies (documents from `customer`, by ARN) judged by adminGrants and by
 * `more` (e.g. roleGrants), its attached AWS managed policies by ARN (and by `more` on
 * their statements in AWS_ASSUME_ROLE_POLICIES). Reasons read "inline policy NAME: WHY",
 * "customer managed policy NAME: WHY", "AWS managed NAME: WHY" or the AWS managed one's;
 * `unread`: attached policies missing from `customer`, and what `more` could not read.
 */
export function identityGrants(
  identity: { inlinePolicies: readonly InlinePolicy[]; attachedPolicies: readonly AttachedPolicy[] },
  customer: ReadonlyMap<string, AuthorizationPolicy>,
  more?: (doc: PolicyDocument) => { why: string[]; unread: string[] },
): { why: string[]; unread: string[] } {
  const why: string[] = [];
  const unread: string[] = [];
  const judge = (label: string, doc: PolicyDocument) => {
    for (const w of adminGrants(doc)) why.push(`${label}: ${w}`);
    const m = more?.(doc);
    for (const w of m?.why ?? []) why.push(`${label}: ${w}`);
    unread.push(...(m?.unread ?? []));
  };
  for (const p of identity.inlinePolicies) judge(`inline policy ${neutralize(p.name)}`, p.document);
  for (const p of identity.attachedPolicies) {
    if (isAwsManaged(p.arn)) {
      const w = awsManagedAdmin(p.arn);
      if (w) why.push(w);
      const assume = w ? null : awsManagedAssumeRole(p.arn);
      if (assume && more) judge(`AWS managed ${neutralize(assume.name)}`, assume.document);
      continue;
    }
    const doc = customer.get(p.arn);
    if (doc) judge(`customer managed policy ${neutralize(p.name)}`, doc.document);
    else unread.push(neutralize(p.name));
  }
  return { why, unread };
}

const ASSUME_ROLE = ['sts:AssumeRole'];

/** Does the statement's Action (or NotAction) allow sts:AssumeRole? */
function allowsAssumeRole(s: PolicyStatement): boolean {
  const actions = list(s.Action).map((a) => a.toLowerCase());
  const notActions = list(s.NotAction).map((a) => a.toLowerCase());
  return allowedOf(s, ASSUME_ROLE, actions, notActions).length > 0;
}

/** The AWS principals of a statement's `Principal` (`"*"` alone counts as `*`). */
/** A policy document's statements: `Statement` is an array, or one statement object. */
function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement as unknown as PolicyStatement];
}

function awsPrincipals(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (principal && typeof principal === 'object' && 'AWS' in principal) {
    const aws = (principal as { AWS: unknown }).AWS;
    return (Array.isArray(aws) ? aws : [aws]).filter((p): p is string => typeof p === 'string');
  }
  return [];
}

/** What a trust statement's Condition asks, in words: MFA, an external ID, or the keys it names. */
function conditionWords(condition: PolicyStatement['Condition']): string {
  const keys = [...new Set(Object.values(condition ?? {}).flatMap((c) => Object.keys(c ?? {})))];
  if (!keys.length) return '';
  const lower = keys.map((k) => k.toLowerCase());
  const words: string[] = [];
  if (lower.some((k) => k.startsWith('aws:multifactorauth'))) words.push('with MFA');
  if (lower.includes('sts:externalid')) words.push('with an external ID');
  const other = keys.filter((k) => !/^aws:multifactorauth|^sts:externalid$/i.test(k));
  if (other.length) words.push(`under a condition on ${other.join(', ')}`);
  return ` ${words.join(', ')}`;
}

/**
 * Whether a role's trust policy lets a principal of account `accountId` assume it: an Allow
 * of sts:AssumeRole to `*`, to the account (`arn:PARTITION:iam::ACCOUNT:root` or `ACCOUNT`),
 * or to `principalArn` when given (a user's ARN). Returns how, in words ("trusts the account
 * root with MFA"), or null. Conditions do not stop it counting (MFA, an external ID: the
 * holder may well meet them); they are named. Service and federated principals do not count.
 */
export function trustAdmits(trust: PolicyDocument, accountId: string, principalArn?: string): string | null {
  const statements = statementsOf(trust);
  const isAccount = (p: string) => p === accountId || /^arn:aws[\w-]*:iam::([^:]*):root$/.exec(p)?.[1] === accountId;
  for (const s of statements) {
    if (s.Effect !== 'Allow' || !allowsAssumeRole(s)) continue;
    const principals = awsPrincipals(s.Principal);
    const who = principals.includes('*')
      ? 'trusts any AWS principal'
      : principals.some(isAccount)
        ? 'trusts the account root'
        : principalArn !== undefined && principals.some((p) => p.toLowerCase() === principalArn.toLowerCase())
          ? `trusts ${principalArn.split('/').pop()}`
          : null;
    if (who) return neutralize(who + conditionWords(s.Condition));
  }
  return null;
}

/** Does the statement's Action name sts:AssumeRole itself (not by a wildcard or NotAction)? */
function saysAssumeRole(s: PolicyStatement): boolean {
  return s.NotAction === undefined && list(s.Action).some((a) => a.toLowerCase() === 'sts:assumerole');
}

/**
 * What an Allow statement that allows sts:AssumeRole says, in its own terms: "Allow
 * sts:AssumeRole", "Allow sts:*" (the Action entries that match it) or "Allow NotAction
 * iam:*, account:*".
 */
function assumeRoleWords(s: PolicyStatement): string {
  if (s.NotAction !== undefined) return `Allow NotAction ${list(s.NotAction).join(', ')}`;
  if (saysAssumeRole(s)) return 'Allow sts:AssumeRole';
  return `Allow ${list(s.Action).filter((a) => wildcard(a).test('sts:AssumeRole')).join(', ')}`;
}

/** Of `roles`, those a statement allows sts:AssumeRole on (Resource or NotResource, wildcards matched). */
function assumable(s: PolicyStatement, roles: readonly AdminRole[]): AdminRole[] {
  if (s.Effect !== 'Allow' || !allowsAssumeRole(s)) return [];
  if (s.NotResource !== undefined) {
    const not = list(s.NotResource).map(wildcard);
    return roles.filter((r) => !not.some((p) => p.test(r.arn)));
  }
  const res = list(s.Resource).map(wildcard);
  return roles.filter((r) => res.some((p) => p.test(r.arn)));
}

/**
 * Why a policy document held by a principal (`principalArn`: a user's ARN; undefined for a
 * group, which is no principal) makes it admin-equivalent through a role: a statement that
 * allows sts:AssumeRole on one of `roles` whose trust policy admits it. Statements already
 * admin-equivalent by adminStatement are left to it. `unread`: assumable roles whose policies
 * could not all be read. Text is neutralised.
 */
export function roleGrants(doc: PolicyDocument, roles: readonly AdminRole[], accountId: string, principalArn?: string): { why: string[]; unread: string[] } {
  const statements = statementsOf(doc);
  const why: string[] = [];
  const unread: string[] = [];
  if (!roles.length) return { why, unread };
  for (const s of statements) {
    if (adminStatement(s) !== null) continue;
    const reached: string[] = [];
    for (const r of assumable(s, roles)) {
      const trust = trustAdmits(r.trustPolicy, accountId, principalArn);
      if (!trust) continue;
      if (r.why.length) reached.push(`role ${neutralize(r.name)}, which ${trust}, has ${r.why[0]}`);
      else unread.push(`role ${neutralize(r.name)}: ${r.unread.join(', ')}`);
    }
    if (!reached.length) continue;
    const where = s.NotResource !== undefined ? `everything but ${list(s.NotResource).join(', ')} (NotResource)` : list(s.Resource).join(', ');
    const more = reached.length > 1 ? `; and ${reached.length - 1} more admin role(s)` : '';
    why.push(neutralize(`${assumeRoleWords(s)} on ${where}${saysAssumeRole(s) ? '' : ', which allows sts:AssumeRole'}: it can become ${reached[0]}${more}`));
  }
  return { why: [...new Set(why)], unread: [...new Set(unread)] };
}

/**
 * The IAM users an admin role's trust policy names one by one (an Allow of sts:AssumeRole to
 * `arn:PARTITION:iam::ACCOUNT:user/…`): within one account a resource-based policy naming a
 * principal is enough on its own (IAM policy evaluation logic), so each of them can become
 * the role with no policy of their own. Keyed by the user ARN, lower-cased; each entry says
 * "role NAME, which trusts USER[ with MFA…], has WHY" (neutralised). Roles whose policies
 * could not all be read are left to roleGrants.
 */
export function usersNamedInTrust(roles: readonly AdminRole[], accountId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of roles) {
    if (!r.why.length) continue;
    const statements = statementsOf(r.trustPolicy);
    const seen = new Set<string>();
    for (const st of statements) {
      if (st.Effect !== 'Allow' || !allowsAssumeRole(st)) continue;
      for (const p of awsPrincipals(st.Principal)) {
        const key = p.toLowerCase();
        if (!/^arn:aws[\w-]*:iam::[^:]*:user\//.test(p) || p.split(':')[4] !== accountId || seen.has(key)) continue;
        seen.add(key);
        const why = `role ${r.name}, which trusts ${p.split('/').pop()}${conditionWords(st.Condition)}, has ${r.why[0]}`;
        out.set(key, [...(out.get(key) ?? []), neutralize(why)]);
      }
    }
  }
  return out;
}

/** A principal outside this account that a role's trust policy admits (see outsideTrust). */
export interface OutsidePrincipal {
  /** the principal as the trust policy writes it (neutralised): `*`, a 12-digit account, or an ARN */
  principal: string;
  /** `*` (anyone with an AWS account), else the account the principal belongs to (neutralised) */
  account: string;
  /** the statement's condition keys as written (aws:PrincipalOrgID…); empty when it has none */
  conditionKeys: string[];
  /** the condition in words, as trustAdmits says it (" with MFA, under a condition on …"); "" when none */
  condition: string;
  /** the trust policy also has a Deny for sts:AssumeRole (not weighed: it may narrow this Allow) */
  besideDeny: boolean;
}

/** arn:PARTITION:iam::ACCOUNT:… or arn:PARTITION:sts::ACCOUNT:… (the account part as written). */
const PRINCIPAL_ARN = /^arn:aws[\w-]*:(?:iam|sts)::([^:]*):/;

/**
 * The AWS principals outside account `accountId` that a role's trust policy (the
 * AssumeRolePolicyDocument; IAM JSON policy reference: Principal, and "How IAM roles
 * differ from resource-based policies") admits to sts:AssumeRole: from its Allow statements
 * whose Action (or NotAction, wildcards such as `sts:*` or `*` matched) allows
 * sts:AssumeRole, each `AWS` principal that is
 * - `*`, or a `"Principal": "*"` (anyone with an AWS account, unless a condition narrows it);
 * - another 12-digit account (`999999999999`, or `arn:PARTITION:iam::999999999999:root`);
 * - an ARN in another account: `arn:PARTITION:iam::ACCOUNT:user/…`, `…:role/…`,
 *   `arn:PARTITION:sts::ACCOUNT:assumed-role/…`, `…:federated-user/…`.
 * Principals of an account in `trusted` do not count (`*` always does). A wildcard in an
 * ARN's account part (IAM refuses it) is read as `*`. An Allow with
 * `NotPrincipal` (IAM refuses it in trust policies, yet it is read if present) is taken as
 * `*`: it admits everyone but those listed. Deny statements are not weighed (a warning too
 * many, never one too few). Service and federated (`Service`, `Federated`: SAML or OIDC
 * providers) principals are out of scope, as are unique IDs (AIDA…, AROA…: IAM's stand-in
 * for a principal since deleted, which nobody can become). Meant for the roles of adminRoles
 * whose `why` is non-empty. In the order of the policy, one entry per principal.
 */
export function outsideTrust(trust: PolicyDocument, accountId: string, trusted: readonly string[] = []): OutsidePrincipal[] {
  const statements = statementsOf(trust);
  const out: OutsidePrincipal[] = [];
  const seen = new Set<string>();
  // a Deny that could shut outsiders out: to any AWS principal ("*") or through NotPrincipal;
  // one naming particular principals (a user here, a service) narrows nothing for them
  const besideDeny = statements.some(
    (s) => s?.Effect === 'Deny' && allowsAssumeRole(s) && ((s as { NotPrincipal?: unknown }).NotPrincipal !== undefined || awsPrincipals(s.Principal).includes('*')),
  );
  for (const s of statements) {
    if (!s || s.Effect !== 'Allow' || !allowsAssumeRole(s)) continue;
    const principals = (s as { NotPrincipal?: unknown }).NotPrincipal !== undefined ? ['*'] : awsPrincipals(s.Principal);
    const conditionKeys = [...new Set(Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c ?? {})))].map(neutralize);
    const condition = neutralize(conditionWords(s.Condition));
    for (const p of principals) {
      const written = p === '*' || /^\d{12}$/.test(p) ? p : PRINCIPAL_ARN.exec(p)?.[1];
      // a wildcard in an ARN's account (IAM refuses it) is read as anyone
      const account = written !== undefined && /[*?]/.test(written) ? '*' : written;
      if (account === undefined || account === accountId || trusted.includes(account)) continue;
      const key = `${p}\n${condition}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ principal: neutralize(p), account: neutralize(account), conditionKeys, condition, besideDeny });
    }
  }
  return out;
}
