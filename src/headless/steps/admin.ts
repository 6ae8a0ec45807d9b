import { open } from 'node:fs/promises';
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
  resultSignInUrl,
  suggestAliases,
  validateAlias,
  validateUserName,
} from '../../steps/admin-user.js';
import { applyPlanHeadless } from '../plan-io.js';
import type { HeadlessStep } from '../types.js';

/** Write the password to a file created with mode 0600. */
async function writeSecretFile(path: string, secret: string): Promise<void> {
  const fh = await open(path, 'w', 0o600);
  try {
    // an existing file keeps its mode on open: make sure it is 0600 before writing
    await fh.chmod(0o600);
    await fh.writeFile(`${secret}\n`, 'utf8');
  } finally {
    await fh.close();
  }
}

/** The 'admin' step without prompts. */
export const headless: HeadlessStep = async (ctx, { answers, preflight }, io) => {
  const userName = answers.admin?.userName;
  if (!userName) throw new UsageError('admin: no user name for the first admin: pass --admin-user NAME or set "admin.userName" in --answers');
  const nameError = validateUserName(userName);
  if (nameError) throw new UsageError(`admin: --admin-user / "admin.userName" "${userName}": ${nameError}`);
  const alias = answers.admin?.accountAlias ?? null;
  if (alias) {
    const aliasError = validateAlias(alias);
    if (aliasError) throw new UsageError(`admin: --alias / "admin.accountAlias" "${alias}": ${aliasError}`);
  }
  const passwordFile = typeof io.flags['password-file'] === 'string' ? io.flags['password-file'] : null;

  let state;
  try {
    state = await inspect(ctx, { userName });
  } catch (e) {
    if (isAwsError(e, 'AccessDenied')) io.line(`admin: ${accessDeniedLine(e)}`);
    throw e;
  }
  const p = planAdmin(state, { userName, accountAlias: alias }, { callerArn: ctx.caller.arn, now: ctx.now(), randomBytes: ctx.randomBytes });
  const result = await applyPlanHeadless(p, ctx, io, 'admin');
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
    if (passwordFile) {
      await writeSecretFile(passwordFile, p.temporaryPassword!);
      io.line(`admin: temporary password for ${userName} written to ${passwordFile} (mode 0600); it must be changed at first sign-in`);
    } else {
      io.line(`admin: temporary password for ${userName} (shown once, must be changed at first sign-in): ${p.temporaryPassword!}`);
    }
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
    todo: [`${userName}: sign in at ${url}, change the temporary password, enrol an MFA device`],
    shared,
  };
};
