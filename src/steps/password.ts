// Temporary console passwords, generated locally from injected random bytes
// (node:crypto in real runs, a seeded source in tests). Never logged, never stored.
import type { PasswordPolicy } from '../aws/port.js';

export const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const LOWER = 'abcdefghijkmnopqrstuvwxyz';
export const DIGITS = '23456789';
/** a subset of the symbols IAM counts as non-alphanumeric, without quotes or shell-hostile characters */
export const SYMBOLS = '!@#%^*()_+-=[]{}';

/** IAM's own definition of a "symbol" for the password policy */
const IAM_SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

export const MAX_PASSWORD_LENGTH = 128;
export const DEFAULT_PASSWORD_LENGTH = 20;

export type RandomBytes = (n: number) => Uint8Array;

/** Does this password satisfy the account password policy (as IAM checks it)? */
export function meetsPolicy(password: string, policy: PasswordPolicy): boolean {
  if (password.length < policy.minimumPasswordLength || password.length > MAX_PASSWORD_LENGTH) return false;
  if (policy.requireUppercaseCharacters && !/[A-Z]/.test(password)) return false;
  if (policy.requireLowercaseCharacters && !/[a-z]/.test(password)) return false;
  if (policy.requireNumbers && !/[0-9]/.test(password)) return false;
  if (policy.requireSymbols && ![...password].some((c) => IAM_SYMBOLS.includes(c))) return false;
  return true;
}

/** Uniform integers in [0, max) from the random source, without modulo bias. */
function randomIntSource(randomBytes: RandomBytes): (max: number) => number {
  let pool: Uint8Array = new Uint8Array(0);
  let at = 0;
  const next32 = (): number => {
    if (at + 4 > pool.length) {
      pool = randomBytes(256);
      at = 0;
      if (pool.length < 4) throw new Error('random source returned too few bytes');
    }
    const v = ((pool[at]! << 24) | (pool[at + 1]! << 16) | (pool[at + 2]! << 8) | pool[at + 3]!) >>> 0;
    at += 4;
    return v;
  };
  return (max) => {
    const limit = Math.floor(0x1_0000_0000 / max) * max;
    for (let tries = 0; tries < 1000; tries++) {
      const v = next32();
      if (v < limit) return v % max;
    }
    throw new Error('random source is not random');
  };
}

/**
 * A password that meets the policy: at least one character of every class (required
 * or not), the rest from all classes, shuffled. Ambiguous characters (I, l, O, 0, 1)
 * are left out so that it can be read off a screen.
 */
export function generatePassword(randomBytes: RandomBytes, policy: PasswordPolicy, length = DEFAULT_PASSWORD_LENGTH): string {
  const size = Math.min(MAX_PASSWORD_LENGTH, Math.max(length, policy.minimumPasswordLength, 4));
  const int = randomIntSource(randomBytes);
  const pick = (set: string) => set[int(set.length)]!;
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < size) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
