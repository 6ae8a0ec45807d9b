import React, { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from './StepHeader.js';
import { KeyHints } from './KeyHints.js';
import { Spinner } from './ui/Spinner.js';
import { TextField } from './ui/inputs.js';
import { symbols } from './ui/theme.js';
import { usePreflight } from './hooks/usePreflight.js';
import { useLifecycle } from './Root.js';
import { useSession } from './SessionContext.js';
import { CredentialsHelp, isCredentialsError } from './CredentialsHelp.js';
import { ErrorView } from './ErrorView.js';
import { MfaEnrollment } from './MfaStep.js';
import type { StepOutcome } from './wizard/types.js';
import { isAwsError } from '../aws/errors.js';

const USER_NAME = /^[\w+=,.@-]{1,64}$/;

export function userNameProblem(name: string): string | null {
  if (name === '') return 'Type the IAM user name.';
  if (name.length > 64) return 'An IAM user name has at most 64 characters.';
  if (!USER_NAME.test(name)) return 'An IAM user name has only letters, digits and + = , . @ _ -';
  return null;
}

/** Exit code of `mvsp-setup mfa`: only a failure is non-zero; cancelling is a choice, not a failure. */
export function mfaExitCode(outcome: StepOutcome): number {
  return outcome.status === 'failed' ? 1 : 0;
}

export interface MfaCommandProps {
  user?: string;
  yes: boolean;
  profile?: string;
}

/** `mvsp-setup mfa [--user NAME]`: the wizard's MFA screens for any IAM user. */
export function MfaCommand({ user, yes, profile }: MfaCommandProps) {
  const pf = usePreflight();
  const session = useSession();
  const { finish } = useLifecycle();
  const [userName, setUserName] = useState<string | null>(user ?? null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [outcome, setOutcome] = useState<StepOutcome | null>(null);

  useEffect(() => {
    if (pf.status === 'failed') finish(isCredentialsError(pf.error) || isAwsError(pf.error, 'AccessDenied') || isAwsError(pf.error, 'Network') ? 2 : 1);
  }, [pf.status]);

  useEffect(() => {
    if (outcome) finish(mfaExitCode(outcome));
  }, [outcome]);

  useInput((_i, key) => {
    if (key.escape) finish(0);
  }, { isActive: pf.status === 'done' && userName === null && !checking });

  if (pf.status === 'failed') return isCredentialsError(pf.error) ? <CredentialsHelp error={pf.error} /> : <ErrorView error={pf.error} />;
  if (outcome) {
    return (
      <Box flexDirection="column">
        {outcome.summary.map((s) => (
          <Text key={s}>{`${outcome.status === 'done' ? symbols.pass : outcome.status === 'failed' ? symbols.fail : symbols.pending} ${s}`}</Text>
        ))}
        {(outcome.todo ?? []).map((t) => (
          <Text key={t}>{`  ${t}`}</Text>
        ))}
      </Box>
    );
  }
  if (pf.status === 'running') {
    return (
      <Box flexDirection="column">
        <StepHeader title="Virtual MFA" />
        <Spinner label="Checking which account and identity this is…" />
      </Box>
    );
  }
  if (userName === null) {
    const submit = async (value: string) => {
      const name = value.trim();
      const problem = userNameProblem(name);
      if (problem) return setNameError(problem);
      setChecking(true);
      try {
        const ctx = await session.context();
        const found = await ctx.aws.iam.getUser(name);
        if (!found) setNameError(`There is no IAM user named ${name} in account ${pf.value.caller.accountId}.`);
        else setUserName(found.name);
      } catch (e) {
        setNameError(isAwsError(e) ? `${e.action} failed (${e.code ?? e.kind}): ${e.message}` : String(e));
      } finally {
        setChecking(false);
      }
    };
    return (
      <Box flexDirection="column">
        <StepHeader title="Virtual MFA" />
        <Text>{`Enrol a virtual MFA device for an IAM user of account ${pf.value.caller.accountId}.`}</Text>
        <Text>The person who will sign in should have their phone ready.</Text>
        <Box marginTop={1}>
          <TextField label="IAM user name:" isActive={!checking} onSubmit={(v) => void submit(v)} />
        </Box>
        {nameError ? <Text color="red">{`${symbols.fail} ${nameError}`}</Text> : null}
        {checking ? <Spinner label="Looking the user up…" /> : null}
        <KeyHints hints={[['Enter', 'continue'], ['Esc', 'quit']]} />
      </Box>
    );
  }
  return <MfaEnrollment userName={userName} preflight={pf.value} yes={yes} profile={profile} onDone={setOutcome} />;
}
