import React from 'react';
import { Box, Text } from 'ink';
import type { Action, ProgressEvent } from '../steps/types.js';
import { Spinner } from './ui/Spinner.js';
import { symbols } from './ui/theme.js';
import { AwsError, describeAwsError } from '../aws/errors.js';

export type ActionState =
  | { state: 'waiting' }
  | { state: 'running' }
  | { state: 'done'; ms: number }
  | { state: 'failed'; ms: number; error: Error }
  | { state: 'skipped'; reason: string };

export function reduceProgress(states: Record<string, ActionState>, e: ProgressEvent): Record<string, ActionState> {
  switch (e.type) {
    case 'start':
      return { ...states, [e.action.id]: { state: 'running' } };
    case 'done':
      return { ...states, [e.action.id]: { state: 'done', ms: e.ms } };
    case 'failed':
      return { ...states, [e.action.id]: { state: 'failed', ms: e.ms, error: e.error } };
    case 'skipped':
      return { ...states, [e.action.id]: { state: 'skipped', reason: e.reason } };
  }
}

/** The short name of an error (its AWS title, or its message). */
export function errorTitle(error: Error): string {
  return error instanceof AwsError ? describeAwsError(error).title : error.message;
}

/** One line per action: spinner while running, then a tick or a cross and the time taken, or why it was not run. */
export function ApplyView({ actions, states }: { actions: Action[]; states: Record<string, ActionState> }) {
  return (
    <Box flexDirection="column">
      {actions.map((a) => {
        const s = states[a.id] ?? { state: 'waiting' };
        switch (s.state) {
          case 'waiting':
            return <Text key={a.id} dimColor>{`  ${symbols.pending} ${a.summary}`}</Text>;
          case 'running':
            return (
              <Box key={a.id} marginLeft={2}>
                <Spinner label={a.summary} />
              </Box>
            );
          case 'done':
            return (
              <Text key={a.id}>
                <Text color="green">{`  ${symbols.pass} `}</Text>
                {a.summary}
                <Text dimColor>{` (${s.ms} ms)`}</Text>
              </Text>
            );
          case 'skipped':
            return <Text key={a.id} dimColor>{`  ${symbols.pending} ${a.summary} — not done: ${s.reason}`}</Text>;
          case 'failed':
            return (
              <Box key={a.id} flexDirection="column">
                <Text color="red">{`  ${symbols.fail} ${a.summary} — failed`}</Text>
                {/* the title only: what to do is said once below the list, not per action */}
                <Text color="red">{`    ${errorTitle(s.error)}`}</Text>
              </Box>
            );
        }
      })}
    </Box>
  );
}
