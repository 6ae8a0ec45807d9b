import { open } from 'node:fs/promises';

/**
 * Write welcome notes to a file that only its owner can read (0600), whether or not they
 * hold a password: an existing file keeps its mode on open, so it is set before writing.
 */
export async function writeWelcomeFile(path: string, notes: string[][]): Promise<void> {
  const fh = await open(path, 'w', 0o600);
  try {
    await fh.chmod(0o600);
    await fh.writeFile(`${notes.map((n) => n.join('\n')).join('\n\n')}\n`, 'utf8');
  } finally {
    await fh.close();
  }
}
