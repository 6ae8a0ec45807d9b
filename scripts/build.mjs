// One ESM bundle for the CLI. Everything the first frame does not need (the AWS SDK,
// the sandbox, step logic of later screens) is loaded with dynamic import() and lands in
// separate chunks, so the welcome screen draws before the SDK is even parsed.
import { build } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeNotices } from './notices.mjs';
import { applyPatches, sourcePatches } from './build-patches.mjs';

// Ink imports its React devtools bridge only when DEV=true, and that bridge needs
// react-devtools-core, which is not shipped: keep the import failing the way Ink expects
// (it prints how to install it) without carrying 49 kB of bridge code in the package.
const dropInkDevtools = {
  name: 'drop-ink-devtools',
  setup(b) {
    b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      /[\\/]ink[\\/]build[\\/]/.test(args.importer) ? { path: 'ink-devtools', namespace: 'stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "const e = new Error('react-devtools-core is not bundled'); e.code = 'ERR_MODULE_NOT_FOUND'; throw e;",
      loader: 'js',
    }));
  },
};

// Patches to bundled dependencies (scripts/build-patches.mjs says what and why).
const patchSources = {
  name: 'patch-sources',
  setup(b) {
    const byPath = new Map(sourcePatches.map((p) => [resolve(p.file), p]));
    // esbuild calls back only for paths ending like a patched file's
    const filter = new RegExp(`(${sourcePatches.map((p) => p.file.split('/').slice(-2).join('[\\\\/]').replaceAll('.', '\\.')).join('|')})$`);
    b.onLoad({ filter }, async (args) => {
      const entry = byPath.get(args.path);
      if (!entry) return undefined;
      const { code, missing } = applyPatches(await readFile(args.path, 'utf8'), entry.patches);
      for (const text of missing) console.warn(`patch-sources: ${entry.file} has no ${JSON.stringify(text.slice(0, 60))}; that patch is left out`);
      return { contents: code, loader: 'js' };
    });
  },
};

await rm('dist', { recursive: true, force: true });
let result;
try {
  result = await build({
  entryPoints: { cli: 'src/cli.tsx' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  minify: true,
  sourcemap: false,
  metafile: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Ink's optional devtools integration is only loaded when DEV=true; never ship it.
  external: ['react-devtools-core'],
  plugins: [dropInkDevtools, patchSources],
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
    js: "import { createRequire as __mvspCreateRequire } from 'node:module'; const require = __mvspCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
} catch {
  // esbuild has already printed the errors
  process.exit(1);
}
await writeFile('dist/meta.json', JSON.stringify(result.metafile));
// the licences of everything bundled travel with the package (package.json `files`)
writeNotices(result.metafile);
