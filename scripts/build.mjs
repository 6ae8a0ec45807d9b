// One ESM bundle for the CLI. Everything the first frame does not need (the AWS SDK,
// the sandbox, step logic of later screens) is loaded with dynamic import() and lands in
// separate chunks, so the welcome screen draws before the SDK is even parsed.
import { build } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { writeNotices } from './notices.mjs';

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

// yoga-layout (Ink's layout engine) carries its WebAssembly as a base64 data: URL and, when
// fetch exists, reads it with fetch(), which loads Node's whole HTTP client (undici) before
// the first frame. Its fallback decodes the same string synchronously; make it take that.
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const patched = source.replaceAll('"function"!=typeof fetch', 'true');
      if (patched === source) console.warn(`yoga-without-fetch: nothing to patch in ${args.path}; left as is`);
      return { contents: patched, loader: 'js' };
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
  plugins: [dropInkDevtools, yogaWithoutFetch],
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
