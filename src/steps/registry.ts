// The day-one steps, in the wizard's order: one line each. A step's definition (its
// questions, inspect, plan, apply, outcome) is in its own file under day-one/, loaded when
// the flow starts so the first frame does not parse every step. --steps, the welcome
// outline and both presenters take the list from here.
import type { StepDefinition } from './flow.js';

export interface StepEntry {
  id: string;
  load: () => Promise<{ definition: StepDefinition }>;
}

export const STEP_REGISTRY: StepEntry[] = [
  { id: 'root-email', load: () => import('./day-one/root-email.js') },
  { id: 'contacts', load: () => import('./day-one/contacts.js') },
  { id: 'admin', load: () => import('./day-one/admin.js') },
  { id: 'mfa', load: () => import('./day-one/mfa.js') },
  { id: 'lockaway', load: () => import('./day-one/lockaway.js') },
  { id: 'reminder', load: () => import('./day-one/reminder.js') },
  { id: 'alert', load: () => import('./day-one/alert.js') },
];

/** Every step id, in order. */
export function stepIds(): string[] {
  return STEP_REGISTRY.map((e) => e.id);
}

/** The definitions of the given steps (all when `ids` is absent), in the registry's order. */
export async function loadSteps(ids?: readonly string[]): Promise<StepDefinition[]> {
  const entries = STEP_REGISTRY.filter((e) => !ids || ids.includes(e.id));
  return (await Promise.all(entries.map((e) => e.load()))).map((m) => m.definition);
}
