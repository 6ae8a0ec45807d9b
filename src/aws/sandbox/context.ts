// What every service module gets: the state, the clock, randomness, and one way to fail.
import { AwsError, type AwsErrorKind } from '../errors.js';
import type { Tags } from '../port.js';
import type { SandboxState } from './state.js';

export interface SandboxContext {
  state: SandboxState;
  now: () => Date;
  random: (n: number) => Uint8Array;
}

export function fail(kind: AwsErrorKind, action: string, code: string, message: string): never {
  throw new AwsError({ kind, action, code, message });
}

/** AWS's tag rules (shared by IAM, SNS and EventBridge); returns what is wrong, or null. */
export function tagProblem(tags: Tags, existing: Tags = {}): { limit: boolean; message: string } | null {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128) return { limit: false, message: `Tag key "${key}" must be 1-128 characters.` };
    if (value.length > 256) return { limit: false, message: `Tag value for "${key}" must be at most 256 characters.` };
    if (key.toLowerCase().startsWith('aws:')) return { limit: false, message: `Tag keys may not begin with "aws:".` };
  }
  const count = Object.keys({ ...existing, ...tags }).length;
  if (count > 50) return { limit: true, message: 'Cannot exceed quota for TagsPerResource: 50.' };
  return null;
}

/** A valid email address by AWS's loose rule: something@domain.tld, no spaces. */
export function looksLikeEmail(s: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
}
