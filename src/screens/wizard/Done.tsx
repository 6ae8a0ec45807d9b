import React from 'react';
import { Box, Text } from 'ink';
import type { StepId } from '../../args.js';
import { signInUrl, type Preflight } from '../../steps/preflight.js';
import type { StepOutcome, WizardShared } from './types.js';
import { StepHeader } from '../StepHeader.js';
import { symbols } from '../ui/theme.js';
import { STEP_SCREENS } from './registry.js';

const STATUS: Record<StepOutcome['status'], { symbol: string; color: string; word: string }> = {
  done: { symbol: symbols.pass, color: 'green', word: 'done' },
  skipped: { symbol: symbols.pending, color: 'gray', word: 'skipped' },
  pending: { symbol: symbols.warn, color: 'yellow', word: 'pending' },
  failed: { symbol: symbols.fail, color: 'red', word: 'failed' },
};

export interface DoneProps {
  steps: StepId[];
  preflight: Preflight;
  outcomes: Partial<Record<StepId, StepOutcome>>;
  shared: WizardShared;
}

export function Done({ steps, preflight, outcomes, shared }: DoneProps) {
  const todo = steps.flatMap((id) => outcomes[id]?.todo ?? []);
  return (
    <Box flexDirection="column">
      <StepHeader title="Done" />
      {steps.length === 0 ? <Text>No steps were selected to run.</Text> : null}
      {steps.map((id) => {
        const o = outcomes[id];
        const s = STATUS[o?.status ?? 'skipped'];
        return (
          <Box key={id} flexDirection="column">
            <Text color={s.color}>{`${s.symbol} ${STEP_SCREENS[id]?.title ?? id} — ${s.word}`}</Text>
            {(o?.summary ?? []).map((line) => (
              <Text key={line}>{`    ${line}`}</Text>
            ))}
          </Box>
        );
      })}
      <Box marginTop={1}>
        <Text>{`Sign-in URL for IAM users: ${signInUrl(preflight.caller.accountId, shared.accountAlias ?? null)}`}</Text>
      </Box>
      {shared.nextCheck ? <Text>{`Next root check: ${shared.nextCheck} (then monthly) — npx mvsp-setup verify`}</Text> : null}
      {todo.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Left for a human:</Text>
          {todo.map((t) => (
            <Text key={t}>{`  ${symbols.bullet} ${t}`}</Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
