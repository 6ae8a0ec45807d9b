import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from './StepHeader.js';
import { KeyHints, type Hint } from './KeyHints.js';
import { PlanView } from './PlanView.js';
import { ApplyView, reduceProgress, type ActionState } from './ApplyView.js';
import { TextField, Confirm } from './ui/inputs.js';
import { Spinner } from './ui/Spinner.js';
import { Link } from './ui/Link.js';
import { AlreadyDone } from './AlreadyDone.js';
import { symbols } from './ui/theme.js';
import { useLifecycle } from './Root.js';
import { useSession } from './SessionContext.js';
import type { StepScreenProps, StepOutcome } from './wizard/types.js';
import {
  accessDeniedLine,
  firstAccessDenied,
  aliasTaken,
  apply,
  inspect,
  passwordWasSet,
  recordPasswordPending,
  plan as planAdmin,
  recordAdminUser,
  resultAlias,
  resultSignInUrl,
  suggestAliases,
  validateAlias,
  validateUserName,
  type AdminPlan,
} from '../steps/admin-user.js';
import type { ApplyResult } from '../steps/types.js';
import { readRecord } from '../steps/local-record.js';
import { Reading, ReadFailed } from './ReadFrames.js';

export const ADMIN_TITLE = 'First IAM admin';

type Phase =
  /** a re-run: is the admin named in the answers or made last time all in place? */
  | { at: 'checking' }
  | { at: 'already'; plan: AdminPlan }
  | { at: 'name' }
  | { at: 'alias'; taken?: string }
  | { at: 'inspecting' }
  | { at: 'inspect-failed'; error: unknown }
  | { at: 'plan'; plan: AdminPlan }
  | { at: 'applying'; plan: AdminPlan }
  | { at: 'result'; plan: AdminPlan; result: ApplyResult };

/** The temporary password from a run, kept across retries: AWS has it, so the person must get it. */
interface Secret {
  userName: string;
  password: string;
}

function FieldError({ error, hint }: { error: string | null; hint: string }) {
  return error ? <Text color="red">{`  ${symbols.fail} ${error}`}</Text> : <Text dimColor>{`  ${hint}`}</Text>;
}

function PasswordBlock({ secret, revealed }: { secret: Secret; revealed: boolean }) {
  return (
    <Box flexDirection="column">
      <Text>
        {'Temporary password '}
        {revealed ? <Text bold>{secret.password}</Text> : <Text>{'•'.repeat(secret.password.length)}</Text>}
        {revealed ? '' : <Text dimColor>{'  (p reveals it)'}</Text>}
      </Text>
      <Text color="yellow">{`${symbols.warn} Shown once, it will not be shown again: copy it now.`}</Text>
    </Box>
  );
}

export function AdminStep({ answers, preflight, shared, position, yes, onDone, onBack }: StepScreenProps) {
  const session = useSession();
  const { signal, onInterrupt, setInterruptSummary, secretShown } = useLifecycle();
  const askAlias = preflight.alias === null;

  const [userName, setUserName] = useState(answers.admin?.userName ?? shared.adminUser ?? '');
  const [alias, setAlias] = useState(answers.admin?.accountAlias ?? '');
  const [nameError, setNameError] = useState<string | null>(null);
  const [aliasError, setAliasError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ at: 'checking' });
  const [progress, setProgress] = useState<Record<string, ActionState>>({});
  const [secret, setSecret] = useState<Secret | null>(null);
  const [revealed, setRevealed] = useState(false);
  const attempt = useRef(0);

  // a re-run: the admin named in the answers, or the one this tool made last time, may be
  // fully in place already; then there is nothing to ask
  useEffect(() => {
    if (phase.at !== 'checking') return;
    let live = true;
    void (async () => {
      try {
        const ctx = await session.context(signal);
        const record = await readRecord(ctx.caller.accountId).catch(() => null);
        const name = answers.admin?.userName ?? record?.adminUser;
        if (!name || validateUserName(name)) {
          if (live) setPhase({ at: 'name' });
          return;
        }
        const state = await inspect(ctx, { userName: name });
        const handOverPending = (record?.passwordHandOverPending ?? []).includes(name);
        const p = planAdmin(state, { userName: name, accountAlias: askAlias ? alias || null : null, handOverPending }, {
          callerArn: ctx.caller.arn,
          now: ctx.now(),
          randomBytes: ctx.randomBytes,
        });
        if (!live) return;
        if (p.actions.length === 0 && p.notes.length === 0) {
          setUserName(name);
          setPhase({ at: 'already', plan: p });
        } else setPhase({ at: 'name' });
      } catch {
        // the normal questions follow; reading the account fails again there, with a retry
        if (live) setPhase({ at: 'name' });
      }
    })();
    return () => {
      live = false;
    };
  }, [phase.at]);

  // read the account, then plan
  useEffect(() => {
    if (phase.at !== 'inspecting') return;
    let live = true;
    const run = attempt.current;
    void (async () => {
      try {
        const ctx = await session.context(signal);
        const state = await inspect(ctx, { userName });
        // a password an earlier run set and never handed over (it stopped first)
        const record = await readRecord(ctx.caller.accountId).catch(() => null);
        const handOverPending = (record?.passwordHandOverPending ?? []).includes(userName);
        const p = planAdmin(state, { userName, accountAlias: askAlias ? alias : null, handOverPending }, {
          callerArn: ctx.caller.arn,
          now: ctx.now(),
          randomBytes: ctx.randomBytes,
        });
        if (live && run === attempt.current) setPhase({ at: 'plan', plan: p });
      } catch (error) {
        if (live && run === attempt.current) setPhase({ at: 'inspect-failed', error });
      }
    })();
    return () => {
      live = false;
    };
  }, [phase.at]);

  // apply with one progress line per action
  useEffect(() => {
    if (phase.at !== 'applying') return;
    const p = phase.plan;
    setProgress({});
    let finished = 0;
    setInterruptSummary(`admin: interrupted after ${finished} of ${p.actions.length} changes; re-run to finish (nothing is redone)`);
    const unregister = onInterrupt(() => {});
    void (async () => {
      const ctx = await session.context(signal);
      // noted before the password exists, so a run killed right after still knows of it
      if (p.temporaryPassword !== null) await recordPasswordPending(ctx.caller.accountId, p.userName, true).catch(() => undefined);
      const result = await apply(p, ctx, (e) => {
        if (e.type === 'done') {
          finished++;
          setInterruptSummary(`admin: interrupted after ${finished} of ${p.actions.length} changes; re-run to finish (nothing is redone)`);
        }
        setProgress((s) => reduceProgress(s, e));
      });
      setInterruptSummary(null);
      unregister();
      if (result.ok) await remember(p.userName);
      if (passwordWasSet(p, result)) {
        setSecret({ userName: p.userName, password: p.temporaryPassword! });
        // on the screen now: handed over
        await recordPasswordPending(ctx.caller.accountId, p.userName, false).catch(() => undefined);
      }
      setPhase({ at: 'result', plan: p, result });
    })();
  }, [phase.at]);

  // --yes accepts the plan (and moves on when there is nothing to do)
  useEffect(() => {
    if (phase.at !== 'plan' || !yes) return;
    if (phase.plan.actions.length > 0) setPhase({ at: 'applying', plan: phase.plan });
    else {
      void remember(phase.plan.userName);
      onDone(outcome(phase.plan, null));
    }
  }, [phase.at]);

  // the name only, so the next run can check this user instead of asking; a failed write
  // just means the next run asks again
  const remember = (name: string): Promise<void> =>
    recordAdminUser(preflight.caller.accountId, name).then(
      () => undefined,
      () => undefined,
    );

  const reinspect = () => {
    attempt.current++;
    setPhase({ at: 'inspecting' });
  };

  const outcome = (p: AdminPlan, result: ApplyResult | null): StepOutcome => {
    const url = resultSignInUrl(p, result);
    const sharedOut = { adminUser: p.userName, accountAlias: resultAlias(p, result) ?? preflight.alias };
    if (result && !result.ok) {
      return {
        status: 'failed',
        summary: [`${result.done.length} of ${p.actions.length} changes made; ${result.failed.length + result.notDone.length} not done`],
        todo: ['re-run the admin step to finish (what is done will not be redone)'],
        shared: sharedOut,
      };
    }
    return {
      status: 'done',
      summary: [`IAM admin ${p.userName} in Administrators (MFA required before anything else)`],
      todo: [`${p.userName}: sign in at ${url} and change the temporary password`],
      shared: sharedOut,
    };
  };

  const goBack = () => {
    switch (phase.at) {
      case 'name':
        onBack?.();
        return;
      case 'alias':
        setPhase({ at: 'name' });
        return;
      case 'plan':
      case 'inspect-failed':
        attempt.current++;
        setPhase(askAlias ? { at: 'alias' } : { at: 'name' });
        return;
      default:
        return;
    }
  };

  useInput((input, key) => {
    if (phase.at === 'checking' || phase.at === 'already') return;
    if (key.escape) {
      goBack();
      return;
    }
    if (phase.at === 'plan' && phase.plan.actions.length === 0 && key.return) {
      void remember(phase.plan.userName);
      onDone(outcome(phase.plan, null));
    }
    if (phase.at === 'inspect-failed') {
      if (input === 'r') reinspect();
    }
    if (phase.at === 'result') {
      if (input === 'p' && secret) {
        secretShown();
        setRevealed((r) => !r);
      }
      if (key.return) onDone(outcome(phase.plan, phase.result));
      if (!phase.result.ok && input === 'r') reinspect();
      if (!phase.result.ok && input === 'a' && aliasTaken(phase.result)) {
        setAliasError(null);
        setPhase({ at: 'alias', taken: aliasTaken(phase.result)! });
      }
    }
  });

  const header = <StepHeader title={ADMIN_TITLE} step={position} />;

  if (phase.at === 'checking') {
    return (
      <Box flexDirection="column">
        {header}
        <Spinner label="Looking for the admin user…" />
      </Box>
    );
  }

  if (phase.at === 'already') {
    const p = phase.plan;
    const url = resultSignInUrl(p, null);
    return (
      <AlreadyDone
        header={header}
        found={[...p.existing.map((e) => e.summary), `Sign-in URL ${url}`]}
        yes={yes}
        editLabel="another user"
        onContinue={() => {
          void remember(p.userName);
          onDone({
            status: 'done',
            summary: [`IAM admin ${p.userName} in Administrators: already in place`],
            shared: { adminUser: p.userName, accountAlias: p.alias ?? preflight.alias },
          });
        }}
        onEdit={() => setPhase({ at: 'name' })}
        onBack={onBack}
      />
    );
  }

  if (phase.at === 'name') {
    return (
      <Box flexDirection="column">
        {header}
        <Text>The first IAM user with administrator rights, given through the group Administrators.</Text>
        <Text>Until it signs in with MFA it can do nothing but set up MFA and change its password.</Text>
        <Box marginTop={1} flexDirection="column">
          <TextField
            label="User name:"
            isActive
            defaultValue={userName}
            placeholder="e.g. alice"
            onChange={(v) => {
              setUserName(v);
              setNameError(v === '' ? null : validateUserName(v));
            }}
            onSubmit={(v) => {
              const error = validateUserName(v);
              setNameError(error);
              if (error) return;
              setUserName(v);
              if (askAlias) setPhase({ at: 'alias' });
              else reinspect();
            }}
          />
          <FieldError error={nameError} hint="letters, digits and + = , . @ _ - (up to 64)" />
        </Box>
        <KeyHints hints={[['Enter', 'next'], ...(onBack ? ([['Esc', 'back']] as Hint[]) : [])]} />
      </Box>
    );
  }

  if (phase.at === 'alias') {
    const suggestions = phase.taken ? suggestAliases(phase.taken, preflight.caller.accountId) : [];
    return (
      <Box flexDirection="column">
        {header}
        <Text>An account alias gives IAM users a sign-in URL with a name instead of the account id:</Text>
        <Text dimColor>{`  https://${alias || 'ALIAS'}.signin.aws.amazon.com/console`}</Text>
        {phase.taken ? (
          <Text color="red">{`${symbols.fail} ${phase.taken} is taken (aliases are unique across AWS). Try: ${suggestions.slice(0, 3).join(', ')}`}</Text>
        ) : null}
        <Box marginTop={1} flexDirection="column">
          <TextField
            label="Account alias:"
            isActive
            defaultValue={phase.taken ?? alias}
            placeholder="e.g. acme-production (empty: no alias)"
            suggestions={suggestions}
            onChange={(v) => {
              setAlias(v);
              setAliasError(v === '' ? null : validateAlias(v));
            }}
            onSubmit={(v) => {
              const error = v === '' ? null : validateAlias(v);
              setAliasError(error);
              if (error) return;
              setAlias(v);
              reinspect();
            }}
          />
          <FieldError error={aliasError} hint="3-63 lowercase letters, digits, hyphens; empty for none" />
        </Box>
        <KeyHints hints={[['Enter', 'next'], ['Esc', 'back']]} />
      </Box>
    );
  }

  if (phase.at === 'inspecting') return <Reading header={header} label="Reading what already exists…" />;

  if (phase.at === 'inspect-failed') return <ReadFailed header={header} error={phase.error} hints={[['r', 'retry'], ['Esc', 'back']]} />;

  if (phase.at === 'plan') {
    const p = phase.plan;
    return (
      <Box flexDirection="column">
        {header}
        <Text>{`Plan for ${p.userName}:`}</Text>
        <PlanView plan={p} />
        {p.actions.length > 0 ? (
          yes ? (
            <Text dimColor>--yes: applying…</Text>
          ) : (
            <Box marginTop={1}>
              <Text>{'Apply this plan? '}</Text>
              <Confirm isActive={!yes} onConfirm={() => setPhase({ at: 'applying', plan: p })} onCancel={goBack} />
            </Box>
          )
        ) : null}
        <KeyHints hints={p.actions.length > 0 ? [['y', 'apply'], ['n/Esc', 'back']] : [['Enter', 'continue'], ['Esc', 'back']]} />
      </Box>
    );
  }

  if (phase.at === 'applying') {
    return (
      <Box flexDirection="column">
        {header}
        <Text>{`Applying the plan for ${phase.plan.userName}:`}</Text>
        <ApplyView actions={phase.plan.actions} states={progress} />
      </Box>
    );
  }

  // result
  const { plan: p, result } = phase;
  const url = resultSignInUrl(p, result);
  const showSecret = secret && secret.userName === p.userName ? secret : null;
  if (!result.ok) {
    const taken = aliasTaken(result);
    const denied = firstAccessDenied(p, result);
    const hints: Hint[] = [['r', 'retry what is left']];
    if (taken) hints.push(['a', 'another alias']);
    if (showSecret) hints.push(['p', revealed ? 'hide' : 'reveal password']);
    hints.push(['Enter', 'continue']);
    return (
      <Box flexDirection="column">
        {header}
        <Text color="red">{`${symbols.fail} Stopped: ${result.done.length} of ${p.actions.length} changes made, ${result.failed.length + result.notDone.length} not done.`}</Text>
        <ApplyView actions={p.actions} states={progress} />
        {result.notDone.length > 0 ? <Text dimColor>{`  ${symbols.pending} = not done; a re-run finishes them and redoes nothing`}</Text> : null}
        {denied ? <Text>{accessDeniedLine(denied)}</Text> : null}
        {taken ? <Text>{`The alias ${taken} is taken. Press a to pick another (${suggestAliases(taken, p.accountId).slice(0, 2).join(', ')}…).`}</Text> : null}
        {showSecret ? (
          <Box marginTop={1}>
            <PasswordBlock secret={showSecret} revealed={revealed} />
          </Box>
        ) : null}
        <KeyHints hints={hints} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {header}
      <Text color="green">{`${symbols.pass} ${p.userName} is ready (${p.actions.length} ${p.actions.length === 1 ? 'change' : 'changes'} made).`}</Text>
      <Box marginTop={1} flexDirection="column">
        <Text>
          {'Sign-in URL        '}
          <Link url={url} />
        </Text>
        <Text>{`User name          ${p.userName}`}</Text>
        {showSecret ? (
          <PasswordBlock secret={showSecret} revealed={revealed} />
        ) : (
          <Text>{`Console password   unchanged (${p.userName} already had one)`}</Text>
        )}
      </Box>
      {p.notes.map((n) => (
        <Text key={n} color="yellow">{`${symbols.warn} ${n}`}</Text>
      ))}
      <Text dimColor>Next: enrol an MFA device for this user; until then it can do nothing else.</Text>
      <KeyHints hints={[...(showSecret ? ([['p', revealed ? 'hide password' : 'reveal password']] as Hint[]) : []), ['Enter', 'continue']]} />
    </Box>
  );
}
