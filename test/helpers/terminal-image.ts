// What a terminal shows for a frame of text, as pixels: each cell is one unit wide and two
// tall (a terminal cell's shape), half blocks fill their half with the foreground colour,
// everything else is the cell's background (letters are too thin to matter to a QR
// decoder). Colours come from SGR escapes; the default foreground and background, and the
// 16 palette colours, are the terminal theme's, so the same frame can look different.

export interface Palette {
  /** default foreground and background, as [r, g, b] */
  fg: RGB;
  bg: RGB;
  /** the 16 ANSI colours, 0-7 normal, 8-15 bright */
  ansi: RGB[];
}

export type RGB = [number, number, number];

const XTERM_16: RGB[] = [
  [0, 0, 0], [205, 0, 0], [0, 205, 0], [205, 205, 0], [0, 0, 238], [205, 0, 205], [0, 205, 205], [229, 229, 229],
  [127, 127, 127], [255, 0, 0], [0, 255, 0], [255, 255, 0], [92, 92, 255], [255, 0, 255], [0, 255, 255], [255, 255, 255],
];

/** A dark theme: light grey text on near-black. */
export const DARK_THEME: Palette = { fg: [204, 204, 204], bg: [30, 30, 30], ansi: XTERM_16 };
/** A light theme: near-black text on white; its "white" is a light grey, as in many light themes. */
export const LIGHT_THEME: Palette = {
  fg: [32, 32, 32],
  bg: [255, 255, 255],
  ansi: XTERM_16.map((c, i) => (i === 7 ? [180, 180, 180] : i === 15 ? [200, 200, 200] : c)),
};

function color256(n: number, p: Palette): RGB {
  if (n < 16) return p.ansi[n]!;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return [v, v, v];
  }
  const i = n - 16;
  const step = (x: number) => (x === 0 ? 0 : 55 + x * 40);
  return [step(Math.floor(i / 36)), step(Math.floor(i / 6) % 6), step(i % 6)];
}

interface Pen {
  fg: RGB | null;
  bg: RGB | null;
  inverse: boolean;
}

function applySgr(params: number[], pen: Pen, p: Palette): void {
  if (params.length === 0) params = [0];
  for (let i = 0; i < params.length; i++) {
    const c = params[i]!;
    if (c === 0) Object.assign(pen, { fg: null, bg: null, inverse: false });
    else if (c === 7) pen.inverse = true;
    else if (c === 27) pen.inverse = false;
    else if (c >= 30 && c <= 37) pen.fg = p.ansi[c - 30]!;
    else if (c >= 90 && c <= 97) pen.fg = p.ansi[c - 90 + 8]!;
    else if (c >= 40 && c <= 47) pen.bg = p.ansi[c - 40]!;
    else if (c >= 100 && c <= 107) pen.bg = p.ansi[c - 100 + 8]!;
    else if (c === 39) pen.fg = null;
    else if (c === 49) pen.bg = null;
    else if (c === 38 || c === 48) {
      let rgb: RGB;
      if (params[i + 1] === 5) {
        rgb = color256(params[i + 2]!, p);
        i += 2;
      } else {
        rgb = [params[i + 2]!, params[i + 3]!, params[i + 4]!];
        i += 4;
      }
      if (c === 38) pen.fg = rgb;
      else pen.bg = rgb;
    }
  }
}

export interface Image {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Paint a frame (lines of text with SGR escapes) in a palette; `unit` pixels per module. */
export function paintFrame(frame: string, p: Palette, unit = 4): Image {
  const rows = frame.split('\n');
  const cells: { top: RGB; bottom: RGB }[][] = rows.map((line) => {
    const pen: Pen = { fg: null, bg: null, inverse: false };
    const out: { top: RGB; bottom: RGB }[] = [];
    // eslint-disable-next-line no-control-regex
    const tokens = line.split(/(\u001B\[[0-9;]*m)/);
    for (const t of tokens) {
      // eslint-disable-next-line no-control-regex
      const sgr = /^\u001B\[([0-9;]*)m$/.exec(t);
      if (sgr) {
        applySgr(sgr[1] === '' ? [] : sgr[1]!.split(';').map(Number), pen, p);
        continue;
      }
      for (const ch of t) {
        let fg = pen.fg ?? p.fg;
        let bg = pen.bg ?? p.bg;
        if (pen.inverse) [fg, bg] = [bg, fg];
        out.push(ch === '█' ? { top: fg, bottom: fg } : ch === '▀' ? { top: fg, bottom: bg } : ch === '▄' ? { top: bg, bottom: fg } : { top: bg, bottom: bg });
      }
    }
    return out;
  });
  const columns = Math.max(...cells.map((r) => r.length));
  const width = columns * unit;
  const height = rows.length * 2 * unit;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = cells[Math.floor(y / (2 * unit))]!;
    const half = Math.floor(y / unit) % 2 === 0 ? 'top' : 'bottom';
    for (let x = 0; x < width; x++) {
      const cell = row[Math.floor(x / unit)];
      const c = cell ? cell[half] : p.bg;
      const o = (y * width + x) * 4;
      data[o] = c[0];
      data[o + 1] = c[1];
      data[o + 2] = c[2];
      data[o + 3] = 255;
    }
  }
  return { data, width, height };
}
