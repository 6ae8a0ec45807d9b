// The build patches two dependencies for the first frame (scripts/build-patches.mjs). A
// patch must still find its text in the installed version, must be in the bundle, and must
// not change what the code computes: string-width's fast path is checked against the
// unpatched function on every UTF-16 code unit and on clusters that take the slow path.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error a build script (plain JavaScript, no types)
import { applyPatches, sourcePatches, stringWidthPatches, yogaPatches } from '../../scripts/build-patches.mjs';
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

/** import string-width's index.js as patched (or not) from a copy whose imports point at the installed packages */
async function loadStringWidth(patched: boolean, dir: string): Promise<(s: string) => number> {
  const path = join(root, 'node_modules/string-width/index.js');
  const require = createRequire(path);
  let code = readFileSync(path, 'utf8');
  if (patched) code = apply(code, stringWidthPatches as Patch[]).code;
  for (const dep of ['strip-ansi', 'get-east-asian-width']) code = code.replace(`from '${dep}'`, `from '${pathToFileURL(require.resolve(dep)).href}'`);
  const file = join(dir, `string-width-${patched ? 'patched' : 'original'}.mjs`);
  writeFileSync(file, code);
  return ((await import(pathToFileURL(file).href)) as { default: (s: string) => number }).default;
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
});
