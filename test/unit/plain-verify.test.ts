// verify --plain: the report as lines, then the same root-access questions as the screen
// (test/screens/verify-app.test.tsx gives the screen the same answers and expects the
// same record and report).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { runVerifyHeadless } from '../../src/headless/verify.js';
import type { LocalRecord } from '../../src/steps/local-record.js';
import { scriptedPlain } from '../helpers/plain.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const now = () => NOW;

describe('verify --plain (sandbox)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mvsp-verify-plain-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('asks the attestation one question at a time and saves the same record as the screen', async () => {
    const gateway = createSandboxGateway({ now });
    gateway.controls.addRootAccessKey();
    const session = createSession({ demo: true, gateway, now });
    const p = scriptedPlain(['', '1', 'Alice', 'Alice', 'Alice, Bob', '1']);
    let out = '';
    const code = await runVerifyHeadless(session, {
      json: false,
      version: '1.2.3',
      dataDir: dir,
      sleep: async () => {},
      out: (t) => (out += t),
      err: (t) => (out += t),
      io: p.io,
    });
    await p.io.close();
    expect(code).toBe(1);
    expect(out).toContain('✖ FAIL     root-access-keys: Root user has no access keys');
    expect(p.output()).toContain('  ✖ Name at least two people (got 1)');
    expect(p.output()).toContain('? 3. Root was used on 2026-11-24 (console password), after the last check.');

    const record = JSON.parse(readFileSync(join(dir, '111122223333.json'), 'utf8')) as LocalRecord;
    expect(record.rootHolders).toEqual(['Alice', 'Bob']);
    expect(record.attestations).toEqual([
      { at: NOW.toISOString(), rootSignIn: 'got-in', signedInBy: 'Alice', holders: ['Alice', 'Bob'], rootUseConfirmedThrough: '2026-11-24T11:58:00.000Z' },
    ]);
    const doc = JSON.parse(readFileSync(join(dir, '111122223333', 'verify-2026-11-24.json'), 'utf8')) as { checks: { id: string; status: string }[] };
    expect(doc.checks.find((c) => c.id === 'root-access-attested')?.status).toBe('pass');
    expect(doc.checks.find((c) => c.id === 'root-recent-use')?.status).toBe('pass');
  });
});
