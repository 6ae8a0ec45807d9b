import React from 'react';
import { Box, Text } from 'ink';
import { AwsError, describeAwsError } from '../aws/errors.js';
import { symbols } from './ui/theme.js';

/** One clear screen for a failure: what happened, why, and what to do. Never a stack trace. */
export function ErrorView({ error }: { error: unknown }) {
  const d =
    error instanceof AwsError
      ? describeAwsError(error)
      : { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error), fix: 'Re-run; finished work is kept and will not be redone.' };
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="red" paddingX={1}>
      <Text color="red" bold>{`${symbols.fail} ${d.title}`}</Text>
      <Text>{d.detail}</Text>
      <Box marginTop={1}>
        <Text>{`What to do: ${d.fix}`}</Text>
      </Box>
    </Box>
  );
}
