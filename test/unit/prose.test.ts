// Prose wrapping: word boundaries, a hanging indent, and words a person copies kept whole.
import { describe, expect, it } from 'vitest';
import { hangingLines } from '../../src/prose.js';

describe('hangingLines', () => {
  it('wraps at word boundaries within the width, continuation lines under the text', () => {
    const lines = hangingLines('the quick brown fox jumps over the lazy dog and keeps running far', 30, '  ⚠ ');
    expect(lines[0]!.startsWith('  ⚠ the quick')).toBe(true);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(30);
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {4}\S/);
    expect(lines.map((l) => l.slice(4)).join(' ')).toBe('the quick brown fox jumps over the lazy dog and keeps running far');
  });

  it('never breaks a word longer than the line (a URL, a command): it overflows whole', () => {
    const url = 'https://acme-production-account.signin.aws.amazon.com/console';
    const lines = hangingLines(`Sign in at ${url} today`, 40, '  ');
    expect(lines).toContain(`  ${url}`);
  });

  it('a lead wider than the indent stands on its own line', () => {
    expect(hangingLines('text', 80, '  --a-very-long-option NAME ', 10)).toEqual(['  --a-very-long-option NAME', '          text']);
  });
});
