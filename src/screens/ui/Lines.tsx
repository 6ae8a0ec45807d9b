// Lines that wrap the way a person reads and copies them. Ink's <Text wrap> restarts a
// wrapped line at column 0 and breaks wherever the column ends, also inside a command.
import React from 'react';
import { Box, Text } from 'ink';
import { breakWords, columns } from '../../text-wrap.js';
import { useBoxWidth } from '../hooks/useBoxWidth.js';

interface Look {
  color?: string;
  dimColor?: boolean;
  bold?: boolean;
}

/**
 * Something a person copies (a command, a crontab line, a URL, a key): printed whole on
 * one line, never wrapped or boxed. A line wider than the terminal is left for the
 * terminal to fold, so that selecting it copies one line.
 *
 * Ink counts a frame's rows by its line feeds, so a line the terminal folds is one row
 * more than Ink erases on the next redraw: each redraw of that frame leaves its top row
 * behind. Where a copy target can be wider than the terminal, put it on a frame that is
 * not redrawn (a final screen with no spinner) or write it once through Ink's <Static>.
 */
export function CopyableLine({ text, ...look }: { text: string } & Look) {
  return (
    <Box width={Math.max(1, columns(text))} flexShrink={0}>
      <Text {...look} wrap="truncate-end">
        {text}
      </Text>
    </Box>
  );
}

/**
 * `lead` ("  + ", "✖ ", "  Fix: ") and then `text`, wrapped at spaces within `width`
 * columns (default: the width the layout gives it, at most the screen's), its continuation lines starting under the
 * text, not at column 0. Commands in the text (`mvsp-setup …`, anything in backticks)
 * and words longer than the room are kept whole (see breakWords). `after`, one word, is
 * drawn dimmed after the text (a plan line's AWS call) and wraps with it.
 */
export function HangingLine({ lead, text, after, width, ...look }: { lead: string; text: string; after?: string; width?: number } & Look) {
  const [ref, available] = useBoxWidth();
  const leadWidth = columns(lead);
  const room = Math.max(10, (width ?? available) - leadWidth);
  const lines = breakWords(after ? `${text} ${after}` : text, room);
  const last = lines.length - 1;
  return (
    <Box ref={ref} flexDirection="row" width="100%">
      <Box width={leadWidth} flexShrink={0}>
        <Text {...look}>{lead}</Text>
      </Box>
      <Box flexDirection="column">
        {lines.map((line, i) => {
          // the call is the last word of the last line, drawn dimmed
          const own = after && i === last ? line.slice(0, line.length - after.length) : line;
          return (
            <Box key={i} width={Math.max(1, columns(line))} flexShrink={0}>
              <Text {...look} wrap="truncate-end">
                {own}
                {own !== line ? <Text dimColor>{after}</Text> : null}
              </Text>
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}
