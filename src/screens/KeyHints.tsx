import React from 'react';
import { Box, Text } from 'ink';

export type Hint = [key: string, action: string];

/** The keys that work on this screen, always on its last line. */
export function KeyHints({ hints }: { hints: Hint[] }) {
  const all: Hint[] = [...hints, ['Ctrl-C', 'quit']];
  return (
    <Box marginTop={1}>
      <Text dimColor>{all.map(([k, a]) => `${k} ${a}`).join(' · ')}</Text>
    </Box>
  );
}
