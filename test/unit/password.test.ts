import { describe, expect, it } from 'vitest';
import type { PasswordPolicy } from '../../src/aws/port.js';
import { DIGITS, LOWER, SYMBOLS, UPPER, generatePassword, meetsPolicy } from '../../src/steps/password.js';
import { BASELINE_PASSWORD_POLICY } from '../../src/steps/admin-user.js';
import { seededBytes } from '../helpers/random.js';

const ALLOWED = new Set([...UPPER, ...LOWER, ...DIGITS, ...SYMBOLS]);

describe('generatePassword', () => {
  it('meets the baseline policy for 5000 seeds, using only the allowed characters', () => {
    for (let seed = 0; seed < 5000; seed++) {
      const pw = generatePassword(seededBytes(seed), BASELINE_PASSWORD_POLICY);
      expect(meetsPolicy(pw, BASELINE_PASSWORD_POLICY), `seed ${seed}: ${pw}`).toBe(true);
      expect([...pw].every((c) => ALLOWED.has(c)), `seed ${seed}`).toBe(true);
      expect(pw.length).toBe(20);
    }
  });

  it('meets any policy it is given (random policies, 2000 seeds), capped at 128 characters', () => {
    for (let seed = 0; seed < 2000; seed++) {
      const b = seededBytes(1_000_000 + seed)(8);
      const policy: PasswordPolicy = {
        minimumPasswordLength: 6 + (b[0]! % 123),
        requireSymbols: (b[1]! & 1) === 1,
        requireNumbers: (b[2]! & 1) === 1,
        requireUppercaseCharacters: (b[3]! & 1) === 1,
        requireLowercaseCharacters: (b[4]! & 1) === 1,
        allowUsersToChangePassword: true,
      };
      const pw = generatePassword(seededBytes(seed), policy);
      expect(meetsPolicy(pw, policy), `seed ${seed}: ${JSON.stringify(policy)}`).toBe(true);
      expect(pw.length).toBe(Math.max(20, policy.minimumPasswordLength));
    }
  });

  it('differs between seeds and is stable for one seed', () => {
    const a = generatePassword(seededBytes(1), BASELINE_PASSWORD_POLICY);
    expect(generatePassword(seededBytes(1), BASELINE_PASSWORD_POLICY)).toBe(a);
    const many = new Set(Array.from({ length: 500 }, (_, i) => generatePassword(seededBytes(i), BASELINE_PASSWORD_POLICY)));
    expect(many.size).toBe(500);
  });

  it('uses every character of the alphabet over many runs (no dead positions from bias)', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 300; seed++) for (const c of generatePassword(seededBytes(seed), BASELINE_PASSWORD_POLICY)) seen.add(c);
    expect(seen).toEqual(ALLOWED);
  });

  it('refuses a random source that never varies instead of looping forever', () => {
    expect(() => generatePassword((n) => new Uint8Array(n).fill(0xff), BASELINE_PASSWORD_POLICY)).toThrow(/not random/);
  });
});

describe('meetsPolicy', () => {
  it('rejects a password missing a required class or too short', () => {
    expect(meetsPolicy('abcdefghijklmnop1!', BASELINE_PASSWORD_POLICY)).toBe(false);
    expect(meetsPolicy('Abcdefghijklmnop!', BASELINE_PASSWORD_POLICY)).toBe(false);
    expect(meetsPolicy('Abcdefghijklmnop1', BASELINE_PASSWORD_POLICY)).toBe(false);
    expect(meetsPolicy('Ab1!', BASELINE_PASSWORD_POLICY)).toBe(false);
    expect(meetsPolicy('Abcdefghijklm1!', BASELINE_PASSWORD_POLICY)).toBe(true);
  });
});
