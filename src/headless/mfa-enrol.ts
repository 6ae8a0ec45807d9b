// Virtual MFA enrolment for a person at a plain terminal: the Ink screen's flow (plan,
// confirm, create, QR code and key, two codes, enable) as lines and questions.
import type { SandboxGateway } from '../aws/sandbox/index.js';
import { drawQr } from '../qr.js';
import type { Preflight } from '../steps/preflight.js';
import { runActions } from '../steps/run-actions.js';
import type { StepContext } from '../steps/types.js';
import {
  accountLabel,
  awsClockOffset,
  awsTime,
  checkFirstCode,
  clockNote,
  checkSecondCode,
  creationTags,
  enable,
  finishCommand,
  groupKey,
  inspect,
  keyLines,
  otpauthUri,
  plan as planMfa,
  removeDevice,
  secondsToNextCode,
  type AcceptedCode,
  type PendingDevice,
} from '../steps/virtual-mfa.js';
import type { StepOutcome } from '../screens/wizard/types.js';
import { errorText, printPlan } from './plan-io.js';
import type { HeadlessIO } from './types.js';

export interface EnrolInput {
  userName: string;
  preflight: Preflight;
  /** repeated in the command that finishes the step later */
  profile?: string;
}

/**
 * The QR code, then how to add the account by hand, then the key in groups of four. A
 * line has no colours, so the terminal's theme decides what looks dark: `ink` 'light'
 * (glyphs for the light modules) scans on a dark background, 'dark' on a light one.
 */
export function enrolmentText(device: PendingDevice, label: string, ink: 'dark' | 'light' = 'light'): string {
  const qr = drawQr(otpauthUri(device.secret, label), { ink });
  return [
    'Scan this QR code with an authenticator app on the phone:',
    ...qr.lines,
    `If it does not scan, answer i to the first code to draw it ${ink === 'light' ? 'for a light background' : 'for a dark background'}.`,
    `Or add an account by hand ("enter a setup key"): account ${label}, issuer AWS, time-based, 6 digits, every 30 seconds.`,
    ...keyLines(groupKey(device.secret.reveal()), 80),
  ].join('\n');
}

/** --demo only: the code the sandbox device shows now, for people without a phone. */
function demoCode(ctx: StepContext, serial: string): string | null {
  if (ctx.aws.kind !== 'sandbox') return null;
  try {
    return (ctx.aws as SandboxGateway).controls.currentMfaCode(serial);
  } catch {
    return null;
  }
}

/**
 * Ask for two consecutive codes with the step's own checks; null when the first one
 * expired before the second came, 'invert' when the QR code is to be drawn inverted.
 */
async function askCodes(ctx: StepContext, device: PendingDevice, io: HeadlessIO): Promise<[AcceptedCode, AcceptedCode] | null | 'invert'> {
  const demo = () => {
    const code = demoCode(ctx, device.serial);
    if (code) io.line(`  Demo only: the code now is ${code}`);
  };
  let first: AcceptedCode | null = null;
  let invert = false;
  demo();
  await io.ask({
    message: 'First code',
    secret: true,
    validate: (v) => {
      if (v.trim().toLowerCase() === 'i') {
        invert = true;
        return null;
      }
      const r = checkFirstCode(device.secret, v, awsTime(ctx));
      if (!r.ok) return r.message;
      first = r.accepted;
      return null;
    },
  });
  if (invert) return 'invert';
  const wait = secondsToNextCode(first!, awsTime(ctx));
  io.line(wait > 0 ? `  The next code comes in ${wait} s.` : '  The next code should show now.');
  let second: AcceptedCode | null = null;
  let expired: string | null = null;
  demo();
  await io.ask({
    message: 'Second code (the next one)',
    secret: true,
    validate: (v) => {
      const r = checkSecondCode(device.secret, first!, v, awsTime(ctx));
      if (r.ok) {
        second = r.accepted;
        return null;
      }
      // a valid code that is not the next one becomes the first; the question stays
      if (r.restart) first = r.restart;
      // the first code is too old: leave this question and ask for a first code again
      if (r.problem === 'expired') {
        expired = r.message;
        return null;
      }
      return r.message;
    },
  });
  if (expired) {
    io.line(`  ✖ ${expired}`);
    return null;
  }
  return [first!, second!];
}

/** Enrol a virtual MFA device for one IAM user; the outcome is the Ink screen's for the same answers. */
export async function enrolMfaHeadless(ctx: StepContext, { userName, preflight, profile }: EnrolInput, io: HeadlessIO): Promise<StepOutcome> {
  const later = finishCommand(userName, profile);
  const failed = (error: unknown): StepOutcome => {
    io.line(`mfa: ✖ ${error instanceof Error ? errorText(error) : String(error)}`);
    io.line(`  Nothing unfinished is left behind. Later: ${later}`);
    return { status: 'failed', summary: [`MFA not enrolled for ${userName}`], todo: [`Fix the error, then: ${later}`] };
  };
  const state = await inspect(ctx, userName);
  if (!state.userExists) {
    io.line(`mfa: ✖ There is no IAM user named ${userName} in account ${preflight.caller.accountId}.`);
    return { status: 'failed', summary: [`No IAM user named ${userName}`], todo: [`Create the user, then: ${later}`] };
  }
  const p = planMfa(state, creationTags(ctx.caller.arn, ctx.now()));
  if (state.enabled.length > 0) {
    printPlan(p, io, `mfa for ${userName}`);
    io.line('mfa: already done, nothing to create');
    return { status: 'done', summary: [`${userName} already had MFA: nothing created`] };
  }
  printPlan(p, io, `mfa for ${userName}`);
  io.line('  Then you scan a QR code with an authenticator app on your phone and type two codes in a row (iam:EnableMFADevice).');
  if (!(await io.confirm('Create the device now?'))) {
    io.line(`mfa: not enrolled. Later: ${later}`);
    return { status: 'skipped', summary: [`MFA not enrolled for ${userName}`], todo: [`Enrol MFA for ${userName}: ${later}`] };
  }

  let pending: PendingDevice | null = null;
  const cleanup = async () => {
    const d = pending ?? p.created();
    pending = null;
    if (d) await removeDevice(ctx, d.serial);
  };
  const unregister = io.onInterrupt?.(cleanup);
  let shown: { clear: () => void } | null = null;
  try {
    const result = await runActions(p.actions, ctx, (e) => {
      if (e.type === 'done') io.line(`  ✔ ${e.action.summary} (${e.ms} ms)`);
      if (e.type === 'failed') io.line(`  ✖ ${e.action.summary}: ${errorText(e.error)}`);
    });
    pending = p.created();
    if (!result.ok || !pending) {
      await cleanup();
      return failed(result.failed[0]?.error ?? new Error('No device was created'));
    }
    const device: PendingDevice = pending;
    const label = accountLabel(userName, preflight.alias, preflight.caller.accountId);
    let ink: 'dark' | 'light' = 'light';
    shown = io.showSecret(enrolmentText(device, label, ink));
    io.line('Then type two codes in a row, as the app shows them.');
    const clock = clockNote(awsClockOffset(ctx));
    if (clock) io.line(`  ⚠ ${clock}`);
    for (;;) {
      const codes = await askCodes(ctx, device, io);
      if (codes === 'invert') {
        ink = ink === 'light' ? 'dark' : 'light';
        shown.clear();
        shown = io.showSecret(enrolmentText(device, label, ink));
        continue;
      }
      if (!codes) continue;
      io.line('  Enabling the device with your two codes…');
      const r = await enable(ctx, device, codes[0], codes[1]);
      if (r.ok) break;
      // the device and its QR code stay valid: two new codes
      io.line(`  ✖ ${r.message}`);
    }
    pending = null;
    shown.clear();
    shown = null;
    io.line(`mfa: ✔ MFA is on for ${userName}.`);
    io.line(`  Device ${device.serial}`);
    io.line('  From now on this user signs in with the password and a code from the phone.');
    io.line('  The key was not saved anywhere.');
    return { status: 'done', summary: [`MFA enabled for ${userName} (${device.serial})`] };
  } catch (e) {
    // Ctrl-C or the end of the input while a code was asked, or an AWS error: no half-made device stays
    const interrupted = !(e instanceof Error) || e.name === 'PlainInterrupted';
    try {
      await cleanup();
    } catch (c) {
      if (interrupted) throw e;
      return failed(c);
    }
    if (interrupted) throw e;
    return failed(e);
  } finally {
    shown?.clear();
    unregister?.();
  }
}
