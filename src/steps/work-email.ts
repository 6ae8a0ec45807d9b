// A new engineer's work address: the root-email step's validator (syntax, free mail,
// company domain), plus the domain arithmetic onboarding needs to pick the company domain.
import { parseEmail, validateWorkEmail } from './root-email.js';

/**
 * The domain (lower case) of an address that passes the syntax check (parseEmail), or null:
 * an address that is not one cannot vote for the company domain.
 */
export function emailDomain(email: string): string | null {
  const parsed = parseEmail(email);
  return parsed.ok ? parsed.email.domain : null;
}

/** null when the address is fine; else what is wrong with it. */
export function workEmailProblem(email: string, companyDomain: string | null): string | null {
  return validateWorkEmail(email, companyDomain ?? undefined);
}
