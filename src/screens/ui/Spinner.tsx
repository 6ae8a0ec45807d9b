import React from 'react';
import { Text } from 'ink';
import { Spinner as InkSpinner } from '@inkjs/ui';
import { useUi } from './UiContext.js';

/** A spinner that is a still dot when animation is off (screen readers, tests). */
export function Spinner({ label }: { label: string }) {
  const { animate } = useUi();
  if (!animate) return <Text>{`… ${label}`}</Text>;
  return <InkSpinner label={label} />;
}
