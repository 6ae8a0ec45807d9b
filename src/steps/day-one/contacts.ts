// The 'contacts' step: the security, billing and operations alternate contacts.
// AWS source: account:GetAlternateContact / PutAlternateContact.
import { UsageError } from '../../args.js';
import {
  CONTACT_FIELDS,
  CONTACT_LABEL,
  ContactInputError,
  FIELD_HINT,
  contactEmailWarnings,
  contactKey,
  contactLine,
  defaultContact,
  inspectContacts,
  missingTypes,
  parseContactsInput,
  planContacts,
  securityEmail,
  validateContactField,
  type ContactField,
  type ContactsInput,
  type ContactsState,
  type PartialContact,
} from '../contacts.js';
import { businessDomainOf } from '../root-email.js';
import { applyPlan } from '../apply-plan.js';
import type { AskOptions, StepDefinition, StepIO } from '../flow.js';
import type { ContactType } from '../../aws/port.js';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function usage(e: unknown): never {
  if (e instanceof ContactInputError) throw new UsageError(`contacts: ${e.message} (in --answers)`);
  throw e;
}

const check = (field: ContactField) => (v: string) => {
  const c = validateContactField(field, v);
  return c.ok ? null : c.error;
};

/** The question for one field of one contact (its answers-file key, example and checks). */
function fieldQuestion(type: ContactType, field: ContactField, initial: string | undefined, others: ContactsInput, rootEmail?: string): AskOptions {
  return {
    message: `${cap(CONTACT_LABEL[type])} contact ${field}`,
    key: `contacts.${contactKey(type)}.${field}`,
    ...(initial !== undefined ? { initial } : {}),
    placeholder: FIELD_HINT[field],
    validate: check(field),
    ...(field === 'email'
      ? {
          notes: (value: string) =>
            contactEmailWarnings(type, value, { rootEmail, others: Object.fromEntries(Object.entries(others).map(([t, c]) => [t, c?.email ? { email: c.email } : null])) }),
        }
      : {}),
  };
}

/** A field's answer as AWS will take it (the phone normalised); a bad one is a usage error. */
function accepted(field: ContactField, value: string): string {
  const c = validateContactField(field, value);
  if (!c.ok) throw new UsageError(`contacts: ${c.error}`);
  return c.value;
}

/** Ask one field; the answer comes back validated. */
async function askField(io: StepIO, type: ContactType, field: ContactField, initial: string | undefined, others: ContactsInput, rootEmail?: string) {
  return accepted(field, await io.ask(fieldQuestion(type, field, initial, others, rootEmail)));
}

/** Every field of the contacts to set, on one form: what is planned is offered, each editable. */
async function editContacts(io: StepIO, types: ContactType[], desired: ContactsInput, rootEmail?: string): Promise<void> {
  const fields = types.flatMap((type) => CONTACT_FIELDS.map((field) => ({ type, field })));
  const values = await io.form(fields.map(({ type, field }) => fieldQuestion(type, field, desired[type]![field], desired, rootEmail)));
  for (const [i, { type, field }] of fields.entries()) desired[type]![field] = accepted(field, values[i]!);
}

export const definition: StepDefinition<ContactsState> = {
  id: 'contacts',
  // the root email's domain suggests the contacts' addresses
  after: ['root-email'],
  title: 'Alternate contacts',
  outline: 'Set the security, billing and operations contacts',
  inspect: (ctx) => inspectContacts(ctx),
  async run({ ctx, answers, shared, inspect }, io) {
    // every given field is checked before the first AWS call
    let given: ContactsInput;
    try {
      given = parseContactsInput(answers.contacts as Record<string, unknown> | undefined);
    } catch (e) {
      usage(e);
    }
    const state = await io.task('Reading the alternate contacts…', inspect);
    const missing = missingTypes(state);
    const set = (['SECURITY', 'BILLING', 'OPERATIONS'] as const).filter((t) => state.current[t]);
    if (set.length > 0) io.line(`Already set: ${set.map((t) => `${CONTACT_LABEL[t]} ${contactLine(state.current[t]!)}`).join('; ')}`, 'pass');
    if (missing.length > 0) io.line('AWS writes to these about security issues, bills and operations: use lists, not people, and not the root address.');

    // the form: answers, then (with a person there) defaults from the company domain; only
    // what has neither is asked. A script sets nothing it was not given.
    let domain = businessDomainOf([shared.rootEmail, ...Object.values(given).map((c) => c?.email)]);
    const desired: ContactsInput = {};
    for (const type of missing) desired[type] = { ...(io.interactive ? defaultContact(type, domain) : {}), ...given[type] };
    let phone: string | undefined;
    // a phone number already given for another contact is offered (Enter keeps it)
    const givenPhone = Object.values(given).find((c) => c?.phone !== undefined)?.phone;
    for (const type of missing) {
      // the first address typed names the company's domain for the ones after it
      if (io.interactive && domain === null) {
        domain = businessDomainOf(Object.values(desired).map((c) => c?.email));
        if (domain !== null) desired[type] = { ...defaultContact(type, domain), ...desired[type] };
      }
      for (const field of CONTACT_FIELDS) {
        if (desired[type]![field] !== undefined) continue;
        // one phone number usually serves all three: asked once, offered again
        if (field === 'phone' && phone !== undefined && io.interactive) {
          desired[type]!.phone = phone;
          continue;
        }
        desired[type]![field] = await askField(io, type, field, field === 'phone' ? givenPhone : undefined, desired, shared.rootEmail);
        if (field === 'phone') phone = desired[type]!.phone;
      }
    }

    for (;;) {
      let plan;
      try {
        plan = planContacts(state, desired, { rootEmail: shared.rootEmail });
      } catch (e) {
        usage(e);
      }
      for (const t of missing) if (plan.contacts[t]) io.line(`${cap(CONTACT_LABEL[t]).padEnd(11)} ${contactLine(plan.contacts[t]!)}`);
      const result = await applyPlan(plan, ctx, io, 'contacts');
      const sharedOut = { securityEmail: securityEmail(state, result?.ok ? plan : null) };
      const warnings = plan.warnings.filter((w) => w.severity === 'warn').map((w) => `contacts: ${w.message}`);
      if (result === null) {
        // a person who said no may change what is planned; a script gets a to-do
        if (io.interactive && (await io.confirm('Change the contacts?'))) {
          await editContacts(io, missing, desired, shared.rootEmail);
          continue;
        }
        return { status: 'pending', summary: [`${plan.actions.length} contact(s) not set yet`], todo: ['npx mvsp-setup --steps contacts'], shared: sharedOut };
      }
      if (!result.ok) return { status: 'failed', summary: ['contacts: not all were set'], todo: ['npx mvsp-setup --steps contacts'], shared: sharedOut };
      // a write AWS accepted is trusted: no read-back (verify reads them every month)
      const written = missing.filter((t) => plan.contacts[t]).map((t) => CONTACT_LABEL[t]);
      return {
        status: 'done',
        summary: [
          written.length > 0 ? `contacts set: ${written.join(', ')}` : 'contacts: all already set',
          ...(set.length > 0 && written.length > 0 ? [`${set.length} already set, kept`] : []),
        ],
        todo: warnings,
        shared: sharedOut,
      };
    }
  },
};
