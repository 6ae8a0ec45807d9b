import React from 'react';
import { Box, Text } from 'ink';
import type { Plan } from '../steps/types.js';
import { symbols } from './ui/theme.js';

/** What will be done (with the exact AWS call) and what is already in place. */
export function PlanView({ plan, maxRows = 12 }: { plan: Plan; maxRows?: number }) {
  const { actions, existing, notes = [] } = plan;
  const shownExisting = existing.slice(0, Math.max(0, maxRows - actions.length));
  const hiddenExisting = existing.length - shownExisting.length;
  return (
    <Box flexDirection="column">
      {actions.length === 0 ? (
        <Text color="green">{`${symbols.pass} Nothing to do: everything is already in place.`}</Text>
      ) : (
        <Text bold>{`Will do (${actions.length}):`}</Text>
      )}
      {actions.map((a) => (
        <Text key={a.id}>
          {`  + ${a.summary} `}
          <Text dimColor>{a.call}</Text>
        </Text>
      ))}
      {shownExisting.length > 0 ? <Text bold>Already in place:</Text> : null}
      {shownExisting.map((e) => (
        <Text key={e.summary} color="green">{`  ${symbols.pass} ${e.summary}`}</Text>
      ))}
      {hiddenExisting > 0 ? <Text dimColor>{`  … and ${hiddenExisting} more already in place`}</Text> : null}
      {notes.map((n) => (
        <Text key={n} color="yellow">{`  ${symbols.warn} ${n}`}</Text>
      ))}
    </Box>
  );
}
