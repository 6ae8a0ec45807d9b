import React, { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from './StepHeader.js';
import { KeyHints, type Hint } from './KeyHints.js';
import { Findings } from './Findings.js';
import { TextField } from './ui/inputs.js';
import { Spinner } from './ui/Spinner.js';
import { symbols } from './ui/theme.js';
import { useLifecycle } from './Root.js';
import { useSession } from './SessionContext.js';
import { useScreenWidth } from './hooks/useScreenWidth.js';
import type { StepScreenProps } from './wizard/types.js';
import { AlreadyDone } from './AlreadyDone.js';
import { readRecord, type RootEmailCheck } from '../steps/local-record.js';
import {
  assessRootEmail,
  businessDomainOf,
  checkRootEmail,
  lookupPrimaryEmail,
  parseEmail,
  passedRootEmail,
  recordRootEmailCheck,
  rootEmailOutcome,
  type EmailAssessment,
  type MxResolver,
} from '../steps/root-email.js';

export const ROOT_EMAIL_TITLE = 'Root email';

/** The MX lookup the screen uses; node:dns unless a test provides one. */
export const MxResolverContext = createContext<MxResolver | undefined>(undefined);

type Role = 'current' | 'target';

type Phase =
  /** a re-run: did this address (or the one checked last time) pass already? */
  | { at: 'recall' }
  | { at: 'already'; check: RootEmailCheck }
  | { at: 'lookup' }
  | { at: 'ask'; role: Role; initial: string; note?: string }
  /** next: a suggestion taken while typing; it is checked right after the typed address */
  | { at: 'checking'; role: Role; address: string; next?: string }
  | { at: 'review'; role: Role; check: EmailAssessment };

export function RootEmailStep({ answers, preflight, shared, position, yes, onDone, onBack }: StepScreenProps) {
  const session = useSession();
  const { signal } = useLifecycle();
  const resolveMx = useContext(MxResolverContext);
  const businessDomain = useMemo(
    () =>
      businessDomainOf([
        answers.contacts?.security?.email,
        answers.contacts?.operations?.email,
        answers.contacts?.billing?.email,
        answers.alert?.email,
      ]),
    [answers],
  );
  const given = answers.rootEmail ?? shared.rootEmail;
  const start: Phase = given ? { at: 'checking', role: 'current', address: given } : { at: 'lookup' };
  const [phase, setPhase] = useState<Phase>({ at: 'recall' });
  const [current, setCurrent] = useState<EmailAssessment | null>(null);
  const [typed, setTyped] = useState('');
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [edit, setEdit] = useState(0);
  const run = useRef(0);

  useEffect(() => {
    if (phase.at !== 'recall') return;
    let live = true;
    // the gateway first: it settles where this run's record lives (--demo keeps its own)
    session.gateway().then(() => readRecord(preflight.caller.accountId)).then(
      (record) => {
        if (!live) return;
        const passed = passedRootEmail(record, given);
        setPhase(passed ? { at: 'already', check: passed } : start);
      },
      () => live && setPhase(start),
    );
    return () => {
      live = false;
    };
  }, [phase.at]);

  // AWS names the root email only to an organization's management account; else ask
  useEffect(() => {
    if (phase.at !== 'lookup') return;
    let live = true;
    void (async () => {
      try {
        const ctx = await session.context(signal);
        const found = await lookupPrimaryEmail(ctx);
        if (!live) return;
        if (found.status === 'found') setPhase({ at: 'checking', role: 'current', address: found.email });
        else setPhase({ at: 'ask', role: 'current', initial: '', note: `AWS does not tell this account its root email (${found.reason}).` });
      } catch {
        if (live) setPhase({ at: 'ask', role: 'current', initial: '' });
      }
    })();
    return () => {
      live = false;
    };
  }, [phase.at]);

  useEffect(() => {
    if (phase.at !== 'checking') return;
    const mine = ++run.current;
    const { role, address, next } = phase;
    void checkRootEmail(address, { businessDomain, resolveMx }).then((check) => {
      if (mine !== run.current) return;
      if (role === 'current') setCurrent(check);
      if (next && check.email) setPhase({ at: 'checking', role: 'target', address: next });
      else setPhase({ at: 'review', role, check });
    });
  }, [phase]);

  const ask = (role: Role, initial: string) => {
    setTyped(initial);
    setSubmitError(null);
    setEdit((n) => n + 1);
    setPhase({ at: 'ask', role, initial });
  };

  const accept = (check: EmailAssessment, typedAsCurrent: boolean) => {
    const s = check.suggestion;
    if (!s || !check.email) return;
    if (typedAsCurrent) {
      // what was typed is the address in use now; the suggestion is what to change it to
      if (s.needsDomain) {
        const address = check.email.address;
        setPhase({ at: 'checking', role: 'current', address });
        void checkRootEmail(address, { businessDomain, resolveMx }).then(setCurrent);
        ask('target', s.fill);
      } else setPhase({ at: 'checking', role: 'current', address: check.email.address, next: s.fill });
      return;
    }
    if (s.needsDomain) ask('target', s.fill);
    else setPhase({ at: 'checking', role: 'target', address: s.fill });
  };

  const finish = (target: EmailAssessment | null) => {
    if (!current?.email) return;
    const address = current.email.address;
    const o = rootEmailOutcome({ current: address, target: target?.email?.address ?? null, findings: current.findings });
    // the address only, so a re-run need not ask; a failed write only means it asks again
    if (o.ok) void recordRootEmailCheck(preflight.caller.accountId, address, session.now()).catch(() => undefined);
    onDone({
      status: o.ok ? 'done' : 'pending',
      summary: o.summary,
      todo: o.todo,
      shared: { rootEmail: target?.email?.address ?? address },
    });
  };

  const live = phase.at === 'ask' && typed.trim() !== '' ? assessRootEmail(typed, { businessDomain }) : null;
  // keys can arrive before Ink re-subscribes the handler below: read what was last rendered
  const latest = useRef({ phase, live });
  latest.current = { phase, live };
  const width = useScreenWidth();

  useInput((input, key) => {
    const { phase, live } = latest.current;
    if (phase.at === 'already' || phase.at === 'recall') return;
    if (phase.at === 'ask') {
      if (key.escape) {
        if (phase.role === 'target' && current) setPhase({ at: 'review', role: 'current', check: current });
        else onBack?.();
        return;
      }
      if (key.tab && live?.suggestion) accept(live, phase.role === 'current');
      return;
    }
    if (phase.at !== 'review') return;
    if (key.escape) {
      if (phase.role === 'target' && current) setPhase({ at: 'review', role: 'current', check: current });
      else onBack?.();
    } else if ((input === 's' || key.tab) && phase.check.suggestion) accept(phase.check, false);
    else if (input === 'e') ask(phase.role, phase.check.email?.address ?? phase.check.input);
    else if (key.return) finish(phase.role === 'target' ? phase.check : null);
  });

  const header = <StepHeader title={ROOT_EMAIL_TITLE} step={position} />;
  const intro = (
    <Box flexDirection="column" marginBottom={1}>
      <Text>Root signs in with an email address: make it a shared alias on your business</Text>
      <Text>domain (aws-production@company.com), never a person or a free-mail address.</Text>
    </Box>
  );

  if (phase.at === 'already') {
    const c = phase.check;
    return (
      <AlreadyDone
        header={header}
        found={[`Root email ${c.address}: passed every check on ${c.at.slice(0, 10)}`, 'Nothing to change in the console']}
        yes={yes}
        editLabel="check again"
        onContinue={() =>
          onDone({
            status: 'done',
            summary: [`root email ${c.address}: a shared alias on a business domain (checked ${c.at.slice(0, 10)})`],
            todo: [],
            shared: { rootEmail: c.address },
          })
        }
        onEdit={() => setPhase({ at: 'checking', role: 'current', address: c.address })}
        onBack={onBack}
      />
    );
  }

  if (phase.at === 'lookup' || phase.at === 'recall') {
    return (
      <Box flexDirection="column" width={width}>
        {header}
        <Spinner label={phase.at === 'recall' ? 'Reading what was checked last time…' : 'Asking AWS for the root email…'} />
      </Box>
    );
  }

  if (phase.at === 'ask') {
    const syntax = live?.findings.find((f) => f.id === 'syntax');
    const problems = live?.email ? live.findings.filter((f) => f.severity !== 'pass') : [];
    return (
      <Box flexDirection="column" width={width}>
        {header}
        {intro}
        {phase.note ? <Text dimColor>{phase.note}</Text> : null}
        {phase.role === 'target' && current?.email ? <Text>{`Now: ${current.email.address}`}</Text> : null}
        <TextField
          key={edit}
          label={phase.role === 'target' ? 'New root email:' : 'Root email:'}
          isActive
          defaultValue={phase.initial}
          placeholder="aws-production@company.com"
          onChange={(v) => {
            // TextInput calls onChange again after every render with the same value
            if (v === typed) return;
            setTyped(v);
            setSubmitError(null);
          }}
          onSubmit={(v) => {
            const p = parseEmail(v);
            if (!p.ok) {
              setSubmitError(p.error);
              return;
            }
            setPhase({ at: 'checking', role: phase.role, address: p.email.address });
          }}
        />
        {submitError ? (
          <Text color="red">{`${symbols.fail} ${submitError}`}</Text>
        ) : syntax && typed.includes('@') ? (
          <Text dimColor>{`  ${syntax.message}`}</Text>
        ) : null}
        {problems.length > 0 ? <Findings findings={problems} fixes={false} /> : null}
        {live?.suggestion ? <Text>{`${symbols.arrow} Suggested: ${live.suggestion.addresses[0]} (Tab to use it)`}</Text> : null}
        <KeyHints hints={[['Enter', 'check'], ...(live?.suggestion ? ([['Tab', 'use suggestion']] as Hint[]) : []), ['Esc', 'back']]} />
      </Box>
    );
  }

  if (phase.at === 'checking') {
    const domain = parseEmail(phase.address);
    return (
      <Box flexDirection="column" width={width}>
        {header}
        <Spinner label={`Checking ${phase.address}${domain.ok ? `: mail servers of ${domain.email.domain}` : ''}…`} />
      </Box>
    );
  }

  const { check, role } = phase;
  const s = check.suggestion;
  const hints: Hint[] = [['Enter', role === 'target' ? 'plan this change' : 'continue']];
  if (s) hints.push(['s', 'use suggestion']);
  hints.push(['e', 'edit'], ['Esc', 'back']);
  return (
    <Box flexDirection="column" width={width}>
      {header}
      {role === 'target' && current?.email ? (
        <Box flexDirection="column" marginBottom={1}>
          <Text>{`Root email now   ${current.email.address}`}</Text>
          <Text bold>{`Change it to     ${check.email?.address ?? check.input}`}</Text>
        </Box>
      ) : (
        <Box marginBottom={1}>
          <Text>
            {'Root email  '}
            <Text bold>{check.email?.address ?? check.input}</Text>
          </Text>
        </Box>
      )}
      <Findings findings={check.findings} />
      {s ? (
        <Box marginTop={1} flexDirection="column">
          <Text>{`${symbols.arrow} Suggested: ${s.addresses[0]}  or  ${s.addresses[1]}`}</Text>
          <Text dimColor>
            {s.needsDomain ? '  Press s to type it with your company domain.' : '  Press s to use the first one.'}
          </Text>
        </Box>
      ) : null}
      {role === 'target' ? (
        <Text dimColor>Changing the root email happens in the console; it is listed as a to-do at the end.</Text>
      ) : null}
      <KeyHints hints={hints} />
    </Box>
  );
}
