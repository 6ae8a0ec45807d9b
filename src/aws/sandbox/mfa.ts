// TOTP for virtual MFA devices, as IAM configures them: SHA1, 6 digits, 30 s.
import { HOTP, Secret, TOTP } from 'otpauth';

const PERIOD = 30;

/** A seed as AWS hands one out: 40 random bytes, 64 base32 characters. */
export function newSeed(random: (n: number) => Uint8Array): string {
  const bytes = Uint8Array.from(random(40));
  return new Secret({ buffer: bytes.buffer }).base32;
}

function codeAt(seed: string, counter: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(seed), counter });
}

export function currentCode(seed: string, now: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(seed), period: PERIOD, timestamp: now.getTime() });
}

/**
 * EnableMFADevice's check: two consecutive codes, the second within one step of
 * the current window (a person types the first, waits, types the second).
 */
export function consecutiveCodesValid(seed: string, code1: string, code2: string, now: Date): boolean {
  const current = TOTP.counter({ period: PERIOD, timestamp: now.getTime() });
  return [-1, 0, 1].some((delta) => {
    const second = current + delta;
    return codeAt(seed, second) === code2 && codeAt(seed, second - 1) === code1;
  });
}
