// Root lock-away: root MFA (console only: no API can assign it), root access keys, and
// the local record of who can reach root and where the password and devices are kept.
import type { AccessKey, CallerIdentity, Gateway } from '../aws/port.js';
import { isAwsError } from '../aws/errors.js';
import type { Action, StepContext } from './types.js';
import { emptyRecord, readRecord, updateRecord, type LocalRecord, type MfaDevicePlace, type RecordOptions } from './local-record.js';

/** The console page with root's MFA devices and access keys (after signing in as root). */
export const ROOT_SECURITY_CREDENTIALS_URL = 'https://console.aws.amazon.com/iam/home#/security_credentials';

export const ROOT_MFA_STEPS = [
  'Open the link above and sign in as the root user (the root email and its password).',
  'It opens Security credentials (else: the account menu, top right → Security credentials).',
  'Multi-factor authentication (MFA) → Assign MFA device.',
  'Pick "Security key" (a hardware key such as a YubiKey is best) or an authenticator app; follow the prompts.',
  'Each person who holds root can register their own device (up to 8).',
];

export const ROOT_KEY_STEPS = [
  'Sign in as root → account menu → Security credentials → Access keys.',
  'Deactivate each key, check nothing broke, then Delete it.',
];

export interface LockawayState {
  mfaEnabled: boolean;
  rootKeysPresent: boolean;
  /** the run itself is signed in with root's access keys (root caller, not CloudShell) */
  runsOnRootKeys: boolean;
  /** root's keys when the caller is root and may list them; null otherwise */
  rootKeys: AccessKey[] | null;
  record: LocalRecord;
}

export function runsOnRootKeys(caller: CallerIdentity, cloudShell: boolean): boolean {
  return caller.kind === 'root' && !cloudShell;
}

export async function rootMfaEnabled(aws: Gateway): Promise<boolean> {
  return (await aws.iam.getAccountSummary()).AccountMFAEnabled === 1;
}

export async function inspectLockaway(
  ctx: Pick<StepContext, 'aws' | 'caller'>,
  opts: RecordOptions & { cloudShell: boolean },
): Promise<LockawayState> {
  const [summary, record, rootKeys] = await Promise.all([
    ctx.aws.iam.getAccountSummary(),
    readRecord(ctx.caller.accountId, opts).catch(() => emptyRecord(ctx.caller.accountId)),
    ctx.caller.kind === 'root'
      ? ctx.aws.iam.listAccessKeys().catch((e: unknown) => {
          if (isAwsError(e, 'AccessDenied')) return null;
          throw e;
        })
      : Promise.resolve(null),
  ]);
  return {
    mfaEnabled: summary.AccountMFAEnabled === 1,
    rootKeysPresent: summary.AccountAccessKeysPresent === 1 || (rootKeys?.length ?? 0) > 0,
    runsOnRootKeys: runsOnRootKeys(ctx.caller, opts.cloudShell),
    rootKeys,
    record,
  };
}

/**
 * Deleting root's keys, to run as the very last action of the whole run (see
 * StepOutcome.lastActions): when the run is signed in with one of them, every call after
 * it fails. The key in use is deleted last of all.
 */
export function planRootKeyDeletion(keys: AccessKey[], inUseKeyId?: string): Action[] {
  const ordered = [...keys].sort((a, b) => Number(a.id === inUseKeyId) - Number(b.id === inUseKeyId));
  return ordered.map((k, i) => ({
    id: `delete-root-key-${k.id}`,
    call: 'iam:DeleteAccessKey',
    summary: `Delete root access key ${k.id}${k.id === inUseKeyId ? ' (the one this run uses: the session ends here)' : ''}`,
    phase: i,
    run: (ctx) => ctx.aws.iam.deleteAccessKey(undefined, k.id),
  }));
}

/** Names from "Alice, Bob; Carol": trimmed, de-duplicated. */
export function parseHolders(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean))];
}

/** The sandbox's console lever for root MFA, when the gateway is the --demo sandbox. */
export function demoConsole(aws: Gateway): { enableRootMfa: () => void } | null {
  return aws.demo ?? null;
}

export interface LockawayRecordInput {
  at: Date;
  rootMfa: boolean;
  holders: string[];
  passwordPlace?: string;
  mfaDevices?: MfaDevicePlace[];
  rootEmail?: string;
}

/** Names and places only; never a password, seed or code. */
export async function recordLockaway(accountId: string, input: LockawayRecordInput, opts: RecordOptions = {}): Promise<LocalRecord> {
  return updateRecord(
    accountId,
    (r) => ({
      ...r,
      rootHolders: input.holders,
      ...(input.passwordPlace ? { passwordPlace: input.passwordPlace } : {}),
      ...(input.mfaDevices?.length ? { mfaDevices: input.mfaDevices } : {}),
      ...(input.rootEmail ? { rootEmail: input.rootEmail } : {}),
      checks: [...r.checks, { at: input.at.toISOString(), kind: 'lockaway', rootMfa: input.rootMfa }],
    }),
    opts,
  );
}

/**
 * Nothing left to do: root MFA on, no root access keys, at least two people named, and
 * where the root password and at least one MFA device are kept.
 */
export function lockawayDone(state: LockawayState): boolean {
  const r = state.record;
  return (
    state.mfaEnabled &&
    !state.rootKeysPresent &&
    r.rootHolders.length >= 2 &&
    Boolean(r.passwordPlace?.trim()) &&
    r.mfaDevices.some((d) => d.place.trim() !== '')
  );
}
