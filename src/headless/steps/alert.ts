import { UsageError } from '../../args.js';
import { alertTodo, ALERT_RULE, ALERT_TOPIC, defaultAlertEmail, inspect, plan as planAlert } from '../../steps/alert.js';
import { trailSummary } from '../../steps/trail.js';
import { applyPlanHeadless } from '../plan-io.js';
import type { HeadlessStep } from '../types.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The 'alert' step without prompts. */
export const headless: HeadlessStep = async (ctx, { answers, shared }, io) => {
  if (answers.alert?.enabled === false) {
    io.line('alert: skipped ("alert.enabled" is false)');
    return { status: 'skipped', summary: ['root sign-in alert not set up (alert.enabled false)'] };
  }
  const known = defaultAlertEmail(answers, shared.securityEmail);
  const valid = known !== undefined && EMAIL.test(known);
  if (known !== undefined && !valid && !io.interactive) throw new UsageError(`alert: "alert.email" "${known}" is not an email address`);
  // as the screen: a good address (given, or the security contact's) is used; otherwise asked, the bad one offered for correction
  const email = valid
    ? known
    : (
        await io.ask({
          message: io.interactive
            ? 'alert: send root sign-in alerts to (a list or alias that someone reads, not one person)'
            : 'alert: where should root sign-in alerts go (an email address; "alert.enabled": false skips the alert)',
          key: 'alert.email',
          initial: known,
          validate: (v) => (EMAIL.test(v.trim()) ? null : 'must be an email address, e.g. security@acme.com'),
        })
      ).trim();
  const state = await inspect(ctx);
  const input = { email, callerArn: ctx.caller.arn, now: ctx.now() };
  let p = planAlert(state, { ...input, trail: answers.alert?.trail !== false });
  // --plain asks, as the screen offers it (Enter: yes); --ci takes "alert.trail" (default true)
  if (io.interactive && answers.alert?.trail === undefined && p.trailPlanned) {
    const yes = await io.confirm(`alert: also set up CloudTrail, which root sign-ins need to reach the alert (${trailSummary(p.trailPart)})?`);
    if (!yes) p = planAlert(state, { ...input, trail: false });
  }
  const result = await applyPlanHeadless(p, ctx, io, 'alert');
  if (!result) return { status: 'pending', summary: ['root sign-in alert planned, not applied'], todo: ['re-run with --yes to set up the root sign-in alert'] };
  if (!result.ok) {
    return {
      status: 'failed',
      summary: [`${result.done.length} of ${p.actions.length} changes made`],
      todo: ['re-run the alert step to finish (what is done will not be redone)'],
    };
  }
  const todo = alertTodo(p);
  if (p.handMade.length > 0) {
    return { status: 'done', summary: [`root sign-ins already alerted by rule ${p.handMade.map((h) => h.rule.name).join(', ')}`], todo };
  }
  return {
    status: 'done',
    summary: [`root sign-in alert: rule ${ALERT_RULE} → topic ${ALERT_TOPIC} → ${email} (us-east-1)`],
    todo,
  };
};
