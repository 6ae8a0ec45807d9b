import { UsageError } from '../../args.js';
import { isAwsError } from '../../aws/errors.js';
import {
  accessDeniedLine,
  firstAccessDenied,
  aliasTaken,
  inspect,
  passwordWasSet,
  plan as planAdmin,
  resultAlias,
  recordPasswordPending,
  resultSignInUrl,
  suggestAliases,
  validateAlias,
  validateUserName,
} from '../../steps/admin-user.js';
import { prepareOutput, type PreparedOutput } from '../../output-file.js';
import { readRecord } from '../../steps/local-record.js';
import { neutralize } from '../../untrusted.js';
import { applyPlanHeadless } from '../plan-io.js';
import type { HeadlessIO, HeadlessStep } from '../types.js';

/** An answer from flags/--answers, checked; asked for when a person is there (--plain). */
async function answer(
  io: HeadlessIO,
  given: string | undefined,
  q: { message: string; flag: string; key: string; validate: (v: string) => string | null },
): Promise<string> {
  if (given !== undefined) {
    const error = q.validate(given);
    if (!error) return given;
    if (!io.interactive) throw new UsageError(`admin: ${q.flag} / "${q.key}" "${given}": ${error}`);
    io.line(`admin: ${error}`);
  }
  return io.ask({ message: q.message, flag: q.flag, key: q.key, initial: given, validate: q.validate });
}

/** The 'admin' step without Ink: --ci (every answer given) or --plain (asked line by line). */
export const headless: HeadlessStep = async (ctx, { answers, preflight }, io) => {
  const userName = await answer(io, answers.admin?.userName, {
    message: 'User name of the first IAM admin',
    flag: '--admin-user NAME',
    key: 'admin.userName',
    validate: validateUserName,
  });
  let alias: string | null = null;
  if (preflight.alias === null) {
    const given = answers.admin?.accountAlias;
    // the alias is optional: a scripted run without one simply creates none
    if (given !== undefined || io.interactive) {
      alias =
        (await answer(io, given, {
          message: 'Account alias for the sign-in URL (empty for none)',
          flag: '--alias ALIAS',
          key: 'admin.accountAlias',
          validate: (v) => (v === '' ? null : validateAlias(v)),
        })) || null;
    }
  } else {
    // only to say, in the plan, that the existing alias is kept
    alias = answers.admin?.accountAlias ?? null;
  }
  const passwordFile = typeof io.flags['password-file'] === 'string' ? io.flags['password-file'] : null;

  let state;
  try {
    state = await inspect(ctx, { userName });
  } catch (e) {
    if (isAwsError(e, 'AccessDenied')) io.line(`admin: ${accessDeniedLine(e)}`);
    throw e;
  }
  // a password this tool set in a run that stopped before handing it over
  const record = await readRecord(ctx.caller.accountId);
  const handOverPending = (record.passwordHandOverPending ?? []).includes(userName);
  const p = planAdmin(
    state,
    { userName, accountAlias: alias, ...(handOverPending ? { handOverPending } : {}) },
    { callerArn: ctx.caller.arn, now: ctx.now(), randomBytes: ctx.randomBytes },
  );
  // the file that will receive the password is made before the password exists in AWS:
  // a bad path fails here, with nothing changed
  const passwordOut: PreparedOutput | null =
    passwordFile && p.temporaryPassword !== null ? await prepareOutput(passwordFile, { secret: true, force: io.flags.force === true }) : null;
  let result;
  try {
    // noted before the password exists, so a run killed right after still knows of it
    if (p.temporaryPassword !== null) await recordPasswordPending(ctx.caller.accountId, userName, true);
    result = await applyPlanHeadless(p, ctx, io, 'admin');
  } catch (e) {
    await passwordOut?.discard();
    throw e;
  }
  if (!result || !passwordWasSet(p, result)) {
    await passwordOut?.discard();
    // no password was created: nothing to hand over (a lost one stays noted until replaced)
    if (p.temporaryPassword !== null && !state.user.loginProfile) await recordPasswordPending(ctx.caller.accountId, userName, false);
  }
  if (!result) return { status: 'pending', summary: [`plan for ${userName} shown, not applied`], todo: ['re-run with --yes to create the first admin'] };

  const url = resultSignInUrl(p, result);
  const shared = { adminUser: userName, accountAlias: resultAlias(p, result) ?? preflight.alias };

  const taken = aliasTaken(result);
  if (taken) {
    io.line(`admin: the alias ${taken} is taken (aliases are unique across AWS); try --alias ${suggestAliases(taken, p.accountId).join(' or ')}`);
  }
  const denied = firstAccessDenied(p, result);
  if (denied) io.line(`admin: ${accessDeniedLine(denied)}`);

  // the password exists in AWS once CreateLoginProfile succeeded: hand it over even if a later action failed
  if (passwordWasSet(p, result)) {
    if (passwordOut) {
      await passwordOut.write(`${p.temporaryPassword!}\n`);
      io.line(`admin: temporary password for ${userName} written to ${neutralize(passwordOut.path)} (mode 0600); it must be changed at first sign-in`);
    } else {
      io.showSecret(`admin: temporary password for ${userName} (shown once, must be changed at first sign-in): ${p.temporaryPassword!}`);
    }
    await recordPasswordPending(ctx.caller.accountId, userName, false);
  }

  // access denied is an environment error (exit 2) for the runner
  if (denied) throw denied;
  if (!result.ok) {
    return {
      status: 'failed',
      summary: [
        `${result.done.length} of ${p.actions.length} changes made; not done: ${[...result.failed.map((f) => f.action), ...result.notDone].map((a) => a.summary).join('; ')}`,
      ],
      todo: ['re-run the admin step to finish (what is done will not be redone)'],
      shared,
    };
  }
  return {
    status: 'done',
    summary: [`IAM admin ${userName} (group Administrators, MFA required before anything else)`, `sign-in URL: ${url}`],
    todo: [`${userName}: sign in at ${url} and change the temporary password`],
    shared,
  };
};
