import React from 'react';
import { Box, Text } from 'ink';

export type Hint = [key: string, action: string];

const SEP = ' · ';
const INDENT = 2;

/**
 * The keys that work on this screen, always at its bottom. Each hint ("Enter start") is
 * one piece the layout never breaks; where they do not fit the width they were given (a
 * side column is narrower than the screen), the next line starts indented.
 */
export function KeyHints({ hints }: { hints: Hint[] }) {
  const all: Hint[] = [...hints, ['Ctrl-C', 'quit']];
  return (
    // the first hint starts at the left edge, lines after it at the indent
    <Box marginTop={1} flexWrap="wrap" paddingLeft={INDENT}>
      {all.map(([k, a], i) => (
        <Box key={`${k} ${a}`} flexShrink={0} marginLeft={i === 0 ? -INDENT : 0}>
          <Text dimColor>{`${k} ${a}${i < all.length - 1 ? SEP : ''}`}</Text>
        </Box>
      ))}
    </Box>
  );
}
