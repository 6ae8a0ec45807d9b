import React from 'react';
import { Box, Text } from 'ink';
import type { Finding, Severity } from '../steps/root-email.js';
import { symbols, toneColor } from './ui/theme.js';

const SYMBOL: Record<Severity, string> = {
  pass: symbols.pass,
  info: symbols.bullet,
  warn: symbols.warn,
  fail: symbols.fail,
  unknown: symbols.unknown,
};

const COLOR: Record<Severity, string | undefined> = {
  pass: toneColor.pass,
  info: toneColor.info,
  warn: toneColor.warn,
  fail: toneColor.fail,
  unknown: toneColor.unknown,
};

/** One line per finding (symbol, never colour alone), its fix dimmed below it. */
export function Findings({ findings, fixes = true }: { findings: Finding[]; fixes?: boolean }) {
  return (
    <Box flexDirection="column">
      {findings.map((f) => (
        <Box key={`${f.id}:${f.message}`} flexDirection="column">
          <Text color={COLOR[f.severity]}>{`${SYMBOL[f.severity]} ${f.message}`}</Text>
          {fixes && f.fix && f.severity !== 'pass' ? <Text dimColor>{`  Fix: ${f.fix}`}</Text> : null}
        </Box>
      ))}
    </Box>
  );
}
