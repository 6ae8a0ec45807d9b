import type { HeadlessStep } from '../types.js';

/** The 'contacts' step without prompts; null until it exists. */
export const headless: HeadlessStep | null = null;
