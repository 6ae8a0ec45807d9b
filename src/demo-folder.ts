// The one folder a --demo run writes to: its local record, its reports and, unless told
// otherwise, its calendar file. The sandbox account is new each run, so nothing of it
// belongs in the working folder or the real data dir. A folder left empty (nothing was
// written) is removed when the process exits; one with files stays, and the run says where.
import { existsSync, lstatSync, mkdtempSync, readdirSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Answers } from './answers.js';

/**
 * The calendar file's default name (steps/reminder.ts DEFAULT_ICS_PATH, which a test keeps
 * equal): that module loads the iCalendar library, which the first frame must not wait for.
 */
export const DEFAULT_ICS_NAME = 'mvsp-root-check.ics';

let folder: string | undefined;
const created = new Set<string>();

/**
 * A new demo folder (mode 0700 as mkdtemp makes it, under the OS temp dir: TMPDIR on
 * Unix), removed at exit if it holds no file. For a session that starts its own sandbox.
 */
export function newDemoFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mvsp-setup-demo-'));
  if (created.size === 0) process.once('exit', cleanUpDemoFolder);
  created.add(dir);
  return dir;
}

/** This run's demo folder: made on the first call (see newDemoFolder), the same one after. */
export function demoFolder(): string {
  folder ??= newDemoFolder();
  return folder;
}

/**
 * At the end of the run: remove the demo folders nothing was written to. Called by the
 * entry before it exits (also when it ends by re-raising SIGHUP, where no 'exit' event
 * comes), and on 'exit' for any other way out.
 */
export function cleanUpDemoFolder(): void {
  for (const dir of created) if (removeIfEmpty(dir) || !existsSync(dir)) created.delete(dir);
}

/**
 * Remove `dir` and the folders in it when none of them holds a file; a file, a symlink or
 * anything else keeps its folder (and the ones above it). Never follows a symlink, never
 * deletes a file. Returns whether `dir` is gone. Errors (already gone, no permission)
 * leave things as they are.
 */
export function removeIfEmpty(dir: string): boolean {
  try {
    if (!lstatSync(dir).isDirectory()) return false;
    let empty = true;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!(entry.isDirectory() && removeIfEmpty(join(dir, entry.name)))) empty = false;
    }
    if (!empty) return false;
    rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/** One line saying where a demo run's files go. */
export function demoFolderLine(dir: string): string {
  return `DEMO files go to ${dir} (removed at exit if nothing was written)`;
}

/**
 * `answers` with a demo's default output paths in `dir`: the calendar file unless a path
 * (or none) was given. Paths the person gave are kept as given.
 */
export function demoAnswers(answers: Answers, dir: string, icsName = DEFAULT_ICS_NAME): Answers {
  if (answers.reminder?.icsPath !== undefined) return answers;
  return { ...answers, reminder: { ...answers.reminder, icsPath: join(dir, icsName) } };
}
