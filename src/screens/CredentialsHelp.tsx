import React from 'react';
import { Box, Text } from 'ink';
import { AwsError, type CredentialFailure } from '../aws/errors.js';
import { symbols } from './ui/theme.js';
import { ErrorView } from './ErrorView.js';

/** A label and its text; the text wraps under its own indent. */
function Row({ label, text, marginTop = 0 }: { label: string; text: string; marginTop?: number }) {
  return (
    <Box marginTop={marginTop}>
      <Box width={10} flexShrink={0}>
        <Text bold>{label}</Text>
      </Box>
      <Text>{text}</Text>
    </Box>
  );
}

/** A credential source that failed: its name, its own message (neutralised in src/aws) and the next step. */
function SourceFailed({ failure }: { failure: CredentialFailure }) {
  return (
    <Box flexDirection="column">
      <Text color="red" bold>{`${symbols.fail} AWS credentials failed`}</Text>
      <Row label="Source:" text={failure.source} marginTop={1} />
      <Row label="Message:" text={failure.message} />
      <Row label="Next:" text={failure.next} marginTop={1} />
      <Box marginTop={1}>
        <Text dimColor>Want to look around first? npx mvsp-setup --demo uses a sandbox account.</Text>
      </Box>
    </Box>
  );
}

/** No credentials or an expired session: say exactly how to get some. */
export function CredentialsHelp({ error }: { error: AwsError }) {
  if (error.credentials && !error.credentials.noSource) return <SourceFailed failure={error.credentials} />;
  const expired = error.kind === 'ExpiredToken';
  return (
    <Box flexDirection="column">
      <Text color="red" bold>{`${symbols.fail} ${expired ? 'Your AWS session has expired' : 'No usable AWS credentials'}`}</Text>
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Easiest, on day one — AWS CloudShell (no access keys needed):</Text>
        <Text>{'  1. Sign in to https://console.aws.amazon.com as the root user (or an admin).'}</Text>
        <Text>{'  2. Open CloudShell: the >_ icon in the top bar.'}</Text>
        <Text>{'  3. Run: npx mvsp-setup'}</Text>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Or on your machine, with a configured profile:</Text>
        <Text>{'  aws configure sso            (or: aws sso login --profile NAME)'}</Text>
        <Text>{'  npx mvsp-setup --profile NAME'}</Text>
      </Box>
      <Box marginTop={1}>
        <Text dimColor>{error.credentials ? `Tried: ${error.credentials.source}: ${error.credentials.message}` : `Details: ${error.message}`}</Text>
      </Box>
      <Text dimColor>Want to look around first? npx mvsp-setup --demo uses a sandbox account.</Text>
    </Box>
  );
}

export function isCredentialsError(e: unknown): e is AwsError {
  return e instanceof AwsError && (e.kind === 'NoCredentials' || e.kind === 'ExpiredToken');
}

export { ErrorView };
