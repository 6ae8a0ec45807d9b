import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from './StepHeader.js';
import { KeyHints, type Hint } from './KeyHints.js';
import { PlanView } from './PlanView.js';
import { ApplyView, reduceProgress, type ActionState } from './ApplyView.js';
import { TextField } from './ui/inputs.js';
import { symbols } from './ui/theme.js';
import { useLifecycle } from './Root.js';
import { useSession } from './SessionContext.js';
import type { StepOutcome, StepScreenProps } from './wizard/types.js';
import { ALERT_RULE, ALERT_TOPIC, alertTodo, defaultAlertEmail, inspect, plan as planAlert, type AlertPlan, type AlertState, trailNote } from '../steps/alert.js';
import { trailSummary } from '../steps/trail.js';
import { runActions } from '../steps/run-actions.js';
import type { ApplyResult } from '../steps/types.js';
import { Reading, ReadFailed } from './ReadFrames.js';

export const ALERT_TITLE = 'Root sign-in alert';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Phase =
  | { at: 'email' }
  | { at: 'inspecting' }
  | { at: 'inspect-failed'; error: unknown }
  | { at: 'plan'; state: AlertState; plan: AlertPlan }
  | { at: 'applying'; plan: AlertPlan }
  | { at: 'result'; plan: AlertPlan; result: ApplyResult };

function outcomeOf(p: AlertPlan, result: ApplyResult | null): StepOutcome {
  if (result && !result.ok) {
    return {
      status: 'failed',
      summary: [`${result.done.length} of ${p.actions.length} changes made for the root sign-in alert`],
      todo: ['re-run the alert step to finish (what is done will not be redone)'],
    };
  }
  if (p.handMade.length > 0) {
    return { status: 'done', summary: [`root sign-ins already alerted by rule ${p.handMade.map((h) => h.rule.name).join(', ')}`], todo: alertTodo(p) };
  }
  return { status: 'done', summary: [`rule ${ALERT_RULE} → topic ${ALERT_TOPIC} → ${p.email} (us-east-1)`], todo: alertTodo(p) };
}

/** The trail part of the plan: one line with its checkbox, then why (and the cost). */
function TrailLine({ plan: p, on }: { plan: AlertPlan; on: boolean }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Box>
        <Text bold>{`[${on ? 'x' : ' '}] A CloudTrail trail for the alert`}</Text>
        <Text dimColor>{on ? '  (t turns it off)' : '  (off: t turns it on)'}</Text>
      </Box>
      {on ? (
        <Text>{`  + ${trailSummary(p.trailPart)}`}</Text>
      ) : (
        <Text color="yellow">{`  ${symbols.warn} No trail logs management events: root sign-ins may never reach the alert.`}</Text>
      )}
      {on
        ? p.trailPart.notes.map((n) => (
            <Text key={n} color="yellow">{`  ${symbols.warn} ${n}`}</Text>
          ))
        : null}
    </Box>
  );
}

/** The wizard's optional step: email whoever watches security when root signs in. */
export function AlertStep({ answers, shared, position, yes, onDone, onBack }: StepScreenProps) {
  const session = useSession();
  const { signal, onInterrupt, setInterruptSummary } = useLifecycle();
  const [email, setEmail] = useState(defaultAlertEmail(answers, shared.securityEmail) ?? '');
  // the value it was about (see ReminderStep: onChange fires again on re-renders)
  const [emailError, setEmailError] = useState<{ value: string; message: string } | null>(null);
  const [enabled, setEnabled] = useState(answers.alert?.enabled !== false);
  // start or create the trail the alert needs ("alert.trail"; t toggles it)
  const [trailOn, setTrailOn] = useState(answers.alert?.trail !== false);
  const [phase, setPhase] = useState<Phase>(EMAIL.test(email) ? { at: 'inspecting' } : { at: 'email' });
  const [progress, setProgress] = useState<Record<string, ActionState>>({});
  const attempt = useRef(0);

  useEffect(() => {
    if (phase.at !== 'inspecting') return;
    const run = ++attempt.current;
    void (async () => {
      try {
        const ctx = await session.context(signal);
        const state = await inspect(ctx);
        const p = planAlert(state, { email, callerArn: ctx.caller.arn, now: ctx.now(), trail: trailOn });
        if (run === attempt.current) setPhase({ at: 'plan', state, plan: p });
      } catch (error) {
        if (run === attempt.current) setPhase({ at: 'inspect-failed', error });
      }
    })();
  }, [phase.at]);

  useEffect(() => {
    if (phase.at !== 'applying') return;
    const p = phase.plan;
    setProgress({});
    let finished = 0;
    const summary = () => `alert: interrupted after ${finished} of ${p.actions.length} changes; re-run to finish (nothing is redone)`;
    setInterruptSummary(summary());
    const unregister = onInterrupt(() => {});
    void (async () => {
      const ctx = await session.context(signal);
      const result = await runActions(p.actions, ctx, (e) => {
        if (e.type === 'done') {
          finished++;
          setInterruptSummary(summary());
        }
        setProgress((s) => reduceProgress(s, e));
      });
      setInterruptSummary(null);
      unregister();
      setPhase({ at: 'result', plan: p, result });
    })();
  }, [phase.at]);

  // --yes accepts the plan (an alert turned off in the answers is skipped)
  useEffect(() => {
    if (phase.at !== 'plan' || !yes) return;
    if (!enabled) onDone({ status: 'skipped', summary: ['root sign-in alert not set up'] });
    else if (phase.plan.actions.length > 0) setPhase({ at: 'applying', plan: phase.plan });
    else onDone(outcomeOf(phase.plan, null));
  }, [phase.at]);

  useInput((input, key) => {
    if (key.escape) {
      if (phase.at === 'email') onBack?.();
      else if (phase.at === 'plan' || phase.at === 'inspect-failed') {
        attempt.current++;
        if (onBack) onBack();
        else setPhase({ at: 'email' });
      }
      return;
    }
    if (phase.at === 'plan') {
      if (input === ' ') setEnabled((v) => !v);
      else if (input === 't' && enabled && phase.plan.trailFix !== 'none') {
        const on = !trailOn;
        setTrailOn(on);
        // the plan is pure: the same account state, planned again with or without the trail
        void session.context(signal).then((ctx) => {
          setPhase((ph) => (ph.at === 'plan' ? { ...ph, plan: planAlert(ph.state, { email, callerArn: ctx.caller.arn, now: ctx.now(), trail: on }) } : ph));
        });
      } else if (input === 'e') {
        attempt.current++;
        setPhase({ at: 'email' });
      } else if (key.return) {
        if (!enabled) onDone({ status: 'skipped', summary: ['root sign-in alert not set up (turned off)'] });
        else if (phase.plan.actions.length === 0) onDone(outcomeOf(phase.plan, null));
        else setPhase({ at: 'applying', plan: phase.plan });
      }
    }
    if (phase.at === 'inspect-failed' && input === 'r') setPhase({ at: 'inspecting' });
    if (phase.at === 'result') {
      if (key.return) onDone(outcomeOf(phase.plan, phase.result));
      else if (!phase.result.ok && input === 'r') setPhase({ at: 'inspecting' });
    }
  });

  const header = <StepHeader title={ALERT_TITLE} step={position} />;
  const intro = <Text>An email to the security contact whenever someone signs in to the console as root.</Text>;

  if (phase.at === 'email') {
    return (
      <Box flexDirection="column">
        {header}
        {intro}
        <Box marginTop={1} flexDirection="column">
          <TextField
            label="Send alerts to:"
            isActive
            defaultValue={email}
            placeholder="e.g. security@acme.com"
            onChange={(v) => setEmail(v.trim())}
            onSubmit={(v) => {
              const value = v.trim();
              if (!EMAIL.test(value)) {
                setEmailError({ value, message: 'an email address, e.g. security@acme.com' });
                return;
              }
              setEmail(value);
              setPhase({ at: 'inspecting' });
            }}
          />
          {emailError && emailError.value === email ? <Text color="red">{`  ${symbols.fail} must be ${emailError.message}`}</Text> : <Text dimColor>  a list or alias that someone reads, not one person</Text>}
        </Box>
        <KeyHints hints={[['Enter', 'next'], ...(onBack ? ([['Esc', 'back']] as Hint[]) : [])]} />
      </Box>
    );
  }

  if (phase.at === 'inspecting') return <Reading header={header} label="Reading SNS, EventBridge and CloudTrail in us-east-1…" />;

  if (phase.at === 'inspect-failed') return <ReadFailed header={header} error={phase.error} hints={[['r', 'retry'], ['Esc', 'back']]} />;

  if (phase.at === 'plan') {
    const p = phase.plan;
    // the trail gets one line of its own below (each of its calls shows while applying)
    const canToggleTrail = p.trailFix !== 'none';
    const trailIds = new Set(p.trailPart.actions.map((a) => a.id));
    const trailNotes = new Set([...p.trailPart.notes, trailNote(p.trail)]);
    const alertPart = canToggleTrail
      ? { actions: p.actions.filter((a) => !trailIds.has(a.id)), existing: p.existing, notes: (p.notes ?? []).filter((n) => !trailNotes.has(n)) }
      : p;
    return (
      <Box flexDirection="column">
        {header}
        <Text>{`Root console sign-ins will email ${p.email} (e changes it).`}</Text>
        <Box marginY={1}>
          <Text bold>{`[${enabled ? 'x' : ' '}] Set up the root sign-in alert`}</Text>
          <Text dimColor>{enabled ? '  (Space turns it off)' : '  (off: Space turns it on)'}</Text>
        </Box>
        {enabled ? <PlanView plan={alertPart} maxRows={6} /> : <Text dimColor>Nothing will be created. verify will warn (root-login-alert).</Text>}
        {enabled && canToggleTrail ? <TrailLine plan={p} on={trailOn} /> : null}
        {yes && enabled && p.actions.length > 0 ? <Text dimColor>--yes: applying…</Text> : null}
        <KeyHints
          hints={[
            ['Enter', !enabled ? 'skip' : p.actions.length > 0 ? 'apply' : 'continue'],
            ['Space', enabled ? 'turn off' : 'turn on'],
            ...(enabled && canToggleTrail ? ([['t', trailOn ? 'no trail' : 'trail']] as Hint[]) : []),
            ['e', 'email'],
            ...(onBack ? ([['Esc', 'back']] as Hint[]) : []),
          ]}
        />
      </Box>
    );
  }

  if (phase.at === 'applying') {
    return (
      <Box flexDirection="column">
        {header}
        <ApplyView actions={phase.plan.actions} states={progress} />
      </Box>
    );
  }

  const { plan: p, result } = phase;
  const todo = alertTodo(p);
  return (
    <Box flexDirection="column">
      {header}
      <ApplyView actions={p.actions} states={progress} />
      {result.ok ? (
        <Box flexDirection="column" marginTop={1}>
          <Text color="green">{`${symbols.pass} Root sign-ins now email ${p.email}.`}</Text>
          {todo.map((t) => (
            <Text key={t} color="yellow">{`${symbols.warn} ${t}`}</Text>
          ))}
        </Box>
      ) : (
        <Text color="red">{`${symbols.fail} Stopped after a failure; r re-reads the account and finishes (nothing done is redone).`}</Text>
      )}
      <KeyHints hints={result.ok ? [['Enter', 'continue']] : [['r', 'retry'], ['Enter', 'continue']]} />
    </Box>
  );
}
