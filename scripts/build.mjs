// One ESM bundle for the CLI. Everything the first frame does not need (the AWS SDK,
// the sandbox, step logic of later screens) is loaded with dynamic import() and lands in
// separate chunks, so the welcome screen draws before the SDK is even parsed.
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';

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
