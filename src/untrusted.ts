// Text that came from outside the program (AWS responses, CSV files, answers files, the
// environment) may carry terminal control sequences: an OSC 52 sequence in an alternate
// contact's name would write the operator's clipboard. Such text is neutralised where it
// comes in (the SDK adapter, the CSV parsers, the answers file) and again where output
// leaves (line writers, reports), so one missed path is not enough to reach a terminal.

// C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F), the
// bidirectional formatting characters (Unicode UAX #9: ALM U+061C, LRM/RLM U+200E–U+200F,
// the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069): a right-to-left
// override in a contact's name reorders what the operator reads on a bidi-aware terminal;
// the line and paragraph separators U+2028–U+2029 (a line break to some renderers), and
// the invisible zero width space U+200B, word joiner U+2060 and U+FEFF (a name that looks
// like another). ZWJ/ZWNJ (U+200C–U+200D) stay: scripts and emoji need them.
const FORMAT = '\\u061c\\u200b\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2060\\u2066-\\u2069\\ufeff';
const CONTROL = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${FORMAT}]`, 'g');
const CONTROL_BUT_NEWLINE = new RegExp(`[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f${FORMAT}]`, 'g');
const ANY_CONTROL = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${FORMAT}]`);
const RAW_IN_JSON = new RegExp(`[\\u007f-\\u009f${FORMAT}]`, 'g');
const WHITESPACE_CONTROL = /[\t\n\r]/g;

/**
 * `text` with every C0/C1 control character, DEL and bidi formatting character replaced by
 * U+FFFD, so it prints as what it is and never drives the terminal or reorders what is
 * shown. Printable text, including non-ASCII and right-to-left letters, is kept.
 */
export function neutralize(text: string): string {
  return text.replace(CONTROL, '\ufffd');
}

/** Whether `text` holds a control character (answers that must be refused, not repaired). */
export function hasControl(text: string): boolean {
  return ANY_CONTROL.test(text);
}

/**
 * For output made of lines: like `neutralize`, but line feeds stay line feeds. Used by the
 * line writers (--ci, --plain), the verify text and the Markdown report.
 */
export function neutralizeLines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, '\ufffd');
}

/**
 * A value read from AWS with every string in it neutralised: tab, CR and LF become a
 * space (JSON documents such as an event pattern stay parseable), every other control
 * character U+FFFD. Arrays and plain objects are walked; dates, byte arrays and other
 * objects are returned as they are.
 */
export function neutralizeDeep<T>(value: T): T {
  if (typeof value === 'string') return value.replace(WHITESPACE_CONTROL, ' ').replace(CONTROL, '\ufffd') as T;
  if (Array.isArray(value)) return value.map((v) => neutralizeDeep(v)) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = neutralizeDeep(v);
    return out as T;
  }
  return value;
}

/** JSON text whose strings carry no raw C1 control, DEL, bidi formatting or invisible character (JSON.stringify escapes only C0). */
export function safeJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
