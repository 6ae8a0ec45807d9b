// Source patches the build applies to bundled dependencies, each for the first frame's sake.
// Every patch is an exact text replacement (yoga's memory size: a checked rewrite of one
// field of its WebAssembly): when a dependency update changes the text, the build warns and
// bundles the file without that patch (correct, only slower), and the unit test
// test/unit/bundle-patches.test.ts fails until the patch is brought up to date.

/**
 * yoga-layout (Ink's layout engine) carries its WebAssembly as a base64 data: URL and, when
 * fetch exists, reads it with fetch(), which loads Node's whole HTTP client (undici) before
 * the first frame. Its fallback decodes the same string synchronously; make it take that,
 * and decode with Buffer: the fallback's atob() is, on Node 20, a JavaScript loop over
 * 95 kB that leaves a 71 kB string behind, copied into the byte array one byte at a time.
 * Then compile and instantiate synchronously (a few ms of Liftoff on this thread): the
 * asynchronous WebAssembly.instantiate hands the work to a background thread and resumes
 * only on a later event-loop turn, while nothing else can run (Ink's module waits on it
 * with a top-level await), and on a busy machine that thread waits for a core.
 */
export const yogaPatches = [
  { find: '"function"!=typeof fetch', replace: 'true', all: true },
  {
    find: 'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
    replace: 'var b=Buffer.from(a.slice(37),"base64"),d=new Uint8Array(b.buffer,b.byteOffset,b.length)',
  },
  { find: 'return WebAssembly.instantiate(f,d)', replace: 'return{instance:new WebAssembly.Instance(new WebAssembly.Module(f),d)}' },
  { name: 'yoga memory starts at 1 MiB', transform: (source) => withInitialMemoryPages(source, YOGA_INITIAL_PAGES) },
];

/**
 * yoga's module declares 16 MiB of initial memory (Emscripten's default) and may grow to
 * 2 GiB. A layout of a few hundred nodes needs a fraction of one: its data and stack end at
 * 73 kB. V8 counts the 16 MiB ArrayBuffer against its first heap limit, and allocating it
 * set off a full mark-compact collection in the middle of the first frame (20–80 ms). The
 * module grows its memory when malloc needs more (its emscripten_resize_heap), so it starts
 * at 1 MiB instead.
 */
export const YOGA_INITIAL_PAGES = 16;

/**
 * The source with the embedded WebAssembly's memory minimum set to `pages` (64 KiB each),
 * written in the same number of bytes (a padded LEB128), or null when the source holds no
 * base64 module, no memory section, or a minimum that is already at most `pages` or below
 * where the module's data and stack end.
 */
export function withInitialMemoryPages(source, pages) {
  const match = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(source);
  if (!match) return null;
  const bytes = Buffer.from(match[1], 'base64');
  if (bytes.readUInt32LE(0) !== 0x6d736100) return null;
  let i = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[i++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  let dataEnd = 0;
  let memory = null;
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    const start = i;
    if (id === 5) {
      if (leb() !== 1) return null;
      i++; // limits flags
      const at = i;
      const min = leb();
      memory = { at, length: i - at, min };
    } else if (id === 6) {
      // globals: a mutable i32 starting at an address (Emscripten's stack pointer) bounds it too
      const count = leb();
      for (let k = 0; k < count; k++) {
        const type = bytes[i++];
        const mutable = bytes[i++];
        // only i32 globals set by i32.const are expected here: anything else, no patch
        if (type !== 0x7f || bytes[i++] !== 0x41) return null;
        const init = leb();
        if (bytes[i++] !== 0x0b) return null;
        if (mutable === 1) dataEnd = Math.max(dataEnd, init);
      }
    } else if (id === 11) {
      // active data segments: flags 0, i32.const offset, end; their ends bound the minimum
      const count = leb();
      for (let k = 0; k < count; k++) {
        if (leb() !== 0 || bytes[i++] !== 0x41) return null;
        const offset = leb();
        if (bytes[i++] !== 0x0b) return null;
        const length = leb();
        dataEnd = Math.max(dataEnd, offset + length);
        i += length;
      }
    }
    i = start + size;
  }
  if (!memory || memory.min <= pages || dataEnd > pages * 65536) return null;
  let value = pages;
  for (let k = 0; k < memory.length; k++) {
    bytes[memory.at + k] = (value & 0x7f) | (k < memory.length - 1 ? 0x80 : 0);
    value >>= 7;
  }
  return source.replace(match[1], bytes.toString('base64'));
}

/**
 * `new Intl.Segmenter()` makes V8 list and canonicalize every locale ICU has (90 million
 * instructions, 6% of the first frame) before the first segment is asked for: both
 * string-width copies construct theirs when first used.
 */
const LAZY_SEGMENTER = {
  find: 'const segmenter = new Intl.Segmenter();\n',
  replace: 'let segmenterBuilt;\nconst segmenter = {segment: string => (segmenterBuilt ??= new Intl.Segmenter()).segment(string)};\n',
};

/**
 * Code points that can be part of a grapheme cluster of more than one code point (UAX #29):
 * marks and other Extend characters, ZWJ and ZWNJ (format characters, all of them, to be
 * safe), spacing marks (the Lo ones too), Prepend characters, CR (of CR LF; other controls,
 * ESC included, always stand alone), Hangul jamo, and everything outside the BMP (regional
 * indicators, emoji modifiers), lone surrogates included. A string without any of them is
 * one cluster per code point. test/unit/bundle-patches.test.ts checks this against
 * Intl.Segmenter for every code unit.
 */
export const GRAPHEME_JOINER_CLASS =
  '[\\p{M}\\p{Grapheme_Extend}\\p{Cf}\\r\\u0D4E\\u0E33\\u0EB3\\u1100-\\u11FF\\uA960-\\uA97F\\uD7B0-\\uD7FF\\uD800-\\uDFFF\\u{10000}-\\u{10FFFF}]';

/**
 * string-width 8 (Ink measures every line with it) splits each non-ASCII line into grapheme
 * clusters with Intl.Segmenter and tests every cluster against /^\p{RGI_Emoji}$/v. V8
 * compiles that expression, thousands of emoji sequences, on its first use: 20–100 ms
 * inside the first frame, for the welcome screen's "—" and "…". A cluster of one UTF-16
 * code unit gets the same width from its East Asian Width (every single-code-point RGI
 * emoji is East Asian Wide; a lone Hangul jamo and any other single code point end in the
 * same lookup), which is the fast path string-width 9 itself takes; string-width 9 needs
 * Node 22, so the path is added to version 8 here. A line with no code point that could join
 * a cluster (GRAPHEME_JOINER_CLASS) is all such clusters and is measured without the
 * segmenter, which the first frame then never builds.
 */
export const stringWidthPatches = [
  // Building that expression (the RegExp constructor parses it at once, and esbuild writes
  // a /v literal as a constructor call for Node 20) is itself 190 million instructions of
  // ICU work, 13% of everything before the first frame: build it on first use.
  {
    find: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;\n',
    replace:
      'let rgiEmojiRegexBuilt;\n' +
      'const rgiEmojiRegex = {test: segment => (rgiEmojiRegexBuilt ??= /^\\p{RGI_Emoji}$/v).test(segment)};\n',
  },
  LAZY_SEGMENTER,
  {
    find: '\tfor (const {segment} of segmenter.segment(string)) {\n',
    replace:
      `\tif (!/${GRAPHEME_JOINER_CLASS}/u.test(string)) {\n` +
      '\t\tfor (const character of string) {\n' +
      '\t\t\tif (visibleCharacterRegex.test(character)) {\n' +
      '\t\t\t\twidth += eastAsianWidth(character.codePointAt(0), eastAsianWidthOptions);\n' +
      '\t\t\t}\n' +
      '\t\t}\n\n' +
      '\t\treturn width;\n' +
      '\t}\n\n' +
      '\tfor (const {segment} of segmenter.segment(string)) {\n' +
      '\t\tif (segment.length === 1) {\n' +
      '\t\t\tif (visibleCharacterRegex.test(segment)) {\n' +
      '\t\t\t\twidth += eastAsianWidth(segment.codePointAt(0), eastAsianWidthOptions);\n' +
      '\t\t\t}\n\n' +
      '\t\t\tcontinue;\n' +
      '\t\t}\n\n',
  },
];

/**
 * @alcalzone/ansi-tokenize (Ink turns every output line into styled characters with it)
 * splits each line with a grapheme Intl.Segmenter built when the module loads. A line with
 * no code point that could join a cluster (GRAPHEME_JOINER_CLASS; the ESC of a colour code
 * always stands alone) is split code point by code point, the same segments; the segmenter
 * is built for the first line that needs it.
 */
export const ansiTokenizePatches = [
  {
    find: 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });\n',
    replace:
      'let segmenterBuilt;\n' +
      'function* codePointSegments(str) {\n' +
      '    let index = 0;\n' +
      '    for (const segment of str) {\n' +
      '        yield { segment, index, input: str };\n' +
      '        index += segment.length;\n' +
      '    }\n' +
      '}\n' +
      'const segmenter = {\n' +
      `    segment: (str) => /${GRAPHEME_JOINER_CLASS}/u.test(str)\n` +
      '        ? (segmenterBuilt ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(str)\n' +
      '        : codePointSegments(str),\n' +
      '};\n',
  },
];

/** slice-ansi (Ink's clipping and truncation) builds its segmenter when first used. */
export const sliceAnsiPatches = [
  {
    find: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});\n",
    replace:
      'let graphemeSegmenterBuilt;\n' +
      "const GRAPHEME_SEGMENTER = {segment: string => (graphemeSegmenterBuilt ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(string)};\n",
  },
];

/**
 * Apply patches to a source text: `{ find, replace, all? }` replaces text, `{ name,
 * transform }` rewrites it (transform returns null when it does not apply).
 * @returns {{ code: string, missing: string[] }} the patched text and the `find` texts (or
 *   names) of the patches that did not apply (those are left out)
 */
export function applyPatches(source, patches) {
  let code = source;
  const missing = [];
  for (const p of patches) {
    if (p.transform) {
      const out = p.transform(code);
      if (out === null) missing.push(p.name);
      else code = out;
    } else if (!code.includes(p.find)) missing.push(p.find);
    else code = p.all ? code.replaceAll(p.find, p.replace) : code.replace(p.find, p.replace);
  }
  return { code, missing };
}

/** which patches apply to which file, by its path under the project's node_modules */
export const sourcePatches = [
  { file: 'node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js', patches: yogaPatches },
  // Ink's string-width 8
  { file: 'node_modules/string-width/index.js', patches: stringWidthPatches },
  // wrap-ansi's own copy (version 7), which Ink wraps text with
  { file: 'node_modules/wrap-ansi/node_modules/string-width/index.js', patches: [LAZY_SEGMENTER] },
  { file: 'node_modules/@alcalzone/ansi-tokenize/build/tokenize.js', patches: ansiTokenizePatches },
  { file: 'node_modules/slice-ansi/tokenize-ansi.js', patches: sliceAnsiPatches },
];
