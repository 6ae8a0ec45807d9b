import React from 'react';
import { Box, Text } from 'ink';
import { columns } from '../text-wrap.js';
import { useBoxWidth } from './hooks/useBoxWidth.js';

export type Hint = [key: string, action: string];

const SEP = ' · ';

/** Hints packed into lines of at most `width` columns, broken between hints only. */
export function hintLines(hints: Hint[], width: number, indent = '  '): string[] {
  const lines: string[] = [];
  let current = '';
  for (const [k, a] of hints) {
    const item = `${k} ${a}`;
    if (current && columns(current) + columns(SEP) + columns(item) > width) {
      lines.push(current);
      current = indent + item;
    } else {
      current = current ? current + SEP + item : item;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/**
 * The keys that work on this screen, always at its bottom. A key and what it does stay
 * together; a second line starts indented.
 */
export function KeyHints({ hints }: { hints: Hint[] }) {
  const [ref, width] = useBoxWidth();
  const all: Hint[] = [...hints, ['Ctrl-C', 'quit']];
  return (
    <Box ref={ref} marginTop={1} flexDirection="column" width="100%">
      {hintLines(all, width).map((l) => (
        <Text key={l} dimColor>
          {l}
        </Text>
      ))}
    </Box>
  );
}
