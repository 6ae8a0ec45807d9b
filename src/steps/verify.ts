// The monthly check: read everything at once, then judge each check id of DESIGN.md's
// table from what was read. Read-only. A check whose inputs could not be read is
// `unknown` and says why; it never passes.
import { parse } from 'csv-parse/sync';
import { neutralize, neutralizeLines, safeJson } from '../untrusted.js';
import { AwsError, isAwsError } from '../aws/errors.js';
import type {
  AlternateContact,
  AuthorizationDetails,
  CallerIdentity,
  ContactType,
  EventRule,
  EventTarget,
  Gateway,
  MfaDevice,
  PasswordPolicy,
  PolicyDocument,
  SnsSubscription,
  Trail,
  VirtualMfaDevice,
} from '../aws/port.js';
import type { CheckResult, CheckStatus } from './types.js';
import {
  latestAttestation,
  lastCheckBefore,
  updateRecord,
  writePrivateFile,
  type Attestation,
  type CheckEntry,
  type LocalRecord,
  type RecordOptions,
} from './local-record.js';
import { alertCandidates, judgeAlertChain, readAll, readTopics, ruleEnabled, topicsToRead, type Read } from './alert-chain.js';
import { sameEmail } from './alert.js';
import { adminGrants } from './admin-policy.js';
import { plural } from './flow.js';
import { assessRootEmail } from './root-email.js';
import { adminRoles, rolesReachingAdmin, awsManagedAdmin, awsManagedAssumeRole, isAwsManaged, outsideTrust, roleGrants, usersNamedInTrust, type AdminRole } from './admin-policy.js';
// the same baseline the admin step sets
import { BASELINE_PASSWORD_POLICY as BASELINE } from './admin-user.js';

export type { Read };

export type ReportRow = Record<string, string>;

export interface ParsedReport {
  generatedAt: Date;
  /** the `<root_account>` row; null when the report has none (moto) */
  root: ReportRow | null;
  /** IAM users only: never the root row */
  users: ReportRow[];
}

/** What the root-login-alert check reads (see alert-chain.ts). */
export interface AlertChainState {
  rules: Read<EventRule[]>;
  targets: Record<string, Read<EventTarget[]>>;
  topics: Record<string, Read<SnsSubscription[] | null>>;
  /** access policies of the same topics (sns:GetTopicAttributes) */
  policies: Record<string, Read<PolicyDocument | null>>;
  /** their KMS keys (sns:GetTopicAttributes KmsMasterKeyId; null: not encrypted) */
  kmsKeys: Record<string, Read<string | null>>;
  /** attributes of their first confirmed subscriptions (sns:GetSubscriptionAttributes), by subscription ARN */
  subscriptionAttributes: Record<string, Read<Record<string, string>>>;
  trails: Read<Trail[]>;
}

export interface VerifyState {
  accountId: string;
  summary: Read<Record<string, number>>;
  report: Read<ParsedReport>;
  /** every virtual MFA device, assigned or not */
  virtualMfa: Read<VirtualMfaDevice[]>;
  passwordPolicy: Read<PasswordPolicy | null>;
  contacts: Record<ContactType, Read<AlternateContact | null>>;
  authorization: Read<AuthorizationDetails>;
  alert: AlertChainState;
  /**
   * IAM users' MFA devices, counted one user at a time (iam:ListMFADevices), only when
   * root has a virtual device and MFADevicesInUse counts more devices than the virtual
   * ones: only then can users' other devices (security keys) hide whether root also has
   * a hardware one. Absent when not needed.
   */
  usersMfaDevices?: Read<number>;
  /**
   * IAM users read one by one (iam:GetLoginProfile, iam:ListMFADevices) so users-mfa sees
   * what the credential report cannot: AWS answers with the same report for up to four
   * hours, so the users it does not list (created after it), or every user when the report
   * is older than REPORT_FRESH_MS (see reportStale). Absent when none.
   */
  lateUsers?: Read<LateUser[]>;
  /** the credential report was older than REPORT_FRESH_MS by AWS's clock: minutes old; absent when fresh */
  reportStale?: number;
}

/** A user created after the credential report, read directly. */
export interface LateUser {
  name: string;
  password: boolean;
  mfa: boolean;
}

export interface VerifyOptions {
  /** waits between credential-report polls; tests pass one that returns at once */
  sleep?: (ms: number) => Promise<void>;
  /** give up on the credential report after this many polls */
  maxPolls?: number;
}

export interface VerifyInput {
  aws: Gateway;
  caller: CallerIdentity;
  now: () => Date;
  signal?: AbortSignal;
  /** the reads startSizedReads began before the caller was known; else they start here */
  sized?: SizedReads;
}

/**
 * The reads that do not need the caller, started by a front end with preflight instead of
 * after it: the two whose time grows with the account (the credential report, one row per
 * user, and iam:GetAccountAuthorizationDetails, every user's policies) and the fixed-size
 * ones beside them, so none waits behind sts:GetCallerIdentity. All are settled: a failure
 * is kept as data, never thrown.
 */
export interface SizedReads {
  report: Promise<Read<ParsedReport>>;
  authorization: Promise<Read<AuthorizationDetails>>;
  summary: Promise<Read<Record<string, number>>>;
  virtualMfa: Promise<Read<VirtualMfaDevice[]>>;
  passwordPolicy: Promise<Read<PasswordPolicy | null>>;
  contacts: Record<ContactType, Promise<Read<AlternateContact | null>>>;
  rules: Promise<Read<EventRule[]>>;
  trails: Promise<Read<Trail[]>>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function settle<T>(p: Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

// ---------------------------------------------------------------- credential report

export const ROOT_ROW = '<root_account>';

/**
 * The rows of iam:GetCredentialReport's CSV, each keyed by the header's column names.
 * Throws on a record whose field count differs from the header's.
 */
export function parseCredentialReport(content: string, generatedAt: Date): ParsedReport {
  // Plain arrays, keyed afterwards: csv-parse's `columns` and `cast` build a context object
  // for every field, several times the parse itself on a report of thousands of users.
  const [header = [], ...rows] = parse(content, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  const records = rows.map((r) => withCommaName(r, header.length));
  // report fields (user names, ARNs) reach the screen, lines and reports: neutralised here
  const names = header.map(neutralize);
  let root: ReportRow | null = null;
  const users: ReportRow[] = [];
  for (const record of records) {
    // fromEntries defines own properties: a column named __proto__ stays a column
    const row: ReportRow = Object.fromEntries(names.map((name, i) => [name, neutralize(record[i] ?? '')]));
    if (row.user === ROOT_ROW) root = row;
    else users.push(row);
  }
  return { generatedAt, root, users };
}

/**
 * A record as the header has it. IAM user names may hold commas, and a report whose user
 * and ARN fields are not quoted then splits both: with `c` commas in the name, the record
 * has 2c fields too many. They are joined back when the ARN then ends with the name; any
 * other count is an error (the record cannot be read), never a guess.
 */
function withCommaName(record: string[], width: number): string[] {
  const extra = record.length - width;
  if (extra === 0) return record;
  if (extra > 0 && extra % 2 === 0) {
    const c = extra / 2;
    const user = record.slice(0, c + 1).join(',');
    const arn = record.slice(c + 1, 2 * c + 2).join(',');
    if (arn.endsWith(`/${user}`)) return [user, arn, ...record.slice(2 * c + 2)];
  }
  throw new Error(`Invalid Record Length: expect ${width}, got ${record.length} (user ${neutralize(record[0] ?? '')})`);
}

function reportCode(e: unknown): string | undefined {
  return e instanceof AwsError ? e.code : undefined;
}

/**
 * Generate, poll until COMPLETE with backoff, then get. AWS regenerates a report at most
 * every four hours and answers COMPLETE at once while a recent one exists.
 */
export async function fetchCredentialReport(aws: Gateway, opts: VerifyOptions = {}, signal?: AbortSignal): Promise<ParsedReport> {
  const sleep = opts.sleep ?? defaultSleep;
  const maxPolls = opts.maxPolls ?? 12;
  let delay = 500;
  const wait = async () => {
    if (signal?.aborted) throw new Error('aborted');
    await sleep(delay);
    delay = Math.min(delay * 2, 5000);
  };
  let regenerated = false;
  for (let poll = 0; poll < maxPolls; poll++) {
    let state: string;
    try {
      state = await aws.iam.generateCredentialReport();
    } catch (e) {
      // Generating too often: the report that exists is still worth reading.
      if (!isAwsError(e, 'LimitExceeded')) throw e;
      state = 'COMPLETE';
    }
    if (state !== 'COMPLETE') {
      await wait();
      continue;
    }
    try {
      const report = await aws.iam.getCredentialReport();
      return parseCredentialReport(report.content, report.generatedAt);
    } catch (e) {
      const code = reportCode(e);
      if (code === 'ReportInProgress') {
        await wait();
        continue;
      }
      if ((code === 'ReportNotPresent' || code === 'ReportExpired') && !regenerated) {
        regenerated = true;
        continue;
      }
      throw e;
    }
  }
  throw new AwsError({
    kind: 'Unknown',
    action: 'iam:GetCredentialReport',
    code: 'ReportInProgress',
    message: `the credential report was still being generated after ${maxPolls} tries`,
  });
}

// ---------------------------------------------------------------- reads

/** The alert chain's reads: rules and trails (begun early), the targets of rules that fire on root sign-ins, their topics. */
async function readAlertChain(aws: Gateway, accountId: string, early: Pick<SizedReads, 'rules' | 'trails'>): Promise<AlertChainState> {
  // the targets wait for the rules only, not for the trails
  const rules = await early.rules;
  if (!rules.ok) return { rules, targets: {}, topics: {}, policies: {}, kmsKeys: {}, subscriptionAttributes: {}, trails: await early.trails };
  const candidates = alertCandidates(rules.value, accountId).filter((c) => ruleEnabled(c.rule));
  const targets = await readAll(candidates.map((c) => [c.rule.name, () => aws.events.listTargetsByRule(c.rule.name)] as const));
  const arns = topicsToRead(candidates, targets, accountId);
  return { rules, targets, ...(await readTopics(aws.sns, arns)), trails: await early.trails };
}

/** Start every read that does not need the caller now; see SizedReads. */
export function startSizedReads(aws: Gateway, opts: VerifyOptions = {}, signal?: AbortSignal): SizedReads {
  // The first read of each chain of dependent reads goes first: the alert chain (rules,
  // then targets, topics, subscriptions), the trails, the credential report (generate,
  // then get) and the authorization details (the largest answer). With at most
  // MAX_IN_FLIGHT requests at once, reads nothing waits on would otherwise take the
  // sockets and push a chain's head to the next round trip; they start once a head has
  // answered, and end within the chains' time.
  const rules = settle(aws.events.listRules());
  const trails = settle(aws.cloudtrail.describeTrails());
  const report = settle(fetchCredentialReport(aws, opts, signal));
  const authorization = settle(aws.iam.getAccountAuthorizationDetails());
  const headAnswered = Promise.race([rules, trails]);
  const leaf = <T>(read: () => Promise<T>) => settle(headAnswered.then(read));
  return {
    report,
    authorization,
    summary: leaf(() => aws.iam.getAccountSummary()),
    virtualMfa: leaf(() => aws.iam.listVirtualMfaDevices('Any')),
    passwordPolicy: leaf(() => aws.iam.getPasswordPolicy()),
    contacts: {
      SECURITY: leaf(() => aws.account.getAlternateContact('SECURITY')),
      BILLING: leaf(() => aws.account.getAlternateContact('BILLING')),
      OPERATIONS: leaf(() => aws.account.getAlternateContact('OPERATIONS')),
    },
    rules,
    trails,
  };
}

/**
 * Every read verify makes, all at once; failures are kept as data for the checks. The
 * number of calls grows with pages, not users: no per-user read.
 */
export async function inspectVerify(input: VerifyInput, opts: VerifyOptions = {}): Promise<VerifyState> {
  const { aws } = input;
  const early = input.sized ?? startSizedReads(aws, opts, input.signal);
  const [summary, report, virtualMfa, passwordPolicy, security, billing, operations, authorization, alert] = await Promise.all([
    early.summary,
    early.report,
    early.virtualMfa,
    early.passwordPolicy,
    early.contacts.SECURITY,
    early.contacts.BILLING,
    early.contacts.OPERATIONS,
    early.authorization,
    readAlertChain(aws, input.caller.accountId, early),
  ]);
  const state: VerifyState = {
    accountId: input.caller.accountId,
    summary,
    report,
    virtualMfa,
    passwordPolicy,
    contacts: { SECURITY: security, BILLING: billing, OPERATIONS: operations },
    authorization,
    alert,
  };
  // both extra reads may list the same user's MFA devices: each user is listed once
  const listed = new Map<string, Promise<MfaDevice[]>>();
  const mfaDevicesOf = (userName: string) => {
    if (!listed.has(userName)) listed.set(userName, aws.iam.listMfaDevices(userName));
    return listed.get(userName)!;
  };
  // the report's age by AWS's clock (this computer's may be off)
  const offset = aws.clock.offsetMs() ?? 0;
  const age = report.ok ? input.now().getTime() + offset - report.value.generatedAt.getTime() : 0;
  const reportStale = age > REPORT_FRESH_MS ? Math.floor(age / 60_000) : undefined;
  const [usersMfaDevices, lateUsers] = await Promise.all([countUsersMfaDevicesIfNeeded(state, mfaDevicesOf), readLateUsers(aws, state, mfaDevicesOf, reportStale !== undefined)]);
  return { ...state, ...(usersMfaDevices ? { usersMfaDevices } : {}), ...(lateUsers ? { lateUsers } : {}), ...(reportStale !== undefined ? { reportStale } : {}) };
}

/**
 * A credential report older than this (5 minutes) was not made for this run: AWS answers
 * GenerateCredentialReport with the last report until it is four hours old, so passwords
 * set and MFA devices removed since are not in it.
 */
export const REPORT_FRESH_MS = 5 * 60_000;

/** At most this many users missing from the credential report are read one by one; more is unknown. */
export const LATE_USER_READ_LIMIT = 20;

/** Users in the authorization details that the credential report does not list, or all of them when it is stale; see VerifyState.lateUsers. */
async function readLateUsers(aws: Gateway, state: VerifyState, mfaDevicesOf: (userName: string) => Promise<MfaDevice[]>, stale: boolean): Promise<Read<LateUser[]> | undefined> {
  if (!state.report.ok || !state.authorization.ok) return undefined;
  const inReport = new Set(state.report.value.users.map((u) => (u.user ?? '').toLowerCase()));
  const late = stale ? state.authorization.value.users : state.authorization.value.users.filter((u) => !inReport.has(u.name.toLowerCase()));
  if (late.length === 0) return undefined;
  if (late.length > LATE_USER_READ_LIMIT) {
    const next = minute(new Date(state.report.value.generatedAt.getTime() + 4 * 3_600_000));
    const why = stale
      ? `the credential report of ${minute(state.report.value.generatedAt)} is not this run's (AWS gives the same one until ${next}) and the ${late.length} IAM users are more than the ${LATE_USER_READ_LIMIT} verify reads one by one`
      : `${late.length} IAM users were created after the credential report of ${minute(state.report.value.generatedAt)}, more than the ${LATE_USER_READ_LIMIT} verify reads one by one; AWS makes a new report four hours after the last (${next})`;
    return { ok: false, error: new Error(why) };
  }
  return settle(
    Promise.all(
      late.map(async (u) => {
        const [profile, devices] = await Promise.all([aws.iam.getLoginProfile(u.name), mfaDevicesOf(u.name)]);
        return { name: u.name, password: profile !== null, mfa: devices.length > 0 };
      }),
    ),
  );
}

/** yyyy-mm-dd hh:mm UTC */
function minute(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** At most this many users are read one by one to count their MFA devices; more is unknown. */
export const USER_MFA_READ_LIMIT = 100;

/** MFADevicesInUse less every assigned virtual device (users' and root's): the devices that are not virtual; undefined when not read. */
function nonVirtualInUse(state: Pick<VerifyState, 'summary' | 'virtualMfa'>): number | undefined {
  const inUse = state.summary.ok ? state.summary.value.MFADevicesInUse : undefined;
  if (inUse === undefined || !state.virtualMfa.ok) return undefined;
  return inUse - state.virtualMfa.value.filter((d) => d.isRoot || d.userName !== undefined).length;
}

/**
 * root-hardware-mfa's extra read: when root has a virtual device and some enabled devices
 * are not virtual, they are root's hardware key or users' security keys, and only the
 * users' own lists (iam:ListMFADevices per user) tell which. Bounded by USER_MFA_READ_LIMIT.
 */
async function countUsersMfaDevicesIfNeeded(state: VerifyState, mfaDevicesOf: (userName: string) => Promise<MfaDevice[]>): Promise<Read<number> | undefined> {
  if (!state.virtualMfa.ok || !state.virtualMfa.value.some((d) => d.isRoot)) return undefined;
  const others = nonVirtualInUse(state);
  if (others === undefined || others <= 0 || !state.authorization.ok) return undefined;
  const users = state.authorization.value.users;
  if (users.length > USER_MFA_READ_LIMIT) {
    return { ok: false, error: new Error(`${users.length} IAM users are more than the ${USER_MFA_READ_LIMIT} whose MFA devices verify lists one by one`) };
  }
  const lists = await readAll(users.map((u) => [u.name, () => mfaDevicesOf(u.name)] as const));
  let devices = 0;
  for (const list of Object.values(lists)) {
    if (!list.ok) return list;
    devices += list.value.length;
  }
  return { ok: true, value: devices };
}

// ---------------------------------------------------------------- checks

export const CHECK_IDS = [
  'root-access-keys',
  'root-mfa',
  'root-hardware-mfa',
  'root-recent-use',
  'root-access-attested',
  'alternate-contacts',
  'password-policy',
  'users-mfa',
  'admins-via-groups',
  'stale-credentials',
  'root-login-alert',
  'unassigned-mfa-devices',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHECK_TITLES: Record<CheckId, string> = {
  'root-access-keys': 'Root user has no access keys',
  'root-mfa': 'Root user has MFA',
  'root-hardware-mfa': 'Root user has a hardware MFA device',
  'root-recent-use': 'Root user not used since the last check',
  'root-access-attested': 'Root access attested by its holders',
  'alternate-contacts': 'Alternate contacts are set',
  'password-policy': 'Password policy meets the baseline',
  'users-mfa': 'IAM users with a password have MFA',
  'admins-via-groups': 'Admin rights come through groups',
  'stale-credentials': 'No stale credentials',
  'root-login-alert': 'Root sign-in alert works end to end',
  'unassigned-mfa-devices': 'No unassigned virtual MFA devices',
};

/** Which group a check is shown in. */
export const CHECK_GROUPS: { title: string; ids: CheckId[] }[] = [
  { title: 'Root user', ids: ['root-access-keys', 'root-mfa', 'root-hardware-mfa', 'root-recent-use', 'root-access-attested'] },
  { title: 'Account', ids: ['alternate-contacts', 'password-policy', 'root-login-alert'] },
  { title: 'IAM users', ids: ['users-mfa', 'admins-via-groups', 'stale-credentials', 'unassigned-mfa-devices'] },
];

export interface Check extends CheckResult {
  id: CheckId;
  fix: string;
}

export interface CheckInput {
  state: VerifyState;
  /** the local record before this run's own entries */
  record: LocalRecord | null;
  now: Date;
  /** the root email, when known (flag, or the local record) */
  rootEmail?: string;
  /** the address root sign-in alerts must reach, when known (flag, or the local record) */
  alertEmail?: string;
  /** alertEmail was given with --alert-email: an alert that does not reach it fails */
  alertEmailRequired?: boolean;
  /** 12-digit accounts whose principals may assume this account's admin roles (VerifyExpected.trustedAccounts) */
  trustedAccounts?: readonly string[];
}

/**
 * What the person running verify says the account should have (--root-email,
 * --alert-email). Each overrides the local record's, which a machine that did not run the
 * day-one flow (a scheduled job's runner) does not have.
 */
export interface VerifyExpected {
  /** the root user's sign-in address */
  rootEmail?: string;
  /**
   * the address the root sign-in alert must reach as a confirmed email recipient; unlike
   * the record's, an alert that does not reach it is a fail, not a warn
   */
  alertEmail?: string;
  /**
   * 12-digit accounts whose principals are expected to be able to assume this account's
   * admin roles (admins-via-groups does not report them): `verify --org` passes the
   * organization's management account for its members (OrganizationAccountAccessRole, and
   * the role it reads them through). Not a flag: a single-account verify trusts no other account.
   */
  trustedAccounts?: readonly string[];
}

/** The checks of `state`, judged with the flags' expectations, else the local record's. */
export function judgeChecks(state: VerifyState, record: LocalRecord | null, now: Date, expected: VerifyExpected = {}): Check[] {
  const rootEmail = expected.rootEmail ?? record?.rootEmail;
  const alertEmail = expected.alertEmail ?? record?.alertEmail;
  return computeChecks({
    state,
    record,
    now,
    ...(rootEmail ? { rootEmail } : {}),
    ...(alertEmail ? { alertEmail, alertEmailRequired: expected.alertEmail !== undefined } : {}),
    ...(expected.trustedAccounts?.length ? { trustedAccounts: expected.trustedAccounts } : {}),
  });
}

const DAY_MS = 86_400_000;
const STALE_DAYS = 90;
const ATTEST_DAYS = 35;
const NO_FIX = 'Nothing to do.';
const ROOT_CONSOLE = 'Sign in as root → account menu (top right) → Security credentials';

function check(id: CheckId, status: CheckStatus, detail: string, fix: string, items?: string[]): Check {
  return { id, status, title: CHECK_TITLES[id], detail, fix: status === 'pass' ? NO_FIX : fix, ...(items?.length ? { items } : {}) };
}

const ACCESS_DENIED = 'access denied:';

/** Why a read failed, in words: AccessDenied names the action. */
export function whyUnknown(error: unknown): string {
  if (error instanceof AwsError) {
    switch (error.kind) {
      case 'AccessDenied':
        return `${ACCESS_DENIED} the caller may not call ${error.action}`;
      case 'Unsupported':
        return `${error.action} is not available on this endpoint`;
      default:
        return `${error.action} failed (${error.code ?? error.kind}${error.message && error.message !== `${error.action}: ${error.kind}` ? `: ${error.message}` : ''})`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

function unknownFix(reason: unknown): string {
  // an explained error keeps the AWS error it comes from as its cause
  const error = reason instanceof Error && !(reason instanceof AwsError) && reason.cause !== undefined ? reason.cause : reason;
  if (error instanceof AwsError && error.kind === 'AccessDenied') {
    return `Allow ${error.action} for the caller (mvsp-setup verify --print-policy prints every action verify needs).`;
  }
  return 'Re-run mvsp-setup verify; if it persists, check the network and the credentials.';
}

/** `items`: what could not be judged, in full, when the detail names only the first few */
function unknown(id: CheckId, error: unknown, what?: string, items?: string[]): Check {
  return check(id, 'unknown', `Could not ${what ?? 'read what this check needs'}: ${whyUnknown(error)}.`, unknownFix(error), items);
}

/** yyyy-mm-dd of an ISO time */
export function day(d: Date | string): string {
  return (typeof d === 'string' ? new Date(d) : d).toISOString().slice(0, 10);
}

/** A report time: a date for ISO values, null for N/A, no_information, not_supported… */
function reportDate(value: string | undefined): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}

const isTrue = (v: string | undefined) => v === 'true';

function list(names: string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * Why the credential report's root row cannot stand in for the account summary: AWS
 * serves the same report for up to four hours, so a root MFA device removed or an access
 * key made since is not in a stale one. Null when the report is this run's.
 */
function staleRootRow(state: VerifyState): Error | null {
  if (state.reportStale === undefined || !state.report.ok) return null;
  const summary = state.summary.ok ? 'the account summary does not say' : `the account summary could not be read (${whyUnknown(state.summary.error)})`;
  return new Error(`${summary}, and the credential report of ${minute(state.report.value.generatedAt)} is ${state.reportStale} minutes old: root may have changed since`, {
    cause: state.summary.ok ? undefined : state.summary.error,
  });
}

/** Root MFA from the summary, else this run's report's root row; an error when neither can tell. */
function rootMfa(state: VerifyState): { on: boolean; source: string } | { error: unknown } {
  if (state.summary.ok && state.summary.value.AccountMFAEnabled !== undefined) {
    return { on: state.summary.value.AccountMFAEnabled === 1, source: `AccountMFAEnabled is ${state.summary.value.AccountMFAEnabled}` };
  }
  if (state.report.ok && state.report.value.root) {
    const stale = staleRootRow(state);
    if (stale) return { error: stale };
    return { on: isTrue(state.report.value.root.mfa_active), source: `the credential report says mfa_active ${state.report.value.root.mfa_active}` };
  }
  return { error: state.summary.ok ? (state.report.ok ? new Error('neither the account summary nor the credential report shows root') : state.report.error) : state.summary.error };
}

function checkRootAccessKeys(state: VerifyState): Check {
  const id = 'root-access-keys';
  const fix = `${ROOT_CONSOLE} → Access keys → Delete each key (deactivate first if something still uses it).`;
  const fromSummary = state.summary.ok ? state.summary.value.AccountAccessKeysPresent : undefined;
  const root = state.report.ok ? state.report.value.root : null;
  const activeInReport = root ? [1, 2].filter((n) => isTrue(root[`access_key_${n}_active`])).length : 0;
  if (fromSummary === 1 || activeInReport > 0) {
    const asOf = state.reportStale !== undefined && state.report.ok ? ` of ${minute(state.report.value.generatedAt)}` : '';
    const why = fromSummary === 1 ? 'AccountAccessKeysPresent is 1' : `the credential report${asOf} shows ${activeInReport} active root access key(s)`;
    return check(id, 'fail', `Root has an access key (${why}). A leaked root key is full, unrestrictable control of the account.`, fix);
  }
  if (fromSummary === 0) return check(id, 'pass', 'AccountAccessKeysPresent is 0: root has no access keys.', fix);
  const stale = root ? staleRootRow(state) : null;
  if (stale) return unknown(id, stale, "read root's access keys");
  if (root) return check(id, 'pass', 'The credential report shows no active root access key.', fix);
  return unknown(id, state.summary.ok ? (state.report.ok ? new Error('no root row in the credential report') : state.report.error) : state.summary.error, "read root's access keys");
}

function checkRootMfa(state: VerifyState): Check {
  const id = 'root-mfa';
  const m = rootMfa(state);
  if ('error' in m) return unknown(id, m.error, "read root's MFA status");
  const fix = `${ROOT_CONSOLE} → Multi-factor authentication → Assign MFA device (a hardware key is best; each root holder can register their own).`;
  return m.on ? check(id, 'pass', `${m.source}: root has MFA.`, fix) : check(id, 'fail', `${m.source}: root signs in with a password alone.`, fix);
}

function checkRootHardwareMfa(state: VerifyState): Check {
  const id = 'root-hardware-mfa';
  const fix = `${ROOT_CONSOLE} → Assign MFA device → Security key or Hardware TOTP token, and keep it somewhere safe.`;
  const m = rootMfa(state);
  if ('error' in m) return unknown(id, m.error, "read root's MFA status");
  if (!m.on) return check(id, 'warn', 'Root has no MFA device at all (see root-mfa).', fix);
  if (!state.virtualMfa.ok) return unknown(id, state.virtualMfa.error, 'list virtual MFA devices');
  const rootVirtual = state.virtualMfa.value.filter((d) => d.isRoot);
  if (rootVirtual.length === 0) return check(id, 'pass', "Root's MFA is not a virtual device: a hardware key or passkey.", fix);
  // MFADevicesInUse counts every enabled device, root's and users'. Less every assigned
  // virtual device, what is left is not virtual: users' security keys or root's hardware.
  const others = nonVirtualInUse(state);
  if (others === undefined) return unknown(id, state.summary.ok ? new Error('the account summary has no MFADevicesInUse') : state.summary.error, 'count the MFA devices in use');
  if (others > 0) {
    // users' devices, counted one user at a time (see usersMfaDevices)
    if (!state.usersMfaDevices) return unknown(id, state.authorization.ok ? new Error("users' MFA devices were not counted") : state.authorization.error, "count users' MFA devices");
    if (!state.usersMfaDevices.ok) return unknown(id, state.usersMfaDevices.error, "count users' MFA devices");
    const usersVirtual = state.virtualMfa.value.filter((d) => d.userName !== undefined && !d.isRoot).length;
    const rootOther = others - (state.usersMfaDevices.value - usersVirtual);
    if (rootOther > 0) {
      return check(
        id,
        'pass',
        `Root has ${plural(rootOther, 'MFA device')} that ${rootOther === 1 ? 'is' : 'are'} not virtual (MFADevicesInUse ${state.summary.ok ? state.summary.value.MFADevicesInUse : '?'}, less users' ${state.usersMfaDevices.value} and root's ${rootVirtual.length} virtual).`,
        fix,
      );
    }
  }
  return check(id, 'warn', `Root's only MFA is a virtual device (${rootVirtual.map((d) => d.serial).join(', ')}): a phone can be lost, wiped or phished.`, fix);
}

interface RootUse {
  at: Date;
  how: string;
}

function rootUses(root: ReportRow): RootUse[] {
  const uses: RootUse[] = [];
  const pw = reportDate(root.password_last_used);
  if (pw) uses.push({ at: pw, how: 'console password' });
  for (const n of [1, 2]) {
    const k = reportDate(root[`access_key_${n}_last_used_date`]);
    if (k) uses.push({ at: k, how: `access key ${n}` });
  }
  return uses.sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** Root's latest use from the report; null when never used; undefined when the report has no root row. */
export function lastRootUse(report: ParsedReport): RootUse | null | undefined {
  if (!report.root) return undefined;
  return rootUses(report.root)[0] ?? null;
}

function checkRootRecentUse({ state, record, now }: CheckInput): Check {
  const id = 'root-recent-use';
  const fix =
    'If every use was a root holder\'s, confirm it in the attestation (mvsp-setup verify, interactively). If not: sign in as root, change the password, review MFA devices and access keys, and look up the sign-ins in CloudTrail.';
  if (!state.report.ok) return unknown(id, state.report.error, 'read the credential report');
  const last = lastRootUse(state.report.value);
  if (last === undefined) return unknown(id, new Error('the credential report has no <root_account> row (this endpoint has no root user)'));
  if (last === null) return check(id, 'pass', 'Root has never been used with a password or an access key.', fix);
  const when = `${day(last.at)} (${last.how})`;
  const previous = record ? lastCheckBefore(record, now) : null;
  const since = previous ? comparedSince(previous) : null;
  const attested = record ? latestAttestation(record) : null;
  const confirmed = attested?.rootUseConfirmedThrough ? Date.parse(attested.rootUseConfirmedThrough) : NaN;
  if (!Number.isNaN(confirmed) && last.at.getTime() <= confirmed) {
    return check(id, 'pass', `Root last used ${when}; confirmed as a root holder's own use on ${day(attested!.at)}.`, fix);
  }
  if (previous && since) {
    const ref = `${since.what} (${since.at.toISOString().replace('.000Z', 'Z')})`;
    if (last.at.getTime() < since.at.getTime()) return check(id, 'pass', `Root last used ${when}, before ${ref}.`, fix);
    return check(id, 'warn', `Root was used on ${when}, not before ${ref}: check that it was a root holder.`, fix);
  }
  if (now.getTime() - last.at.getTime() < ATTEST_DAYS * DAY_MS) {
    return check(id, 'warn', `Root was used on ${when}; no earlier check is recorded on this machine to compare with.`, fix);
  }
  return check(id, 'pass', `Root last used ${when}, more than ${ATTEST_DAYS} days ago (no earlier check recorded here).`, fix);
}

const REPORT_MAX_AGE_MS = 4 * 60 * 60 * 1000;

/**
 * What the previous check saw of root: a verify run saw the credential report generated
 * at reportGeneratedAt (up to 4 hours before the run; an entry without it is taken as
 * that old); the day-one lock-away watched root itself at its time.
 */
function comparedSince(previous: CheckEntry): { at: Date; what: string } {
  const at = Date.parse(previous.at);
  if (previous.kind !== 'verify') return { at: new Date(at), what: `the lock-away check on ${day(previous.at)}` };
  const generated = previous.reportGeneratedAt ? Date.parse(previous.reportGeneratedAt) : NaN;
  if (!Number.isNaN(generated)) return { at: new Date(generated), what: `the credential report of the last check on ${day(previous.at)}, generated` };
  return { at: new Date(at - REPORT_MAX_AGE_MS), what: `the last check on ${day(previous.at)}, less the 4 hours its credential report may have been old` };
}

function checkRootAttested({ record, now }: CheckInput): Check {
  const id = 'root-access-attested';
  const fix = 'Once a month, a root holder signs in as root (password + MFA) and answers the questions of mvsp-setup verify run interactively; name at least two people who can reach root.';
  const a = record ? latestAttestation(record) : null;
  // No attestation is a finding, not a read that failed: a scheduled job never has one, and
  // an unknown here would turn every monthly run into exit 2.
  if (!a) return check(id, 'warn', 'No attestation is recorded on this machine: nobody has confirmed they can still sign in as root.', fix);
  const holders = a.holders.length ? a.holders : (record?.rootHolders ?? []);
  const age = now.getTime() - Date.parse(a.at);
  const problems: string[] = [];
  // a date ahead of this machine's clock (beyond a day of clock and time-zone slack) proves
  // nothing about this month: it was typed by hand or written by a wrong clock
  if (age < -DAY_MS) problems.push(`the last attestation is dated ${day(a.at)}, in the future, so it proves nothing about this month`);
  else if (age > ATTEST_DAYS * DAY_MS) problems.push(`the last attestation was on ${day(a.at)}, more than ${ATTEST_DAYS} days ago`);
  else if (a.rootSignIn === 'locked-out') problems.push(`on ${day(a.at)} ${a.signedInBy ?? 'a holder'} could NOT sign in as root`);
  else if (a.rootSignIn === 'not-tried') problems.push(`on ${day(a.at)} nobody had signed in as root this month to prove access still works`);
  if (holders.length < 2) problems.push(`only ${holders.length === 0 ? 'no one is' : `${holders[0]} is`} named as able to reach root (need at least two)`);
  if (problems.length) return check(id, 'warn', `${problems.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()), fix);
  return check(id, 'pass', `${a.signedInBy ?? 'A holder'} signed in as root and got in (attested ${day(a.at)}); can reach root: ${list(holders)}.`, fix, holders);
}

function checkAlternateContacts({ state, rootEmail }: CheckInput): Check {
  const id = 'alternate-contacts';
  const fix = 'mvsp-setup --steps contacts, or Account → Alternate contacts in the console: SECURITY, BILLING and OPERATIONS, each a distribution list.';
  const sec = state.contacts.SECURITY;
  if (!sec.ok) return unknown(id, sec.error, 'read the SECURITY contact');
  if (!sec.value) return check(id, 'fail', 'No SECURITY contact: AWS security notices go to the root email alone.', fix);
  const problems: string[] = [];
  const present: [ContactType, AlternateContact][] = [['SECURITY', sec.value]];
  for (const t of ['BILLING', 'OPERATIONS'] as const) {
    const r = state.contacts[t];
    if (!r.ok) return unknown(id, r.error, `read the ${t} contact (SECURITY is set)`);
    if (!r.value) problems.push(`no ${t} contact`);
    else present.push([t, r.value]);
  }
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const [ta, a] = present[i]!;
      const [tb, b] = present[j]!;
      if (a.email.trim().toLowerCase() === b.email.trim().toLowerCase()) problems.push(`${ta} and ${tb} are the same address (${a.email})`);
    }
  }
  // the root-email step's classifier: free mail, or a local part that looks like a person
  const security = assessRootEmail(sec.value.email.trim());
  for (const f of security.findings) {
    if (f.id === 'free-mail' && f.severity === 'fail') problems.push(`SECURITY ${sec.value.email} is on free mail (${security.email?.domain ?? ''})`);
    if (f.id === 'person') problems.push(`SECURITY ${sec.value.email} looks like one person's mailbox`);
  }
  if (rootEmail) {
    for (const [t, c] of present) if (c.email.trim().toLowerCase() === rootEmail.trim().toLowerCase()) problems.push(`${t} is the root email address`);
  }
  if (problems.length) return check(id, 'warn', neutralize(`SECURITY is set, but: ${problems.join('; ')}.`), fix);
  return check(id, 'pass', neutralize(`SECURITY ${sec.value.email}, BILLING ${present[1]![1].email}, OPERATIONS ${present[2]![1].email}.`), fix);
}


function checkPasswordPolicy({ state }: CheckInput): Check {
  const id = 'password-policy';
  const fix = 'mvsp-setup --steps admin sets it, or IAM → Account settings → Password policy: at least 14 characters, all four character classes, prevent reuse of 24.';
  if (!state.passwordPolicy.ok) return unknown(id, state.passwordPolicy.error, 'read the password policy');
  const p = state.passwordPolicy.value;
  if (!p) return check(id, 'fail', 'The account has no password policy: IAM users may choose any password.', fix);
  const weak: string[] = [];
  if (p.minimumPasswordLength < BASELINE.minimumPasswordLength) weak.push(`minimum length ${p.minimumPasswordLength} (< ${BASELINE.minimumPasswordLength})`);
  const classes: [boolean, string][] = [
    [p.requireUppercaseCharacters, 'uppercase'],
    [p.requireLowercaseCharacters, 'lowercase'],
    [p.requireNumbers, 'numbers'],
    [p.requireSymbols, 'symbols'],
  ];
  const missing = classes.filter(([on]) => !on).map(([, n]) => n);
  if (missing.length) weak.push(`does not require ${missing.join(', ')}`);
  if ((p.passwordReusePrevention ?? 0) < BASELINE.passwordReusePrevention!) {
    weak.push(p.passwordReusePrevention ? `reuse prevention ${p.passwordReusePrevention} (< ${BASELINE.passwordReusePrevention})` : 'no reuse prevention');
  }
  if (weak.length) return check(id, 'warn', `Weaker than the baseline: ${weak.join('; ')}.`, fix);
  return check(id, 'pass', `Length ≥ ${p.minimumPasswordLength}, all four character classes, reuse prevention ${p.passwordReusePrevention}.`, fix);
}

function checkUsersMfa({ state }: CheckInput): Check {
  const id = 'users-mfa';
  const fix = 'Each listed user enrols a device: mvsp-setup mfa --user NAME (or IAM → Users → NAME → Security credentials → Assign MFA).';
  if (!state.report.ok) return unknown(id, state.report.error, 'read the credential report');
  const asOf = `credential report of ${minute(state.report.value.generatedAt)}`;
  const reported = state.report.value.users.filter((u) => isTrue(u.password_enabled)).map((u) => ({ name: u.user!, mfa: isTrue(u.mfa_active) }));
  // users the report cannot speak for (created after it, or all when it is stale), read directly
  if (state.reportStale !== undefined && !state.authorization.ok) {
    // which users there are now is not known: the stale report cannot vouch for them
    const late = reported.filter((u) => !u.mfa).map((u) => u.name);
    if (late.length) return check(id, 'fail', `Console password but no MFA: ${list(late)} (${asOf}).`, fix, late);
    return unknown(id, state.authorization.error, `read which IAM users there are now (the ${asOf} is ${state.reportStale} minutes old)`);
  }
  if (state.lateUsers && !state.lateUsers.ok) {
    const late = reported.filter((u) => !u.mfa).map((u) => u.name);
    if (late.length) return check(id, 'fail', `Console password but no MFA: ${list(late)}${state.reportStale !== undefined ? ` (${asOf})` : ''}.`, fix, late);
    return unknown(id, state.lateUsers.error, state.reportStale !== undefined ? 'read every user directly' : 'read the users the credential report does not list yet');
  }
  const direct = state.lateUsers?.value ?? [];
  const readDirectly = new Set(direct.map((u) => u.name.toLowerCase()));
  const withPassword = [...reported.filter((u) => !readDirectly.has(u.name.toLowerCase())), ...direct.filter((u) => u.password)];
  if (state.reportStale !== undefined) {
    const without = withPassword.filter((u) => !u.mfa).map((u) => u.name);
    if (without.length) return check(id, 'fail', `Console password but no MFA: ${list(without)}.`, fix, without);
    const read = `read one by one: the ${asOf} is ${state.reportStale} minutes old`;
    if (withPassword.length === 0) return check(id, 'pass', `No IAM user has a console password (${read}).`, fix);
    return check(id, 'pass', `All ${withPassword.length} IAM user(s) with a console password have MFA (${read}).`, fix);
  }
  const without = withPassword.filter((u) => !u.mfa).map((u) => u.name);
  if (without.length) return check(id, 'fail', `Console password but no MFA: ${list(without)}.`, fix, without);
  if (withPassword.length === 0) return check(id, 'pass', `No IAM user has a console password (${asOf}).`, fix);
  return check(id, 'pass', `All ${withPassword.length} IAM user(s) with a console password have MFA (${asOf}).`, fix);
}

function checkAdminsViaGroups({ state, trustedAccounts = [] }: CheckInput): Check {
  const id = 'admins-via-groups';
  const userFix = 'Put the user in the Administrators group and remove the policy from the user (IAM → Users → NAME → Permissions: detach it, or delete the inline policy).';
  if (!state.authorization.ok) return unknown(id, state.authorization.error, 'read the account authorization details');
  const { users, policies } = state.authorization.value;
  const customer = new Map(policies.map((p) => [p.arn, p]));
  // judged once: the per-user work below only matches statements against these few roles
  const roles = adminRoles(state.authorization.value);
  const named = usersNamedInTrust(roles, state.accountId);
  const direct: string[] = [];
  const unread: string[] = [];
  for (const u of users) {
    const user = neutralize(u.name);
    const viaRoles = (label: string, doc: PolicyDocument) => {
      const r = roleGrants(doc, roles, state.accountId, u.arn);
      for (const why of r.why) direct.push(`${user}: ${label} (${why})`);
      for (const what of r.unread) unread.push(`${user} can assume ${what}`);
    };
    for (const p of u.inlinePolicies) {
      for (const why of adminGrants(p.document)) direct.push(`${user}: inline policy ${neutralize(p.name)} (${why})`);
      viaRoles(`inline policy ${neutralize(p.name)}`, p.document);
    }
    for (const p of u.attachedPolicies) {
      if (isAwsManaged(p.arn)) {
        const why = awsManagedAdmin(p.arn);
        if (why) direct.push(`${user}: ${why}`);
        const assume = why ? null : awsManagedAssumeRole(p.arn);
        if (assume) viaRoles(`AWS managed ${neutralize(assume.name)}`, assume.document);
        continue;
      }
      const doc = customer.get(p.arn);
      if (!doc) {
        unread.push(`${user}: ${neutralize(p.name)}`);
        continue;
      }
      for (const why of adminGrants(doc.document)) direct.push(`${user}: customer managed policy ${neutralize(p.name)} (${why})`);
      viaRoles(`customer managed policy ${neutralize(p.name)}`, doc.document);
    }
    for (const via of named.get(u.arn.toLowerCase()) ?? []) direct.push(`${user}: named in an admin role's trust policy (with no policy of their own they can become ${via})`);
  }
  // a role outsiders can assume counts when it is admin, or can itself assume an admin role
  const reaching = rolesReachingAdmin(state.authorization.value, roles, state.accountId);
  const outside = outsideAdminRoles([...roles, ...reaching], state.accountId, trustedAccounts, unread);
  const fixes = [
    ...(outside.anyone.length ? [`Narrow each named role's trust policy to the principals meant to become admin (this account, or named users or roles in it), never "*" with no condition (IAM → Roles → NAME → Trust relationships).`] : []),
    ...(direct.length ? [userFix] : []),
    ...(outside.conditional.length ? ['Check that the condition admits only principals you mean to make admin here, or name them instead of "*" (IAM → Roles → NAME → Trust relationships).'] : []),
    ...(outside.accounts.length ? ["Remove that account from the role's trust policy if it should not be admin here (IAM → Roles → NAME → Trust relationships)."] : []),
  ].join(' ');
  const others = [...outside.conditional, ...outside.accounts];
  const detail = [
    ...(outside.anyone.length ? [`Anyone with an AWS account can become admin: ${list(outside.anyone, 4)}.`] : []),
    ...(direct.length ? [`Admin-equivalent rights given to a user directly: ${list(direct, 4)}.`] : []),
    ...(others.length ? [`Admin roles principals outside this account can assume: ${list(others, 4)}.`] : []),
  ].join(' ');
  const items = [...outside.anyone, ...direct, ...others];
  // a fail outranks a warn; either, being known, outranks what could not be read
  if (outside.anyone.length) return check(id, 'fail', detail, fixes, items);
  if (items.length) return check(id, 'warn', detail, fixes, items);
  if (unread.length) return unknown(id, new Error(`attached policies missing from the authorization details: ${list(unread)}`), 'read every attached policy', unread);
  const but = trustedAccounts.length ? ` (other than trusted ${list(trustedAccounts.map(neutralize))})` : '';
  return check(
    id,
    'pass',
    `No user among ${users.length} has an admin-equivalent policy of their own (inline or attached), nor one letting them assume an admin role, nor is there an admin role that another account can assume${but}; admin rights come through groups.`,
    userFix,
  );
}

/**
 * The admin roles (adminRoles) whose trust policy admits principals outside the account
 * (outsideTrust), one entry a role and principal, in words (neutralised): `anyone`, `*` with
 * no condition; `conditional`, `*` under a condition (named); `accounts`, another account
 * (named, with its condition). A role whose policies could not all be read but which
 * outsiders can assume is added to `unread`.
 */
function outsideAdminRoles(roles: readonly AdminRole[], accountId: string, trusted: readonly string[], unread: string[]): { anyone: string[]; conditional: string[]; accounts: string[] } {
  const anyone: string[] = [];
  const conditional: string[] = [];
  const accounts: string[] = [];
  for (const r of roles) {
    const found = outsideTrust(r.trustPolicy, accountId, trusted);
    if (!found.length) continue;
    const role = neutralize(r.name);
    if (!r.why.length) {
      unread.push(`role ${role}, which ${found[0]!.account === '*' ? 'any AWS principal' : `account ${found[0]!.account}`} can assume: ${r.unread.join(', ')}`);
      continue;
    }
    for (const o of found) {
      // a Deny beside the Allow may narrow it (not weighed): a warning, never the fail
      const deny = o.besideDeny ? ', beside a Deny statement that is not weighed' : '';
      if (o.account === '*' && !o.conditionKeys.length && !o.besideDeny) {
        anyone.push(`role ${role}: its trust policy admits any AWS principal (${o.principal}) with no condition, and it has ${r.why[0]}`);
      } else if (o.account === '*') {
        conditional.push(`role ${role}: its trust policy admits any AWS principal (${o.principal})${o.condition}${deny}, and it has ${r.why[0]}`);
      } else {
        accounts.push(`role ${role}: account ${o.account} can assume it (trusts ${o.principal}${o.condition}${deny}), and it has ${r.why[0]}`);
      }
    }
  }
  return { anyone, conditional, accounts };
}

function checkUnassignedMfa({ state }: CheckInput): Check {
  const id = 'unassigned-mfa-devices';
  const fix = 'Delete each one nobody is enrolling right now: aws iam delete-virtual-mfa-device --serial-number arn:aws:iam::ACCOUNT:mfa/NAME (the IAM console does not list unassigned devices).';
  if (!state.virtualMfa.ok) return unknown(id, state.virtualMfa.error, 'list virtual MFA devices');
  const loose = state.virtualMfa.value.filter((d) => !d.userName && !d.isRoot).map((d) => neutralize(d.serial.split('/').slice(1).join('/') || d.serial));
  if (loose.length) return check(id, 'warn', `Virtual MFA device(s) assigned to nobody, leftovers of interrupted enrolments: ${list(loose)}.`, fix, loose);
  return check(id, 'pass', 'Every virtual MFA device is assigned to a user or to root.', fix);
}

function checkStaleCredentials({ state, now }: CheckInput): Check {
  const id = 'stale-credentials';
  const fix = 'Delete what is no longer used (IAM → Users → NAME → Security credentials); rotate keys older than 90 days, or replace them with roles. Leavers: mvsp-setup offboard NAME.';
  if (!state.report.ok) return unknown(id, state.report.error, 'read the credential report');
  const limit = now.getTime() - STALE_DAYS * DAY_MS;
  const old = (d: Date | null) => d !== null && d.getTime() < limit;
  const found: string[] = [];
  for (const u of state.report.value.users) {
    const name = u.user!;
    if (isTrue(u.password_enabled)) {
      const used = reportDate(u.password_last_used);
      const set = reportDate(u.password_last_changed) ?? reportDate(u.user_creation_time);
      if (used ? old(used) : old(set)) found.push(`${name}: password ${used ? `unused since ${day(used)}` : `never used (set ${set ? day(set) : '?'})`}`);
    }
    for (const n of [1, 2]) {
      if (!isTrue(u[`access_key_${n}_active`])) continue;
      const rotated = reportDate(u[`access_key_${n}_last_rotated`]);
      const used = reportDate(u[`access_key_${n}_last_used_date`]);
      const why: string[] = [];
      if (used ? old(used) : old(rotated)) why.push(used ? `unused since ${day(used)}` : 'never used');
      if (old(rotated)) why.push(`created ${rotated ? day(rotated) : '?'}, older than ${STALE_DAYS} days`);
      if (why.length) found.push(`${name}: access key ${n} ${why.join(', ')}`);
    }
  }
  if (found.length) return check(id, 'warn', `${list(found, 4)}.`, fix, found);
  return check(id, 'pass', `No password or access key unused for ${STALE_DAYS}+ days, no key older than ${STALE_DAYS} days.`, fix);
}

function checkRootLoginAlert({ state, alertEmail: wanted, alertEmailRequired }: CheckInput): Check {
  const id = 'root-login-alert';
  const a = state.alert;
  if (!a.rules.ok) return unknown(id, a.rules.error, 'list EventBridge rules in us-east-1');
  const v = judgeAlertChain({ ...a, accountId: state.accountId, rules: a.rules.value });
  const items = v.recipients.map(neutralize);
  // the address the alert is meant for (--alert-email, or the one the alert step set it up
  // for) must be among those who receive it
  const reached = v.status === 'pass' && wanted !== undefined && v.rules.some((r) => r.recipients.some((x) => EMAIL_PROTOCOLS.has(x.protocol) && sameEmail(x.endpoint, wanted)));
  // a part of a chain not judged may still deliver to the address: not known, never "not reached"
  if (wanted && !reached && v.status !== 'unknown' && v.undecided.length > 0) {
    return check(id, 'unknown', neutralize(`${v.detail} Whether the alert address, ${wanted}, receives it is not known: ${list(v.undecided, 3)}.`), neutralize(v.fix === NO_FIX ? `Check that ${wanted} receives what these parts send, or make them judgeable (mvsp-setup --steps alert makes a chain that is).` : v.fix), items);
  }
  const swapped = v.status === 'pass' && wanted !== undefined && !reached;
  const resubscribe = `Subscribe ${wanted} again and confirm it (mvsp-setup --steps alert), and remove any recipient you do not know (SNS → Topics → the topic → Subscriptions → Delete).`;
  const notReached = `${v.detail} The alert address, ${wanted}, is not a confirmed recipient: root sign-ins do not reach it.`;
  // --alert-email is a requirement: an alert that does not reach it fails, so a scheduled
  // job (exit 1) shows a chain re-pointed at someone else, or gone
  if (alertEmailRequired && wanted && !reached && v.status !== 'unknown') {
    const detail = swapped ? notReached : `${v.detail} The alert address, ${wanted}, gets no root sign-in alert.`;
    return check(id, 'fail', neutralize(detail), neutralize(swapped ? resubscribe : v.fix), items);
  }
  if (swapped) return check(id, 'warn', neutralize(notReached), neutralize(resubscribe), items);
  return check(id, v.status, neutralize(v.detail), neutralize(v.fix), items);
}

/** SNS protocols that deliver to an email address. */
const EMAIL_PROTOCOLS = new Set(['email', 'email-json']);

/** Every check of DESIGN.md's table, in its order. */
export function computeChecks(input: CheckInput): Check[] {
  const { state } = input;
  return [
    checkRootAccessKeys(state),
    checkRootMfa(state),
    checkRootHardwareMfa(state),
    checkRootRecentUse(input),
    checkRootAttested(input),
    checkAlternateContacts(input),
    checkPasswordPolicy(input),
    checkUsersMfa(input),
    checkAdminsViaGroups(input),
    checkStaleCredentials(input),
    checkRootLoginAlert(input),
    checkUnassignedMfa(input),
  ];
}

// ---------------------------------------------------------------- the document

export interface VerifyDocument {
  tool: 'mvsp-setup';
  version: string;
  checkedAt: string;
  account: { id: string; alias: string | null };
  caller: { arn: string; kind: CallerIdentity['kind'] };
  checks: DocumentCheck[];
  summary: Record<CheckStatus, number>;
}

/** A check as the JSON document carries it; `items` only where the detail names entries. */
export interface DocumentCheck {
  id: string;
  status: CheckStatus;
  title: string;
  detail: string;
  fix: string;
  items?: string[];
}

/** The document's form of a check. */
export function documentCheck(c: CheckResult & { fix: string }): DocumentCheck {
  return { id: c.id, status: c.status, title: c.title, detail: c.detail, fix: c.fix, ...(c.items ? { items: c.items } : {}) };
}

export function summarize(checks: CheckResult[]): Record<CheckStatus, number> {
  const s: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const c of checks) s[c.status]++;
  return s;
}

export function buildVerifyDocument(input: {
  version: string;
  checkedAt: Date;
  caller: CallerIdentity;
  alias: string | null;
  checks: Check[];
}): VerifyDocument {
  return {
    tool: 'mvsp-setup',
    version: input.version,
    checkedAt: input.checkedAt.toISOString(),
    account: { id: input.caller.accountId, alias: input.alias },
    caller: { arn: input.caller.arn, kind: input.caller.kind },
    checks: input.checks.map(documentCheck),
    summary: summarize(input.checks),
  };
}

/**
 * DESIGN.md exit codes: 1 when a check failed; else 2 when any check could not be
 * computed (missing permission, throttling, network: its detail says why); else 0.
 */
export function verifyExitCode(checks: CheckResult[]): number {
  if (checks.some((c) => c.status === 'fail')) return 1;
  if (checks.some((c) => c.status === 'unknown')) return 2;
  return 0;
}

export const STATUS_WORD: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: 'UNKNOWN' };
const STATUS_SYMBOL: Record<CheckStatus, string> = { pass: '✔', warn: '⚠', fail: '✖', unknown: '?' };

export function statusLabel(s: CheckStatus): string {
  return `${STATUS_SYMBOL[s]} ${STATUS_WORD[s]}`;
}

/**
 * Text from AWS as Markdown shows it: no emphasis, strikethrough, link, code span, HTML (a
 * `<!--` would hide the rest), character reference (`&lt;`) or table cell. CommonMark lets
 * a backslash escape any ASCII punctuation; these are the ones that start something.
 */
function mdText(text: string): string {
  return text.replace(/[\\`*_~[\]<>&|]/g, '\\$&');
}

export function renderMarkdown(doc: VerifyDocument): string {
  const s = doc.summary;
  const lines = [
    `# mvsp-setup verify — ${doc.checkedAt.slice(0, 10)}`,
    '',
    `- Account: ${doc.account.id}${doc.account.alias ? ` (${mdText(doc.account.alias)})` : ''}`,
    `- Checked by: ${mdText(doc.caller.arn)}`,
    `- Checked at: ${doc.checkedAt}`,
    `- Result: ${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.unknown} unknown`,
    '',
  ];
  for (const g of CHECK_GROUPS) {
    lines.push(`## ${g.title}`, '');
    for (const id of g.ids) {
      const c = doc.checks.find((x) => x.id === id);
      if (!c) continue;
      lines.push(`- **${statusLabel(c.status)}** \`${c.id}\` ${c.title}`, `  - ${mdText(c.detail)}`);
      // the detail names a few ("… and N more"): the report names every one
      if (c.items && / and \d+ more\b/.test(c.detail)) lines.push(`  - All ${c.items.length}:`, ...c.items.map((i) => `    - ${mdText(i)}`));
      if (c.status !== 'pass') lines.push(`  - Fix: ${mdText(c.fix)}`);
    }
    lines.push('');
  }
  lines.push(`Generated by mvsp-setup ${doc.version}.`, '');
  // names, aliases and details from AWS end up here: no control character reaches a viewer
  return neutralizeLines(lines.join('\n'));
}

/** The credential report's GeneratedTime, when it was read. */
export function reportGeneratedAt(state: VerifyState): Date | undefined {
  return state.report.ok ? state.report.value.generatedAt : undefined;
}

/** Read and judge in one go. */
export async function runVerify(
  input: VerifyInput,
  extra: { record: LocalRecord | null; expected?: VerifyExpected },
  opts: VerifyOptions = {},
): Promise<{ state: VerifyState; checks: Check[] }> {
  const state = await inspectVerify(input, opts);
  return { state, checks: judgeChecks(state, extra.record, input.now(), extra.expected) };
}

// ---------------------------------------------------------------- saving a run

/** Write verify-YYYY-MM-DD.md and .json under the data dir (per account). Returns both paths. */
export async function writeVerifyReports(doc: VerifyDocument, opts: RecordOptions = {}): Promise<{ markdown: string; json: string }> {
  const base = `${doc.account.id}/verify-${doc.checkedAt.slice(0, 10)}`;
  const [markdown, json] = await Promise.all([
    writePrivateFile(`${base}.md`, renderMarkdown(doc), opts),
    writePrivateFile(`${base}.json`, `${safeJson(doc, 2)}\n`, opts),
  ]);
  return { markdown, json };
}

/** Add this run (and the attestation, when one was given) to the account's local record. */
export async function recordVerifyRun(
  doc: VerifyDocument,
  attestation: Attestation | null,
  opts: RecordOptions = {},
  /** the GeneratedTime of the credential report this run read; the next run compares root's use with it */
  reportGeneratedAt?: Date,
): Promise<LocalRecord> {
  return updateRecord(
    doc.account.id,
    (r) => ({
      ...r,
      ...(attestation ? { rootHolders: attestation.holders, attestations: [...r.attestations, attestation] } : {}),
      checks: [
        ...r.checks,
        { at: doc.checkedAt, kind: 'verify', summary: { ...doc.summary }, ...(reportGeneratedAt ? { reportGeneratedAt: reportGeneratedAt.toISOString() } : {}) },
      ],
    }),
    opts,
  );
}
