// The 'admin' step: the first IAM admin, in the group Administrators (AdministratorAccess,
// guarded by RequireMFA), with a temporary console password, the password policy, and an
// account alias for the sign-in URL when the account has none.
// AWS source: iam:GetUser, ListGroupsForUser, GetLoginProfile, ListAttachedUserPolicies,
// GetGroup, ListAttachedGroupPolicies, GetPolicy, GetAccountPasswordPolicy; CreateUser,
// CreateGroup, CreatePolicy, AttachGroupPolicy, AddUserToGroup, UpdateAccountPasswordPolicy,
// CreateLoginProfile / UpdateLoginProfile, CreateAccountAlias.
import { UsageError } from '../../args.js';
import { grantingPolicy, isAwsError } from '../../aws/errors.js';
import { prepareOutput, type PreparedOutput } from '../../output-file.js';
import { neutralize } from '../../untrusted.js';
import {
  aliasTaken,
  inspectAdminAccount,
  inspectUser,
  passwordWasSet,
  plan as planAdmin,
  planAlias,
  recordAdminUser,
  recordPasswordPending,
  resultAlias,
  suggestAliases,
  validateAlias,
  validateUserName,
  type AdminAccountState,
  type AdminPlan,
  type UserState,
} from '../admin-user.js';
import { applyPlan, firstAccessDenied } from '../apply-plan.js';
import { GoBack, InputEnded, type AskOptions, type Shown, type StepDefinition, type StepIO, type StepOutcome } from '../flow.js';
import { readRecord, type LocalRecord } from '../local-record.js';
import { REQUIRE_MFA_POLICY_NAME } from '../require-mfa-policy.js';
import { signInUrl } from '../preflight.js';
import type { Action, ApplyResult, StepContext } from '../types.js';

export interface AdminStepState {
  /** the local record; null when it cannot be read */
  record: LocalRecord | null;
  /** the user read up front: the one named in the answers, else the one made last time */
  userName: string | null;
  user: UserState | null;
  account: AdminAccountState;
}

const SET_PASSWORD = new Set(['iam:CreateLoginProfile', 'iam:UpdateLoginProfile']);
const checkAlias = (v: string) => (v === '' ? null : validateAlias(v));

/** A name only, so the next run checks this user instead of asking; a failed write means it asks again. */
const remember = (ctx: StepContext, userName: string) => recordAdminUser(ctx.caller.accountId, userName).then(() => undefined, () => undefined);

/**
 * The plan with the password call noting first, in the local record, that a password is
 * about to exist and is not handed over yet: a run killed right after still knows of it.
 */
function notingPassword(p: AdminPlan, ctx: StepContext): AdminPlan {
  const actions = p.actions.map(
    (a): Action =>
      SET_PASSWORD.has(a.call)
        ? {
            ...a,
            run: async (c) => {
              await recordPasswordPending(ctx.caller.accountId, p.userName, true).catch(() => undefined);
              await a.run(c);
            },
          }
        : a,
  );
  return { ...p, actions };
}

/** AWS said no to the password call (or it was never made): no password exists that nobody knows. */
function passwordSurelyNotSet(result: ApplyResult): boolean {
  if (result.notDone.some((a) => SET_PASSWORD.has(a.call))) return true;
  const f = result.failed.find((x) => SET_PASSWORD.has(x.action.call));
  return f !== undefined && isAwsError(f.error) && f.error.kind !== 'Network' && f.error.kind !== 'Unknown';
}

/** Keep the password on the screen until the person says it is saved, then take it off. */
async function handOver(io: StepIO, shown: Shown): Promise<void> {
  // the input ended before anyone said it is saved: it stays until the front end closes
  let keep = false;
  try {
    if (!io.interactive) return;
    // Enter alone does not take it away: a reflex must not lose a password only AWS has
    for (let i = 0; i < 10; i++) {
      try {
        if (await io.confirm('Saved the temporary password? It is not shown again once you go on', { defaultNo: true })) return;
      } catch (e) {
        if (e instanceof InputEnded) {
          io.line('The input ended: store the password shown above now.', 'warn');
          keep = true;
          return;
        }
        // the plan is applied: there is no going back over it, only on
        if (!(e instanceof GoBack)) throw e;
      }
      io.line('Copy it now: it is still shown above.', 'warn');
    }
  } finally {
    if (!keep) shown.clear();
  }
}

export const definition: StepDefinition<AdminStepState> = {
  id: 'admin',
  title: 'First IAM admin',
  outline: 'Create the first IAM admin, with MFA required before anything else',
  inspect: async (ctx, { answers, preflight }) => {
    const given = answers.admin?.userName;
    // preflight read the alias already (unless it was not allowed to)
    const aliases = preflight.aliasReadable ? (preflight.alias ? [preflight.alias] : []) : undefined;
    const userFor = async (name: string | undefined) => {
      const userName = name !== undefined && validateUserName(name) === null ? name : null;
      return { userName, user: userName ? await inspectUser(ctx, userName) : null };
    };
    // the record names the user only when the answers do not: a named one is read without
    // waiting for it, beside the account's part
    const record = readRecord(ctx.caller.accountId).catch(() => null);
    const named = given !== undefined ? userFor(given) : record.then((r) => userFor(r?.adminUser));
    const account = inspectAdminAccount(ctx, { aliases });
    account.catch(() => {});
    // a refusal of the user's read is the one said, whichever answers first
    const { userName, user } = await named;
    return { record: await record, userName, user, account: await account };
  },
  async run({ ctx, answers, shared, preflight, inspect }, io): Promise<StepOutcome> {
    const givenName = answers.admin?.userName;
    const givenAlias = answers.admin?.accountAlias;
    // given answers are checked before anything is read or changed
    const nameError = givenName !== undefined ? validateUserName(givenName) : null;
    const aliasError = givenAlias !== undefined ? checkAlias(givenAlias) : null;
    if (!io.interactive && nameError) throw new UsageError(`admin: --admin-user NAME / "admin.userName" "${neutralize(givenName!)}": ${nameError}`);
    if (!io.interactive && aliasError) throw new UsageError(`admin: --alias ALIAS / "admin.accountAlias" "${neutralize(givenAlias!)}": ${aliasError}`);

    let state: AdminStepState;
    try {
      state = await io.task('Looking for the admin user…', inspect);
    } catch (e) {
      // a caller that may not read IAM: said once, with the policy that grants the action,
      // and kept on the Done screen with the command to run once it is granted
      if (!isAwsError(e, 'AccessDenied')) throw e;
      const denied = `${neutralize(e.action)}, which ${grantingPolicy(e.action)} grants`;
      io.line(`Access denied: ${denied} (mvsp-setup --print-policy prints a policy with every action it needs)`, 'fail');
      return { status: 'failed', summary: [`access denied: ${denied}`], todo: ['npx mvsp-setup --steps admin'], accessDenied: true };
    }
    const env = { callerArn: ctx.caller.arn, now: ctx.now(), randomBytes: ctx.randomBytes };
    const pending = (name: string) => (state.record?.passwordHandOverPending ?? []).includes(name);
    const hasAlias = state.account.aliases.length > 0;
    const okAlias = givenAlias !== undefined && !aliasError ? givenAlias || null : null;

    // a re-run: the admin named in the answers, or made last time, is fully in place
    let checked: AdminPlan | null = null;
    if (state.userName !== null && state.user !== null && !nameError) {
      const p = planAdmin({ ...state.account, user: state.user }, { userName: state.userName, accountAlias: hasAlias ? null : okAlias, handOverPending: pending(state.userName) }, env);
      checked = p;
      if (p.actions.length === 0 && p.notes.length === 0) {
        for (const e of p.existing) io.line(neutralize(e.summary), 'pass');
        io.copy(signInUrl(p.accountId, p.alias), 'Sign-in URL');
        await remember(ctx, state.userName);
        return {
          status: 'done',
          summary: [`IAM admin ${state.userName} in Administrators: already in place`],
          todo: [],
          shared: { adminUser: state.userName, accountAlias: p.alias ?? preflight.alias },
        };
      }
    }

    io.line('The first IAM user with administrator rights, given through the group Administrators. Until it signs in with MFA it can do nothing but set up MFA and change its password.');
    if (nameError) io.line(`${neutralize(givenName!)}: ${nameError}`, 'fail');
    const offered = [state.record?.adminUser, shared.adminUser].find((n) => n !== undefined && validateUserName(n) === null);
    const nameQuestion: AskOptions = {
      message: 'User name of the first IAM admin',
      flag: '--admin-user NAME',
      key: 'admin.userName',
      initial: nameError ? givenName : offered,
      placeholder: 'e.g. alice',
      validate: validateUserName,
    };
    const askName = givenName === undefined || nameError !== null;
    // the alias is asked only when the account has none; a script without one creates none
    const askAlias = !hasAlias && (givenAlias === undefined || aliasError !== null) && io.interactive;
    if (askAlias) {
      io.line('An account alias gives IAM users a sign-in URL with a name instead of the account id: https://ALIAS.signin.aws.amazon.com/console', 'dim');
      if (aliasError) io.line(`${neutralize(givenAlias!)}: ${aliasError}`, 'fail');
    }
    const aliasQuestion: AskOptions = {
      message: 'Account alias for the sign-in URL (empty for none)',
      flag: '--alias ALIAS',
      key: 'admin.accountAlias',
      initial: aliasError ? givenAlias : undefined,
      placeholder: 'e.g. acme-production (empty: no alias)',
      validate: checkAlias,
    };
    // the name and the alias on one screen
    const questions = [...(askName ? [nameQuestion] : []), ...(askAlias ? [aliasQuestion] : [])];
    const asked = questions.length > 0 ? await io.form(questions) : [];
    const userName = askName ? asked[0]! : givenName!;
    let alias: string | null = hasAlias ? okAlias : null;
    if (!hasAlias) alias = askAlias ? asked.at(-1)! || null : okAlias;

    const user = userName === state.userName && state.user ? state.user : await io.task('Reading what already exists…', () => inspectUser(ctx, userName));
    // the plan made for the re-run check, when the answers did not change it (its password is the one to set)
    const p =
      checked && checked.userName === userName && (hasAlias ? okAlias === null : checked.alias === alias)
        ? checked
        : planAdmin({ ...state.account, user }, { userName, accountAlias: alias, handOverPending: pending(userName) }, env);

    // the file that receives the password is made before the password exists in AWS: a
    // bad path fails here, with nothing changed
    const passwordFile = typeof io.flags['password-file'] === 'string' ? io.flags['password-file'] : null;
    const out: PreparedOutput | null = passwordFile && p.temporaryPassword !== null ? await prepareOutput(passwordFile, { secret: true, force: io.flags.force === true }) : null;
    let result: ApplyResult | null;
    try {
      result = await applyPlan(notingPassword(p, ctx), ctx, io, 'admin');
    } catch (e) {
      await out?.discard();
      throw e;
    }
    const passwordSet = result !== null && passwordWasSet(p, result);
    if (!passwordSet) {
      await out?.discard();
      // an earlier password nobody knows stays noted until it is replaced
      if (result !== null && p.temporaryPassword !== null && user.loginProfile === null && passwordSurelyNotSet(result)) await recordPasswordPending(ctx.caller.accountId, userName, false).catch(() => undefined);
    }
    if (result === null) {
      return { status: 'pending', summary: [`admin: the plan for ${userName} was not applied`], todo: ['npx mvsp-setup --steps admin'] };
    }

    const userExists = user.user !== null || result.done.some((a) => a.call === 'iam:CreateUser');
    if (userExists) await remember(ctx, userName);

    // the password exists in AWS once the call succeeded: it is handed over even if a later action failed
    let shown: Shown | null = null;
    if (passwordSet) {
      const password = p.temporaryPassword!;
      let written = false;
      if (out) {
        try {
          await out.write(`${password}\n`);
          written = true;
          io.line(`Temporary password for ${userName} written to ${neutralize(out.path)} (mode 0600); it must be changed at first sign-in`, 'pass');
        } catch (e) {
          io.line(`${neutralize((e as Error).message)}: the password is shown here instead`, 'fail');
        }
      }
      if (!written) shown = io.showSecret({ text: `Temporary password for ${userName} (shown once, must be changed at first sign-in):\n  ${password}` });
      await recordPasswordPending(ctx.caller.accountId, userName, false).catch(() => undefined);
    }

    // a taken alias (aliases are unique across AWS): another one, or none
    let aliasNow = resultAlias(p, result);
    let taken = aliasTaken(result);
    /** the taken alias was replaced by another one, or the person chose none */
    let aliasSettled = false;
    while (taken) {
      const suggestions = suggestAliases(taken, p.accountId);
      io.line(`The alias ${taken} is taken (aliases are unique across AWS). Try: ${suggestions.slice(0, 3).join(', ')}`, 'fail');
      if (!io.interactive) break;
      const next = await io.ask({ message: 'Another account alias (empty for none)', flag: '--alias ALIAS', key: 'admin.accountAlias', initial: suggestions[0], validate: checkAlias });
      if (next === '') {
        aliasSettled = true;
        break;
      }
      const again = await applyPlan({ ...planAlias([], next), notes: [] }, ctx, io, 'account alias');
      if (again?.ok) {
        aliasNow = next;
        aliasSettled = true;
        break;
      }
      taken = again ? aliasTaken(again) : null;
    }
    const denied = firstAccessDenied(p, result);
    const othersFailed = result.failed.some((f) => f.action.call !== 'iam:CreateAccountAlias') || result.notDone.length > 0;
    const ok = result.ok || (aliasTaken(result) !== null && !othersFailed && aliasSettled);
    const url = signInUrl(p.accountId, aliasNow ?? preflight.alias);
    const sharedOut = { ...(userExists ? { adminUser: userName } : {}), accountAlias: aliasNow ?? preflight.alias };

    try {
      if (!ok) {
        const notDone = [...result.failed.map((f) => f.action), ...result.notDone].map((a) => a.summary);
        // only what exists is named: no sign-in URL for a user that was never created
        if (userExists) io.copy(url, `Sign-in URL of ${userName}`);
        return {
          status: 'failed',
          summary: [
            // with nothing made, the list above is the plan itself: not repeated
            result.done.length === 0 ? `no change made (of ${p.actions.length})` : `${result.done.length} of ${p.actions.length} changes made; not done: ${notDone.join('; ')}`,
            // the advice was said once while applying; the summary names the first refusal in plan order
            ...(denied ? [`access denied: ${denied.action}, which ${grantingPolicy(denied.action)} grants`] : []),
          ],
          todo: [
            `npx mvsp-setup --steps admin${taken && !aliasSettled ? ` --alias ${suggestAliases(taken, p.accountId)[0]}` : ''}`,
            ...(userExists ? [`npx mvsp-setup mfa --user ${userName}`] : []),
          ],
          shared: sharedOut,
          ...(denied ? { accessDenied: true as const } : {}),
        };
      }
      io.line(`${userName} is ready (${p.actions.length} ${p.actions.length === 1 ? 'change' : 'changes'} made).`, 'pass');
      io.copy(url, 'Sign-in URL');
      if (!passwordSet) io.line(`Console password unchanged (${userName} already had one)`);
      for (const n of p.notes) io.line(neutralize(n), 'warn');
      if (aliasSettled && aliasNow === null) io.line('No account alias: the sign-in URL uses the account id.', 'dim');
      const guard = `Review policy ${REQUIRE_MFA_POLICY_NAME} (IAM → Policies): it differs from the document this tool writes, which denies everything but MFA set-up without MFA`;
      io.line(p.mfaGuardDiffers ? 'Next: enrol an MFA device for this user.' : 'Next: enrol an MFA device for this user; until then it can do nothing else.', 'dim');
      return {
        status: 'done',
        summary: [
          `IAM admin ${userName} in Administrators (${p.mfaGuardDiffers ? `MFA not known to be required: ${REQUIRE_MFA_POLICY_NAME} differs` : 'MFA required before anything else'})`,
          `sign-in URL: ${url}`,
        ],
        todo: [...(passwordSet ? [`${userName}: sign in at ${url} and change the temporary password`] : []), ...(p.mfaGuardDiffers ? [guard] : [])],
        shared: sharedOut,
      };
    } finally {
      if (shown) await handOver(io, shown);
    }
  },
};
