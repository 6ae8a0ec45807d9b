// `setup --org`: the organization's steps in order (contacts, then lockaway), as lines in
// every front end. The organization is read once to say where the run is; each step then
// reads what it needs.
import { awsErrorLines } from './aws-error-lines.js';
import { runOrgContactsHeadless } from './org-contacts.js';
import { runOrgRootHeadless } from './org-root.js';
import type { HeadlessIO } from './types.js';
import type { StepId } from '../args.js';
import { AwsError } from '../aws/errors.js';
import type { Session } from '../session.js';
import { inspectOrgContacts } from '../steps/org-contacts.js';
import { inspectOrgRoot } from '../steps/org-root.js';
import type { StepContext } from '../steps/types.js';
import { neutralize } from '../untrusted.js';

const STEP_TITLE: Partial<Record<StepId, string>> = {
  contacts: 'contacts and root emails of member accounts',
  lockaway: "member accounts' root credentials",
};

function errorLines(e: AwsError): string {
  return e.code === 'AWSOrganizationsNotInUseException'
    ? 'this account is not in an AWS Organization: run mvsp-setup without --org.'
    : awsErrorLines(e)
        .map((l) => l.replace(/^✖ /, ''))
        .join('\n');
}

async function runStep(step: StepId, ctx: StepContext, io: HeadlessIO): Promise<number> {
  if (step === 'contacts') return runOrgContactsHeadless(ctx, io, await inspectOrgContacts(ctx.aws, ctx.caller));
  return runOrgRootHeadless(ctx, io, await inspectOrgRoot(ctx.aws, ctx.caller));
}

/**
 * Exit code: the worst over the steps (0 done or nothing to do, 1 a step failed); 2 when the
 * organization, or what a step must read first, could not be read (not in one, no
 * credentials, access denied).
 */
export async function runOrgSetupHeadless(session: Session, steps: StepId[], io: HeadlessIO): Promise<number> {
  let ctx;
  let organization;
  try {
    ctx = await session.context();
    organization = await ctx.aws.organizations.describeOrganization();
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    io.line(`mvsp-setup setup --org: ${errorLines(e)}`);
    return 2;
  }
  io.line(
    `mvsp-setup setup --org — organization ${neutralize(organization.id)} · management account ${organization.managementAccountId} · caller ${neutralize(ctx.caller.arn)}${session.demo ? ' · DEMO sandbox, nothing reaches AWS' : ''}`,
  );
  let code = 0;
  for (const step of steps) {
    io.line('');
    io.line(`== ${step}: ${STEP_TITLE[step] ?? step}`);
    try {
      code = Math.max(code, await runStep(step, ctx, io));
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      io.line(`mvsp-setup setup --org (${step}): ${errorLines(e)}`);
      code = 2;
    }
  }
  return code;
}
