// What makes the first frame fast is structure, so test the structure (not a timing):
// the modules loaded before the welcome screen draws must not include the AWS SDK.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

interface Metafile {
  outputs: Record<string, { entryPoint?: string; imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }>;
}

const meta = JSON.parse(readFileSync(new URL('../../dist/meta.json', import.meta.url), 'utf8')) as Metafile;

/** the output holding an input; a node_modules/ path matches wherever node_modules is */
function outputFor(input: string): string {
  const matches = (i: string) => i === input || (input.startsWith('node_modules/') && i.endsWith(`/${input}`));
  const hit = Object.entries(meta.outputs).find(([, o]) => Object.keys(o.inputs).some(matches));
  if (!hit) throw new Error(`${input} is not in the bundle`);
  return hit[0];
}

/** every output loaded by static imports from the given outputs */
function staticClosure(starts: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length) {
    const out = queue.pop()!;
    if (seen.has(out)) continue;
    seen.add(out);
    for (const imp of meta.outputs[out]?.imports ?? []) {
      if (imp.kind === 'import-statement' && meta.outputs[imp.path]) queue.push(imp.path);
    }
  }
  return seen;
}

const inputsOf = (outs: Set<string>) => [...outs].flatMap((o) => Object.keys(meta.outputs[o]!.inputs));

describe('bundle structure', () => {
  it('the entry and the setup command (welcome screen) load no @aws-sdk or sandbox module', () => {
    const firstFrame = staticClosure([outputFor('src/cli.tsx'), outputFor('src/commands/setup.tsx')]);
    const inputs = inputsOf(firstFrame);
    expect(inputs).toContain('src/screens/Welcome.tsx');
    expect(inputs.filter((i) => i.includes('node_modules/@aws-sdk/') || i.includes('node_modules/@smithy/'))).toEqual([]);
    expect(inputs.filter((i) => i.startsWith('src/aws/sdk/') || i.startsWith('src/aws/sandbox/'))).toEqual([]);
  });

  it('the first frame loads none of the libraries only later screens use, and no step screen', () => {
    const inputs = inputsOf(staticClosure([outputFor('src/cli.tsx'), outputFor('src/commands/setup.tsx')]));
    // (fastest-levenshtein, 1 kB, is allowed: parseArgs uses it for "did you mean")
    const later = [
      'qrcode-generator', 'otpauth', 'ical-generator', 'ical.js', 'csv-parse',
      'libphonenumber-js', 'email-addresses', 'email-providers', 'yaml', 'ajv', 'enquirer', 'env-paths',
    ];
    expect(inputs.filter((i) => later.some((pkg) => i.includes(`node_modules/${pkg}/`)))).toEqual([]);
    // step definitions load when the flow starts (the registry imports them), the step view when a step is drawn
    expect(inputs.filter((i) => i.startsWith('src/steps/day-one/') || i === 'src/screens/flow/FlowView.tsx')).toEqual([]);
  });

  it('Ink reads its layout engine without fetch (no HTTP client before the first frame)', () => {
    const yoga = outputFor('node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js');
    expect(staticClosure([outputFor('src/cli.tsx'), outputFor('src/commands/setup.tsx')])).toContain(yoga);
    const code = readFileSync(new URL(`../../${yoga}`, import.meta.url), 'utf8');
    expect(code).toContain('data:application/octet-stream;base64,');
    expect(code).not.toMatch(/typeof fetch/);
  });

  it('the SDK is in the bundle, behind a dynamic import', () => {
    const all = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(all.some((i) => i.includes('node_modules/@aws-sdk/client-iam/'))).toBe(true);
  });
});
