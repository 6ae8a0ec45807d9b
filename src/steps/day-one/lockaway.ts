// The 'lockaway' step: root MFA (console only: no API assigns it, so the flow waits while
// a person does it), root access keys, and the local record of who can reach root and
// where the root password and MFA devices are kept (places only, never secrets).
// AWS source: iam:GetAccountSummary (AccountMFAEnabled, AccountAccessKeysPresent),
// iam:ListAccessKeys / DeleteAccessKey on the root user.
import { UsageError } from '../../args.js';
import { isAwsError } from '../../aws/errors.js';
import { neutralize } from '../../untrusted.js';
import type { MfaDevicePlace } from '../local-record.js';
import {
  ROOT_KEY_STEPS,
  ROOT_MFA_STEPS,
  ROOT_SECURITY_CREDENTIALS_URL,
  inspectLockaway,
  parseHolders,
  planRootKeyDeletion,
  recordLockaway,
  rootMfaEnabled,
  type LockawayState,
} from '../lockaway.js';
import type { AskOptions, StepDefinition, StepIO, StepOutcome } from '../flow.js';
import type { Answers } from '../../answers.js';

/** How often the root-MFA wait asks GetAccountSummary again. */
export const ROOT_MFA_POLL_MS = 5000;

export const TODO_ROOT_MFA =
  'Root MFA: sign in to https://console.aws.amazon.com/ as root → account menu → Security credentials → Assign MFA device; then: npx mvsp-setup --steps lockaway';
export const TODO_ROOT_KEYS = 'Delete the root access keys: sign in to https://console.aws.amazon.com/ as root → account menu → Security credentials → Access keys';
export const TODO_PLACES = 'Record where the root password and each root MFA device are kept: npx mvsp-setup --steps lockaway';

const names = (xs: string[]) => xs.map(neutralize).join(', ');

/** The same people, whatever the order, case or spacing. */
function sameNames(a: string[], b: string[]): boolean {
  const norm = (xs: string[]) => [...new Set(xs.map((x) => x.trim().toLowerCase()).filter(Boolean))].sort().join('\n');
  return norm(a) === norm(b);
}

/** "rootHolders" from the answers, checked before anything else: at least two names. */
function givenHolders(answers: Answers): string[] | undefined {
  if (answers.rootHolders === undefined) return undefined;
  const given = parseHolders(answers.rootHolders.join(','));
  if (given.length < 2) throw new UsageError('lockaway: "rootHolders" in the --answers file needs at least two names');
  return given;
}

/**
 * Where the root password and each holder's MFA device are kept, as the answers file gives
 * them ("passwordPlace"; "mfaDevices", one place per name in rootHolders order, "" for none).
 * Places only, never a password or a seed.
 */
function givenPlaces(answers: Answers, holders: string[]): { passwordPlace?: string; mfaDevices?: MfaDevicePlace[] } {
  const a = answers as { passwordPlace?: unknown; mfaDevices?: unknown };
  const out: { passwordPlace?: string; mfaDevices?: MfaDevicePlace[] } = {};
  if (typeof a.passwordPlace === 'string' && a.passwordPlace.trim() !== '') out.passwordPlace = a.passwordPlace.trim();
  if (Array.isArray(a.mfaDevices) && a.mfaDevices.every((d) => typeof d === 'string')) {
    out.mfaDevices = holders.flatMap((holder, i) => {
      const place = (a.mfaDevices as string[])[i]?.trim();
      return place ? [{ holder, place }] : [];
    });
  }
  return out;
}

const holdersProblem = (v: string) => {
  const n = parseHolders(v).length;
  return n < 2 ? `Name at least two people (got ${n}).` : null;
};

function numbered(io: StepIO, steps: string[]) {
  for (const [i, s] of steps.entries()) io.line(`  ${i + 1}. ${s}`);
}

/**
 * Wait while a person turns root MFA on in the console. The first check is what inspect
 * read (no second read in --ci); later checks ask GetAccountSummary again. A failed check
 * is said once and the wait goes on.
 */
async function waitForRootMfa(state: LockawayState, ctx: Parameters<typeof rootMfaEnabled>[0], io: StepIO): Promise<boolean> {
  let first = true;
  let warned = false;
  const on = await io.waitFor({
    label: `Waiting for root MFA: checking every ${ROOT_MFA_POLL_MS / 1000} s…`,
    everyMs: ROOT_MFA_POLL_MS,
    skip: 'skip for now (pending)',
    check: async () => {
      if (first) {
        first = false;
        return state.mfaEnabled;
      }
      try {
        return await rootMfaEnabled(ctx);
      } catch (e) {
        if (!isAwsError(e)) throw e;
        if (!warned) io.line(`Last check failed: ${neutralize(e.message)} (still trying)`, 'warn');
        warned = true;
        return false;
      }
    },
  });
  // going back re-runs the flow on the same inspected state: it must not wait again
  if (on) state.mfaEnabled = true;
  return on;
}

/** The question for where the root password is kept, offering what the record says. */
const passwordPlaceQuestion = (record: LockawayState['record']): AskOptions => ({
  message: 'Where is the root password kept (a place, never the password)',
  key: 'passwordPlace',
  initial: record.passwordPlace,
  placeholder: 'e.g. 1Password vault Founders',
});

/**
 * Where the root password and each holder's MFA device are kept: from the answers when
 * given, else asked with the record's as the default (with nobody to ask, the record's).
 * `passwordAnswer`: the password's place when it was already asked (with the holders).
 */
async function places(
  answers: Answers,
  holders: string[],
  record: LockawayState['record'],
  io: StepIO,
  rootMfaOn: boolean,
  passwordAnswer?: string,
): Promise<{ passwordPlace?: string; mfaDevices: MfaDevicePlace[] }> {
  const given = givenPlaces(answers, holders);
  let passwordPlace = given.passwordPlace ?? record.passwordPlace;
  let mfaDevices = given.mfaDevices ?? record.mfaDevices.filter((d) => holders.includes(d.holder));
  const askPassword = io.interactive && given.passwordPlace === undefined && passwordAnswer === undefined;
  // with root MFA off there is no device to place yet: asked on the run that finds it on
  // (the places to-do says so)
  const askDevices = io.interactive && given.mfaDevices === undefined && rootMfaOn;
  const questions: AskOptions[] = [
    ...(askPassword ? [passwordPlaceQuestion(record)] : []),
    ...(askDevices
      ? holders.map((holder) => ({
          message: `Where is ${neutralize(holder)}'s root MFA device kept (empty if none)`,
          key: 'mfaDevices',
          initial: record.mfaDevices.find((d) => d.holder === holder)?.place,
          placeholder: 'e.g. YubiKey on keyring, office safe',
        }))
      : []),
  ];
  // the places on one screen
  const asked = questions.length > 0 ? await io.form(questions) : [];
  if (passwordAnswer !== undefined) passwordPlace = passwordAnswer.trim() || undefined;
  else if (askPassword) passwordPlace = asked[0]!.trim() || undefined;
  if (askDevices) {
    const typed = asked.slice(askPassword ? 1 : 0);
    mfaDevices = holders.flatMap((holder, i) => {
      const place = typed[i]?.trim();
      return place ? [{ holder, place }] : [];
    });
  }
  return { ...(passwordPlace ? { passwordPlace } : {}), mfaDevices };
}

const placesKnownIn = (p: { passwordPlace?: string; mfaDevices: MfaDevicePlace[] }) =>
  Boolean(p.passwordPlace?.trim()) && p.mfaDevices.some((d) => d.place.trim() !== '');

export const definition: StepDefinition<LockawayState> = {
  id: 'lockaway',
  // the root email goes into the record with the holders
  after: ['root-email'],
  title: 'Root lock-away',
  outline: 'Turn on root MFA, remove root access keys, name who can reach root',
  inspect: (ctx, { preflight }) => inspectLockaway(ctx, { cloudShell: preflight.cloudShell }),
  async run({ ctx, answers, shared, inspect }, io) {
    const given = givenHolders(answers);
    const state = await io.task("Reading root's MFA and access keys…", inspect);
    const record = state.record;
    const recorded = record.rootHolders.length >= 2 ? record.rootHolders : undefined;

    // already done: root MFA on, no root keys, the people named (and the same as asked for)
    if (state.mfaEnabled && !state.rootKeysPresent && recorded && (!given || sameNames(given, recorded))) {
      io.line('Root MFA is on (AccountMFAEnabled is 1); root has no access keys.', 'pass');
      io.line(`Can reach root: ${names(recorded)}`, 'pass');
      const placed = record.mfaDevices.filter((d) => d.place.trim() !== '');
      if (record.passwordPlace) io.line(`Root password kept in: ${neutralize(record.passwordPlace)}`, 'pass');
      for (const d of placed) io.line(`${neutralize(d.holder)}'s MFA device: ${neutralize(d.place)}`, 'pass');
      const done: StepOutcome = { status: 'done', summary: ['Root MFA is on; no root access keys', `Can reach root: ${names(recorded)}`, 'already in place'] };
      if (placesKnownIn(record)) return done;
      // nothing to ask about root itself; the places can be added now (Enter alone: not now)
      const fromAnswers = givenPlaces(answers, recorded);
      const inAnswers = fromAnswers.passwordPlace !== undefined || fromAnswers.mfaDevices !== undefined;
      if (!inAnswers && (!io.interactive || !(await io.confirm('Record where the root password and MFA devices are kept now?', { defaultNo: true })))) {
        return { ...done, todo: [TODO_PLACES] };
      }
      const kept = await places(answers, recorded, record, io, true);
      await recordLockaway(ctx.caller.accountId, { at: ctx.now(), rootMfa: true, holders: recorded, ...kept });
      return placesKnownIn(kept) ? done : { ...done, todo: [TODO_PLACES] };
    }

    // root MFA: only a person at the console can turn it on
    let mfaOn = state.mfaEnabled;
    if (mfaOn) io.line('Root MFA is on (AccountMFAEnabled is 1).', 'pass');
    else {
      io.line('Root MFA is not on. No API can turn it on; in a browser:', 'warn');
      io.copy(ROOT_SECURITY_CREDENTIALS_URL);
      numbered(io, ROOT_MFA_STEPS);
      mfaOn = await waitForRootMfa(state, ctx.aws, io);
      io.line(mfaOn ? 'Root MFA is on (AccountMFAEnabled is 1).' : 'Root MFA is not on yet.', mfaOn ? 'pass' : 'warn');
    }

    // root access keys: deleted as the very last action when this run signs in with them
    const todo: string[] = [];
    if (!mfaOn) todo.push(TODO_ROOT_MFA);
    let lastActions: ReturnType<typeof planRootKeyDeletion> = [];
    if (state.rootKeysPresent) {
      io.line('Root has access keys.', 'fail');
      io.line('A root access key is the whole account in one string: no policy can limit it and MFA does not protect it.');
      const keys = state.rootKeys ?? [];
      if (state.runsOnRootKeys && keys.length > 0) {
        io.line(`This run is signed in with root's access keys (${keys.map((k) => neutralize(k.id)).join(', ')}); they can be deleted as the very last action, after everything else.`);
        if (await io.confirm("Delete root's access keys at the end of this run? The session ends with them.", { defaultNo: true })) {
          lastActions = planRootKeyDeletion(keys);
        }
      }
      if (lastActions.length > 0) io.line(`They will be deleted as the last action of this run (${lastActions.length}).`);
      else {
        io.line('Delete them in the console:');
        numbered(io, ROOT_KEY_STEPS);
        todo.push(TODO_ROOT_KEYS);
      }
    }

    // who can reach root, and where the password and devices are kept
    if (io.interactive) io.line('Name at least two people who can reach root, so one absence never locks the company out. Names only; this stays on this machine.');
    const askHolders = given === undefined && (io.interactive || !recorded);
    // the people and where the password is kept on one screen (the devices' places, which
    // need the names, come after)
    const withPassword = askHolders && io.interactive && givenPlaces(answers, []).passwordPlace === undefined;
    const asked = askHolders
      ? await io.form([
          {
            message: 'Who can reach root (at least two names, comma-separated)',
            key: 'rootHolders',
            initial: recorded?.join(', '),
            placeholder: 'e.g. Alice Chen, Bob Diaz',
            validate: holdersProblem,
          },
          ...(withPassword ? [passwordPlaceQuestion(record)] : []),
        ])
      : [];
    const holders = given ?? (askHolders ? parseHolders(asked[0]!) : recorded!);
    if (holders.length < 2) throw new UsageError(`lockaway: ${holdersProblem(holders.join(','))}`);

    const { passwordPlace, mfaDevices } = await places(answers, holders, record, io, mfaOn, withPassword ? asked[1] : undefined);
    if (!placesKnownIn({ passwordPlace, mfaDevices })) todo.push(TODO_PLACES);

    await recordLockaway(ctx.caller.accountId, {
      at: ctx.now(),
      rootMfa: mfaOn,
      holders,
      ...(passwordPlace ? { passwordPlace } : {}),
      mfaDevices,
      ...(shared.rootEmail ? { rootEmail: shared.rootEmail } : {}),
    });
    const outcome: StepOutcome = {
      status: mfaOn ? 'done' : 'pending',
      summary: [
        mfaOn ? 'Root MFA is on' : io.interactive ? 'Root MFA skipped for now' : 'Root MFA not on yet',
        `Can reach root: ${names(holders)}`,
        ...(lastActions.length ? [`Root access keys will be deleted as the last action (${lastActions.length})`] : []),
      ],
      ...(todo.length ? { todo } : {}),
      ...(lastActions.length ? { lastActions } : {}),
    };
    return outcome;
  },
};
