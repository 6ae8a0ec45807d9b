// A new engineer's work address: the root-email step's validator (syntax, free mail,
// company domain), plus the domain arithmetic onboarding needs to pick the company domain.
import { validateWorkEmail } from './root-email.js';

export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).toLowerCase();
}

/** null when the address is fine; else what is wrong with it. */
export function workEmailProblem(email: string, companyDomain: string | null): string | null {
  return validateWorkEmail(email, companyDomain ?? undefined);
}
