// The data folder (local record, verify reports) is this program's: a symbolic link in its
// place, or in place of an account's folder, is never followed, not even to chmod.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputFileError } from '../../src/output-file.js';
import { emptyRecord, readRecord, updateRecord, writePrivateFile } from '../../src/steps/local-record.js';

describe('the data folder', () => {
  let base: string;
  let outside: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'mvsp-data-'));
    outside = join(base, 'elsewhere');
    mkdirSync(outside, { mode: 0o755 });
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const modeOf = (p: string) => statSync(p).mode & 0o777;

  it('made 0700 with its account folders, reports written 0600', async () => {
    const dataDir = join(base, 'share', 'mvsp-setup');
    const path = await writePrivateFile('111122223333/verify-2026-12-01.md', '# report\n', { dataDir });
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, '111122223333'))).toBe(0o700);
    expect(modeOf(path)).toBe(0o600);
  });

  it('a link in place of the data folder: refused before anything is made or chmod-ed through it', async () => {
    const dataDir = join(base, 'mvsp-setup');
    symlinkSync(outside, dataDir);
    for (const write of [
      () => writePrivateFile('111122223333/verify-2026-12-01.md', '# report\n', { dataDir }),
      () => updateRecord('111122223333', (r) => r, { dataDir }),
    ]) {
      const e = await write().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OutputFileError);
      expect((e as OutputFileError).message).toContain('is a symbolic link (not followed)');
    }
    expect(readdirSync(outside)).toEqual([]);
    expect(modeOf(outside)).toBe(0o755);
    expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
  });

  it('a record behind a linked data folder is not read: a planted alert address is never used', async () => {
    const dataDir = join(base, 'mvsp-setup');
    await updateRecord('111122223333', (r) => ({ ...r, alertEmail: 'attacker@evil.example' }), { dataDir: outside });
    symlinkSync(outside, dataDir);
    const e = await readRecord('111122223333', { dataDir }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OutputFileError);
    expect((e as OutputFileError).message).toBe(`cannot read the local record in ${dataDir}: is a symbolic link (not followed) (ELOOP)`);
  });

  it("a link in place of an account's folder: refused, its target untouched", async () => {
    const dataDir = join(base, 'mvsp-setup');
    mkdirSync(dataDir, { mode: 0o700 });
    symlinkSync(outside, join(dataDir, '111122223333'));
    const e = await writePrivateFile('111122223333/verify-2026-12-01.json', '{}\n', { dataDir }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OutputFileError);
    expect((e as OutputFileError).message).toContain(`${join(dataDir, '111122223333')}: is a symbolic link (not followed)`);
    expect(readdirSync(outside)).toEqual([]);
    expect(modeOf(outside)).toBe(0o755);
    // the record beside it is still written
    await updateRecord('111122223333', () => emptyRecord('111122223333'), { dataDir });
    expect(modeOf(join(dataDir, '111122223333.json'))).toBe(0o600);
  });
});
