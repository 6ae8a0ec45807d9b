// The 'mfa' step: a virtual MFA device for the admin user, and the same enrolment for any
// IAM user (`mvsp-setup mfa`, onboard). AWS source: iam:GetUser, iam:ListMFADevices,
// iam:ListVirtualMFADevices, iam:CreateVirtualMFADevice, iam:EnableMFADevice,
// iam:DeleteVirtualMFADevice.
import { UsageError } from '../../args.js';
import { AwsError, describeAwsError, isAwsError } from '../../aws/errors.js';
import type { VirtualMfaDevice } from '../../aws/port.js';
import { drawQr } from '../../qr.js';
import { neutralize } from '../../untrusted.js';
import { applyPlan } from '../apply-plan.js';
import { GoBack, type Shown, type StepDefinition, type StepIO, type StepOutcome, type WizardShared } from '../flow.js';
import { readRecord } from '../local-record.js';
import type { Preflight } from '../preflight.js';
import { stopsTheRun } from '../run-steps.js';
import type { StepContext } from '../types.js';
import {
  accountLabel,
  awsClockOffset,
  awsTime,
  checkFirstCode,
  checkSecondCode,
  chooseDeviceName,
  clockNote,
  creationTags,
  enable,
  finishCommand,
  groupKey,
  inspect as inspectUser,
  keyLines,
  otpauthUri,
  plan as planMfa,
  removeDevice,
  secondsToNextCode,
  userNameProblem,
  type AcceptedCode,
  type MfaState,
  type PendingDevice,
} from '../virtual-mfa.js';

/** What a code field takes: digits (a pasted "123 456" keeps its digits). */
const CODE_CHARS = /[0-9]/;
/** The answer to the first code that redraws the QR code the other way round (plain lines only). */
const INVERT = 'i';

/** Where the user to enrol came from; the record is this machine's, the rest are this run's. */
type NameSource = 'shared' | 'answers' | 'record';

/** What the step read before any question. */
export interface MfaInspected {
  /** the user to enrol, or null when no step, answer or record names one */
  userName: string | null;
  source: NameSource | null;
  /** the answer admin.userName when it is not an IAM user name (a UsageError before any AWS call) */
  badAnswer: string | null;
  /** iam:GetUser, iam:ListMFADevices and iam:ListVirtualMFADevices for that user; null without a user */
  state: MfaState | null;
  /** every virtual MFA device of the account (iam:ListVirtualMFADevices 'Any'), to pick a free name; null without a user, or unattended (--ci) */
  devices: VirtualMfaDevice[] | null;
}

function validName(name: unknown): name is string {
  return typeof name === 'string' && userNameProblem(name) === null;
}

/**
 * The user to enrol: the admin step's (this run), else the answer admin.userName, else the
 * admin user this machine's record names. Reads the user and every virtual MFA device at
 * once; an invalid answer reads nothing.
 */
async function inspectMfa(ctx: StepContext, answers: { admin?: { userName?: string } }, shared: WizardShared, unattended = false): Promise<MfaInspected> {
  const answered = answers.admin?.userName;
  if (answered !== undefined && !validName(answered)) return { userName: null, source: null, badAnswer: answered, state: null, devices: null };
  let userName: string | null = null;
  let source: NameSource | null = null;
  if (validName(shared.adminUser)) [userName, source] = [shared.adminUser, 'shared'];
  else if (answered !== undefined) [userName, source] = [answered, 'answers'];
  else {
    const record = await readRecord(ctx.caller.accountId).catch(() => null);
    if (validName(record?.adminUser)) [userName, source] = [record.adminUser, 'record'];
  }
  if (!userName) return { userName: null, source: null, badAnswer: null, state: null, devices: null };
  // one wave: iam:ListMFADevices says NoSuchEntity for a user that does not exist (the admin
  // step reads the user itself; reading it here too would be a second read of it)
  const [enabled, devices] = await Promise.all([
    ctx.aws.iam.listMfaDevices(userName).catch((e: unknown) => {
      if (isAwsError(e, 'NotFound')) return null;
      throw e;
    }),
    // the device names matter only to an enrolment, which needs a person (--ci never enrols)
    unattended ? Promise.resolve(null) : ctx.aws.iam.listVirtualMfaDevices('Any'),
  ]);
  if (!enabled) return { userName, source, badAnswer: null, state: { userName, userExists: false, enabled: [], ...chooseDeviceName(userName, devices ?? []) }, devices };
  // IAM names ignore case: the devices say how AWS spells it
  const name = enabled[0]?.userName ?? userName;
  return { userName: name, source, badAnswer: null, state: { userName: name, userExists: true, enabled, ...chooseDeviceName(name, devices ?? []) }, devices };
}

const profileOf = (io: StepIO) => (typeof io.flags.profile === 'string' ? io.flags.profile : undefined);

/** What the person types the key from, and what the QR code says, for `io.showSecret`. */
function enrolmentText(device: PendingDevice, label: string): string {
  return [
    'Scan the QR code with an authenticator app on the phone,',
    'or add an account by hand ("enter a setup key"):',
    `  Account   ${neutralize(label)}`,
    '  Issuer    AWS',
    '  Type      time-based, 6 digits, every 30 seconds',
    ...keyLines(groupKey(device.secret.reveal()), 80),
  ].join('\n');
}

/** --demo only: the code the sandbox's phone shows now; null on AWS. */
function demoCode(ctx: StepContext, serial: string): string | null {
  if (!ctx.aws.demo) return null;
  try {
    return ctx.aws.demo.currentMfaCode(serial);
  } catch {
    return null;
  }
}

type Codes = { ok: true; first: AcceptedCode; second: AcceptedCode } | { ok: false; invert: true };

/**
 * Two consecutive codes, checked against AWS's time, asked together (one form). A second
 * code that is not the next one becomes the first (offered in the first field); a first
 * code that expired before the second came asks for both again. 'i' as the first code asks
 * for the QR code drawn inverted.
 */
async function askCodes(ctx: StepContext, device: PendingDevice, io: StepIO): Promise<Codes> {
  const demo = () => {
    const code = demoCode(ctx, device.serial);
    return code ? `Demo only: the code now is ${code}` : '';
  };
  const invert = (v: string | undefined) => (v ?? '').trim().toLowerCase() === INVERT;
  /** the first code as found good when it was typed: a second code that comes too late finds it expired */
  let accepted: { raw: string; code: AcceptedCode } | null = null;
  const firstOf = (v: string) => {
    const r = checkFirstCode(device.secret, v, awsTime(ctx));
    if (r.ok && accepted?.raw !== v.trim()) accepted = { raw: v.trim(), code: r.accepted };
    return r;
  };
  /** a code already taken as the first one (a second code that was not the next one) */
  let offered: string | undefined;
  for (;;) {
    const [rawFirst, rawSecond] = await io.form([
      {
        message: 'First code',
        placeholder: '123456',
        allowed: CODE_CHARS,
        initial: offered,
        validate: (v) => (invert(v) ? null : ((r) => (r.ok ? null : r.message))(firstOf(v))),
        live: ctx.aws.demo ? () => demo() : undefined,
        endsForm: invert,
      },
      {
        message: 'Second code (the next one)',
        placeholder: '123456',
        allowed: CODE_CHARS,
        validate: (v, form) => {
          const first = invert(form?.[0]) ? null : firstOf(form?.[0] ?? '');
          // the first code's own problem is said under it
          if (!first?.ok) return null;
          const r = checkSecondCode(device.secret, first.accepted, v, awsTime(ctx));
          // a code that is valid on its own, or a first code that expired: the flow goes on with them
          return r.ok || r.restart || r.problem === 'expired' ? null : r.message;
        },
        live: (form) => {
          const first = firstOf(form?.[0] ?? '');
          if (!first.ok) return demo();
          const wait = secondsToNextCode(first.accepted, awsTime(ctx));
          const next = wait > 0 ? `The next code comes in ${wait} s.` : 'The next code should show now.';
          const d = demo();
          return d ? `${next}  ${d}` : next;
        },
      },
    ]);
    offered = undefined;
    if (invert(rawFirst)) return { ok: false, invert: true };
    const earlier = accepted as { raw: string; code: AcceptedCode } | null;
    accepted = null;
    // a replayed answer skips the fields' own checks: checked now
    const now = earlier?.raw === rawFirst!.trim() ? null : checkFirstCode(device.secret, rawFirst!, awsTime(ctx));
    if (now && !now.ok) {
      io.line(now.message, 'fail');
      continue;
    }
    const first = now ? now.accepted : earlier!.code;
    const r = checkSecondCode(device.secret, first, rawSecond!, awsTime(ctx));
    if (r.ok) return { ok: true, first, second: r.accepted };
    if (r.restart) {
      io.line(r.message, 'warn');
      offered = rawSecond!.trim();
    } else if (r.problem === 'expired') io.line(r.message, 'warn');
    else {
      io.line(r.message, 'fail');
      offered = rawFirst!.trim();
    }
  }
}

export interface EnrolInput {
  userName: string;
  preflight: Preflight;
  /** repeated in the command that finishes the step later */
  profile?: string;
}

/**
 * Create a device from `state` (the plan is shown and confirmed), show its QR code and key,
 * take two codes, enable it. The half-made device is deleted on Ctrl-C (io.onInterrupt), on
 * an error, and when the person goes back from the codes (GoBack is thrown again).
 * AWS errors that stop the run (credentials, network) are thrown after the cleanup; others
 * come back as a failed outcome with the command that finishes the step.
 */
async function enrolFrom(ctx: StepContext, state: MfaState, { preflight, profile }: Omit<EnrolInput, 'userName'>, io: StepIO): Promise<StepOutcome> {
  const userName = state.userName;
  const later = finishCommand(userName, profile);
  const who = neutralize(userName);
  const p = planMfa(state, creationTags(ctx.caller.arn, ctx.now()));

  // the created device stays 'pending' until it is enabled or deleted: only then is there nothing to undo
  let settled = false;
  const cleanup = async () => {
    const d = p.created();
    if (!d || settled) return;
    await removeDevice(ctx, d.serial);
    settled = true;
  };
  const unregister = io.onInterrupt(cleanup);
  let shown: Shown | null = null;
  const failed = async (error: AwsError): Promise<StepOutcome> => {
    shown?.clear();
    shown = null;
    let left = false;
    try {
      await cleanup();
    } catch (c) {
      left = true;
      io.line(`The unfinished device could not be deleted (${c instanceof Error ? neutralize(c.message) : 'unknown error'}); the next run deletes it.`, 'warn');
    }
    if (stopsTheRun(error)) throw error;
    const d = describeAwsError(error);
    io.line(`${d.title}. ${d.fix}`, 'fail');
    if (!left) io.line('Nothing unfinished is left behind.', 'dim');
    return { status: 'failed', summary: [`MFA not enrolled for ${who}`], todo: [later], accessDenied: error.kind === 'AccessDenied' || undefined };
  };

  try {
    io.line('After this plan you scan a QR code with an authenticator app on your phone and type two codes in a row (iam:EnableMFADevice).');
    const result = await applyPlan(p, ctx, io, `Virtual MFA for ${who}`);
    if (result === null) {
      io.line(`MFA not enrolled. Later: ${later}`, 'dim');
      return { status: 'skipped', summary: [`MFA not enrolled for ${who}`], todo: [later] };
    }
    const pending = p.created();
    if (!result.ok || !pending) {
      // applyPlan said what failed and the fix
      await cleanup().catch(() => {});
      const denied = result.failed.some((f) => f.error instanceof AwsError && f.error.kind === 'AccessDenied');
      return { status: 'failed', summary: [`MFA not enrolled for ${who}`], todo: [later], accessDenied: denied || undefined };
    }
    // Ctrl-C while CreateVirtualMFADevice was on its way: its cleanup ran before the device existed
    if (ctx.signal?.aborted) {
      await cleanup();
      return { status: 'skipped', summary: [`MFA not enrolled for ${who} (interrupted; nothing left behind)`], todo: [later] };
    }
    const device: PendingDevice = pending;
    const label = accountLabel(userName, preflight.alias, preflight.caller.accountId);
    const uri = otpauthUri(device.secret, label);
    const text = enrolmentText(device, label);
    // the presenter draws `qr`; 'i' (plain lines) swaps it for the code drawn the other way round
    let inverted = false;
    const note = 'No colours and it does not scan? Answer i to the first code to draw it the other way round.';
    const show = () => (inverted ? io.showSecret({ text: [...drawQr(uri, { ink: 'dark' }).lines, '', text].join('\n') }) : io.showSecret({ text, qr: uri, lineNote: note }));
    shown = show();
    const clock = clockNote(awsClockOffset(ctx));
    if (clock) io.line(clock, 'warn');
    for (;;) {
      let codes: Codes;
      try {
        codes = await askCodes(ctx, device, io);
      } catch (e) {
        if (e instanceof GoBack) {
          // back to the plan: the device whose QR code was shown goes
          shown.clear();
          shown = null;
          await cleanup();
        }
        throw e;
      }
      if (!codes.ok) {
        inverted = !inverted;
        shown.clear();
        shown = show();
        continue;
      }
      const r = await io.task('Enabling the device with your two codes…', () => enable(ctx, device, codes.first, codes.second));
      if (r.ok) break;
      // the device and its QR code stay valid: two new codes
      io.line(r.message, 'fail');
    }
    settled = true;
    shown.clear();
    shown = null;
    io.line(`MFA is on for ${who}.`, 'pass');
    io.line(`Device ${neutralize(device.serial)}`);
    io.line('From now on this user signs in with the password and a code from the phone.');
    io.line('The QR code and the key are gone from the screen and were not saved anywhere.', 'dim');
    return { status: 'done', summary: [`MFA enabled for ${who} (${neutralize(device.serial)})`] };
  } catch (e) {
    if (e instanceof GoBack) throw e;
    // Ctrl-C or the end of the input while a code was asked: no half-made device stays
    if (!(e instanceof AwsError)) {
      shown?.clear();
      shown = null;
      await cleanup().catch(() => {});
      throw e;
    }
    return failed(e);
  } finally {
    shown?.clear();
    unregister();
  }
}

/**
 * Enrol a virtual MFA device for one IAM user (`mvsp-setup mfa`, onboard): the user is read
 * first; one with MFA already is done with nothing asked; no such user is a failure. In
 * --ci (io.interactive false) nothing is created: pending, with the command that does it.
 * Going back (Esc) before the device is enabled cancels: skipped, nothing left behind.
 */
export async function enrolMfa(ctx: StepContext, { userName, preflight, profile }: EnrolInput, io: StepIO): Promise<StepOutcome> {
  const problem = userNameProblem(userName);
  if (problem) throw new UsageError(`mfa --user: ${problem}`);
  const later = finishCommand(userName, profile);
  const who = neutralize(userName);
  const state = await io.task(`Checking MFA devices of ${who}…`, () => inspectUser(ctx, userName));
  if (!state.userExists) {
    io.line(`There is no IAM user named ${who} in account ${preflight.caller.accountId}.`, 'fail');
    return { status: 'failed', summary: [`No IAM user named ${who}`], todo: [later] };
  }
  const already = alreadyDone(state, io);
  if (already) return already;
  if (!io.interactive) return needsAPerson(state.userName, later, io);
  try {
    return await enrolFrom(ctx, state, { preflight, profile }, io);
  } catch (e) {
    if (!(e instanceof GoBack)) throw e;
    io.line(`MFA not enrolled (cancelled; nothing left behind). Later: ${later}`, 'dim');
    return { status: 'skipped', summary: [`MFA not enrolled for ${who} (cancelled; nothing left behind)`], todo: [later] };
  }
}

function alreadyDone(state: MfaState, io: StepIO): StepOutcome | null {
  if (state.enabled.length === 0) return null;
  const who = neutralize(state.userName);
  const n = state.enabled.length;
  io.line(`${who} already has MFA (${n} device${n === 1 ? '' : 's'}): nothing to create.`, 'pass');
  return { status: 'done', summary: [`${who} already had MFA: nothing created`] };
}

/** --ci: enrolling needs a person holding a phone in front of a terminal. */
function needsAPerson(userName: string, command: string, io: StepIO): StepOutcome {
  const who = neutralize(userName);
  io.line(`pending: enrolling MFA for ${who} needs a person with a phone at an interactive terminal`, 'info');
  io.copy(command, 'Run:');
  return { status: 'pending', summary: [`MFA for ${who} not enrolled yet (needs a phone)`], todo: [command] };
}

export const definition: StepDefinition<MfaInspected> = {
  id: 'mfa',
  title: 'Virtual MFA',
  outline: 'Turn on MFA for the admin user (an authenticator app on a phone)',
  needs: ['admin'],
  inspect: (ctx, { answers, shared, unattended }) => inspectMfa(ctx, answers, shared, unattended),
  async run({ ctx, answers, shared, preflight, inspect, reinspect }, io) {
    const answered = answers.admin?.userName;
    if (answered !== undefined && !validName(answered)) throw new UsageError(`mfa: admin.userName: ${userNameProblem(String(answered))} (in --answers or --admin-user)`);
    const profile = profileOf(io);
    let found = await io.task('Checking MFA devices…', inspect);
    // the admin step named another user than the one read before it ran: read that one
    if (validName(shared.adminUser) && found.userName?.toLowerCase() !== shared.adminUser.toLowerCase()) found = await io.task('Checking MFA devices…', reinspect);
    const { userName } = found;
    if (!userName || !found.state) {
      const command = finishCommand(null, profile);
      io.line('No admin user to enrol: the admin step did not run or was not finished.', 'info');
      io.copy(command, 'Later:');
      return { status: 'pending', summary: ['MFA not enrolled: no admin user was named'], todo: [command] };
    }
    let state = found.state;
    const later = finishCommand(userName, profile);
    const who = neutralize(userName);
    if (!state.userExists) {
      // read before the admin step created it: a user made this run has no MFA devices yet,
      // and the device names read then are still the account's
      if (shared.adminUser?.toLowerCase() === userName.toLowerCase()) state = { ...state, userExists: true, enabled: [] };
      else {
        io.line(`There is no IAM user ${who} yet (the admin step creates it).`, 'info');
        io.copy(later, 'Then run:');
        return { status: 'pending', summary: [`MFA for ${who} not enrolled: the user does not exist yet`], todo: [later] };
      }
    }
    const already = alreadyDone(state, io);
    if (already) return already;
    if (!io.interactive) return needsAPerson(userName, later, io);
    const pf = shared.accountAlias !== undefined ? { ...preflight, alias: shared.accountAlias } : preflight;
    return enrolFrom(ctx, state, { preflight: pf, profile }, io);
  },
};

/**
 * `mvsp-setup mfa [--user NAME]`: ask for the user when none is given (a person only), then
 * enrol them as the wizard does. AWS source: iam:GetUser, then as enrolMfa.
 */
export async function mfaCommandFlow(ctx: StepContext, input: { user?: string; preflight: Preflight; profile?: string }, io: StepIO): Promise<StepOutcome> {
  let userName = input.user;
  if (userName === undefined) {
    if (!io.interactive) throw new UsageError("missing answer: the IAM user to enrol (give --user NAME); without a terminal 'mfa' cannot ask");
    io.line(`Enrol a virtual MFA device for an IAM user of account ${input.preflight.caller.accountId}.`);
    io.line('The person who will sign in should have their phone ready.');
    // a name AWS does not know is offered again to correct
    let typed: string | undefined;
    for (;;) {
      const name = (await io.ask({ message: 'IAM user name', flag: '--user NAME', initial: typed, validate: (v) => userNameProblem(v.trim()) })).trim();
      typed = name;
      const found = await io.task('Looking the user up…', () => ctx.aws.iam.getUser(name));
      if (found) {
        userName = found.name;
        break;
      }
      io.line(`There is no IAM user named ${neutralize(name)} in account ${input.preflight.caller.accountId}.`, 'fail');
    }
  }
  return enrolMfa(ctx, { userName, preflight: input.preflight, profile: input.profile }, io);
}
