import React, { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from './StepHeader.js';
import { KeyHints } from './KeyHints.js';
import { Spinner } from './ui/Spinner.js';
import { usePreflight } from './hooks/usePreflight.js';
import { useLifecycle } from './Root.js';
import { CredentialsHelp, isCredentialsError } from './CredentialsHelp.js';
import { ErrorView } from './ErrorView.js';
import { callerLabel, type Preflight } from '../steps/preflight.js';
import { isAwsError } from '../aws/errors.js';
import { symbols } from './ui/theme.js';
import { useUi } from './ui/UiContext.js';
import { neutralize } from '../untrusted.js';


export interface WelcomeProps {
  /** one line per selected step (its definition's outline); null while the steps load */
  outline: string[] | null;
  onStart: (preflight: Preflight) => void;
}

export function Welcome({ outline, onStart }: WelcomeProps) {
  const pf = usePreflight();
  const { finish } = useLifecycle();
  const [quitting, setQuitting] = useState(false);
  // the last frame says so, so leaving never looks like a crash
  useEffect(() => {
    if (quitting) finish(0);
  }, [quitting]);
  const { demoFolder } = useUi();

  useEffect(() => {
    // environment problems end the run with exit 2, leaving the explanation on screen
    if (pf.status === 'failed') finish(isCredentialsError(pf.error) || isAwsError(pf.error, 'AccessDenied') || isAwsError(pf.error, 'Network') ? 2 : 1);
  }, [pf.status]);

  useInput(
    (input, key) => {
      if (pf.status !== 'done') return;
      if (key.return && outline) onStart(pf.value);
      else if (input === 'q' || key.escape) setQuitting(true);
    },
    { isActive: pf.status === 'done' && !quitting },
  );

  if (quitting) return <Text>Nothing changed. Run mvsp-setup again when you are ready.</Text>;
  if (pf.status === 'failed') {
    return isCredentialsError(pf.error) ? <CredentialsHelp error={pf.error} /> : <ErrorView error={pf.error} />;
  }

  return (
    <Box flexDirection="column">
      <StepHeader title="Welcome" />
      {pf.status === 'running' ? (
        <Spinner label="Checking which account and identity this is…" />
      ) : (
        <Box flexDirection="column">
          <Text>
            {'Account  '}
            <Text bold>{pf.value.caller.accountId}</Text>
            {pf.value.alias ? `  (alias ${pf.value.alias})` : pf.value.aliasReadable ? '  (no alias yet)' : ''}
          </Text>
          <Text>{`Caller   ${callerLabel(pf.value.caller)}  ${pf.value.caller.arn}`}</Text>
          <Text>{`Where    ${pf.value.sandbox ? 'sandbox (demo)' : pf.value.cloudShell ? 'AWS CloudShell' : 'this machine'}`}</Text>
          {demoFolder ? (
            <Text>
              {`Files    ${neutralize(demoFolder)}`}
              <Text dimColor> (the demo writes only here)</Text>
            </Text>
          ) : null}
          {pf.value.caller.kind === 'root' ? (
            <Text color="yellow">{`${symbols.warn} Signed in as root: right for day one; afterwards use the new admin.`}</Text>
          ) : null}
        </Box>
      )}
      <Box flexDirection="column" marginTop={1}>
        <Text bold>This wizard will:</Text>
        {(outline ?? []).map((line, i) => (
          <Text key={line}>{`  ${i + 1}. ${line}`}</Text>
        ))}
        <Text dimColor>Nothing changes until you confirm a plan. Steps already done are skipped.</Text>
      </Box>
      <KeyHints hints={pf.status === 'done' && outline ? [['Enter', 'start'], ['q/Esc', 'quit']] : []} />
    </Box>
  );
}
