import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from './StepHeader.js';
import { KeyHints, type Hint } from './KeyHints.js';
import { PlanView } from './PlanView.js';
import { ApplyView, reduceProgress, type ActionState } from './ApplyView.js';
import { ErrorView } from './ErrorView.js';
import { Findings } from './Findings.js';
import { TextField, Confirm } from './ui/inputs.js';
import { Spinner } from './ui/Spinner.js';
import { symbols } from './ui/theme.js';
import { useLifecycle } from './Root.js';
import { useSession } from './SessionContext.js';
import { useScreenWidth } from './hooks/useScreenWidth.js';
import type { StepOutcome, StepScreenProps } from './wizard/types.js';
import type { ContactType } from '../aws/port.js';
import {
  CONTACT_FIELDS,
  CONTACT_LABEL,
  FIELD_HINT,
  contactEmailWarnings,
  contactKey,
  contactLine,
  defaultContact,
  inspectContacts,
  missingTypes,
  planContacts,
  readBackContacts,
  securityEmail,
  validateContactField,
  type ContactField,
  type ContactsPlan,
  type ContactsState,
  type PartialContact,
  type ReadBack,
} from '../steps/contacts.js';
import { businessDomainOf } from '../steps/root-email.js';
import { runActions } from '../steps/run-actions.js';
import type { ApplyResult } from '../steps/types.js';

export const CONTACTS_TITLE = 'Alternate contacts';

interface Slot {
  type: ContactType;
  field: ContactField;
}

type Phase =
  | { at: 'inspecting' }
  | { at: 'inspect-failed'; error: unknown }
  | { at: 'ask'; slots: Slot[]; index: number }
  | { at: 'plan'; plan: ContactsPlan; slots: Slot[] }
  | { at: 'applying'; plan: ContactsPlan }
  | { at: 'reading-back'; plan: ContactsPlan; result: ApplyResult }
  | { at: 'result'; plan: ContactsPlan; result: ApplyResult; back: ReadBack[] | null; error?: unknown };

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function ContactsStep({ answers, shared, position, yes, onDone, onBack }: StepScreenProps) {
  const session = useSession();
  const { signal, onInterrupt, setInterruptSummary } = useLifecycle();
  const width = useScreenWidth();
  const [phase, setPhase] = useState<Phase>({ at: 'inspecting' });
  const [state, setState] = useState<ContactsState | null>(null);
  const [values, setValues] = useState<Partial<Record<ContactType, PartialContact>>>({});
  const [typed, setTyped] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Record<string, ActionState>>({});
  const attempt = useRef(0);
  const latest = useRef(phase);
  latest.current = phase;

  const domain = businessDomainOf([shared.rootEmail, answers.contacts?.security?.email, answers.contacts?.operations?.email, answers.contacts?.billing?.email]);

  const initialFor = (slot: Slot, vals: Partial<Record<ContactType, PartialContact>>): string => {
    const given = answers.contacts?.[contactKey(slot.type)]?.[slot.field];
    if (given !== undefined) return given;
    const d = defaultContact(slot.type, domain)[slot.field];
    if (d !== undefined) return d;
    // the same phone for every contact is common: offer the last one entered
    if (slot.field === 'phone') return Object.values(vals).map((c) => c?.phone).filter(Boolean).at(-1) ?? '';
    return '';
  };

  const makePlan = (st: ContactsState, vals: Partial<Record<ContactType, PartialContact>>, slots: Slot[]) => {
    try {
      const p = planContacts(st, vals, { rootEmail: shared.rootEmail });
      setPhase({ at: 'plan', plan: p, slots });
    } catch (error) {
      setPhase({ at: 'inspect-failed', error });
    }
  };

  const goTo = (slots: Slot[], index: number, vals: Partial<Record<ContactType, PartialContact>>) => {
    const slot = slots[index]!;
    setTyped(vals[slot.type]?.[slot.field] ?? initialFor(slot, vals));
    setFieldError(null);
    setPhase({ at: 'ask', slots, index });
  };

  // read the contacts, take every valid answer, ask for the rest one field at a time
  useEffect(() => {
    if (phase.at !== 'inspecting') return;
    let live = true;
    const run = ++attempt.current;
    void (async () => {
      try {
        const ctx = await session.context(signal);
        const st = await inspectContacts(ctx);
        if (!live || run !== attempt.current) return;
        setState(st);
        const vals: Partial<Record<ContactType, PartialContact>> = {};
        const slots: Slot[] = [];
        for (const type of missingTypes(st)) {
          vals[type] = {};
          for (const field of CONTACT_FIELDS) {
            const given = answers.contacts?.[contactKey(type)]?.[field];
            const check = given === undefined ? null : validateContactField(field, given);
            if (check?.ok) vals[type]![field] = check.value;
            else slots.push({ type, field });
          }
        }
        setValues(vals);
        if (slots.length === 0) makePlan(st, vals, slots);
        else goTo(slots, 0, vals);
      } catch (error) {
        if (live && run === attempt.current) setPhase({ at: 'inspect-failed', error });
      }
    })();
    return () => {
      live = false;
    };
  }, [phase.at]);

  useEffect(() => {
    if (phase.at !== 'applying') return;
    const p = phase.plan;
    setProgress({});
    setInterruptSummary(`contacts: interrupted while setting ${p.actions.length} contact(s); re-run to finish`);
    const unregister = onInterrupt(() => {});
    void (async () => {
      const ctx = await session.context(signal);
      const result = await runActions(p.actions, ctx, (e) => setProgress((s) => reduceProgress(s, e)));
      setInterruptSummary(null);
      unregister();
      if (!result.ok) {
        setPhase({ at: 'result', plan: p, result, back: null });
        return;
      }
      setPhase({ at: 'reading-back', plan: p, result });
      try {
        const back = await readBackContacts(ctx, p);
        setPhase({ at: 'result', plan: p, result, back });
      } catch (error) {
        setPhase({ at: 'result', plan: p, result, back: null, error });
      }
    })();
  }, [phase.at]);

  useEffect(() => {
    if (phase.at !== 'plan' || !yes) return;
    if (phase.plan.actions.length > 0) setPhase({ at: 'applying', plan: phase.plan });
    else onDone(outcome(phase.plan, null));
  }, [phase.at]);

  const outcome = (p: ContactsPlan, r: { result: ApplyResult; back: ReadBack[] | null } | null): StepOutcome => {
    const sec = state ? securityEmail(state, r?.result.ok ? p : null) : undefined;
    const sharedOut = sec ? { securityEmail: sec } : {};
    const todo = p.warnings.filter((w) => w.severity === 'warn').map((w) => `contacts: ${w.message}`);
    if (r && (!r.result.ok || !r.back || r.back.some((b) => !b.matches))) {
      return { status: 'failed', summary: ['contacts: not all were set'], todo: ['re-run the contacts step to finish'], shared: sharedOut };
    }
    const set = r?.back?.map((b) => CONTACT_LABEL[b.type]) ?? [];
    return {
      status: 'done',
      summary: [set.length > 0 ? `contacts set: ${set.join(', ')}` : 'contacts: already set'],
      todo,
      shared: sharedOut,
    };
  };

  const goBack = () => {
    const ph = latest.current;
    if (ph.at === 'ask') {
      if (ph.index > 0) goTo(ph.slots, ph.index - 1, values);
      else onBack?.();
    } else if (ph.at === 'plan') {
      if (ph.slots.length > 0) goTo(ph.slots, ph.slots.length - 1, values);
      else onBack?.();
    } else if (ph.at === 'inspect-failed') onBack?.();
  };

  useInput((input, key) => {
    const ph = latest.current;
    if (key.escape) {
      goBack();
      return;
    }
    if (ph.at === 'inspect-failed' && input === 'r') setPhase({ at: 'inspecting' });
    if (ph.at === 'plan' && ph.plan.actions.length === 0 && key.return) onDone(outcome(ph.plan, null));
    if (ph.at === 'result') {
      if (key.return) onDone(outcome(ph.plan, { result: ph.result, back: ph.back }));
      else if (input === 'r' && (!ph.result.ok || ph.error)) setPhase({ at: 'inspecting' });
    }
  });

  const header = <StepHeader title={CONTACTS_TITLE} step={position} />;
  const frame = (children: React.ReactNode) => (
    <Box flexDirection="column" width={width}>
      {header}
      {children}
    </Box>
  );

  if (phase.at === 'inspecting') return frame(<Spinner label="Reading the alternate contacts…" />);

  if (phase.at === 'inspect-failed') {
    return frame(
      <>
        <ErrorView error={phase.error} />
        <KeyHints hints={[['r', 'retry'], ['Esc', 'back']]} />
      </>,
    );
  }

  if (phase.at === 'ask') {
    const slot = phase.slots[phase.index]!;
    const set = state ? (['SECURITY', 'BILLING', 'OPERATIONS'] as const).filter((t) => state.current[t]) : [];
    const others = { ...state?.current, ...Object.fromEntries(Object.entries(values).map(([t, c]) => [t, c?.email ? { email: c.email } : null])) };
    const check = typed.trim() === '' ? null : validateContactField(slot.field, typed);
    const warnings = slot.field === 'email' && check?.ok ? contactEmailWarnings(slot.type, check.value, { rootEmail: shared.rootEmail, others }) : [];
    const filled = values[slot.type] ?? {};
    return frame(
      <>
        <Text>AWS writes to these about security issues, bills and operations: use lists,</Text>
        <Text>not people, and not the root address.</Text>
        {set.length > 0 ? <Text color="green">{`${symbols.pass} Already set: ${set.map((t) => CONTACT_LABEL[t]).join(', ')}`}</Text> : null}
        <Box marginTop={1} flexDirection="column">
          <Text bold>{`${cap(CONTACT_LABEL[slot.type])} contact`}<Text dimColor>{`  (field ${phase.index + 1} of ${phase.slots.length})`}</Text></Text>
          {CONTACT_FIELDS.filter((f) => f !== slot.field && filled[f] !== undefined).map((f) => (
            <Text key={f} dimColor>{`  ${cap(f)}: ${filled[f]}`}</Text>
          ))}
          <TextField
            key={`${slot.type}.${slot.field}`}
            label={`  ${cap(slot.field)}:`}
            isActive
            defaultValue={typed}
            onChange={(v) => {
              // TextInput calls onChange again after every render with the same value
              if (v === typed) return;
              setTyped(v);
              setFieldError(null);
            }}
            onSubmit={(v) => {
              const c = validateContactField(slot.field, v);
              if (!c.ok) {
                setFieldError(c.error);
                return;
              }
              const vals = { ...values, [slot.type]: { ...values[slot.type], [slot.field]: c.value } };
              setValues(vals);
              if (phase.index + 1 < phase.slots.length) goTo(phase.slots, phase.index + 1, vals);
              else if (state) makePlan(state, vals, phase.slots);
            }}
          />
          {fieldError ? (
            <Text color="red">{`  ${symbols.fail} ${fieldError}`}</Text>
          ) : check && !check.ok ? (
            <Text dimColor>{`  ${check.error}`}</Text>
          ) : (
            <Text dimColor>{`  ${FIELD_HINT[slot.field]}`}</Text>
          )}
          {warnings.length > 0 ? <Findings findings={warnings} /> : null}
        </Box>
        <KeyHints hints={[['Enter', 'next'], ['Esc', 'back']]} />
      </>,
    );
  }

  if (phase.at === 'plan') {
    const p = phase.plan;
    const types = (['SECURITY', 'BILLING', 'OPERATIONS'] as const).filter((t) => p.contacts[t]);
    const hints: Hint[] = p.actions.length > 0 ? [['y', 'apply'], ['n/Esc', 'back']] : [['Enter', 'continue'], ['Esc', 'back']];
    return frame(
      <>
        {types.map((t) => (
          <Text key={t}>{`${cap(CONTACT_LABEL[t]).padEnd(11)} ${contactLine(p.contacts[t]!)}`}</Text>
        ))}
        <Box marginTop={types.length > 0 ? 1 : 0}>
          <PlanView plan={p} />
        </Box>
        {p.actions.length > 0 ? (
          yes ? (
            <Text dimColor>--yes: applying…</Text>
          ) : (
            <Box marginTop={1}>
              <Text>{'Apply this plan? '}</Text>
              <Confirm isActive onConfirm={() => setPhase({ at: 'applying', plan: p })} onCancel={goBack} />
            </Box>
          )
        ) : null}
        <KeyHints hints={hints} />
      </>,
    );
  }

  if (phase.at === 'applying' || phase.at === 'reading-back') {
    return frame(
      <>
        <Text>Setting the contacts:</Text>
        <ApplyView actions={phase.plan.actions} states={progress} />
        {phase.at === 'reading-back' ? <Spinner label="Reading them back from AWS…" /> : null}
      </>,
    );
  }

  const { plan: p, result, back, error } = phase;
  const ok = result.ok && back !== null && back.every((b) => b.matches);
  return frame(
    <>
      <ApplyView actions={p.actions} states={progress} />
      {back ? (
        <Box marginTop={1} flexDirection="column">
          <Text bold>Read back from AWS:</Text>
          {back.map((b) => (
            <Text key={b.type} color={b.matches ? 'green' : 'red'}>
              {`  ${b.matches ? symbols.pass : symbols.fail} ${cap(CONTACT_LABEL[b.type]).padEnd(11)} ${b.actual ? contactLine(b.actual) : 'not set'}`}
            </Text>
          ))}
        </Box>
      ) : null}
      {error ? <ErrorView error={error} /> : null}
      {ok ? null : <Text color="red">{`${symbols.fail} Not every contact was set; r re-reads the account and retries what is left.`}</Text>}
      <KeyHints hints={ok ? [['Enter', 'continue']] : [['r', 'retry'], ['Enter', 'continue']]} />
    </>,
  );
}
