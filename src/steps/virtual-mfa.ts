// Virtual MFA for an IAM user: inspect, create, check two codes locally, enable,
// and delete the device again when enrolment does not finish. No UI here.
import { inspect as nodeInspect } from 'node:util';
import { HOTP, Secret, TOTP } from 'otpauth';
import { AwsError, isAwsError } from '../aws/errors.js';
import type { MfaDevice, Tags, VirtualMfaDevice } from '../aws/port.js';
import type { Action, Plan, StepContext } from './types.js';
import { neutralize } from '../untrusted.js';

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
  /** the name the new device gets: the user's, or the first free `NAME-2`, `NAME-3`… */
  deviceName: string;
  /** who holds the device named after the user, when someone else does (an IAM user, or 'the root user') */
  nameHeldBy: string | null;
  /** an unassigned virtual device with `deviceName`: left by an earlier run that did not finish */
  orphan: VirtualMfaDevice | null;
}

/** The device is named after the user, so a device left by an aborted run can be found again. */
export function deviceNameFor(userName: string): string {
  return userName;
}

function deviceNameOf(serial: string): string {
  return serial.slice(serial.lastIndexOf('/') + 1);
}

/** How many `NAME-n` names are tried before giving up (each is one more device someone else holds). */
const MAX_NAME_TRIES = 50;

/**
 * The device name for `userName`: the user's own name unless another user (or root) holds
 * a device of that name (a user renamed since, say alice-2019); then NAME-2, NAME-3… An
 * unassigned device with the chosen name is a leftover of an earlier run, to be replaced.
 * IAM names are case-insensitive.
 */
export function chooseDeviceName(userName: string, devices: VirtualMfaDevice[]): Pick<MfaState, 'deviceName' | 'nameHeldBy' | 'orphan'> {
  const byName = new Map(devices.map((d) => [deviceNameOf(d.serial).toLowerCase(), d]));
  const holder = (d: VirtualMfaDevice | undefined): string | null => (!d ? null : d.isRoot ? 'the root user' : (d.userName ?? null));
  const own = deviceNameFor(userName);
  const heldBy = holder(byName.get(own.toLowerCase()));
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const name = n === 1 ? own : `${own}-${n}`;
    const found = byName.get(name.toLowerCase());
    if (!found || holder(found) === null) return { deviceName: name, nameHeldBy: heldBy, orphan: found ?? null };
  }
  throw new Error(`No free virtual MFA device name for ${userName}: ${own} to ${own}-${MAX_NAME_TRIES} are all held by other users`);
}

export async function inspect(ctx: StepContext, userName: string): Promise<MfaState> {
  const user = await ctx.aws.iam.getUser(userName);
  if (!user) return { userName, userExists: false, enabled: [], deviceName: deviceNameFor(userName), nameHeldBy: null, orphan: null };
  const [enabled, devices] = await Promise.all([ctx.aws.iam.listMfaDevices(user.name), ctx.aws.iam.listVirtualMfaDevices('Any')]);
  return { userName: user.name, userExists: true, enabled, ...chooseDeviceName(user.name, devices) };
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
  const name = state.deviceName;
  const actions: Action[] = [];
  const orphan = state.orphan;
  if (state.nameHeldBy) {
    result.notes = [`The virtual MFA device named ${deviceNameFor(state.userName)} belongs to ${neutralize(state.nameHeldBy)}: this one is named ${name}`];
  }
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

const KEY_LABEL = 'Secret key: ';

/** `Secret key: XXXX XXXX …` on one line when it fits, else continued under the first group. */
export function keyLines(groups: string[], columns: number): string[] {
  const perLine = Math.max(1, Math.floor((columns - KEY_LABEL.length + 1) / 5));
  const rows = Math.ceil(groups.length / perLine);
  const size = Math.ceil(groups.length / rows);
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += size) {
    lines.push(`${i === 0 ? KEY_LABEL : ' '.repeat(KEY_LABEL.length)}${groups.slice(i, i + size).join(' ')}`);
  }
  return lines;
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

export type CodeProblem = 'empty' | 'format' | 'length' | 'same' | 'mismatch' | 'not-next' | 'expired';

export interface AcceptedCode {
  code: string;
  /** the TOTP step the code belongs to */
  counter: number;
  /**
   * 0 when the code is AWS's current one or one step either side (what EnableMFADevice
   * accepts); else how many steps the phone's clock is ahead (+) or behind (-) of AWS's.
   * Such codes are still sent: AWS decides, and a refused code costs nothing.
   */
  skewSteps: number;
}

export type CodeCheck =
  | { ok: true; accepted: AcceptedCode }
  | {
      ok: false;
      problem: CodeProblem;
      message: string;
      /** 'not-next': the code is valid on its own and becomes the new first code */
      restart?: AcceptedCode;
    };

/** Offsets from AWS's clock below this are within what the Date header can tell. */
export const CLOCK_NOISE_MS = 2_000;
/** How far this computer's clock may be from AWS's before the screen says so. */
export const CLOCK_TOLERANCE_MS = 30_000;

/** AWS's time minus this computer's in ms (Gateway.clock), or null when not known (yet). */
export function awsClockOffset(ctx: StepContext): number | null {
  const offset: unknown = ctx.aws.clock?.offsetMs();
  return typeof offset === 'number' && Number.isFinite(offset) ? offset : null;
}

/**
 * AWS's time: this computer's clock corrected by the offset learnt from the `Date` header
 * of AWS's responses (Gateway.clock). Codes are checked against it, as AWS checks them.
 */
export function awsTime(ctx: StepContext): Date {
  const offset = awsClockOffset(ctx) ?? 0;
  // the Date header has whole seconds and the answer takes a while to arrive: an offset
  // this small is the measurement, not a clock that is off
  return new Date(ctx.now().getTime() + (Math.abs(offset) < CLOCK_NOISE_MS ? 0 : offset));
}

/** "2 min 30 s", to the nearest 5 s: the Date header has whole seconds, and the network adds some */
export function duration(ms: number): string {
  const total = Math.round(Math.abs(ms) / 5000) * 5;
  const min = Math.floor(total / 60);
  const sec = total % 60;
  if (min === 0) return `${sec} s`;
  return sec === 0 ? `${min} min` : `${min} min ${sec} s`;
}

/**
 * A line saying this computer's clock is off, when it is off from AWS's by more than
 * CLOCK_TOLERANCE_MS; null otherwise or when AWS's time is not known yet.
 * `offsetMs` is AWS's time minus this computer's (Gateway.clock.offsetMs()).
 */
export function clockNote(offsetMs: number | null): string | null {
  if (offsetMs === null || Math.abs(offsetMs) <= CLOCK_TOLERANCE_MS) return null;
  const way = offsetMs < 0 ? 'fast' : 'slow';
  return `This computer's clock is about ${duration(offsetMs)} ${way} (by AWS's clock); codes are checked against AWS's time.`;
}

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

/** A code of AWS's time now (one step either side), or of a phone clock up to 10 minutes off. */
function locate(secret: MfaSecret, code: string, current: number): AcceptedCode | null {
  const near = findCounter(secret, code, current, ACCEPT_WINDOW);
  if (near !== null) return { code, counter: near, skewSteps: 0 };
  const far = findCounter(secret, code, current, SKEW_SEARCH_STEPS);
  if (far !== null) return { code, counter: far, skewSteps: far - current };
  return null;
}

const MISMATCH: CodeCheck = {
  ok: false,
  problem: 'mismatch',
  message: 'That code does not match this device: type the code of the new AWS entry.',
};

/**
 * The first of two codes, checked against `awsNow` (awsTime(ctx)): AWS's current step or
 * one either side; a code of a step up to 10 minutes away is taken too (the phone's
 * clock may be off; AWS decides, see enable()).
 */
export function checkFirstCode(secret: MfaSecret, raw: string, awsNow: Date): CodeCheck {
  const n = normalizeCode(raw);
  if (!n.ok) return n;
  const found = locate(secret, n.code, counterAt(awsNow));
  return found ? { ok: true, accepted: found } : MISMATCH;
}

/** The second code: the very next one after the first, and still current (AWS's time). */
export function checkSecondCode(secret: MfaSecret, first: AcceptedCode, raw: string, awsNow: Date): CodeCheck {
  const n = normalizeCode(raw);
  if (!n.ok) return n;
  if (n.code === first.code) {
    return {
      ok: false,
      problem: 'same',
      message: 'That is the first code again: wait for the next one (at most 30 s).',
    };
  }
  const current = counterAt(awsNow);
  const next = first.counter + 1;
  if (codeAt(secret, next) === n.code) {
    // a phone clock that is off: only AWS can tell whether the pair is still good
    if (first.skewSteps !== 0 || Math.abs(next - current) <= ACCEPT_WINDOW) {
      return { ok: true, accepted: { code: n.code, counter: next, skewSteps: first.skewSteps === 0 ? 0 : next - current } };
    }
    return {
      ok: false,
      problem: 'expired',
      message: 'The first code has expired: type the code shown now as the first.',
    };
  }
  const found = locate(secret, n.code, current);
  if (found) {
    return {
      ok: false,
      problem: 'not-next',
      message: 'Not the code right after the first; it is now the first code: type the next one.',
      restart: found,
    };
  }
  return MISMATCH;
}

/**
 * Whole seconds until the phone shows the code after `first` (0: it should show now),
 * at AWS's time `awsNow`, assuming the phone is as far off as the first code says.
 */
export function secondsToNextCode(first: AcceptedCode, awsNow: Date): number {
  const phoneSeconds = awsNow.getTime() / 1000 + first.skewSteps * MFA_PERIOD;
  return Math.max(0, Math.ceil((first.counter + 1) * MFA_PERIOD - phoneSeconds));
}

function phoneClockMessage(skewSteps: number): string {
  const minutes = Math.max(1, Math.round((Math.abs(skewSteps) * MFA_PERIOD) / 60));
  const direction = skewSteps > 0 ? 'ahead of' : 'behind';
  return `AWS did not accept the two codes: they are the codes for about ${minutes} minute${minutes === 1 ? '' : 's'} ${skewSteps > 0 ? 'from now' : 'ago'} by AWS's clock, so the phone's clock is ${direction} AWS's. Turn on automatic date and time on the phone, then type two new codes.`;
}

export type EnableResult = { ok: true } | { ok: false; message: string };

/**
 * EnableMFADevice with two consecutive codes. AWS's own InvalidAuthenticationCode (codes
 * that expired on the way, or a phone clock AWS disagrees with) comes back as a message to
 * retry with, not an error: the device and its QR code stay valid. Only then is a phone
 * clock that is off named, since AWS's refusal is what proves it.
 */
export async function enable(ctx: StepContext, device: PendingDevice, first: AcceptedCode, second: AcceptedCode): Promise<EnableResult> {
  try {
    await ctx.aws.iam.enableMfaDevice(device.userName, device.serial, first.code, second.code);
    return { ok: true };
  } catch (e) {
    if (isAwsError(e) && e.code === 'InvalidAuthenticationCode') {
      return {
        ok: false,
        message:
          first.skewSteps !== 0
            ? phoneClockMessage(first.skewSteps)
            : 'AWS did not accept the two codes (each lasts only 30 s). The device is still good: type two new codes in a row.',
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

const USER_NAME = /^[\w+=,.@-]{1,64}$/;

/** An IAM user name as the user to enrol is typed: an error message, or null. */
export function userNameProblem(name: string): string | null {
  if (name === '') return 'Type the IAM user name.';
  if (name.length > 64) return 'An IAM user name has at most 64 characters.';
  if (!USER_NAME.test(name)) return 'An IAM user name has only letters, digits and + = , . @ _ -';
  return null;
}
