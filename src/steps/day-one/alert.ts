// The 'alert' step: an email to the security contact whenever someone signs in to the
// console as root. AWS source (us-east-1): sns:CreateTopic / SetTopicAttributes / Subscribe,
// events:PutRule / PutTargets, and the CloudTrail trail the rule needs
// (cloudtrail:DescribeTrails, CreateTrail, StartLogging).
import { UsageError } from '../../args.js';
import { neutralize } from '../../untrusted.js';
import {
  ALERT_RULE,
  ALERT_TOPIC,
  alertBlockers,
  alertTodo,
  defaultAlertEmail,
  handMadeFor,
  inspect as inspectAlert,
  plan as planAlert,
  recordAlertEmail,
  sameEmail,
  type AlertPlan,
  type AlertState,
} from '../alert.js';
import { trailSummary } from '../trail.js';
import { applyPlan } from '../apply-plan.js';
import { readRecord } from '../local-record.js';
import { parseEmail } from '../root-email.js';
import type { StepDefinition, StepIO, StepOutcome, WizardShared } from '../flow.js';
import { alertEmailByHand, updateWorkflowAlertEmail, workflowChecksAlertEmail } from '../reminder.js';
import type { ApplyResult } from '../types.js';

export const TODO_ALERT = 'npx mvsp-setup --steps alert';
/** Why `v` is not an address verify --alert-email would take (parseEmail), or null. */
function emailProblem(v: string): string | null {
  const parsed = parseEmail(v.trim());
  return parsed.ok ? null : `must be an email address (${parsed.error.replace(/\.$/, '')})`;
}

/**
 * The alert address recorded when the alert was set up (local record `alertEmail`);
 * undefined when there is none, it is not an email address, or the record cannot be read.
 */
async function recordedAlertEmail(accountId: string): Promise<string | undefined> {
  const recorded = (await readRecord(accountId).catch(() => null))?.alertEmail?.trim();
  return recorded !== undefined && emailProblem(recorded) === null ? recorded : undefined;
}

/** The outcome of a plan that ran (or had nothing to do). */
function outcomeOf(p: AlertPlan, result: ApplyResult | null): StepOutcome {
  if (result && !result.ok) {
    return { status: 'failed', summary: [`${result.done.length} of ${p.actions.length} changes made for the root sign-in alert`], todo: [TODO_ALERT] };
  }
  const todo = alertTodo(p).map(neutralize);
  if (p.handMade.length > 0) {
    return { status: 'done', summary: [`root sign-ins already alerted by rule ${p.handMade.map((h) => neutralize(h.rule.name)).join(', ')}`], todo };
  }
  return { status: 'done', summary: [`root sign-in alert: rule ${ALERT_RULE} → topic ${ALERT_TOPIC} → ${neutralize(p.email)} (us-east-1)`], todo };
}

/**
 * What the plan cannot mend in the step's own topic (a Deny for EventBridge, the AWS
 * managed KMS key, a subscription filter that drops the alert): said, and the step ends
 * not done, with nothing applied; null when nothing blocks it.
 */
function blocked(state: AlertState, email: string | undefined, io: StepIO): StepOutcome | null {
  const b = alertBlockers(state, email);
  if (b.blockers.length === 0) return null;
  for (const x of b.blockers) io.line(neutralize(x.problem), 'fail');
  for (const x of b.doubts) io.line(neutralize(x.problem), 'warn');
  return { status: 'failed', summary: ['root sign-in alert blocked: nothing changed'], todo: [...b.blockers, ...b.doubts].map((x) => neutralize(x.fix)) };
}

/**
 * The workflow the reminder step wrote in this run, brought up to the address the alert now
 * reaches (verify there gets --alert-email), only while it is still the text that step
 * wrote; said as a line and as the outcome's summary (and a to-do when left as it is).
 */
async function followWorkflow(written: WizardShared['reminderWorkflow'], email: string, io: StepIO): Promise<Pick<StepOutcome, 'summary' | 'todo'>> {
  if (!written) return { summary: [] };
  const path = neutralize(written.path);
  const address = neutralize(email.trim());
  const result = await updateWorkflowAlertEmail(written, email);
  if (result.kind === 'current') return { summary: [`workflow ${path}: verify checks that the alert reaches ${address}`] };
  if (result.kind === 'updated') {
    io.line(`Workflow ${path} written again: its verify now fails unless root sign-in alerts reach ${address} (--alert-email).`, 'pass');
    return { summary: [`workflow ${path} updated: verify checks that the alert reaches ${address}`] };
  }
  if (result.kind === 'unusable') {
    io.line(`${address} is not an address verify --alert-email takes: workflow ${path} is not updated.`, 'warn');
    return { summary: [`workflow ${path} not updated (${address} is not an address verify --alert-email takes)`] };
  }
  const why = result.kind === 'refused' ? neutralize(result.message) : result.kind === 'gone' ? 'it is no longer there' : 'it changed after this run wrote it';
  const { flag, todo } = alertEmailByHand(written.path, email);
  io.line(`Workflow ${path} left as it is (${why}): give its verify ${flag} so the monthly job checks the alert reaches ${address}.`, 'warn');
  return { summary: [`workflow ${path} left as it is (${why}): its verify is not given ${flag}`], todo: [todo] };
}

/**
 * A workflow found in place (an earlier run's: never rewritten, the person's role ARN is in
 * it) whose verify is not given `email`: said, with the flag to add as a to-do, unless the
 * reminder step already said so for this address.
 */
function inPlaceWorkflow(found: WizardShared['reminderWorkflowInPlace'], email: string, io: StepIO): Pick<StepOutcome, 'summary' | 'todo'> {
  if (!found || workflowChecksAlertEmail(found.content, email)) return { summary: [] };
  if (found.checkedFor !== undefined && sameEmail(found.checkedFor, email)) return { summary: [] };
  const { flag, todo } = alertEmailByHand(found.path, email);
  io.line(`Workflow ${neutralize(found.path)}: its verify is not given ${flag}, so the monthly job does not check that root sign-in alerts reach ${neutralize(email.trim())}.`, 'warn');
  return { summary: [`workflow ${neutralize(found.path)}: its verify is not given ${flag}`], todo: [todo] };
}

/** The outcome of a step that set the alert up (or found it), with what became of this run's workflow (or the one in place). */
async function withWorkflow(o: StepOutcome, shared: WizardShared, email: string, io: StepIO): Promise<StepOutcome> {
  const w = shared.reminderWorkflow ? await followWorkflow(shared.reminderWorkflow, email, io) : inPlaceWorkflow(shared.reminderWorkflowInPlace, email, io);
  return { ...o, summary: [...o.summary, ...w.summary], ...(w.todo ? { todo: [...(o.todo ?? []), ...w.todo] } : {}) };
}

export const definition: StepDefinition<AlertState> = {
  id: 'alert',
  // the security contact is the alert's default recipient: waited for only when no
  // address is given (or the alert is turned off), the one thing this step takes from it;
  // and the reminder, when it writes a workflow: its verify is given the alert's address
  after: (answers) => [
    ...(answers.alert?.email !== undefined || answers.alert?.enabled === false ? [] : ['contacts']),
    ...(answers.reminder?.githubWorkflowPath ? ['reminder'] : []),
  ],
  title: 'Root sign-in alert',
  outline: 'Email the security contact whenever someone signs in as root',
  inspect: (ctx) => inspectAlert(ctx),
  async run({ ctx, answers, shared, inspect }, io) {
    if (answers.alert?.enabled === false) {
      io.line('Skipped ("alert.enabled" is false): verify will warn (root-login-alert).', 'dim');
      return { status: 'skipped', summary: ['root sign-in alert not set up (alert.enabled false)'] };
    }
    // a given address is checked before anything is written
    const known = defaultAlertEmail(answers, shared.securityEmail)?.trim();
    const problem = known !== undefined ? emailProblem(known) : null;
    const valid = known !== undefined && problem === null;
    if (known !== undefined && !valid && !io.interactive) {
      // with no "alert.email", the address is the account's security contact: say so
      const given = answers.alert?.email !== undefined;
      throw new UsageError(
        given
          ? `alert: "alert.email" "${neutralize(known)}" ${problem}`
          : `alert: the security contact's address "${neutralize(known)}", the alert's default recipient, ${problem}; give "alert.email" in --answers`,
      );
    }
    // none given: the address chosen when the alert was set up (the local record), never
    // one read from AWS: whoever is subscribed to the topic is not who it was meant for
    const recorded = known === undefined ? await recordedAlertEmail(ctx.caller.accountId) : undefined;

    const state = await io.task('Reading SNS, EventBridge and CloudTrail in us-east-1…', inspect);
    const trailWanted = answers.alert?.trail;
    const planFor = (email: string, trail: boolean) => planAlert(state, { email, callerArn: ctx.caller.arn, now: ctx.now(), trail });
    // the address is remembered for verify, which warns once it no longer receives the alert
    const remember = async (p: AlertPlan) => {
      if (p.email.trim() === '') return;
      try {
        await recordAlertEmail(ctx.caller.accountId, p.email);
      } catch (e) {
        // the alert is in place all the same; only verify on this machine will not know the address
        io.line(`Could not remember the alert address in the local record (${neutralize(e instanceof Error ? e.message : String(e))}); give verify --alert-email ${neutralize(p.email.trim())} to check it.`, 'warn');
      }
    };
    let email = valid ? known : recorded;

    // already in place: nothing to create for that address (a rule made by hand counts
    // only when it reaches it); with no address known, it is asked for
    if (email !== undefined) {
      const handMade = !state.rule && handMadeFor(state, email).length > 0;
      const stop = handMade ? null : blocked(state, email, io);
      if (stop) return stop;
      const p = planFor(email, trailWanted !== false);
      if (p.actions.length === 0) {
        for (const e of p.existing) io.line(neutralize(e.summary), 'pass');
        for (const n of p.notes ?? []) io.line(neutralize(n), 'warn');
        const o = outcomeOf(p, null);
        await remember(p);
        return withWorkflow({ ...o, summary: [...o.summary, 'already in place'] }, shared, p.email, io);
      }
    }

    io.line('An email to the security contact whenever someone signs in to the console as root.');
    if (!valid && email !== undefined) io.line(`To ${neutralize(email)}, the address recorded when the alert was set up ("alert.email" gives another).`, 'dim');
    if (email === undefined) {
      email = (
        await io.ask({
          message: io.interactive
            ? 'Send root sign-in alerts to (a list or alias that someone reads, not one person)'
            : 'Where should root sign-in alerts go (an email address; "alert.enabled": false skips the alert)',
          key: 'alert.email',
          initial: known,
          placeholder: 'e.g. security@acme.com',
          validate: emailProblem,
        })
      ).trim();
      if (emailProblem(email)) throw new UsageError(`alert: "alert.email" ${emailProblem(email)}`);
      const stopNow = blocked(state, email, io);
      if (stopNow) return stopNow;
    }
    let p = planFor(email, trailWanted !== false);
    // with a person there and no "alert.trail" answer, the trail is asked for (Enter: yes)
    if (io.interactive && trailWanted === undefined && p.trailPlanned) {
      if (!(await io.confirm(`Also set up CloudTrail, which root sign-ins need to reach the alert (${trailSummary(p.trailPart)})?`))) p = planFor(email, false);
    }
    const result = await applyPlan(p, ctx, io, 'alert');
    if (!result) return { status: 'pending', summary: ['root sign-in alert planned, not applied'], todo: [TODO_ALERT] };
    const o = outcomeOf(p, result);
    if (result.ok) await remember(p);
    if (result.ok && p.handMade.length === 0) io.line(`Root sign-ins now email ${neutralize(p.email)}.`, 'pass');
    for (const t of o.status === 'done' ? (o.todo ?? []) : []) io.line(t, 'warn');
    return o.status === 'done' ? withWorkflow(o, shared, p.email, io) : o;
  },
};
