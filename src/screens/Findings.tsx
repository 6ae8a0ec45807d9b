import React from 'react';
import { Box } from 'ink';
import type { Finding, Severity } from '../steps/root-email.js';
import { neutralize } from '../untrusted.js';
import { HangingLine } from './ui/Lines.js';
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

/**
 * One line per finding (symbol, never colour alone), its fix dimmed below it; both wrap
 * under their own text, and a command in a fix is never split.
 */
export function Findings({ findings, fixes = true }: { findings: Finding[]; fixes?: boolean }) {
  return (
    <Box flexDirection="column">
      {findings.map((f) => (
        <Box key={`${f.id}:${f.message}`} flexDirection="column">
          <HangingLine lead={`${SYMBOL[f.severity]} `} text={neutralize(f.message)} color={COLOR[f.severity]} />
          {fixes && f.fix && f.severity !== 'pass' ? <HangingLine lead="  Fix: " text={neutralize(f.fix)} dimColor /> : null}
        </Box>
      ))}
    </Box>
  );
}
