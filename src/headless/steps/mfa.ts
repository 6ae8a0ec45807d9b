import type { HeadlessStep } from '../types.js';

/** The 'mfa' step without prompts; null until it exists. */
export const headless: HeadlessStep | null = null;
