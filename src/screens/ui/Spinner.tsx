import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { useUi } from './UiContext.js';
import { toneColor } from './theme.js';

// cli-spinners' "dots", the one @inkjs/ui's Spinner draws by default: kept here so the
// first frame does not parse the 32 kB table of every spinner there is
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const INTERVAL_MS = 80;

/** A spinner that is a still dot when animation is off (screen readers, tests). */
export function Spinner({ label }: { label: string }) {
  const { animate } = useUi();
  if (!animate) return <Text>{`… ${label}`}</Text>;
  return <Turning label={label} />;
}

function Turning({ label }: { label: string }) {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), INTERVAL_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <Box gap={1}>
      <Text color={toneColor.info}>{FRAMES[frame]}</Text>
      <Text>{label}</Text>
    </Box>
  );
}
