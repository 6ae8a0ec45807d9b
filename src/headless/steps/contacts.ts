import { UsageError } from '../../args.js';
import {
  CONTACT_FIELDS,
  CONTACT_LABEL,
  ContactInputError,
  FIELD_HINT,
  contactKey,
  contactLine,
  defaultContact,
  inspectContacts,
  missingTypes,
  parseContactsInput,
  planContacts,
  readBackContacts,
  securityEmail,
  validateContactField,
  type ContactsInput,
  type PartialContact,
} from '../../steps/contacts.js';
import { businessDomainOf } from '../../steps/root-email.js';
import { applyPlanHeadless } from '../plan-io.js';
import type { HeadlessStep } from '../types.js';

function usage(e: unknown): never {
  if (e instanceof ContactInputError) throw new UsageError(`contacts: ${e.message} (in --answers)`);
  throw e;
}

/** The 'contacts' step without Ink: answers from --answers "contacts", or asked in --plain. */
export const headless: HeadlessStep = async (ctx, { answers, shared }, io) => {
  // every given field is checked before the first AWS call
  let given: ContactsInput;
  try {
    given = parseContactsInput(answers.contacts as Record<string, unknown> | undefined);
  } catch (e) {
    usage(e);
  }
  const state = await inspectContacts(ctx);
  const domain = businessDomainOf([shared.rootEmail, ...Object.values(given).map((c) => c?.email)]);
  const desired: ContactsInput = {};
  for (const type of missingTypes(state)) {
    const contact: PartialContact = { ...given[type] };
    const defaults = defaultContact(type, domain);
    for (const field of CONTACT_FIELDS) {
      if (contact[field] !== undefined) continue;
      const v = await io.ask({
        message: `${CONTACT_LABEL[type]} contact ${field} (${FIELD_HINT[field]})`,
        key: `contacts.${contactKey(type)}.${field}`,
        initial: defaults[field],
        validate: (value) => {
          const c = validateContactField(field, value);
          return c.ok ? null : c.error;
        },
      });
      const c = validateContactField(field, v);
      if (!c.ok) throw new UsageError(`contacts: ${c.error}`);
      contact[field] = c.value;
    }
    desired[type] = contact;
  }
  let plan;
  try {
    plan = planContacts(state, desired, { rootEmail: shared.rootEmail });
  } catch (e) {
    usage(e);
  }
  const result = await applyPlanHeadless(plan, ctx, io, 'contacts');
  const sharedOut = { securityEmail: securityEmail(state, result?.ok ? plan : null) };
  if (result === null) {
    return { status: 'pending', summary: [`${plan.actions.length} contact(s) not set yet`], todo: ['re-run with --yes to set the alternate contacts'], shared: sharedOut };
  }
  if (!result.ok) return { status: 'failed', summary: ['contacts: stopped after a failure'], shared: sharedOut };
  const back = await readBackContacts(ctx, plan);
  for (const b of back) {
    io.line(b.matches ? `  ✔ read back ${CONTACT_LABEL[b.type]}: ${contactLine(b.actual!)}` : `  ✖ ${CONTACT_LABEL[b.type]} reads back as ${b.actual ? contactLine(b.actual) : 'unset'}`);
  }
  if (back.some((b) => !b.matches)) return { status: 'failed', summary: ['contacts: AWS does not hold what was set'], shared: sharedOut };
  const set = back.map((b) => CONTACT_LABEL[b.type]);
  const kept = plan.existing.length;
  return {
    status: 'done',
    summary: [
      set.length > 0 ? `contacts set: ${set.join(', ')}` : 'contacts: all already set',
      ...(kept > 0 && set.length > 0 ? [`${kept} already set, kept`] : []),
    ],
    todo: plan.warnings.filter((w) => w.severity === 'warn').map((w) => `contacts: ${w.message}`),
    shared: sharedOut,
  };
};
