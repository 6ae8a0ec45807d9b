// Virtual MFA for an IAM user: inspect, create, check two codes locally, enable,
// and delete the device again when enrolment does not finish. No UI here.
import { inspect as nodeInspect } from 'node:util';
import { HOTP, Secret, TOTP } from 'otpauth';
import { AwsError, isAwsError } from '../aws/errors.js';
import type { MfaDevice, Tags, VirtualMfaDevice } from '../aws/port.js';
import type { Action, Plan, StepContext } from './types.js';

/** IAM virtual devices: SHA1, 6 digits, 30-second steps. */
export const MFA_PERIOD = 30;
export const MFA_DIGITS = 6;
/** A code is accepted one step either side of now, as AWS does. */
export const ACCEPT_WINDOW = 1;
/** How far a code is looked for to tell a wrong code from a phone clock that is off: 10 minutes. */
export const SKEW_SEARCH_STEPS = 20;

export const TAG_CREATED_BY = 'mvsp-setup:created-by';
export const TAG_CREATED_AT = 'mvsp-setup:created-at';

/**
 * The seed of a device being enrolled. Kept in memory only; printing, logging or
 * serialising it shows a placeholder, so it cannot slip into a log or an error.
 */
export class MfaSecret {
  readonly #base32: string;

  constructor(base32: string) {
    this.#base32 = base32;
  }

  /** the base32 text, for the QR code and the key on screen only */
  reveal(): string {
    return this.#base32;
  }

  toString(): string {
    return '[MFA secret]';
  }

  toJSON(): string {
    return '[MFA secret]';
  }

  [nodeInspect.custom](): string {
    return '[MFA secret]';
  }
}

/** A created device that is not enabled yet. */
export interface PendingDevice {
  serial: string;
  userName: string;
  secret: MfaSecret;
}

export interface MfaState {
  userName: string;
  userExists: boolean;
  /** MFA devices (virtual or hardware) already enabled for the user */
  enabled: MfaDevice[];
  /** an unassigned virtual device named after the user: left by an earlier run that did not finish */
  orphan: VirtualMfaDevice | null;
}

/** The device is named after the user, so a device left by an aborted run can be found again. */
export function deviceNameFor(userName: string): string {
  return userName;
}

function deviceNameOf(serial: string): string {
  return serial.slice(serial.lastIndexOf('/') + 1);
}

export async function inspect(ctx: StepContext, userName: string): Promise<MfaState> {
  const user = await ctx.aws.iam.getUser(userName);
  if (!user) return { userName, userExists: false, enabled: [], orphan: null };
  const wanted = deviceNameFor(user.name).toLowerCase();
  const [enabled, unassigned] = await Promise.all([
    ctx.aws.iam.listMfaDevices(user.name),
    ctx.aws.iam.listVirtualMfaDevices('Unassigned'),
  ]);
  // IAM names are case-insensitive: "Alice" and "alice" are the same device name.
  const orphan = unassigned.find((d) => deviceNameOf(d.serial).toLowerCase() === wanted) ?? null;
  return { userName: user.name, userExists: true, enabled, orphan };
}

export function creationTags(callerArn: string, now: Date): Tags {
  return { [TAG_CREATED_BY]: callerArn.replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, '_').slice(0, 256), [TAG_CREATED_AT]: now.toISOString() };
}

export interface MfaPlan extends Plan {
  /** the device the plan created, once its actions have run */
  created: () => PendingDevice | null;
}

/**
 * Delete a leftover device (its seed was shown once, by the run that created it, and
 * cannot be read back, so it cannot be reused), then create a fresh one. Enabling
 * needs two codes from the phone and happens after the plan.
 */
export function plan(state: MfaState, tags: Tags): MfaPlan {
  let created: PendingDevice | null = null;
  const result: MfaPlan = { actions: [], existing: [], created: () => created };
  if (!state.userExists) return result;
  if (state.enabled.length > 0) {
    result.existing.push({ summary: `${state.userName} already has MFA (${state.enabled.map((d) => deviceNameOf(d.serial)).join(', ')})` });
    return result;
  }
  const name = deviceNameFor(state.userName);
  const actions: Action[] = [];
  const orphan = state.orphan;
  if (orphan) {
    actions.push({
      id: 'mfa-delete-orphan',
      call: 'iam:DeleteVirtualMFADevice',
      summary: `Delete leftover device ${deviceNameOf(orphan.serial)} (earlier run)`,
      phase: 0,
      run: (ctx) => removeDevice(ctx, orphan.serial),
    });
  }
  actions.push({
    id: 'mfa-create',
    call: 'iam:CreateVirtualMFADevice',
    summary: `Create virtual MFA device ${name} for ${state.userName}`,
    phase: 1,
    run: async (ctx) => {
      const device = await ctx.aws.iam.createVirtualMfaDevice(name, tags);
      created = { serial: device.serial, userName: state.userName, secret: decodeSeed(device.base32Seed) };
    },
  });
  result.actions = actions;
  return result;
}

/** Base32StringSeed arrives as the bytes of base32 text. */
export function decodeSeed(bytes: Uint8Array): MfaSecret {
  const text = new TextDecoder().decode(bytes).trim().toUpperCase().replace(/=+$/, '');
  if (!/^[A-Z2-7]{16,}$/.test(text)) {
    // never quote the seed: it is a secret even when malformed
    throw new Error(`CreateVirtualMFADevice returned a seed that is not base32 text (${bytes.length} bytes)`);
  }
  return new MfaSecret(text);
}

/** The secret in groups of four, as authenticator apps accept it typed by hand. */
export function groupKey(base32: string): string[] {
  return base32.match(/.{1,4}/g) ?? [];
}

/** The name the authenticator app shows: USER@ALIAS, or USER@ACCOUNT-ID without an alias. */
export function accountLabel(userName: string, alias: string | null, accountId: string): string {
  return `${userName}@${alias ?? accountId}`;
}

/**
 * otpauth://totp/LABEL?secret=…&issuer=AWS (Google's Key URI format). The label and the
 * issuer are percent-encoded: IAM user names may hold + = , . @ - which some scanners
 * read as separators or spaces otherwise. Defaults (SHA1, 6 digits, 30 s) are left out
 * to keep the QR code small enough for an 80x24 terminal.
 */
export function otpauthUri(secret: MfaSecret, label: string, issuer = 'AWS'): string {
  return `otpauth://totp/${encodeURIComponent(label)}?secret=${secret.reveal()}&issuer=${encodeURIComponent(issuer)}`;
}

export type CodeProblem = 'empty' | 'format' | 'length' | 'same' | 'skew' | 'mismatch' | 'not-next' | 'expired';

export interface AcceptedCode {
  code: string;
  /** the TOTP step the code belongs to */
  counter: number;
}

export type CodeCheck =
  | { ok: true; accepted: AcceptedCode }
  | {
      ok: false;
      problem: CodeProblem;
      message: string;
      /** 'not-next': the code is valid on its own and becomes the new first code */
      restart?: AcceptedCode;
      skewMinutes?: number;
    };

function counterAt(now: Date): number {
  return TOTP.counter({ period: MFA_PERIOD, timestamp: now.getTime() });
}

function codeAt(secret: MfaSecret, counter: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secret.reveal()), counter, digits: MFA_DIGITS });
}

/** Digits only, six of them; spaces (as some apps show "123 456") are ignored. */
export function normalizeCode(raw: string): { ok: true; code: string } | { ok: false; problem: CodeProblem; message: string } {
  const code = raw.replace(/\s+/g, '');
  if (code === '') return { ok: false, problem: 'empty', message: 'Type the 6-digit code your authenticator app shows.' };
  if (!/^\d+$/.test(code)) return { ok: false, problem: 'format', message: 'A code is digits only, like 123456.' };
  if (code.length !== MFA_DIGITS) {
    return { ok: false, problem: 'length', message: `A code has ${MFA_DIGITS} digits; that was ${code.length}.` };
  }
  return { ok: true, code };
}

/** Which step the code belongs to, looking `window` steps either side of `center`. */
function findCounter(secret: MfaSecret, code: string, center: number, window: number): number | null {
  for (let d = 0; d <= window; d++) {
    if (codeAt(secret, center + d) === code) return center + d;
    if (d > 0 && codeAt(secret, center - d) === code) return center - d;
  }
  return null;
}

function skewMessage(deltaSteps: number): { message: string; minutes: number } {
  const minutes = Math.max(1, Math.round((Math.abs(deltaSteps) * MFA_PERIOD) / 60));
  const direction = deltaSteps > 0 ? 'ahead' : 'behind';
  return {
    minutes,
    message: `Your phone's clock is off by about ${minutes} minute${minutes === 1 ? '' : 's'} (${direction}). Turn on automatic date and time, then type a new code.`,
  };
}

function wrongCode(secret: MfaSecret, code: string, now: number): CodeCheck {
  const far = findCounter(secret, code, now, SKEW_SEARCH_STEPS);
  if (far !== null) {
    const s = skewMessage(far - now);
    return { ok: false, problem: 'skew', message: s.message, skewMinutes: s.minutes };
  }
  return {
    ok: false,
    problem: 'mismatch',
    message: 'That code does not match this device: type the code of the new AWS entry.',
  };
}

/** The first of two codes: the current step, or one step either side. */
export function checkFirstCode(secret: MfaSecret, raw: string, now: Date): CodeCheck {
  const n = normalizeCode(raw);
  if (!n.ok) return n;
  const current = counterAt(now);
  const counter = findCounter(secret, n.code, current, ACCEPT_WINDOW);
  if (counter !== null) return { ok: true, accepted: { code: n.code, counter } };
  return wrongCode(secret, n.code, current);
}

/** The second code: the very next one after the first, and still current. */
export function checkSecondCode(secret: MfaSecret, first: AcceptedCode, raw: string, now: Date): CodeCheck {
  const n = normalizeCode(raw);
  if (!n.ok) return n;
  if (n.code === first.code) {
    return {
      ok: false,
      problem: 'same',
      message: 'That is the first code again: wait for the next one (at most 30 s).',
    };
  }
  const current = counterAt(now);
  const next = first.counter + 1;
  if (codeAt(secret, next) === n.code) {
    if (Math.abs(next - current) <= ACCEPT_WINDOW) return { ok: true, accepted: { code: n.code, counter: next } };
    return {
      ok: false,
      problem: 'expired',
      message: 'The first code has expired: type the code shown now as the first.',
    };
  }
  const counter = findCounter(secret, n.code, current, ACCEPT_WINDOW);
  if (counter !== null) {
    return {
      ok: false,
      problem: 'not-next',
      message: 'Not the code right after the first; it is now the first code: type the next one.',
      restart: { code: n.code, counter },
    };
  }
  return wrongCode(secret, n.code, current);
}

export type EnableResult = { ok: true } | { ok: false; message: string };

/**
 * EnableMFADevice. AWS's own InvalidAuthenticationCode (codes that expired on the way,
 * or a clock AWS disagrees with) comes back as a message to retry with, not an error:
 * the device and its QR code stay valid.
 */
export async function enable(ctx: StepContext, device: PendingDevice, code1: string, code2: string): Promise<EnableResult> {
  try {
    await ctx.aws.iam.enableMfaDevice(device.userName, device.serial, code1, code2);
    return { ok: true };
  } catch (e) {
    if (isAwsError(e) && e.code === 'InvalidAuthenticationCode') {
      return {
        ok: false,
        message: 'AWS did not accept the two codes (each lasts only 30 s). The device is still good: type two new codes in a row.',
      };
    }
    throw e;
  }
}

/** Delete a virtual device that is not enabled; one that is already gone is fine. */
export async function removeDevice(ctx: StepContext, serial: string): Promise<void> {
  try {
    await ctx.aws.iam.deleteVirtualMfaDevice(serial);
  } catch (e) {
    if (e instanceof AwsError && e.kind === 'NotFound') return;
    throw e;
  }
}

/** The command that finishes this step by hand, for to-do lists and --ci output. */
export function finishCommand(userName: string | null, profile?: string): string {
  return `npx mvsp-setup mfa --user ${userName ?? 'NAME'}${profile ? ` --profile ${profile}` : ''}`;
}
