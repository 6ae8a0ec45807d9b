import React from 'react';
import { Box, Text } from 'ink';
import { useUi } from './ui/UiContext.js';

export interface StepHeaderProps {
  title: string;
  /** "Step 3 of 7" when inside the wizard */
  step?: { index: number; total: number };
}

export function StepHeader({ title, step }: StepHeaderProps) {
  const { demo } = useUi();
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box>
        <Text color="cyan" bold>
          mvsp-setup
        </Text>
        {step ? <Text dimColor>{`  Step ${step.index} of ${step.total}`}</Text> : null}
        <Text>{`  ${title}`}</Text>
      </Box>
      {demo ? (
        <Text color="yellow">DEMO — sandbox account, nothing here reaches AWS</Text>
      ) : null}
    </Box>
  );
}
