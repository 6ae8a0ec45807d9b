// A line of prose that wraps with a hanging indent: continuation lines start under the
// text, not at column 0 (Ink's <Text wrap> restarts at column 0). The lead (a symbol, an
// indent, a label) sits in a fixed-width first column.
import React from 'react';
import { Box, Text } from 'ink';

export interface HangingProps {
  /** what the first line starts with, e.g. "  ⚠ "; its width is the indent */
  lead: string;
  children: string;
  color?: string | undefined;
  bold?: boolean;
  dimColor?: boolean;
}

export function Hanging({ lead, children, color, bold, dimColor }: HangingProps) {
  return (
    <Box flexDirection="row">
      <Box width={[...lead].length} flexShrink={0}>
        <Text color={color} bold={bold} dimColor={dimColor}>
          {lead}
        </Text>
      </Box>
      <Box flexGrow={1} flexShrink={1}>
        <Text color={color} bold={bold} dimColor={dimColor}>
          {children}
        </Text>
      </Box>
    </Box>
  );
}
