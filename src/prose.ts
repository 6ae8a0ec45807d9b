// Prose wrapped at word boundaries with a hanging indent. A word longer than the line (a
// URL, a command, a key) is never broken: it overflows and the terminal wraps it, so a
// person who copies it gets it whole.
import wrapAnsi from 'wrap-ansi';

/**
 * `text` as lines of at most `width` columns (words longer than that stay whole), the first
 * line starting with `first`, every continuation line indented by `indent` spaces (default:
 * as wide as `first`; a `first` wider than `indent` stands on a line of its own). Line feeds in `text` start new paragraphs with the same indent.
 */
export function hangingLines(text: string, width: number, first = '', indent = first.length): string[] {
  const room = Math.max(10, width - indent);
  const pad = ' '.repeat(indent);
  const lines = wrapAnsi(text, room, { hard: false, trim: true }).split('\n');
  // a label wider than the indent gets a line of its own
  if (first.length > indent) return [first.trimEnd(), ...lines.map((l) => pad + l)];
  return lines.map((l, i) => (i === 0 ? first.padEnd(indent) + l : pad + l));
}
