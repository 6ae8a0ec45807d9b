import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from './StepHeader.js';
import { KeyHints, type Hint } from './KeyHints.js';
import { ReadFailed } from './ReadFrames.js';
import { TextField, Confirm, Choose } from './ui/inputs.js';
import { Spinner } from './ui/Spinner.js';
import { symbols, toneColor } from './ui/theme.js';
import { Hanging } from './ui/Hanging.js';
import { SIGNAL_CODES, useLifecycle } from './Root.js';
import { useSession } from './SessionContext.js';
import { validateUserName } from '../steps/admin-user.js';
import { badRowLine, previewTable, type BadRow } from '../steps/onboard-csv.js';
import {
  apply,
  companyDomain,
  engineerSetUp,
  DEFAULT_GROUP,
  groupChoices,
  inspect,
  onboardExitCode,
  HandOvers,
  plan as planOnboard,
  welcomeNote,
  type Engineer,
  type EngineerPlan,
  type OnboardPlan,
  type OnboardResult,
  type OnboardState,
} from '../steps/onboard.js';
import { workEmailProblem } from '../steps/work-email.js';
import { prepareWelcomeFile } from '../steps/welcome-file.js';
import { NoteHandOver } from '../steps/onboard-handover.js';
import type { PreparedOutput } from '../output-file.js';
import { neutralize } from '../untrusted.js';
import type { Preflight } from '../steps/preflight.js';
import { FlowRunner } from './flow/FlowRunner.js';
import { enrolMfa } from '../steps/day-one/mfa.js';
import type { StepOutcome } from '../steps/flow.js';

export const ONBOARD_TITLE = 'Onboard engineers';

type Field = 'name' | 'email' | 'group';

type Phase =
  | { at: 'loading' }
  | { at: 'load-failed'; error: unknown }
  | { at: 'preview'; state: OnboardState }
  | { at: 'form'; field: Field; state: OnboardState }
  | { at: 'planning'; state: OnboardState }
  | { at: 'plan'; state: OnboardState; plan: OnboardPlan }
  | { at: 'applying'; plan: OnboardPlan }
  | { at: 'result'; plan: OnboardPlan; result: OnboardResult }
  | { at: 'mfa'; plan: OnboardPlan; result: OnboardResult; userName: string; preflight: Preflight }
  /** stopped by a signal: the notes whose passwords nobody has seen yet, until they are stored */
  | { at: 'interrupted'; plan: OnboardPlan; result: OnboardResult; notes: Note[] };

type UserProgress = { state: 'waiting' | 'running' | 'done' | 'failed'; done: number; error?: string };

/** An engineer's welcome note, ready the moment that engineer is done; `password` when shown on screen. */
type Note = { ep: EngineerPlan; password: string | null };

export interface OnboardScreenProps {
  /** --from FILE.csv, already parsed */
  batch: { source: string; engineers: Engineer[]; bad: BadRow[] } | null;
  /** --user/--email/--group: fields given on the command line are not asked */
  initial: { name: string | null; email: string | null; group: string | null };
  emailDomain: string | null;
  welcomeFile: string | null;
  includePassword: boolean;
  /** --force: replace an existing welcome file */
  force?: boolean;
  yes: boolean;
}

const MAX_ROWS = 12;
/** the screen is laid out for 80 columns: long lines wrap inside it */
const WIDTH = 80;

function FieldError({ error, hint }: { error: string | null; hint: string }) {
  return error ? <Text color="red">{`  ${symbols.fail} ${error}`}</Text> : <Text dimColor>{`  ${hint}`}</Text>;
}

function Rejected({ rows }: { rows: BadRow[] }) {
  if (rows.length === 0) return null;
  return (
    <Box flexDirection="column" width={WIDTH}>
      <Text color="red">{`${symbols.fail} Left out, nothing will be created for them (${rows.length}):`}</Text>
      {rows.slice(0, 6).map((b) => (
        <Hanging key={`${b.line}:${b.name}`} lead="  " color={toneColor.fail}>
          {badRowLine(b)}
        </Hanging>
      ))}
      {rows.length > 6 ? <Text dimColor>{`  … and ${rows.length - 6} more`}</Text> : null}
    </Box>
  );
}

/**
 * Where the group picker's cursor starts: the group asked for (--group, or the one chosen
 * before going back), else DEFAULT_GROUP (Developers), as the --plain question does. Never
 * Administrators unless it was asked for; a group not among the choices leaves it on none.
 */
export function pickerStart(choices: string[], asked: string): string | undefined {
  if (!asked) return choices.find((c) => c === DEFAULT_GROUP);
  return choices.find((c) => c.toLowerCase() === asked.toLowerCase());
}

/** A warning that wraps with a hanging indent: continuation lines stay under its text. */
function Warning({ text }: { text: string }) {
  return (
    <Hanging lead={`  ${symbols.warn} `} color={toneColor.warn}>
      {text}
    </Hanging>
  );
}

function PlanSummary({ plan }: { plan: OnboardPlan }) {
  const lines: { key: string; text: string; dim?: boolean; tone?: 'pass' }[] = [];
  for (const a of plan.shared) lines.push({ key: a.id, text: `  + ${a.summary}` });
  for (const ep of plan.engineers) {
    if (ep.actions.length === 0) lines.push({ key: ep.engineer.name, text: `  ${symbols.pass} ${ep.engineer.name} already set up (group ${ep.group})`, tone: 'pass' });
    else if (plan.engineers.length === 1) for (const a of ep.actions) lines.push({ key: a.id, text: `  + ${a.summary}` });
    else lines.push({ key: ep.engineer.name, text: `  + ${ep.engineer.name} in ${ep.group}: ${ep.actions.map((a) => a.call.replace('iam:', '')).join(', ')}` });
  }
  const shown = lines.slice(0, MAX_ROWS);
  return (
    <Box flexDirection="column" width={WIDTH}>
      {plan.actions.length === 0 ? (
        <Text color="green">{`${symbols.pass} Nothing to do: everything is already in place.`}</Text>
      ) : (
        <Text bold>{`Will do (${plan.actions.length} changes):`}</Text>
      )}
      {plan.adminWarnings.map((w) => (
        <Warning key={w} text={w} />
      ))}
      {shown.map((l) => (
        <Text key={l.key} color={l.tone === 'pass' ? 'green' : undefined}>
          {l.text}
        </Text>
      ))}
      {lines.length > shown.length ? <Text dimColor>{`  … and ${lines.length - shown.length} more`}</Text> : null}
      {plan.notes.slice(0, 3).map((n) => (
        <Warning key={n} text={n} />
      ))}
    </Box>
  );
}

function WelcomeNote({ ep, url, password, revealed, compact = false }: { ep: EngineerPlan; url: string; password: string | null; revealed: boolean; compact?: boolean }) {
  const lines = welcomeNote(ep, url, null);
  // no border: the lead copies this note to the engineer, and a box's │ would come along
  return (
    <Box flexDirection="column" marginY={compact ? 0 : 1}>
      {lines.map((l, i) =>
        password && l.startsWith('  Temporary password') ? (
          <Text key={i}>
            {'  Temporary password: '}
            {revealed ? <Text bold>{password}</Text> : <Text>{'•'.repeat(password.length)}</Text>}
            {revealed ? '' : <Text dimColor>{'  (p reveals it)'}</Text>}
          </Text>
        ) : (
          <Text key={i}>{l}</Text>
        ),
      )}
      {password ? <Text color={toneColor.warn}>{`${symbols.warn} Shown once: hand it over now; it is stored nowhere.`}</Text> : null}
    </Box>
  );
}

const STOPPING = 'Stopping: finishing those under way, then their passwords. Ctrl-C quits now.';

/** Names joined by commas, cut to about `max` characters with how many more there are. */
function nameList(names: string[], max: number): string {
  const out: string[] = [];
  let length = 0;
  for (const [i, n] of names.entries()) {
    if (out.length > 0 && length + n.length > max) return `${out.join(', ')} and ${names.length - i} more`;
    out.push(n);
    length += n.length + 2;
  }
  return out.join(', ');
}

/** The line an interrupted batch ends with: how many engineers are set up, and what a re-run does. */
function interruptedLine(setUp: number, of: number): string {
  return `Interrupted: ${setUp} of ${of} engineers set up; re-run to finish (nothing is redone).`;
}

export function OnboardScreen({ batch, initial, emailDomain, welcomeFile, includePassword, force = false, yes }: OnboardScreenProps) {
  const session = useSession();
  const { signal, finish, onInterrupt, setInterruptSummary, secretShown } = useLifecycle();
  const [phase, setPhase] = useState<Phase>({ at: 'loading' });
  const [name, setName] = useState(initial.name ?? '');
  const [email, setEmail] = useState(initial.email ?? '');
  const [group, setGroup] = useState(initial.group ?? '');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Record<string, UserProgress>>({});
  const [noteIndex, setNoteIndex] = useState(0);
  const [revealed, setRevealed] = useState(false);
  const [fileStatus, setFileStatus] = useState<string | null>(null);
  const submittedEmail = useRef<string | null>(null);
  const [mfa, setMfa] = useState<Record<string, StepOutcome>>({});
  const [notes, setNotes] = useState<Note[]>([]);
  const handOvers = useRef<HandOvers | null>(null);
  const revealedOnce = useRef(new Set<string>());
  // the notes so far, for the interrupt's clean-up (which runs outside a render)
  const notesRef = useRef<Note[]>([]);
  // resolves the interrupt's clean-up once the passwords shown are stored
  const storedRef = useRef<(() => void) | null>(null);
  const marks = useRef<Promise<void>[]>([]);
  // interrupted: those under way are being finished
  const [stopping, setStopping] = useState(false);

  const engineers = (): Engineer[] => (batch ? batch.engineers : [{ name, email, group }]);
  const firstMissing = (): Field | null => (!name ? 'name' : !email ? 'email' : !group ? 'group' : null);

  // read the account (groups, users, domains)
  useEffect(() => {
    if (phase.at !== 'loading') return;
    let live = true;
    void (async () => {
      try {
        const ctx = await session.context(signal);
        const state = await inspect(ctx, batch ? batch.engineers : [], emailDomain);
        if (!live) return;
        if (batch) setPhase({ at: 'preview', state });
        else {
          const missing = firstMissing();
          setPhase(missing ? { at: 'form', field: missing, state } : { at: 'planning', state });
        }
      } catch (error) {
        if (live) setPhase({ at: 'load-failed', error });
      }
    })();
    return () => {
      live = false;
    };
  }, [phase.at]);

  // the plan: the engineer's own user is read now (the form may have changed it)
  useEffect(() => {
    if (phase.at !== 'planning') return;
    let live = true;
    void (async () => {
      try {
        const ctx = await session.context(signal);
        const state = batch ? phase.state : await inspect(ctx, engineers(), emailDomain);
        // passwords an earlier run set and never handed over (it stopped first)
        const h = await HandOvers.read(ctx.caller.accountId);
        handOvers.current = h;
        const p = planOnboard(
          state,
          engineers(),
          { callerArn: ctx.caller.arn, now: ctx.now(), randomBytes: ctx.randomBytes, emailDomain, handOverPending: h.pending },
          batch?.bad ?? [],
        );
        if (live) setPhase({ at: 'plan', state, plan: p });
      } catch (error) {
        if (live) setPhase({ at: 'load-failed', error });
      }
    })();
    return () => {
      live = false;
    };
  }, [phase.at]);

  useEffect(() => {
    if (phase.at !== 'applying') return;
    const p = phase.plan;
    const initialProgress: Record<string, UserProgress> = {};
    for (const ep of p.engineers) initialProgress[ep.engineer.name] = { state: ep.actions.length ? 'waiting' : 'done', done: 0 };
    setProgress(initialProgress);
    let finished = 0;
    const summary = () => `onboard: ${finished} of ${p.engineers.length} engineers set up; re-run to finish (nothing is redone)`;
    setInterruptSummary(summary());
    // Interrupted, nobody new is started (apply() reads the signal); those under way
    // finish, their notes go out, and a person stores the passwords before the screen is
    // cleared. A closed terminal has nobody to show them to: the record keeps them as not
    // handed over, and a re-run resets them.
    let work: Promise<{ result: OnboardResult; fileError: unknown } | null> = Promise.resolve(null);
    const unregister = onInterrupt(
      async (code) => {
        if (code !== SIGNAL_CODES.SIGHUP) setStopping(true);
        const done = await work;
        if (!done) return;
        const notHandedOver = notesRef.current.filter((n) => n.password && !revealedOnce.current.has(n.ep.engineer.name));
        if (code === SIGNAL_CODES.SIGHUP || notHandedOver.length === 0) return;
        secretShown();
        await new Promise<void>((resolve) => {
          storedRef.current = resolve;
          setNoteIndex(0);
          setPhase({ at: 'interrupted', plan: p, result: done.result, notes: notHandedOver });
        });
      },
      { untimed: true },
    );
    const fileStatusOf = (error: unknown): string | null => (error ? (error instanceof Error ? error.message : String(error)) : null);
    work = (async () => {
      const ctx = await session.context(signal);
      // the welcome file is opened before any engineer is created: a bad path changes nothing
      let file: PreparedOutput | null = null;
      if (welcomeFile) {
        try {
          file = await prepareWelcomeFile(welcomeFile, force);
        } catch (error) {
          setInterruptSummary(null);
          unregister();
          setPhase({ at: 'load-failed', error });
          return null;
        }
      }
      // each note is on screen (and on disk) the moment its engineer's password exists
      const notes = new NoteHandOver({
        plan: p,
        handOvers: handOvers.current,
        file,
        includePassword,
        show: (ep, password) => {
          notesRef.current = [...notesRef.current, { ep, password }];
          setNotes(notesRef.current);
          // on screen, the password reaches a person when they reveal it or confirm it is stored
          return false;
        },
      });
      const h = handOvers.current;
      const result = await apply(
        p,
        ctx,
        (e) => {
          notes.progress(e);
          if (e.type === 'engineer') {
            setProgress((s) => {
              const cur = s[e.name] ?? { state: 'waiting', done: 0 };
              if (e.event.type === 'start') return { ...s, [e.name]: { ...cur, state: cur.state === 'failed' ? 'failed' : 'running' } };
              if (e.event.type === 'done') return { ...s, [e.name]: { ...cur, done: cur.done + 1 } };
              if (e.event.type === 'failed') return { ...s, [e.name]: { ...cur, state: 'failed', error: e.event.error.message } };
              return s;
            });
          }
          if (e.type === 'engineer-done') {
            const ep = p.engineers.find((x) => x.engineer.name === e.name)!;
            const setUp = engineerSetUp(ep, e.result);
            if (setUp) finished++;
            setInterruptSummary(summary());
            setProgress((s) => ({ ...s, [e.name]: { ...(s[e.name] ?? { done: 0 }), state: setUp ? 'done' : 'failed' } }));
          }
        },
        // as the admin step: a record that cannot be written does not stop the work
        h ? { beforePassword: (ep) => h.before(ep).catch(() => undefined) } : {},
      );
      // engineers already in place get their note (without a password) too
      for (const ep of p.engineers) if (ep.actions.length === 0) notes.handOver(ep, null);
      await notes.settled(result);
      const fileError = await notes.close();
      const status = fileStatusOf(fileError) ?? (file && notes.written > 0 ? `Welcome notes written to ${neutralize(file.path)} (mode 0600, ${includePassword ? 'with' : 'no'} passwords).` : null);
      setFileStatus(status);
      if (signal.aborted) {
        // the clean-up above takes it from here
        setInterruptSummary(`${summary()}${status ? `; ${status}` : ''}`);
        return { result, fileError };
      }
      setInterruptSummary(null);
      unregister();
      setPhase({ at: 'result', plan: p, result });
      return { result, fileError };
    })().catch((error: unknown) => {
      setInterruptSummary(null);
      unregister();
      setPhase({ at: 'load-failed', error });
      return null;
    });
  }, [phase.at]);

  useEffect(() => {
    if (phase.at === 'plan' && yes && phase.plan.actions.length > 0) setPhase({ at: 'applying', plan: phase.plan });
  }, [phase.at]);

  const current = notes[noteIndex];
  // Ctrl-C on the notes: a password nobody revealed is not lost silently (a re-run resets it)
  useEffect(() => {
    if (phase.at !== 'result') return;
    const unseen = notes.filter((n) => n.password && !revealedOnce.current.has(n.ep.engineer.name)).map((n) => n.ep.engineer.name);
    setInterruptSummary(
      unseen.length > 0
        ? `onboard: ${unseen.length} password${unseen.length === 1 ? ' was' : 's were'} never shown (${unseen.join(', ')}); they are recorded as not handed over, and the same command again resets them`
        : null,
    );
  }, [phase.at, notes, revealed, noteIndex]);


  /** p reveals the note's password; Enter moves to the next note, or calls `last` after the last one */
  const noteKeys = (input: string, isReturn: boolean, last: () => void): void => {
    if (input === 'p' && current?.password) {
      secretShown();
      setRevealed((r) => !r);
      // revealed, the password has reached a person: until then a re-run replaces it
      const name = current.ep.engineer.name;
      if (!revealedOnce.current.has(name)) {
        revealedOnce.current.add(name);
        void handOvers.current?.handedOver(current.ep).catch(() => undefined);
      }
    }
    if (!isReturn) return;
    if (noteIndex + 1 < notes.length) {
      setNoteIndex(noteIndex + 1);
      setRevealed(false);
    } else last();
  };

  const backToForm = (state: OnboardState) => {
    setFieldError(null);
    setPhase({ at: 'form', field: 'name', state });
  };

  useInput((input, key) => {
    if (phase.at === 'load-failed') {
      if (input === 'r') setPhase({ at: 'loading' });
      if (key.return || key.escape) finish(onboardExitCode(null, null, phase.error));
      return;
    }
    if (phase.at === 'preview') {
      if (key.return) setPhase({ at: 'planning', state: phase.state });
      if (key.escape) finish(batch && batch.bad.length > 0 ? 1 : 0);
      return;
    }
    if (phase.at === 'form' && key.escape) {
      const order: Field[] = ['name', 'email', 'group'];
      const i = order.indexOf(phase.field);
      if (i === 0) finish(0);
      else setPhase({ ...phase, field: order[i - 1]! });
      return;
    }
    if (phase.at === 'plan') {
      const nothing = phase.plan.engineers.length === 0 || phase.plan.actions.length === 0;
      if (key.escape) {
        if (batch) finish(onboardExitCode(phase.plan, null));
        else backToForm(phase.state);
      } else if (nothing && key.return) {
        if (phase.plan.engineers.length === 0) {
          if (batch) finish(onboardExitCode(phase.plan, null));
          else backToForm(phase.state);
        } else {
          setNotes(phase.plan.engineers.map((ep) => ({ ep, password: null })));
          setPhase({ at: 'result', plan: phase.plan, result: { ok: true, shared: { ok: true, done: [], failed: [], notDone: [] }, engineers: {} } });
        }
      }
      return;
    }
    if (phase.at === 'applying') {
      // the notes ready so far can be read while the others are set up
      noteKeys(input, key.return, () => {});
      return;
    }
    if (phase.at === 'interrupted') {
      if (!key.return) return;
      // Enter past a note: that password is stored, so a re-run leaves it alone
      const note = phase.notes[noteIndex];
      if (note) marks.current.push(handOvers.current?.handedOver(note.ep).catch(() => undefined) ?? Promise.resolve());
      if (noteIndex + 1 < phase.notes.length) setNoteIndex(noteIndex + 1);
      else void Promise.all(marks.current).then(() => storedRef.current?.());
      return;
    }
    if (phase.at === 'result') {
      const { plan: p, result: r } = phase;
      if (input === 'm' && current && mfa[current.ep.engineer.name]?.status !== 'done') {
        const userName = current.ep.engineer.name;
        void session.preflight().then((preflight) => setPhase({ at: 'mfa', plan: p, result: r, userName, preflight }));
      }
      noteKeys(input, key.return, () => finish(onboardExitCode(p, r)));
    }
  });

  const header = <StepHeader title={batch ? `${ONBOARD_TITLE} from ${batch.source}` : ONBOARD_TITLE} />;

  if (phase.at === 'loading' || phase.at === 'planning') {
    return (
      <Box flexDirection="column" width={WIDTH}>
        {header}
        <Spinner label={phase.at === 'loading' ? 'Reading the groups and users that exist…' : 'Planning…'} />
      </Box>
    );
  }

  if (phase.at === 'load-failed') return <ReadFailed header={header} error={phase.error} hints={[['r', 'retry'], ['Enter', 'quit']]} width={WIDTH} />;

  if (phase.at === 'preview') {
    const b = batch!;
    const rows = b.engineers.slice(0, MAX_ROWS);
    const table = previewTable(rows);
    return (
      <Box flexDirection="column" width={WIDTH}>
        {header}
        <Text>{`${b.engineers.length + b.bad.length} engineers in ${b.source}:`}</Text>
        {table.map((l, i) => (
          <Text key={i} bold={i === 0}>{`  ${l}`}</Text>
        ))}
        {b.engineers.length > rows.length ? <Text dimColor>{`  … and ${b.engineers.length - rows.length} more`}</Text> : null}
        <Rejected rows={b.bad} />
        <KeyHints hints={[['Enter', 'plan'], ['Esc', 'quit']]} />
      </Box>
    );
  }

  if (phase.at === 'form') {
    const { state, field } = phase;
    const domain = companyDomain(emailDomain, state, email ? [{ email }] : []);
    const choices = groupChoices(state.groups);
    return (
      <Box flexDirection="column" width={WIDTH}>
        {header}
        <Text>A new engineer: an IAM user in a group, a console password, MFA required.</Text>
        <Box marginTop={1} flexDirection="column">
          {field === 'name' ? (
            <>
              <TextField
                label="User name:"
                isActive
                defaultValue={name}
                placeholder="e.g. bob"
                onChange={(v) => setFieldError(v === '' ? null : validateUserName(v))}
                onSubmit={(v) => {
                  const error = validateUserName(v);
                  setFieldError(error);
                  if (error) return;
                  setName(v);
                  setPhase({ ...phase, field: 'email' });
                }}
              />
              <FieldError error={fieldError} hint="letters, digits and + = , . @ _ - (up to 64)" />
            </>
          ) : (
            <Text>{`User name: ${name}`}</Text>
          )}
          {field === 'email' ? (
            <>
              <TextField
                label="Work email:"
                isActive
                defaultValue={email}
                placeholder={domain ? `e.g. ${name}@${domain}` : 'e.g. bob@company.com'}
                // @inkjs/ui calls onChange again after any re-render: clear the error only for a new value
                onChange={(v) => {
                  if (v !== submittedEmail.current) setFieldError(null);
                }}
                onSubmit={(v) => {
                  submittedEmail.current = v;
                  const error = workEmailProblem(v.trim(), companyDomain(emailDomain, state, [{ email: v.trim() }]));
                  setFieldError(error);
                  if (error) return;
                  setEmail(v.trim());
                  setPhase({ ...phase, field: 'group' });
                }}
              />
              <FieldError error={fieldError} hint={domain ? `on the company domain ${domain}; kept as a tag` : 'a work address, kept as a tag'} />
            </>
          ) : field === 'group' ? (
            <Text>{`Work email: ${email}`}</Text>
          ) : null}
          {field === 'group' ? (
            <Box flexDirection="column">
              <Text bold>Group:</Text>
              <Choose
                isActive
                options={choices.map((c) => ({ label: `${c.name}${c.exists ? '' : ' (new)'}${c.allows ? ` — ${c.allows.split(' (')[0]}` : ''}`.slice(0, 76), value: c.name }))}
                defaultValue={pickerStart(choices.map((c) => c.name), group)}
                required="Choose a group with ↑↓, then press Enter."
                onChange={(v) => {
                  setGroup(v);
                  setPhase({ at: 'planning', state });
                }}
              />
            </Box>
          ) : null}
        </Box>
        <KeyHints hints={[[field === 'group' ? '↑↓ Enter' : 'Enter', field === 'group' ? 'choose' : 'next'], ['Esc', field === 'name' ? 'quit' : 'back']]} />
      </Box>
    );
  }

  if (phase.at === 'plan') {
    const p = phase.plan;
    const hints: Hint[] =
      p.engineers.length > 0 && p.actions.length > 0
        ? [['y', 'apply'], ['n/Esc', batch ? 'quit' : 'back']]
        : [['Enter', p.engineers.length === 0 && !batch ? 'back' : 'continue'], ['Esc', batch ? 'quit' : 'back']];
    return (
      <Box flexDirection="column" width={WIDTH}>
        {header}
        {p.domain ? <Text dimColor>{`Company email domain: ${p.domain}`}</Text> : null}
        <Rejected rows={p.rejected} />
        {p.engineers.length > 0 ? <PlanSummary plan={p} /> : <Text>Nobody left to onboard.</Text>}
        {p.engineers.length > 0 && p.actions.length > 0 ? (
          yes ? (
            <Text dimColor>--yes: applying…</Text>
          ) : (
            <Box marginTop={1}>
              <Text>{'Apply this plan? '}</Text>
              <Confirm isActive onConfirm={() => setPhase({ at: 'applying', plan: p })} onCancel={() => (batch ? finish(onboardExitCode(p, null)) : backToForm(phase.state))} />
            </Box>
          )
        ) : null}
        <KeyHints hints={hints} />
      </Box>
    );
  }

  if (phase.at === 'applying' && current) {
    const p = phase.plan;
    const states = p.engineers.map((ep) => progress[ep.engineer.name]?.state ?? 'waiting');
    const count = (st: UserProgress['state']) => states.filter((x) => x === st).length;
    const hints: Hint[] = [];
    if (current.password) hints.push(['p', revealed ? 'hide password' : 'reveal password']);
    if (noteIndex + 1 < notes.length) hints.push(['Enter', `next note (${noteIndex + 2}/${notes.length})`]);
    return (
      <Box flexDirection="column" width={WIDTH}>
        {header}
        <Spinner label={stopping ? STOPPING : `Setting up: ${count('done')} done, ${count('running')} under way, ${count('waiting')} waiting, ${count('failed')} not finished`} />
        <Text dimColor>{`Note ${noteIndex + 1} of ${notes.length} ready so far:`}</Text>
        <WelcomeNote ep={current.ep} url={p.signInUrl} password={current.password} revealed={revealed} />
        <KeyHints hints={hints} />
      </Box>
    );
  }

  if (phase.at === 'applying') {
    const p = phase.plan;
    return (
      <Box flexDirection="column" width={WIDTH}>
        {header}
        {stopping ? <Spinner label={STOPPING} /> : null}
        {p.shared.length > 0 ? <Text dimColor>{`Groups and policies first (${p.shared.length} changes), then each engineer:`}</Text> : null}
        {p.engineers.slice(0, MAX_ROWS + 4).map((ep) => {
          const s = progress[ep.engineer.name] ?? { state: 'waiting', done: 0 };
          const label = `${ep.engineer.name} (${ep.group}) ${s.done}/${ep.actions.length}`;
          if (s.state === 'running')
            return (
              <Box key={ep.engineer.name} marginLeft={2}>
                <Spinner label={label} />
              </Box>
            );
          if (s.state === 'done') return <Text key={ep.engineer.name} color="green">{`  ${symbols.pass} ${label}`}</Text>;
          if (s.state === 'failed') return <Text key={ep.engineer.name} color="red">{`  ${symbols.fail} ${label} — ${s.error ?? 'failed'}`}</Text>;
          return <Text key={ep.engineer.name} dimColor>{`  ${symbols.pending} ${label}`}</Text>;
        })}
      </Box>
    );
  }

  if (phase.at === 'interrupted') {
    const { plan: p, result, notes: shown } = phase;
    const note = shown[noteIndex]!;
    const setUp = p.engineers.filter((x) => engineerSetUp(x, result.engineers[x.engineer.name]));
    const notSetUp = p.engineers.filter((x) => !setUp.includes(x)).map((x) => x.engineer.name);
    const last = noteIndex + 1 >= shown.length;
    return (
      <Box flexDirection="column" width={WIDTH}>
        {header}
        <Hanging lead={`${symbols.warn} `} color={toneColor.warn}>
          {interruptedLine(setUp.length, p.engineers.length)}
        </Hanging>
        {notSetUp.length > 0 ? (
          <Hanging lead={`  ${symbols.fail} `} color={toneColor.fail}>
            {`Not set up (${notSetUp.length}): ${nameList(notSetUp, 110)}`}
          </Hanging>
        ) : null}
        {fileStatus ? <Text>{fileStatus}</Text> : null}
        <Text>{`New password ${noteIndex + 1} of ${shown.length}, shown once: store it or hand the note over now.`}</Text>
        <WelcomeNote ep={note.ep} url={p.signInUrl} password={note.password} revealed compact />
        <KeyHints hints={[['Enter', last ? 'once the passwords are stored (clears the screen)' : `stored, next (${noteIndex + 2}/${shown.length})`]]} />
      </Box>
    );
  }

  if (phase.at === 'mfa') {
    const back = { at: 'result' as const, plan: phase.plan, result: phase.result };
    return (
      <FlowRunner
        title={`Virtual MFA for ${phase.userName}`}
        flags={{}}
        yes={false}
        run={(ctx, io) => enrolMfa(ctx, { userName: phase.userName, preflight: phase.preflight }, io)}
        onDone={(outcome) => {
          setMfa((m) => ({ ...m, [phase.userName]: outcome }));
          setPhase(back);
        }}
        onBack={() => setPhase(back)}
      />
    );
  }

  // result
  const { plan: p, result } = phase;
  const done = p.engineers.filter((x) => engineerSetUp(x, result.engineers[x.engineer.name]));
  const failed = p.engineers.filter((x) => !done.includes(x));
  const ep = current?.ep;
  const password = current?.password ?? null;
  const hints: Hint[] = [];
  if (password) hints.push(['p', revealed ? 'hide password' : 'reveal password']);
  const enrolled = ep ? mfa[ep.engineer.name] : undefined;
  if (ep && enrolled?.status !== 'done') hints.push(['m', 'enrol MFA now (engineer present)']);
  hints.push(['Enter', noteIndex + 1 < notes.length ? `next note (${noteIndex + 2}/${notes.length})` : 'finish']);
  return (
    <Box flexDirection="column" width={WIDTH}>
      {header}
      <Text color={failed.length || p.rejected.length ? 'yellow' : 'green'}>
        {`${failed.length || p.rejected.length ? symbols.warn : symbols.pass} ${done.length} set up, ${failed.length} not finished, ${p.rejected.length} left out.`}
      </Text>
      {failed.map((f) => (
        <Hanging key={f.engineer.name} lead={`  ${symbols.fail} `} color={toneColor.fail}>
          {`${f.engineer.name}: not finished; re-run to finish (nothing is redone)`}
        </Hanging>
      ))}
      {p.rejected.slice(0, 4).map((b) => (
        <Hanging key={`${b.line}:${b.name}`} lead={`  ${symbols.fail} `} color={toneColor.fail}>
          {`left out: ${badRowLine(b)}`}
        </Hanging>
      ))}
      {fileStatus ? <Text>{fileStatus}</Text> : null}
      {ep ? <WelcomeNote ep={ep} url={p.signInUrl} password={password} revealed={revealed} /> : null}
      {enrolled ? (
        <Text color={enrolled.status === 'done' ? 'green' : 'yellow'}>{`${enrolled.status === 'done' ? symbols.pass : symbols.warn} MFA: ${enrolled.summary.join('; ')}`}</Text>
      ) : ep ? (
        <Text dimColor>{`Or let ${ep.engineer.name} set up MFA at first sign-in: until then they can do nothing else.`}</Text>
      ) : null}
      <KeyHints hints={hints} />
    </Box>
  );
}
