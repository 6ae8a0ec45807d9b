// Meaning never depends on colour alone: every status has a symbol and a word.
export const symbols = {
  pass: '✔',
  fail: '✖',
  warn: '⚠',
  unknown: '?',
  pending: '○',
  arrow: '›',
  bullet: '•',
} as const;

export type Tone = 'pass' | 'fail' | 'warn' | 'unknown' | 'pending' | 'info';

export const toneColor: Record<Tone, string | undefined> = {
  pass: 'green',
  fail: 'red',
  warn: 'yellow',
  unknown: 'magenta',
  pending: 'gray',
  info: 'cyan',
};
