import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { StepHeader } from './StepHeader.js';
import { Spinner } from './ui/Spinner.js';
import { symbols } from './ui/theme.js';
import { usePreflight } from './hooks/usePreflight.js';
import { useLifecycle } from './Root.js';
import { CredentialsHelp, isCredentialsError } from './CredentialsHelp.js';
import { ErrorView } from './ErrorView.js';
import { FlowRunner } from './flow/FlowRunner.js';
import { isAwsError } from '../aws/errors.js';
import { mfaCommandFlow } from '../steps/day-one/mfa.js';
import type { StepOutcome } from '../steps/flow.js';
import type { Flags } from '../args.js';

export interface MfaCommandProps {
  user?: string;
  yes: boolean;
  profile?: string;
  flags?: Flags;
}

/** `mvsp-setup mfa [--user NAME]`: the wizard's MFA step for any IAM user. */
export function MfaCommand({ user, yes, profile, flags = {} }: MfaCommandProps) {
  const pf = usePreflight();
  const { finish } = useLifecycle();
  const [outcome, setOutcome] = useState<StepOutcome | null>(null);

  useEffect(() => {
    if (pf.status === 'failed') finish(isCredentialsError(pf.error) || isAwsError(pf.error, 'AccessDenied') || isAwsError(pf.error, 'Network') ? 2 : 1);
  }, [pf.status]);
  useEffect(() => {
    // only a failure is non-zero: cancelling is a choice
    if (outcome) finish(outcome.status === 'failed' ? 1 : 0);
  }, [outcome]);

  if (pf.status === 'failed') return isCredentialsError(pf.error) ? <CredentialsHelp error={pf.error} /> : <ErrorView error={pf.error} />;
  if (outcome) {
    const mark = outcome.status === 'done' ? symbols.pass : outcome.status === 'failed' ? symbols.fail : symbols.pending;
    return (
      <Box flexDirection="column">
        {outcome.summary.map((s) => (
          <Text key={s}>{`${mark} ${s}`}</Text>
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
  const preflight = pf.value;
  return (
    <FlowRunner
      title={user ? `Virtual MFA for ${user}` : 'Virtual MFA'}
      flags={flags}
      yes={yes}
      run={(ctx, io) => mfaCommandFlow(ctx, { user, preflight, profile }, io)}
      onDone={setOutcome}
      onBack={() => setOutcome({ status: 'skipped', summary: ['Nothing changed.'] })}
    />
  );
}
