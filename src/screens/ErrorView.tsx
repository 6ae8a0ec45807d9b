import React from 'react';
import { Box, Text } from 'ink';
import { AwsError, describeAwsError } from '../aws/errors.js';
import { neutralize } from '../untrusted.js';
import { HangingLine } from './ui/Lines.js';
import { symbols, toneColor } from './ui/theme.js';

/**
 * One clear screen for a failure: what happened, why, and what to do. Never a stack
 * trace. No border: the advice often holds a command, and a box's │ would come along
 * when it is copied.
 */
export function ErrorView({ error }: { error: unknown }) {
  const d =
    error instanceof AwsError
      ? describeAwsError(error)
      : { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error), fix: 'Re-run; finished work is kept and will not be redone.' };
  return (
    <Box flexDirection="column">
      <HangingLine lead={`${symbols.fail} `} text={neutralize(d.title)} color={toneColor.fail} bold />
      <HangingLine lead="  " text={neutralize(d.detail)} />
      <Box marginTop={1} flexDirection="column">
        <HangingLine lead="  What to do: " text={neutralize(d.fix)} />
      </Box>
    </Box>
  );
}
