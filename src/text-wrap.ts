// Wrapping for line output (--plain): prose breaks at spaces and continues under where its
// text began (a hanging indent), and what a person copies — a command, a crontab line, a
// URL, a key — is never split: a terminal that soft-wraps it keeps it one line when
// copied, a line break inserted here would not.

/** Columns a string takes; one per code point (the output here is Latin text and symbols). */
export function columns(s: string): number {
  return Array.from(s).length;
}

// a crontab line: five schedule fields, then the command
const CRON = /^\s*(?:[\d*][\d*/,-]*\s+){5}\S/;
// a shell command shown as one: "$ …"
const SHELL = /^\s*\$ /;

/**
 * Whether `line` is, as a whole, something a person copies (a crontab line, a `$ ` shell
 * line): such a line is printed whole and never wrapped.
 */
export function isCopyableLine(line: string): boolean {
  return CRON.test(line) || SHELL.test(line);
}

// where a continuation line starts: under the text after a status mark, a list number or
// bullet, a question mark, or a short label ("Fix: ", "Sign-in URL: ", "reminder: ")
const MARKER = /^(?:[✖✔⚠?•›○*-] +|\d{1,2}[.)] +|[A-Za-z][A-Za-z -]{0,18}: +)/u;

/** The indent continuation lines of `line` take: its own indent plus its leading mark, if any. */
export function hangingIndent(line: string, width = Infinity): string {
  const indent = /^ */.exec(line)![0];
  const mark = MARKER.exec(line.slice(indent.length))?.[0] ?? '';
  const hang = indent.length + columns(mark);
  // a hang that leaves too little room is no help: fall back to the line's indent plus two
  return ' '.repeat(hang > width / 2 ? Math.min(indent.length + 2, Math.floor(width / 2)) : hang);
}

// a command in prose: `npx [--yes] mvsp-setup[@version] [subcommand] (--flag [value])*`, or
// anything in backticks
const COMMAND = /`[^`]+`|(?:npx (?:--yes )?)?mvsp-setup(?:@\S+)?(?: (?!--)[a-z][a-z-]*)?(?: --?[a-z][\w-]*(?:[ =](?!-)[^\s,;()]+)?)*/g;

interface Unit {
  text: string;
  /** the spaces after it in the line */
  gap: string;
}

/** The line split at spaces, except inside commands, which stay one unit. */
function units(body: string): Unit[] {
  const keep: [number, number][] = [];
  for (const m of body.matchAll(COMMAND)) if (m[0].includes(' ')) keep.push([m.index, m.index + m[0].length]);
  const out: Unit[] = [];
  for (const m of body.matchAll(/(\S+)( *)/g)) {
    const last = out[out.length - 1];
    // a space inside a command joins this word to the one before
    if (last && keep.some(([from, to]) => m.index > from && m.index < to)) {
      last.text += last.gap + m[1];
      last.gap = m[2]!;
    } else {
      out.push({ text: m[1]!, gap: m[2]! });
    }
  }
  return out;
}

/**
 * `text` (no line feeds, no indent) broken at spaces: the first line at most `firstWidth`
 * columns, the others at most `restWidth`. A word, command or URL longer than the room
 * left goes on a line of its own, whole: it overflows rather than breaks.
 */
export function breakWords(text: string, firstWidth: number, restWidth = firstWidth): string[] {
  const out: string[] = [];
  let current = '';
  let room = firstWidth;
  for (const u of units(text)) {
    if (current !== '' && columns(current) + columns(u.text) > room) {
      out.push(current.trimEnd());
      current = '';
      room = restWidth;
    }
    current += u.text + u.gap;
  }
  out.push(current.trimEnd());
  return out;
}

/**
 * `line` (no line feeds) broken at spaces into lines of at most `width` columns (see
 * breakWords). Later lines start at the hanging indent (see hangingIndent). A copyable
 * line (isCopyableLine), and any line when `width` is not positive, comes back as it is.
 */
export function wrapLine(line: string, width: number): string[] {
  if (!(width > 0) || columns(line) <= width || isCopyableLine(line)) return [line];
  const indent = /^ */.exec(line)![0];
  const hang = hangingIndent(line, width);
  const lines = breakWords(line.slice(indent.length), width - indent.length, width - hang.length);
  return lines.map((l, i) => (i === 0 ? indent : hang) + l);
}

/** Every line of `text` wrapped with wrapLine; line feeds in `text` stay line ends. */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((l) => wrapLine(l, width))
    .join('\n');
}
