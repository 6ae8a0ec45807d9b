// `verify --org`: the monthly check in every account of an AWS Organization. The same
// checks as `verify` (runVerify), run in each member through a role session and in the
// management account as itself, at most MAX_ACCOUNTS_IN_FLIGHT at once; the role
// sessions are opened ahead of each account's turn. An account that
// cannot be reached keeps every check `unknown`, with why.
import type { CallerIdentity, Gateway, Organization, OrganizationAccount, OrganizationsFeatures } from '../aws/port.js';
import { AwsError } from '../aws/errors.js';
import type { LocalRecord } from './local-record.js';
import type { CheckResult, CheckStatus } from './types.js';
import { CHECK_IDS, CHECK_TITLES, documentCheck, runVerify, summarize, verifyExitCode, whyUnknown, type Check, type DocumentCheck, type VerifyExpected, type VerifyOptions } from './verify.js';

/** Accounts read at once: each one runs its own concurrent reads, within the SDK's pool per account. */
export const MAX_ACCOUNTS_IN_FLIGHT = 8;

/** The role AWS Organizations creates in every account it creates. */
export const DEFAULT_ORG_ROLE = 'OrganizationAccountAccessRole';

/** A check of an account in an organization: verify's, plus member-root-credentials. */
export type OrgCheck = CheckResult & { fix: string };

export const MEMBER_ROOT_CREDENTIALS = 'member-root-credentials';
const MEMBER_ROOT_TITLE = "Member account's root user has no credentials";

export interface AccountResult {
  id: string;
  name: string;
  /** false: no session could be opened in the account (then `reason` says why and every check is unknown) */
  reachable: boolean;
  reason?: string;
  /** how the account was read: the caller itself, or the role session's ARN */
  caller?: string;
  checks: OrgCheck[];
  summary: Record<CheckStatus, number>;
}

export type OrgProgress =
  | { type: 'start'; account: OrganizationAccount; index: number; total: number }
  | { type: 'done'; result: AccountResult; index: number; total: number };

export interface OrgVerifyInput {
  aws: Gateway;
  caller: CallerIdentity;
  now: () => Date;
  /** the role assumed in each member account (not in the caller's own) */
  roleName: string;
  /** the local record of an account (attestations): only the caller's own account has one here */
  recordFor?: (accountId: string) => Promise<LocalRecord | null>;
  /** rootEmail is checked in the caller's own account only (each account has its own root); alertEmail in every account */
  expected?: VerifyExpected;
  onProgress?: (event: OrgProgress) => void;
  /** at most this many accounts at once; default (and at most) MAX_ACCOUNTS_IN_FLIGHT */
  concurrency?: number;
}

export interface OrgVerifyResult {
  organization: Organization;
  accounts: AccountResult[];
}

/** Worst first: a failure outranks a check that could not be computed, which outranks a warning. */
const RANK: CheckStatus[] = ['fail', 'unknown', 'warn', 'pass'];

/** The worst status of an account's checks (pass when it has none). */
export function worstStatus(checks: { status: CheckStatus }[]): CheckStatus {
  for (const s of RANK) if (checks.some((c) => c.status === s)) return s;
  return 'pass';
}

function unreachable(account: OrganizationAccount, reason: string, fix: string): AccountResult {
  const checks: OrgCheck[] = CHECK_IDS.map((id) => ({
    id,
    status: 'unknown',
    title: CHECK_TITLES[id],
    detail: `Account not reached: ${reason}.`,
    fix,
  }));
  return { id: account.id, name: account.name, reachable: false, reason, checks, summary: summarize(checks) };
}

/** An account's gateway as a value: its role session, opened ahead of the account's turn; null for the caller's own or an account not ACTIVE. */
type Session = Promise<{ ok: true; gateway: Gateway } | { ok: false; error: unknown }> | null;

function openSession(input: OrgVerifyInput, account: OrganizationAccount): Session {
  if (account.id === input.caller.accountId || (account.status !== '' && account.status !== 'ACTIVE')) return null;
  return input.aws.forAccount(account.id, input.roleName).then(
    (gateway) => ({ ok: true as const, gateway }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * One account's checks. `managementAccountId`: the organization's management account, whose
 * principals a member's admin roles are expected to trust (OrganizationAccountAccessRole, the
 * role this run reads members through): admins-via-groups does not report it in a member.
 */
async function verifyAccount(input: OrgVerifyInput, account: OrganizationAccount, session: Session, opts: VerifyOptions, managementAccountId: string): Promise<AccountResult> {
  if (account.status !== '' && account.status !== 'ACTIVE') {
    return unreachable(account, `its status is ${account.status}`, 'Nothing to check until the account is ACTIVE again.');
  }
  const own = account.id === input.caller.accountId;
  let gw: Gateway;
  let caller: CallerIdentity;
  try {
    if (own) gw = input.aws;
    else {
      const open = await (session ?? openSession(input, account))!;
      if (!open.ok) throw open.error;
      gw = open.gateway;
    }
    // the session is the role's in that account (AssumeRole's AssumedRoleUser); asking
    // sts:GetCallerIdentity again would cost every member one more round trip
    caller = own
      ? input.caller
      : { accountId: account.id, arn: `arn:aws:sts::${account.id}:assumed-role/${input.roleName}/mvsp-setup`, kind: 'role', name: 'mvsp-setup' };
  } catch (e) {
    return unreachable(
      account,
      `no session through role ${input.roleName} (${whyUnknown(e)})`,
      `Create the role ${input.roleName} in account ${account.id}, trusting the management account, or pass --role with a role that exists in every member.`,
    );
  }
  const record = input.recordFor ? await input.recordFor(account.id).catch(() => null) : null;
  const { rootEmail, alertEmail } = input.expected ?? {};
  const member = managementAccountId !== '' && account.id !== managementAccountId;
  const expected: VerifyExpected = {
    ...(own && rootEmail ? { rootEmail } : {}),
    ...(alertEmail ? { alertEmail } : {}),
    ...(member ? { trustedAccounts: [managementAccountId] } : {}),
  };
  const { checks } = await runVerify({ aws: gw, caller, now: input.now }, { record, expected }, opts);
  return { id: account.id, name: account.name, reachable: true, caller: caller.arn, checks, summary: summarize(checks) };
}

/**
 * organizations:DescribeOrganization and ListAccounts, then every account's checks. The
 * result lists accounts in ListAccounts' order. Throws AwsError only when the organization
 * itself cannot be read (not in one, or access denied); a member's failure is its result.
 */
export async function runOrgVerify(input: OrgVerifyInput, opts: VerifyOptions = {}): Promise<OrgVerifyResult> {
  // read at once: the features answer is awaited only by the members' root checks
  const features = input.aws.rootAccess.listOrganizationsFeatures().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const [organization, accounts] = await Promise.all([input.aws.organizations.describeOrganization(), input.aws.organizations.listAccounts()]);
  const results: AccountResult[] = new Array(accounts.length);
  const total = accounts.length;
  const width = Math.max(1, Math.min(input.concurrency ?? MAX_ACCOUNTS_IN_FLIGHT, MAX_ACCOUNTS_IN_FLIGHT, total));
  // Role sessions (sts:AssumeRole) are opened up to 2 x width accounts ahead of the next
  // account read: an account whose session is open starts its reads the moment a slot
  // frees, instead of spending a round trip on AssumeRole first.
  const sessions: Session[] = new Array(total);
  let opened = 0;
  const openAhead = (upTo: number) => {
    for (; opened < Math.min(upTo, total); opened++) sessions[opened] = openSession(input, accounts[opened]!);
  };
  openAhead(2 * width);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      openAhead(index + 1 + 2 * width);
      const account = accounts[index]!;
      input.onProgress?.({ type: 'start', account, index, total });
      // never for the management account: its root is the one verify's root checks look at
      const member = account.id !== organization.managementAccountId && account.id !== input.caller.accountId;
      const [verified, rootCheck] = await Promise.all([
        verifyAccount(input, account, sessions[index] ?? null, opts, organization.managementAccountId).catch((e: unknown) =>
          unreachable(account, `the check stopped: ${whyUnknown(e)}`, 'Re-run mvsp-setup verify --org.'),
        ),
        member ? features.then((f) => checkMemberRoot(input.aws, account, f)) : null,
      ]);
      let result = verified;
      if (rootCheck) {
        const checks = [...result.checks, rootCheck];
        result = { ...result, checks, summary: summarize(checks) };
      }
      results[index] = result;
      input.onProgress?.({ type: 'done', result, index, total });
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return { organization, accounts: results };
}

const ENABLE_PLAN =
  'Turn on centralized root access (from the management account): mvsp-setup --org --steps lockaway plans organizations:EnableAWSServiceAccess for iam.amazonaws.com, then iam:EnableOrganizationsRootCredentialsManagement and iam:EnableOrganizationsRootSessions (or IAM console → Root access management).';

function rootCheck(status: CheckStatus, detail: string, fix: string): OrgCheck {
  return { id: MEMBER_ROOT_CREDENTIALS, status, title: MEMBER_ROOT_TITLE, detail, fix: status === 'pass' ? 'Nothing to do.' : fix };
}

/**
 * DESIGN.md's member-root-credentials: fail when the member's root has a password, access
 * keys or signing certificates while centralized root access is on (read in a root session
 * limited to root-task/IAMAuditRootUserCredentials); warn when centralized root access is off;
 * unknown when either cannot be read.
 */
export async function checkMemberRoot(
  aws: Gateway,
  account: OrganizationAccount,
  features: { ok: true; value: OrganizationsFeatures } | { ok: false; error: unknown },
): Promise<OrgCheck> {
  if (account.status !== '' && account.status !== 'ACTIVE') {
    return rootCheck('unknown', `Account not reached: its status is ${account.status}.`, 'Nothing to check until the account is ACTIVE again.');
  }
  if (!features.ok) {
    const off = features.error instanceof AwsError && (features.error.code === 'ServiceAccessNotEnabledException' || features.error.code === 'OrganizationNotFoundException');
    if (off) return rootCheck('warn', "Centralized root access is off: IAM's trusted access in Organizations is not enabled.", ENABLE_PLAN);
    return rootCheck('unknown', `Could not read centralized root access: ${whyUnknown(features.error)}.`, 'Allow iam:ListOrganizationsFeatures for the caller (mvsp-setup verify --org --print-policy).');
  }
  if (!features.value.enabledFeatures.includes('RootCredentialsManagement')) {
    return rootCheck('warn', 'Centralized root access is off: root credentials management is not enabled for the organization.', ENABLE_PLAN);
  }
  let root;
  try {
    root = await aws.rootAccess.auditRootCredentials(account.id);
  } catch (e) {
    return rootCheck('unknown', `Could not audit root in a root session: ${whyUnknown(e)}.`, 'Allow sts:AssumeRoot with the task policy root-task/IAMAuditRootUserCredentials for the caller (mvsp-setup verify --org --print-policy).');
  }
  const held = [
    ...(root.loginProfile ? ['a console password'] : []),
    ...(root.accessKeys.length ? [`${root.accessKeys.length} access key(s) (${root.accessKeys.join(', ')})`] : []),
    ...(root.signingCertificates.length ? [`${root.signingCertificates.length} signing certificate(s)`] : []),
  ];
  const mfa = root.mfaDevices.length ? ` It also has ${root.mfaDevices.length} MFA device(s).` : '';
  if (held.length) {
    return rootCheck(
      'fail',
      `Root of ${account.id} has ${held.join(', ')}, though centralized root access can do root's tasks without them.${mfa}`,
      `Delete them in a root session: mvsp-setup --org --steps lockaway (sts:AssumeRoot, task policy root-task/IAMDeleteRootUserCredentials; or IAM console → Root access management → the account → Delete root user credentials). Password recovery stays possible through the root email, so that mailbox still matters.`,
    );
  }
  return rootCheck('pass', `Root of ${account.id} has no password, access keys or signing certificates.${mfa}`, '');
}

// ---------------------------------------------------------------- the document

export interface OrgVerifyDocument {
  tool: 'mvsp-setup';
  version: string;
  checkedAt: string;
  organization: { id: string; managementAccountId: string };
  caller: { arn: string; kind: CallerIdentity['kind'] };
  accounts: {
    id: string;
    name: string;
    reachable: boolean;
    reason?: string;
    checks: DocumentCheck[];
    summary: Record<CheckStatus, number>;
  }[];
  /** accounts: how many; pass/warn/fail/unknown: accounts counted by their worst check (fail > unknown > warn > pass) */
  summary: { accounts: number } & Record<CheckStatus, number>;
}

export function buildOrgVerifyDocument(input: { version: string; checkedAt: Date; caller: CallerIdentity; result: OrgVerifyResult }): OrgVerifyDocument {
  const { result } = input;
  const summary = { accounts: result.accounts.length, pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const a of result.accounts) summary[worstStatus(a.checks)]++;
  return {
    tool: 'mvsp-setup',
    version: input.version,
    checkedAt: input.checkedAt.toISOString(),
    organization: { id: result.organization.id, managementAccountId: result.organization.managementAccountId },
    caller: { arn: input.caller.arn, kind: input.caller.kind },
    accounts: result.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      reachable: a.reachable,
      ...(a.reason !== undefined ? { reason: a.reason } : {}),
      checks: a.checks.map(documentCheck),
      summary: a.summary,
    })),
    summary,
  };
}

/** The worst exit code over every account's checks (verify's rule: 1 a failure, else 2 an unknown, else 0). */
export function orgVerifyExitCode(result: OrgVerifyResult): number {
  return verifyExitCode(result.accounts.flatMap((a) => a.checks));
}
