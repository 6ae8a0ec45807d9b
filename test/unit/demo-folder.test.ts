// Removing a demo folder that holds nothing: only empty folders go, never a file, never
// through a symlink.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ICS_NAME, demoAnswers, removeIfEmpty } from '../../src/demo-folder.js';
import { DEFAULT_ICS_PATH } from '../../src/steps/reminder.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mvsp-demo-folder-test-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('removeIfEmpty', () => {
  it('removes a folder whose sub-folders are all empty', () => {
    const d = join(root, 'demo');
    mkdirSync(join(d, '111122223333', 'reports'), { recursive: true });
    expect(removeIfEmpty(d)).toBe(true);
    expect(readdirSync(root)).toEqual([]);
  });

  it('keeps a folder with a file anywhere in it, and the file; empty siblings go', () => {
    const d = join(root, 'demo');
    mkdirSync(join(d, 'a', 'b'), { recursive: true });
    mkdirSync(join(d, 'empty'));
    writeFileSync(join(d, 'a', 'b', 'report.md'), 'x');
    expect(removeIfEmpty(d)).toBe(false);
    expect(readdirSync(d)).toEqual(['a']);
    expect(existsSync(join(d, 'a', 'b', 'report.md'))).toBe(true);
  });

  it('a symlink keeps its folder, and what it points to is not touched', () => {
    const d = join(root, 'demo');
    const outside = join(root, 'outside');
    mkdirSync(d);
    mkdirSync(outside);
    symlinkSync(outside, join(d, 'link'));
    expect(removeIfEmpty(d)).toBe(false);
    expect(existsSync(outside)).toBe(true);
    expect(removeIfEmpty(join(d, 'link'))).toBe(false);
    expect(existsSync(join(d, 'link'))).toBe(true);
  });
});

describe('demoAnswers', () => {
  it('uses the calendar file name the reminder step uses', () => {
    expect(DEFAULT_ICS_NAME).toBe(DEFAULT_ICS_PATH);
    expect(demoAnswers({}, '/tmp/d').reminder?.icsPath).toBe(`/tmp/d/${DEFAULT_ICS_PATH}`);
  });

  it('puts the default calendar file in the demo folder, and keeps a path or "none" that was given', () => {
    expect(demoAnswers({}, '/tmp/d', 'mvsp-root-check.ics').reminder).toEqual({ icsPath: '/tmp/d/mvsp-root-check.ics' });
    expect(demoAnswers({ reminder: { start: '2026-12-07' } }, '/tmp/d', 'x.ics').reminder).toEqual({ start: '2026-12-07', icsPath: '/tmp/d/x.ics' });
    expect(demoAnswers({ reminder: { icsPath: 'mine.ics' } }, '/tmp/d', 'x.ics').reminder).toEqual({ icsPath: 'mine.ics' });
    expect(demoAnswers({ reminder: { icsPath: null } }, '/tmp/d', 'x.ics').reminder).toEqual({ icsPath: null });
  });
});
