// A step a re-run finds finished: what was found, one key to go on, one to change it anyway.
import React, { useEffect, useRef } from 'react';
import { Box, Text, useInput } from 'ink';
import { KeyHints, type Hint } from './KeyHints.js';
import { symbols, toneColor } from './ui/theme.js';

export interface AlreadyDoneProps {
  header: React.ReactNode;
  /** what is in place, one line each */
  found: string[];
  /** --yes: go on at once */
  yes: boolean;
  /** what "e" does, e.g. "change the user"; no key when absent */
  editLabel?: string;
  onContinue: () => void;
  onEdit?: () => void;
  onBack?: () => void;
}

export function AlreadyDone({ header, found, yes, editLabel, onContinue, onEdit, onBack }: AlreadyDoneProps) {
  const left = useRef(false);
  const go = (fn: () => void) => {
    if (left.current) return;
    left.current = true;
    fn();
  };
  useEffect(() => {
    if (yes) go(onContinue);
  }, []);
  useInput(
    (input, key) => {
      if (key.return) go(onContinue);
      else if (input === 'e' && onEdit) go(onEdit);
      else if (key.escape && onBack) go(onBack);
    },
    { isActive: !yes },
  );
  const hints: Hint[] = [['Enter', 'continue']];
  if (onEdit && editLabel) hints.push(['e', editLabel]);
  if (onBack) hints.push(['Esc', 'back']);
  return (
    <Box flexDirection="column">
      {header}
      <Text color={toneColor.pass}>{`${symbols.pass} Already done: nothing to change.`}</Text>
      {found.map((line) => (
        <Box key={line}>
          <Text color={toneColor.pass}>{`  ${symbols.pass} `}</Text>
          <Box flexShrink={1}>
            <Text>{line}</Text>
          </Box>
        </Box>
      ))}
      {yes ? <Text dimColor>--yes: going on…</Text> : null}
      <KeyHints hints={hints} />
    </Box>
  );
}
