// A QR code as text, two modules per character row (half blocks). No UI: the Ink screen
// colours and lays it out, the plain front end prints it.
import qrcode from 'qrcode-generator';

/** One glyph per pair of modules stacked in a column: top, bottom. */
const GLYPH = { none: ' ', top: '▀', bottom: '▄', both: '█' } as const;

/** The widest quiet zone drawn: ISO/IEC 18004 asks for 4 modules; 2 still scans with most apps. */
export const QUIET_MAX = 4;
export const QUIET_MIN = 2;

export interface QrMatrix {
  /** modules per side */
  size: number;
  /** true for a dark module; row and column from 0 */
  dark: (row: number, col: number) => boolean;
}

export interface QrText {
  lines: string[];
  /** columns: one per module */
  width: number;
  /** rows: two modules per row */
  height: number;
  /** the light margin around the code, in modules */
  quiet: number;
  /**
   * 'dark': the glyphs draw the dark modules (to be shown dark on light: explicit colours,
   * or a light-themed terminal); 'light': the glyphs draw the light modules and the
   * quiet zone (for a terminal with a dark background and no colours).
   */
  ink: 'dark' | 'light';
}

// the characters QR's alphanumeric mode holds: 11 bits per two characters instead of 16
const ALPHANUMERIC_RUN = /[0-9A-Z $%*+\-./:]{12,}/g;

/**
 * Encode ASCII text at error correction level L, the smallest version that holds it. Long
 * runs of QR's alphanumeric characters (a base32 secret: A-Z, 2-7) go in alphanumeric
 * segments, the rest in byte segments: for an otpauth URI with AWS's 64-character seed
 * that is version 5 (37 modules) instead of 6 (41).
 */
export function encodeQr(text: string): QrMatrix {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error('A QR code here holds printable ASCII only (percent-encode the rest)');
  const qr = qrcode(0, 'L');
  let at = 0;
  for (const m of text.matchAll(ALPHANUMERIC_RUN)) {
    if (m.index > at) qr.addData(text.slice(at, m.index), 'Byte');
    qr.addData(m[0], 'Alphanumeric');
    at = m.index + m[0].length;
  }
  if (at < text.length || text.length === 0) qr.addData(text.slice(at), 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  return { size, dark: (row, col) => qr.isDark(row, col) };
}

/** Lines of half blocks with a `quiet`-module margin; `ink` says which modules the glyphs draw. */
export function renderQr(m: QrMatrix, quiet: number, ink: 'dark' | 'light'): QrText {
  const side = m.size + 2 * quiet;
  // outside the code (the quiet zone, and the half row under an odd-sized code) is light
  const isInk = (row: number, col: number) => {
    const r = row - quiet;
    const c = col - quiet;
    const dark = r >= 0 && c >= 0 && r < m.size && c < m.size && m.dark(r, c);
    if (row >= side) return false;
    return ink === 'dark' ? dark : !dark;
  };
  const lines: string[] = [];
  for (let row = 0; row < side; row += 2) {
    let line = '';
    for (let col = 0; col < side; col++) {
      const top = isInk(row, col);
      const bottom = isInk(row + 1, col);
      line += top && bottom ? GLYPH.both : top ? GLYPH.top : bottom ? GLYPH.bottom : GLYPH.none;
    }
    lines.push(line);
  }
  return { lines, width: side, height: lines.length, quiet, ink };
}

/** The whole code with the widest quiet zone (4 down to 2 modules) that fits `columns` x `rows`. */
export function drawQr(text: string, opts: { ink?: 'dark' | 'light'; columns?: number; rows?: number } = {}): QrText {
  const m = encodeQr(text);
  const ink = opts.ink ?? 'dark';
  for (let quiet = QUIET_MAX; quiet > QUIET_MIN; quiet--) {
    const side = m.size + 2 * quiet;
    if (side <= (opts.columns ?? Infinity) && Math.ceil(side / 2) <= (opts.rows ?? Infinity)) return renderQr(m, quiet, ink);
  }
  return renderQr(m, QUIET_MIN, ink);
}
