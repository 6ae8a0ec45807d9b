import React from 'react';
import { Box, Text } from 'ink';
import type { Plan } from '../steps/types.js';
import { neutralize } from '../untrusted.js';
import { HangingLine } from './ui/Lines.js';
import { symbols, toneColor } from './ui/theme.js';

/**
 * What will be done (with the exact AWS call) and what is already in place. Each line
 * wraps under its own text, and the call is never split from the line or left alone
 * at column 0. `compact` (a plan taller than the screen): one row per action, its middle
 * cut when too wide, so every action and its call stay in view; with `maxActions` too (a
 * plan that does not fit even so) the first ones and a line counting the rest.
 */
export function PlanView({ plan, maxRows = 12, compact = false, maxActions }: { plan: Plan; maxRows?: number; compact?: boolean; maxActions?: number }) {
  const { existing, notes = [] } = plan;
  const actions = compact && maxActions !== undefined ? plan.actions.slice(0, maxActions) : plan.actions;
  const moreActions = plan.actions.length - actions.length;
  const shownExisting = existing.slice(0, Math.max(0, maxRows - plan.actions.length));
  const hiddenExisting = existing.length - shownExisting.length;
  return (
    <Box flexDirection="column">
      {plan.actions.length === 0 ? (
        <Text color={toneColor.pass}>{`${symbols.pass} Nothing to do: everything is already in place.`}</Text>
      ) : (
        <Text bold>{`Will do (${plan.actions.length}):`}</Text>
      )}
      {actions.map((a) =>
        compact ? (
          <Text key={a.id} wrap="truncate-middle">{`  + ${neutralize(a.summary)}  ${neutralize(a.call)}`}</Text>
        ) : (
          <HangingLine key={a.id} lead="  + " text={neutralize(a.summary)} after={neutralize(a.call)} />
        ),
      )}
      {moreActions > 0 ? <Text dimColor>{`  … and ${moreActions} more change${moreActions === 1 ? '' : 's'}`}</Text> : null}
      {shownExisting.length > 0 ? <Text bold>Already in place:</Text> : null}
      {shownExisting.map((e) => (
        <HangingLine key={e.summary} lead={`  ${symbols.pass} `} text={neutralize(e.summary)} color={toneColor.pass} />
      ))}
      {hiddenExisting > 0 ? <Text dimColor>{shownExisting.length > 0 ? `  … and ${hiddenExisting} more already in place` : `  ${symbols.pass} ${hiddenExisting} already in place`}</Text> : null}
      {notes.map((n) => (
        <HangingLine key={n} lead={`  ${symbols.warn} `} text={neutralize(n)} color={toneColor.warn} />
      ))}
    </Box>
  );
}
