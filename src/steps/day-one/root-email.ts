// The 'root-email' step: the root user's sign-in address should be a shared alias on a
// business domain. Nothing is changed in AWS (only root can, in the console): the address
// is checked, a better one suggested, and the change left as a to-do.
// AWS source: account:GetPrimaryEmail (answers only an organization's management account).
import { UsageError } from '../../args.js';
import { neutralize } from '../../untrusted.js';
import type { StepDefinition, StepIO } from '../flow.js';
import { readRecord, type LocalRecord } from '../local-record.js';
import {
  assessRootEmail,
  businessDomainOf,
  checkRootEmail,
  lookupPrimaryEmail,
  parseEmail,
  passedRootEmail,
  recordRootEmailCheck,
  rootEmailOutcome,
  type CheckOptions,
  type EmailAssessment,
  type PrimaryEmailLookup,
} from '../root-email.js';

export interface RootEmailState {
  /** the local record; null when it cannot be read (then the step asks again) */
  record: LocalRecord | null;
  /** what account:GetPrimaryEmail said; null when the address was given up front */
  lookup: PrimaryEmailLookup | null;
}

const validate = (v: string) => {
  const p = parseEmail(v);
  return p.ok ? null : p.error;
};

/** Check an address (MX lookup included) and show what was found. */
async function checkAndShow(io: StepIO, address: string, label: string, opts: CheckOptions): Promise<EmailAssessment> {
  const domain = parseEmail(address);
  const check = await io.task(`Checking ${address}${domain.ok ? `: mail servers of ${domain.email.domain}` : ''}…`, () => checkRootEmail(address, opts));
  io.line(`${label} ${neutralize(address)}`, 'heading');
  io.findings(check.findings.map((f) => ({ ...f, message: neutralize(f.message) })));
  return check;
}

/** The 'root-email' definition; the MX resolver (and its timeout) can be swapped, for tests. */
export function createRootEmailDefinition(opts: Pick<CheckOptions, 'resolveMx' | 'timeoutMs'> = {}): StepDefinition<RootEmailState> {
  return {
    id: 'root-email',
    title: 'Root email',
    outline: 'Check that root signs in with a shared alias on your business domain',
    inspect: async (ctx, { answers, shared }) => {
      const given = answers.rootEmail ?? shared.rootEmail;
      const [record, lookup] = await Promise.all([
        readRecord(ctx.caller.accountId).catch(() => null),
        given === undefined ? lookupPrimaryEmail(ctx) : Promise.resolve(null),
      ]);
      return { record, lookup };
    },
    async run({ ctx, answers, shared, inspect }, io) {
      let given = answers.rootEmail ?? shared.rootEmail;
      // a given address is checked before anything else happens
      if (given !== undefined) {
        const error = validate(given);
        if (error) {
          if (!io.interactive) throw new UsageError(`root-email: --root-email / "rootEmail" "${neutralize(given)}": ${error}`);
          io.line(error, 'fail');
          given = undefined;
        }
      }
      const state = await io.task('Reading what was checked last time…', inspect);
      const found = state.lookup?.status === 'found' ? state.lookup.email : undefined;

      // a re-run: this address (or, with none given, the one AWS reports or the last one
      // checked) passed every check already; nothing to ask
      const passed = state.record ? passedRootEmail(state.record, given ?? found) : null;
      if (passed) {
        const day = passed.at.slice(0, 10);
        io.line(`Root email ${neutralize(passed.address)}: passed every check on ${day}; nothing to change in the console`, 'pass');
        return {
          status: 'done',
          summary: [`root email ${neutralize(passed.address)}: a shared alias on a business domain (checked ${day})`],
          todo: [],
          shared: { rootEmail: passed.address },
        };
      }

      io.line('Root signs in with an email address: make it a shared alias on your business domain (aws-production@company.com), never a person or a free-mail address.');
      let address = given;
      if (address === undefined && found !== undefined) {
        if (validate(found) === null) {
          address = found;
          io.line(`AWS reports the root email ${neutralize(found)}`, 'info');
        } else io.line(`AWS reports a root email that is not a valid address: ${neutralize(found)}`, 'warn');
      } else if (address === undefined && state.lookup?.status === 'unavailable' && io.interactive) {
        io.line(`AWS does not tell this account its root email (${neutralize(state.lookup.reason)}).`, 'dim');
      }

      const businessDomain = businessDomainOf([
        answers.contacts?.security?.email,
        answers.contacts?.operations?.email,
        answers.contacts?.billing?.email,
        answers.alert?.email,
      ]);
      const checkOpts: CheckOptions = { ...opts, businessDomain };
      // problems show under the field while the address is typed
      const notes = (v: string) => (v.trim() === '' ? [] : assessRootEmail(v, { businessDomain }).findings.filter((f) => f.severity !== 'pass'));

      address ??= await io.ask({
        message: "The root user's sign-in email",
        flag: '--root-email E',
        key: 'rootEmail',
        placeholder: 'aws-production@company.com',
        validate,
        notes,
      });
      address = address.trim();
      const current = await checkAndShow(io, address, 'Root email', checkOpts);

      // a better address is proposed; with a person there, it can become the to-do
      let target: string | null = null;
      const s = current.suggestion;
      if (s) {
        io.line(`Suggested: ${s.addresses.join(' or ')}${s.needsDomain ? ' (with your company domain)' : ''}`, 'info');
        if (io.interactive) {
          const question = s.needsDomain ? 'Plan to change the root email to an alias on your company domain?' : `Plan to change the root email to ${s.fill}?`;
          // Enter alone keeps the address: the change is made by hand, in the console
          if (await io.confirm(question, { defaultNo: true })) {
            const wanted = s.needsDomain
              ? (
                  await io.ask({
                    message: 'New root email',
                    initial: s.fill,
                    placeholder: 'aws-production@company.com',
                    validate,
                    notes,
                  })
                ).trim()
              : s.fill;
            await checkAndShow(io, wanted, 'Change it to', checkOpts);
            io.line('Changing the root email happens in the console; it is listed as a to-do at the end.', 'dim');
            target = wanted;
          }
        }
      }

      const o = rootEmailOutcome({ current: address, target, findings: current.findings });
      // an address only, so a re-run need not ask; a check that could not be made (DNS did
      // not answer) is not a pass, and a failed write only means the next run asks again
      const complete = current.findings.every((f) => f.severity !== 'unknown');
      if (o.ok && complete) {
        await recordRootEmailCheck(ctx.caller.accountId, address, ctx.now()).catch((e: unknown) =>
          io.line(`Could not remember the root email in the local record (${neutralize(e instanceof Error ? e.message : String(e))}); a re-run will ask again.`, 'warn'),
        );
      }
      return {
        status: o.ok ? 'done' : 'pending',
        summary: o.summary.map(neutralize),
        todo: o.todo.map(neutralize),
        shared: { rootEmail: target ?? address },
      };
    },
  };
}

export const definition: StepDefinition<RootEmailState> = createRootEmailDefinition();
