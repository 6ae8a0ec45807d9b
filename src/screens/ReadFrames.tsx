// The frame a flow shows when its read of the account failed: one clear error screen,
// the keys to retry or leave.
import React from 'react';
import { Box, Text } from 'ink';
import { isAwsError } from '../aws/errors.js';
import { accessDeniedLine } from '../steps/admin-user.js';
import { ErrorView } from './ErrorView.js';
import { KeyHints, type Hint } from './KeyHints.js';

/** AccessDenied also says which AWS managed policy grants the action. */
export function ReadFailed({ header, error, hints }: { header: React.ReactNode; error: unknown; hints: Hint[] }) {
  return (
    <Box flexDirection="column">
      {header}
      <ErrorView error={error} />
      {isAwsError(error, 'AccessDenied') ? <Text>{accessDeniedLine(error)}</Text> : null}
      <KeyHints hints={hints} />
    </Box>
  );
}
