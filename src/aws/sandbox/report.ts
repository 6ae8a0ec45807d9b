// The credential report in IAM's CSV layout (IAM User Guide, "Getting credential reports").
import type { AccessKeyRecord, SandboxState, UserRecord } from './state.js';
import { rootArn, userArn } from './state.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

const NA = 'N/A';
const DAY_MS = 24 * 60 * 60 * 1000;

/** IAM writes times as 2026-11-24T06:58:02+00:00 (seconds, explicit offset). */
export function reportTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function keyColumns(key: AccessKeyRecord | undefined): string[] {
  if (!key) return ['false', NA, NA, NA, NA];
  return [
    String(key.status === 'Active'),
    reportTime(key.createdAt),
    key.lastUsed ? reportTime(key.lastUsed.at) : NA,
    key.lastUsed?.region ?? NA,
    key.lastUsed?.service ?? NA,
  ];
}

const NO_CERTS = ['false', NA, 'false', NA];

function rootRow(state: SandboxState, mfa: boolean): string[] {
  const keys = state.root.accessKeys;
  return [
    '<root_account>',
    rootArn(state),
    reportTime(state.root.createdAt),
    'not_supported',
    state.root.passwordLastUsed ? reportTime(state.root.passwordLastUsed) : 'no_information',
    'not_supported',
    'not_supported',
    String(mfa),
    ...keyColumns(keys[0]),
    ...keyColumns(keys[1]),
    ...NO_CERTS,
  ];
}

function userRow(state: SandboxState, user: UserRecord, mfa: boolean): string[] {
  const profile = user.loginProfile;
  const maxAge = state.passwordPolicy?.maxPasswordAge;
  let lastUsed = NA;
  if (profile) lastUsed = user.passwordLastUsed ? reportTime(user.passwordLastUsed) : 'no_information';
  return [
    user.name,
    userArn(state, user.name),
    reportTime(user.createdAt),
    String(profile !== undefined),
    lastUsed,
    profile ? reportTime(profile.createdAt) : NA,
    profile && maxAge ? reportTime(new Date(profile.createdAt.getTime() + maxAge * DAY_MS)) : NA,
    String(mfa),
    ...keyColumns(user.accessKeys[0]),
    ...keyColumns(user.accessKeys[1]),
    ...NO_CERTS,
  ];
}

// csv-parse has no writer counterpart among our dependencies; RFC 4180 quoting is all
// a user name (which may contain a comma) needs.
function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function buildCredentialReport(
  state: SandboxState,
  mfa: { root: boolean; user: (name: string) => boolean },
): string {
  const rows = [
    [...CREDENTIAL_REPORT_COLUMNS],
    rootRow(state, mfa.root),
    ...state.users.map((u) => userRow(state, u, mfa.user(u.name))),
  ];
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}
