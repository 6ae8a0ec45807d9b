import { prepareOutput, type PreparedOutput } from '../output-file.js';

/**
 * The file that receives welcome notes: private to its owner (0600) whether or not the
 * notes hold passwords, opened before any engineer is created. An existing file is
 * replaced only with `force`. Throws OutputFileError naming the path.
 */
export function prepareWelcomeFile(path: string, force: boolean): Promise<PreparedOutput> {
  return prepareOutput(path, { secret: true, force });
}

/** One engineer's note as it goes into the file: on disk before the next one is made. */
export function welcomeFileEntry(note: string[], first: boolean): string {
  return `${first ? '' : '\n'}${note.join('\n')}\n`;
}
