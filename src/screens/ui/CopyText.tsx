// A line a person copies (a command, a crontab line, a URL): never broken by the layout.
// One that fits the terminal is drawn whole. A wider one cannot be part of a frame: the
// terminal would wrap it behind Ink's back, and every redraw would then leave rows of the
// frame before on the screen. So the frame shows its start and says where it is whole, and
// the line is printed whole below the last frame when the program ends.
import React, { useEffect } from 'react';
import { Box, Text } from 'ink';
import { useOptionalLifecycle } from '../Root.js';
import { Link } from './Link.js';
import { wrapText } from '../../text-wrap.js';

const NOTE = '(too wide for this screen: printed whole when mvsp-setup exits)';

/** Rows a CopyText takes at `columns` columns. */
export function copyTextRows(text: string, indent: number, columns: number): number {
  return indent + [...text].length <= columns ? 1 : 2;
}

export function CopyText({ text, indent, label, color = 'cyan', columns }: { text: string; indent: number; label?: string | undefined; color?: string; columns: number }) {
  const lifecycle = useOptionalLifecycle();
  const chars = [...text];
  const fits = indent + chars.length <= columns;
  useEffect(() => {
    // the label is prose: wrapped at words; the line itself is one line, whatever its width
    if (!fits) lifecycle?.keepAfterExit(text, [...(label ? [wrapText(label, columns)] : []), `  ${text}`]);
  }, [fits, text, label]);
  const pad = ' '.repeat(indent);
  if (fits) {
    return (
      <Box width={indent + chars.length} flexShrink={0}>
        <Text>{pad}</Text>
        {/^https:\/\/\S+$/.test(text) ? <Link url={text} color={color} /> : <Text color={color}>{text}</Text>}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text color={color} wrap="truncate-end">{`${pad}${chars.slice(0, Math.max(1, columns - indent - 1)).join('')}…`}</Text>
      <Text dimColor wrap="truncate-end">{`${pad}${NOTE}`}</Text>
    </Box>
  );
}
