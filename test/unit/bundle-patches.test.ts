// The build patches dependencies for the first frame (scripts/build-patches.mjs). A patch
// must still find its text in the installed version, must be in the bundle, and must not
// change what the code computes: patched string-width and ansi-tokenize are checked against
// the unpatched code (every UTF-16 code unit, thousands of mixed strings), the grapheme
// joiner class against Intl.Segmenter, and yoga's smaller starting memory by a layout that
// has to grow it.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error a build script (plain JavaScript, no types)
import { GRAPHEME_JOINER_CLASS, ansiTokenizePatches, applyPatches, sourcePatches, stringWidthPatches, yogaPatches } from '../../scripts/build-patches.mjs';
import originalYoga from 'yoga-layout';

type Patch = { find: string; replace: string; all?: boolean };
type Entry = { file: string; patches: Patch[] };
const entries = sourcePatches as Entry[];
const apply = applyPatches as (source: string, patches: Patch[]) => { code: string; missing: string[] };

const root = resolve(import.meta.dirname, '../..');
const meta = JSON.parse(readFileSync(join(root, 'dist/meta.json'), 'utf8')) as {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
};

/** the bundled output holding a node_modules file (the top-level copy, not a nested one) */
function outputCode(file: string): string {
  const topLevel = (i: string) => i.endsWith(`node_modules/${file}`) && i.indexOf('node_modules/') === i.lastIndexOf('node_modules/');
  const hit = Object.entries(meta.outputs).find(([, o]) => Object.keys(o.inputs).some(topLevel));
  if (!hit) throw new Error(`${file} is not in the bundle`);
  return readFileSync(join(root, hit[0]), 'utf8');
}

/**
 * import a dependency's module as patched (or not) from a copy in `dir` whose imports
 * (bare or relative, quoted as in `deps`) point at the installed files
 */
async function loadCopy<T>(file: string, patches: Patch[] | null, deps: string[], dir: string): Promise<T> {
  const path = join(root, file);
  const require = createRequire(path);
  let code = readFileSync(path, 'utf8');
  if (patches) code = apply(code, patches).code;
  code = code.replace(/^\/\/# sourceMappingURL=.*$/m, '');
  for (const dep of deps) {
    const target = dep.startsWith('.') ? resolve(path, '..', dep) : require.resolve(dep);
    code = code.replace(new RegExp(`from (["'])${dep.replace(/[./]/g, '\\$&')}\\1`), `from '${pathToFileURL(target).href}'`);
  }
  const copy = join(dir, `${file.replace(/\W+/g, '-')}-${patches ? 'patched' : 'original'}.mjs`);
  writeFileSync(copy, code);
  return (await import(pathToFileURL(copy).href)) as T;
}

/** the bundled output holding a nested node_modules file, e.g. wrap-ansi/node_modules/string-width/index.js */
function nestedOutputCode(file: string): string {
  const hit = Object.entries(meta.outputs).find(([, o]) => Object.keys(o.inputs).some((i) => i.endsWith(`node_modules/${file}`)));
  if (!hit) throw new Error(`${file} is not in the bundle`);
  return readFileSync(join(root, hit[0]), 'utf8');
}

/** string-width's function as patched (or not) */
async function loadStringWidth(patched: boolean, dir: string): Promise<(s: string) => number> {
  const mod = await loadCopy<{ default: (s: string) => number }>('node_modules/string-width/index.js', patched ? (stringWidthPatches as Patch[]) : null, ['strip-ansi', 'get-east-asian-width'], dir);
  return mod.default;
}

/** strings that mix every kind of character the patches tell apart, reproducibly */
function mixedStrings(count: number): string[] {
  const pool = ['a', 'Z', ' ', '—', '…', '⠋', '·', '漢', '가', '각', 'ｶ', 'ﾞ', '©', '⌚', '☀', '\ufe0f', '\ufe0e', '\u0301', '\u200d', '\u200c', '\u00ad', '\u1100', '\u1161', '\u11a8', '👍', '🏽', '🇫', '🇷', '1', '\u20e3', '\u0e33', '\u0600', '\u0915', '\u094d', '\t', '\r', '\n', '\u001b[1m', '\u001b[22m', '\u001b[31m', '\u001b[39m'];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () => Array.from({ length: 1 + (next() % 12) }, () => pool[next() % pool.length]).join(''));
}

type Yoga = typeof originalYoga;

/** yoga as patched, from a copy of its module, with the raw Emscripten module to see its memory */
async function loadPatchedYoga(dir: string): Promise<{ yoga: Yoga; memoryBytes: () => number }> {
  const code = apply(readFileSync(join(root, 'node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js'), 'utf8'), yogaPatches as Patch[]).code;
  const file = join(dir, 'yoga-patched.mjs');
  writeFileSync(file, code);
  const load = ((await import(pathToFileURL(file).href)) as { default: () => Promise<{ HEAPU8: Uint8Array }> }).default;
  const wrapAssembly = ((await import(pathToFileURL(join(root, 'node_modules/yoga-layout/dist/src/wrapAssembly.js')).href)) as { default: (lib: unknown) => Yoga }).default;
  const lib = await load();
  return { yoga: wrapAssembly(lib), memoryBytes: () => lib.HEAPU8.length };
}

/** a wrapping row of `count` boxes of varied sizes; the children's computed layouts */
function layOut(yoga: Yoga, count: number): string[] {
  const root = yoga.Node.create();
  root.setWidth(800);
  root.setFlexDirection(yoga.FLEX_DIRECTION_ROW);
  root.setFlexWrap(yoga.WRAP_WRAP);
  for (let i = 0; i < count; i++) {
    const child = yoga.Node.create();
    child.setWidth(10 + (i % 37));
    child.setHeight(5 + (i % 11));
    child.setMargin(yoga.EDGE_ALL, i % 3);
    root.insertChild(child, i);
  }
  root.calculateLayout(undefined, undefined, yoga.DIRECTION_LTR);
  const out: string[] = [];
  for (let i = 0; i < count; i += 97) out.push(JSON.stringify(root.getChild(i).getComputedLayout()));
  out.push(JSON.stringify(root.getComputedLayout()));
  root.freeRecursive();
  return out;
}

describe('dependency patches of the build', () => {
  it('every patch still finds its text in the installed dependency', () => {
    for (const entry of entries) {
      const { missing } = apply(readFileSync(join(root, entry.file), 'utf8'), entry.patches);
      expect({ file: entry.file, missing }).toEqual({ file: entry.file, missing: [] });
    }
  });

  it('the bundle carries them: yoga decodes with Buffer, compiles synchronously, never fetches; string-width has the one-code-unit path', () => {
    const yoga = outputCode('yoga-layout/dist/binaries/yoga-wasm-base64-esm.js');
    expect(yoga).toMatch(/Buffer\.from\(\w+\.slice\(37\),"base64"\)/);
    expect(yoga).toMatch(/new WebAssembly\.Instance\(new WebAssembly\.Module\(\w+\),\w+\)/);
    expect(yoga).not.toMatch(/WebAssembly\.instantiate\(/);
    expect(yoga).not.toMatch(/typeof fetch/);
    expect(outputCode('string-width/index.js')).toMatch(/\.segment\(\w+\)\)\{if\(\w+\.length===1\)\{/);
  });

  it("string-width's fast path gives the unpatched width for every UTF-16 code unit and leaves longer clusters alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvsp-string-width-'));
    try {
      const [original, patched] = await Promise.all([loadStringWidth(false, dir), loadStringWidth(true, dir)]);
      const differ: string[] = [];
      for (let unit = 0; unit <= 0xffff; unit++) {
        // after a non-ASCII letter, so the text is not all ASCII and goes through the clusters
        const text = `é${String.fromCharCode(unit)}`;
        if (original(text) !== patched(text)) differ.push(unit.toString(16));
      }
      expect(differ).toEqual([]);
      // clusters of more than one code unit, and wide ones, keep their width
      const samples = ['DEMO — sandbox', 'Checking…', '⠋', '⌚', '👍', '👍🏽', '1️⃣', '🇫🇷', '👩‍💻', 'e\u0301', '\u1100\u1161\u11a8', '한국어', 'ｶﾞ', '漢字', '\u200d', '\u00ad', '☀\ufe0f'];
      expect(samples.map((s) => patched(s))).toEqual(samples.map((s) => original(s)));
      expect(patched('⌚')).toBe(2);
      expect(patched('DEMO — sandbox')).toBe(14);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('yoga starts with 1 MiB of memory, grows it for a large tree and lays it out as the unpatched yoga does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvsp-yoga-'));
    try {
      const { yoga, memoryBytes } = await loadPatchedYoga(dir);
      expect(memoryBytes()).toBe(16 * 65536);
      // 20,000 nodes take more than 1 MiB: the module has to grow its memory mid-layout
      const patched = layOut(yoga, 20_000);
      expect(memoryBytes()).toBeGreaterThan(16 * 65536);
      expect(patched).toEqual(layOut(originalYoga, 20_000));
      expect(layOut(yoga, 50)).toEqual(layOut(originalYoga, 50));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a string with no code point of GRAPHEME_JOINER_CLASS is one grapheme cluster per code point', () => {
    const joiner = new RegExp(GRAPHEME_JOINER_CLASS as string, 'u');
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    // neighbours of every grapheme-break class a non-joiner can have: Other, LV, LVT, Extended_Pictographic, LF
    const neighbours = ['a', '\uac00', '\uac01', '©', '\n'];
    // A code point's texts, each between NULs, segmented at once: a NUL is a Control, and a
    // grapheme break stands on both sides of a Control (UAX #29 GB4, GB5), so each text is
    // segmented exactly as on its own; a segment longer than one code unit is a join.
    // (One call per code point: Intl.Segmenter's iteration slows down on very long strings.)
    const joined: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const c = String.fromCharCode(unit);
      if (joiner.test(c)) continue;
      const texts = [c + c, ...neighbours.flatMap((n) => [n + c, c + n])];
      for (const { segment } of segmenter.segment(`\0${texts.join('\0')}\0`)) {
        if (segment.length > 1) joined.push(unit.toString(16));
      }
    }
    expect([...new Set(joined)]).toEqual([]);
    // and the class does hold what joins: a combining mark, ZWJ, a spacing mark, CR, a jamo, an emoji modifier
    for (const c of ['\u0301', '\u200d', '\u0903', '\u0e33', '\r', '\u1161', '🏽']) expect(joiner.test(c)).toBe(true);
  });

  it('string-width as patched measures mixed strings as the unpatched one does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvsp-string-width-'));
    try {
      const [original, patched] = await Promise.all([loadStringWidth(false, dir), loadStringWidth(true, dir)]);
      const strings = mixedStrings(3000);
      expect(strings.map((s) => patched(s))).toEqual(strings.map((s) => original(s)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("ansi-tokenize as patched gives the unpatched tokens, and the bundle builds every segmenter on first use", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvsp-ansi-tokenize-'));
    try {
      type Tokenize = { tokenize: (s: string) => unknown[] };
      const file = 'node_modules/@alcalzone/ansi-tokenize/build/tokenize.js';
      const deps = ['is-fullwidth-code-point', './ansiCodes.js'];
      const [original, patched] = await Promise.all([loadCopy<Tokenize>(file, null, deps, dir), loadCopy<Tokenize>(file, ansiTokenizePatches as Patch[], deps, dir)]);
      const strings = [...mixedStrings(2000), 'DEMO — sandbox', '\u001b[36m⠋\u001b[39m Checking…', '\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007'];
      expect(strings.map((s) => patched.tokenize(s))).toEqual(strings.map((s) => original.tokenize(s)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const file of ['string-width/index.js', 'wrap-ansi/node_modules/string-width/index.js', '@alcalzone/ansi-tokenize/build/tokenize.js', 'slice-ansi/tokenize-ansi.js']) {
      const code = file.includes('wrap-ansi') ? nestedOutputCode(file) : outputCode(file);
      expect(code.match(/new Intl\.Segmenter/g)?.length).toBe(code.match(/\?\?=new Intl\.Segmenter/g)?.length);
    }
  });
});
