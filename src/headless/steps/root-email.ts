import type { HeadlessStep } from '../types.js';

/** The 'root-email' step without prompts; null until it exists. */
export const headless: HeadlessStep | null = null;
