// Text that came from outside the program (AWS responses, CSV files, answers files, the
// environment) may carry terminal control sequences: an OSC 52 sequence in an alternate
// contact's name would write the operator's clipboard. Every such string passes through
// `neutralize` before it reaches any output.

// C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * `text` with every C0/C1 control character and DEL replaced by U+FFFD, so it prints as
 * what it is and never drives the terminal. Printable text, including non-ASCII, is kept.
 */
export function neutralize(text: string): string {
  return text.replace(CONTROL, '\ufffd');
}
