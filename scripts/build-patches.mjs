// Source patches the build applies to bundled dependencies, each for the first frame's sake.
// Every patch is an exact text replacement: when a dependency update changes the text, the
// build warns and bundles the file unpatched (correct, only slower), and the unit test
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
];

/**
 * string-width 8 (Ink measures every line with it) tests each grapheme cluster of a
 * non-ASCII line against /^\p{RGI_Emoji}$/v. V8 compiles that expression, thousands of
 * emoji sequences, on its first use: 20–100 ms inside the first frame, for the welcome
 * screen's "—" and "…". A cluster of one UTF-16 code unit gets the same width from its East
 * Asian Width (every single-code-point RGI emoji is East Asian Wide; a lone Hangul jamo and
 * any other single code point end in the same lookup), which is the fast path string-width
 * 9 itself takes; string-width 9 needs Node 22, so the path is added to version 8 here.
 */
export const stringWidthPatches = [
  {
    find: '\tfor (const {segment} of segmenter.segment(string)) {\n',
    replace:
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
 * Apply patches to a source text.
 * @returns {{ code: string, missing: string[] }} the patched text and the `find` texts that
 *   were not there (those patches are left out)
 */
export function applyPatches(source, patches) {
  let code = source;
  const missing = [];
  for (const p of patches) {
    if (!code.includes(p.find)) {
      missing.push(p.find);
      continue;
    }
    code = p.all ? code.replaceAll(p.find, p.replace) : code.replace(p.find, p.replace);
  }
  return { code, missing };
}

/** which patches apply to which file, by its path under the project's node_modules */
export const sourcePatches = [
  { file: 'node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js', patches: yogaPatches },
  // Ink's string-width 8; wrap-ansi's own copy (version 7, nested) has no such expression
  { file: 'node_modules/string-width/index.js', patches: stringWidthPatches },
];
