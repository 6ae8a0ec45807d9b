// The Ink presenter's one view of a running step: its header, the lines the flow has shown
// (the most recent that fit the terminal), and the question it waits for, with its keys.
import React, { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from '../StepHeader.js';
import { KeyHints, type Hint } from '../KeyHints.js';
import { PlanView } from '../PlanView.js';
import { ApplyView } from '../ApplyView.js';
import { Findings } from '../Findings.js';
import { Spinner } from '../ui/Spinner.js';
import { Choose, Confirm, TextField } from '../ui/inputs.js';
import { symbols, toneColor } from '../ui/theme.js';
import { useUi } from '../ui/UiContext.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { useTick } from '../hooks/useTick.js';
import { drawQr } from '../../qr.js';
import { rowsOf } from '../wizard/Done.js';
import type { Tone } from '../../steps/flow.js';
import type { FlowSnapshot, FlowStore, Item, NotesView, Prompt } from './store.js';
import { FormView, fitPlaceholder, formRows } from './FormView.js';
import { fieldLabel } from './ink-io.js';
import { Hanging } from '../ui/Hanging.js';
import { CopyText, copyTextRows } from '../ui/CopyText.js';

/** columns between the QR code and the text beside it */
const GAP = 2;
/** the text beside the QR code needs at least this many columns */
const MIN_SIDE = 30;
/** QR modules: true black on true white, whatever the terminal's theme */
const QR_DARK = '#000000';
const QR_LIGHT = '#ffffff';

const MARK: Record<Tone, { mark: string; color?: string; dim?: boolean; bold?: boolean }> = {
  plain: { mark: '' },
  pass: { mark: `${symbols.pass} `, color: toneColor.pass },
  warn: { mark: `${symbols.warn} `, color: toneColor.warn },
  fail: { mark: `${symbols.fail} `, color: toneColor.fail },
  info: { mark: `${symbols.bullet} `, color: toneColor.info },
  dim: { mark: '', dim: true },
  heading: { mark: '', bold: true },
};

/** A line of prose; a continuation keeps the mark's indent. */
function Line({ text, tone }: { text: string; tone: Tone }) {
  const m = MARK[tone];
  // "  1. Sign in…", "  - a note": what wraps lines up after the mark
  const lead = !m.mark ? /^(\s*(?:\d+\.|[-•+=!○✔✖⚠])?\s+)\S/.exec(text)?.[1] : undefined;
  if (lead) {
    return (
      <Box>
        <Box width={lead.length} flexShrink={0}>
          <Text color={m.color} dimColor={m.dim} bold={m.bold}>
            {lead}
          </Text>
        </Box>
        <Box flexShrink={1}>
          <Text color={m.color} dimColor={m.dim} bold={m.bold}>
            {text.slice(lead.length)}
          </Text>
        </Box>
      </Box>
    );
  }
  if (!m.mark) {
    return (
      <Text color={m.color} dimColor={m.dim} bold={m.bold}>
        {text}
      </Text>
    );
  }
  return (
    <Box>
      <Box width={2} flexShrink={0}>
        <Text color={m.color}>{m.mark}</Text>
      </Box>
      <Box flexShrink={1}>
        <Text color={m.color}>{text}</Text>
      </Box>
    </Box>
  );
}

/** Rows an item takes at `width` columns (an estimate that errs on the tall side). */
export function itemRows(item: Item, width: number, columns = width): number {
  switch (item.kind) {
    case 'line':
      return rowsOf(item.text, width - (MARK[item.tone].mark ? 2 : 0));
    case 'copy':
      // printed whole: the terminal wraps it by characters
      return (item.label ? rowsOf(item.label, width) : 0) + copyTextRows(item.text, 2, columns);
    case 'findings':
      return item.findings.reduce((n, f) => n + rowsOf(`${f.message}  `, width) + (f.fix && f.severity !== 'pass' ? rowsOf(`  Fix: ${f.fix}`, width) : 0), 0);
    case 'plan': {
      const p = item.plan;
      const rows = (texts: string[]) => texts.reduce((n, t) => n + rowsOf(t, width), 0);
      return 1 + rows(p.actions.map((a) => `  + ${a.summary} ${a.call}`)) + (p.existing.length ? 1 + Math.min(p.existing.length, 12) : 0) + rows((p.notes ?? []).map((n) => `  ${n}  `));
    }
    case 'progress':
      return item.actions.length + Object.values(item.states).filter((s) => s.state === 'failed').length;
    case 'secret':
      return item.text.split('\n').length;
    case 'batch':
      return batchRows(item).length + 1;
  }
}

/** The rows of a batch shown under its count: those under way, and those that failed (with why). */
function batchRows(item: Extract<Item, { kind: 'batch' }>) {
  return item.items.filter((i) => item.states[i.id]?.state === 'running' || item.states[i.id]?.state === 'failed');
}

/** A batch: one count line, then a row for each item under way or failed. */
function BatchView({ item }: { item: Extract<Item, { kind: 'batch' }> }) {
  const count = (st: string | undefined) => item.items.filter((i) => item.states[i.id]?.state === st).length;
  const running = count('running');
  const summary = `${item.label}: ${count('done')} done, ${running} under way, ${count(undefined)} waiting, ${count('failed')} failed`;
  return (
    <Box flexDirection="column">
      {running > 0 ? <Spinner label={summary} /> : <Text>{summary}</Text>}
      {batchRows(item).map((i) => {
        const s = item.states[i.id]!;
        return s.state === 'running' ? (
          <Box key={i.id} marginLeft={2}>
            <Spinner label={i.label} />
          </Box>
        ) : (
          <Line key={i.id} text={`${i.label}${s.detail ? ` — ${s.detail}` : ''}`} tone="fail" />
        );
      })}
    </Box>
  );
}

/** Rows the reel of notes takes: its heading, the note, the lines after it. */
function notesRows(n: NotesView | null | undefined): number {
  const note = n && !n.busy ? n.reel[n.at] : undefined;
  if (!note) return 0;
  return (n!.opts.heading?.(n!.at + 1, n!.reel.length, n!.open) ? 1 : 0) + note.lines.length + (note.after?.().length ?? 0) + (n!.unseenWarned ? 2 : 0);
}

/** The note shown: its secret masked until p (unless the reel shows secrets as they are). */
function NotesPane({ view }: { view: NotesView }) {
  const note = view.reel[view.at];
  if (!note) return null;
  const heading = view.opts.heading?.(view.at + 1, view.reel.length, view.open);
  const shown = view.revealed || view.opts.revealed === true;
  return (
    <Box flexDirection="column">
      {heading ? <Text dimColor>{heading}</Text> : null}
      {/* no border: the note is copied to the engineer, and a box's │ would come along */}
      <Box flexDirection="column">
        {note.lines.map((l, i) => {
          const at = note.secret ? l.indexOf(note.secret) : -1;
          if (at === -1) return <Text key={i}>{l}</Text>;
          return (
            <Text key={i}>
              {l.slice(0, at)}
              {shown ? <Text bold>{note.secret}</Text> : <Text>{'•'.repeat(note.secret!.length)}</Text>}
              {l.slice(at + note.secret!.length)}
              {shown ? '' : <Text dimColor>{'  (p reveals it)'}</Text>}
            </Text>
          );
        })}
      </Box>
      {(note.after?.() ?? []).map((a, i) => (
        <Line key={i} text={a.text} tone={a.tone} />
      ))}
      {view.unseenWarned ? <Line text="The password was never shown: p reveals it. Enter again goes on without it (a re-run replaces it)." tone="warn" /> : null}
    </Box>
  );
}

/** Keys of the reel: p, a note's own keys, Enter; taken only while no question waits. */
function NotesKeys({ view }: { view: NotesView }) {
  useInput((input, key) => {
    if (key.return) view.press('enter');
    else if (input) view.press(input);
  });
  return null;
}

function notesHints(view: NotesView): Hint[] {
  const note = view.reel[view.at];
  if (!note) return [];
  const hints: Hint[] = [];
  if (note.secret && !view.opts.revealed) hints.push(['p', view.revealed ? 'hide password' : 'reveal password']);
  for (const k of note.keys?.() ?? []) hints.push([k.key, k.label]);
  const without = view.unseenWarned ? 'without the password: ' : '';
  if (view.at + 1 < view.reel.length) hints.push(['Enter', `${without}${view.opts.revealed ? 'stored, next' : 'next note'} (${view.at + 2}/${view.reel.length})`]);
  else if (!view.open) hints.push(['Enter', `${without}${view.opts.last}`]);
  return hints;
}

function ItemView({ item, planFit = null, columns }: { item: Item; planFit?: PlanFit | null; columns: number }) {
  switch (item.kind) {
    case 'line':
      return <Line text={item.text} tone={item.tone} />;
    case 'copy':
      return (
        <Box flexDirection="column">
          {item.label ? <Text>{item.label}</Text> : null}
          {/* whole: a command or key copied from here must not have breaks in it; a line
              wider than the terminal is left to the terminal to wrap */}
          <CopyText text={item.text} indent={2} label={item.label} columns={columns} />
        </Box>
      );
    case 'findings':
      return <Findings findings={item.findings} />;
    case 'plan':
      return planFit ? <PlanView plan={item.plan} compact maxActions={planFit.maxActions} maxRows={planFit.maxActions ?? 12} /> : <PlanView plan={item.plan} />;
    case 'progress':
      return <ApplyView actions={item.actions} states={item.states} />;
    case 'batch':
      return <BatchView item={item} />;
    case 'secret':
      return (
        <Box flexDirection="column">
          {item.text.split('\n').map((l, i) => (
            <Box key={i} width={Math.max(1, [...l].length)} flexShrink={0}>
              <Text>{l}</Text>
            </Box>
          ))}
        </Box>
      );
  }
}

/** How the latest plan is drawn when it is taller than its room: compact, maybe cut short. */
type PlanFit = { at: number; maxActions?: number };

/**
 * The most recent items that fit in `rows`; older ones are summarised in one line. The
 * latest plan taller than the room left for it is drawn compact (a row per action) and, if
 * even that does not fit, with as many actions as do (at least three) and a count of the
 * rest: the plan a question asks about stays on screen, also with lines after it.
 */
function fitItems(items: Item[], rows: number, width: number, columns = width): { shown: Item[]; hidden: number; planFit: PlanFit | null } {
  const shown: Item[] = [];
  let left = rows;
  let planFit: PlanFit | null = null;
  let planSeen = false;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    // a row for the "… earlier lines above" line when anything older stays hidden
    const room = left - (i > 0 ? 1 : 0);
    let need = itemRows(item, width, columns);
    if (item.kind === 'plan' && !planSeen && need > room) {
      planFit = { at: i };
      need = compactPlanRows(item.plan, width);
      // the newest item may use the row kept for "… earlier lines above" and a spare one
      // (the room is counted on the tall side): cut short only when it would not fit even so
      if (need > room + (shown.length === 0 ? 2 : 0)) {
        const squeezed = squeezedPlanRows(item.plan, width);
        const maxActions = Math.max(3, room - squeezed);
        if (maxActions < item.plan.actions.length) {
          planFit.maxActions = maxActions;
          need = squeezed + maxActions;
        }
      }
    }
    if (item.kind === 'plan') planSeen = true;
    if (need > room && shown.length > 0) break;
    shown.unshift(item);
    left -= need;
  }
  return { shown, hidden: items.length - shown.length, planFit };
}

/** Rows of a plan cut short, besides its actions: the title, the count of the rest, one row for what is in place, the notes. */
function squeezedPlanRows(p: Extract<Item, { kind: 'plan' }>['plan'], width: number): number {
  return 2 + (p.existing.length ? 1 : 0) + (p.notes ?? []).reduce((n, t) => n + rowsOf(`  ${t}  `, width), 0);
}

/** Rows of a plan drawn compact: a row per action and per thing in place, notes wrapped. */
function compactPlanRows(p: Extract<Item, { kind: 'plan' }>['plan'], width: number): number {
  return 1 + p.actions.length + (p.existing.length ? 1 + Math.min(p.existing.length, 12) : 0) + (p.notes ?? []).reduce((n, t) => n + rowsOf(`  ${t}  `, width), 0);
}

export { fitPlaceholder } from './FormView.js';
import { FieldNotes } from './FormView.js';

/** A question above a list: a numbered one ("3. …") wraps under its text, not under the number. */
function Question({ message }: { message: string }) {
  const numbered = /^(\d+\.\s)([\s\S]*)$/.exec(message);
  return numbered ? (
    <Hanging lead={numbered[1]!} bold>
      {numbered[2]!}
    </Hanging>
  ) : (
    <Text bold>{message}</Text>
  );
}

function AskView({ prompt, width }: { prompt: Extract<Prompt, { kind: 'ask' }>; width: number }) {
  const { q } = prompt;
  const [value, setValue] = useState(prompt.draft ?? q.initial ?? '');
  const [error, setError] = useState<string | null>(null);
  useTick(q.live !== undefined);
  useInput((_input, key) => {
    if (key.escape) prompt.back();
  });
  if (q.choices && q.choices.length > 0) {
    return (
      <Box flexDirection="column">
        <Question message={q.message} />
        <Choose
          options={q.choices.map((c, i) => ({ label: `${c}${q.choiceNotes?.[i] ? ` ${q.choiceNotes[i]}` : ''}`.slice(0, width - 4), value: c }))}
          isActive
          defaultValue={q.initial}
          onChange={(v) => prompt.answer(v)}
        />
      </Box>
    );
  }
  const live = q.live?.();
  const notes = value.trim() !== '' && !q.validate?.(value) ? (q.notes?.(value) ?? []) : [];
  return (
    <Box flexDirection="column">
      <TextField
        label={fieldLabel(q.message)}
        width={width}
        isActive
        defaultValue={prompt.draft ?? q.initial}
        placeholder={fitPlaceholder(q.placeholder, fieldLabel(q.message), width)}
        suggestions={q.suggestions}
        masked={q.secret}
        allowed={q.allowed}
        onChange={(v) => {
          if (v === value) return;
          prompt.draft = v;
          setValue(v);
          setError(q.checkAsTyped && v !== '' ? (q.validate?.(v) ?? null) : null);
        }}
        onSubmit={(v) => {
          const problem = q.validate?.(v) ?? null;
          if (problem) setError(problem);
          else prompt.answer(v);
        }}
      />
      <FieldNotes indent="  " error={error} live={live} notes={notes} />
    </Box>
  );
}

function ConfirmView({ prompt }: { prompt: Extract<Prompt, { kind: 'confirm' }> }) {
  useInput((_input, key) => {
    if (key.escape) prompt.back();
  });
  const { columns } = useTerminalSize();
  // a message wider than the terminal wraps as a whole, Y/n under it (not in its first row)
  const long = [...prompt.message].length + 5 > Math.min(columns, 100);
  return (
    <Box flexDirection={long ? 'column' : 'row'}>
      <Text>{`${prompt.message} `}</Text>
      <Confirm isActive defaultChoice={prompt.defaultNo ? 'cancel' : 'confirm'} onConfirm={() => prompt.answer(true)} onCancel={() => prompt.answer(false)} />
    </Box>
  );
}

function WaitView({ prompt }: { prompt: Extract<Prompt, { kind: 'wait' }> }) {
  useInput((input, key) => {
    if (key.return) prompt.checkNow();
    else if (input === 's') prompt.skipNow();
    else if (input === 'd' && prompt.demo) prompt.demo();
  });
  return <Spinner label={prompt.label} />;
}

function PauseView({ prompt }: { prompt: Extract<Prompt, { kind: 'pause' }> }) {
  useInput((_input, key) => {
    if (key.escape && prompt.back) prompt.back();
    else if (key.return || (prompt.quit && key.escape)) prompt.go();
  });
  return null;
}

const formKeys = new WeakMap<object, number>();
let lastFormKey = 0;
/** One key per form put (the prompt object), so a form asked again starts afresh. */
function formKey(prompt: object): number {
  if (!formKeys.has(prompt)) formKeys.set(prompt, ++lastFormKey);
  return formKeys.get(prompt)!;
}

function PromptView({ prompt, width, tabMoves }: { prompt: Prompt | null; width: number; tabMoves: boolean }) {
  if (!prompt) return null;
  switch (prompt.kind) {
    case 'form':
      // a new form each time it is put, even with the same fields (two codes again after a refusal)
      return <FormView key={formKey(prompt)} prompt={prompt} width={width} tabMoves={tabMoves} />;
    case 'pause':
      return <PauseView prompt={prompt} />;
    case 'ask':
      return <AskView key={prompt.q.message} prompt={prompt} width={width} />;
    case 'confirm':
      return <ConfirmView key={prompt.message} prompt={prompt} />;
    case 'wait':
      return <WaitView prompt={prompt} />;
    case 'task':
      return <Spinner label={prompt.label} />;
  }
}

function hintsFor(prompt: Prompt | null, extra: Hint[]): Hint[] {
  // Esc is offered only where it goes back (not once a change is made)
  const back = (noBack: boolean | undefined): Hint[] => (noBack ? [] : [['Esc', 'back']]);
  switch (prompt?.kind) {
    case 'ask':
      return [...extra, [prompt.q.choices?.length ? '↑/↓ Enter' : 'Enter', 'next'], ...(prompt.q.escape && !prompt.q.noBack ? ([['Esc', prompt.q.escape]] as Hint[]) : back(prompt.q.noBack))];
    case 'form':
      return [...extra, ['↑↓', 'field'], ['Enter', 'next/submit'], ...back(prompt.questions[0]?.noBack)];
    case 'confirm':
      return [...extra, ['y/n', 'answer'], ['Enter', prompt.defaultNo ? 'no' : 'yes'], ...back(prompt.noBack)];
    case 'pause':
      return [...extra, ['Enter', prompt.label ?? (prompt.quit ? 'quit' : 'continue')], ...(prompt.back ? ([['Esc', prompt.escape ?? 'back']] as Hint[]) : [])];
    case 'wait':
      return [...extra, ['Enter', 'check now'], ['s', prompt.skip], ...(prompt.demo ? ([['d', 'pretend it is done']] as Hint[]) : [])];
    default:
      return extra;
  }
}

/** Rows the prompt takes (field, error or live line, notes). */
function promptRows(prompt: Prompt | null): number {
  if (!prompt) return 0;
  if (prompt.kind === 'ask') return prompt.q.choices?.length ? 1 + Math.min(prompt.q.choices.length, 7) : 4;
  if (prompt.kind === 'form') return formRows(prompt);
  return prompt.kind === 'confirm' ? 2 : 1;
}

/** The running step, as one screen that fits the terminal. */
export function FlowView({ store }: { store: FlowStore }) {
  const snap: FlowSnapshot = useSyncExternalStore(store.subscribe, store.snapshot);
  const size = useTerminalSize();
  const { color, demo } = useUi();
  const width = Math.min(size.columns, 100);
  const secret = [...snap.items].reverse().find((i): i is Extract<Item, { kind: 'secret' }> => i.kind === 'secret' && i.qr !== undefined);
  const [keyShown, setKeyShown] = useState(false);
  const [inverted, setInverted] = useState(false);
  const ink = color || inverted ? 'dark' : 'light';
  const qr = useMemo(
    () => (secret?.qr ? drawQr(secret.qr, { ink, columns: size.columns - GAP - MIN_SIDE, rows: size.rows - 1 }) : null),
    [secret?.qr, ink, size.columns, size.rows],
  );
  const qrFits = qr !== null && size.columns - qr.width - GAP >= MIN_SIDE && qr.height <= size.rows - 1;
  const showQr = qrFits && !keyShown;
  // the text says "scan the QR code": where it cannot be drawn, say why and what to do
  const tooSmall = qr !== null && !qrFits ? `This terminal is ${size.columns}x${size.rows}; the QR code needs ${qr.width + GAP + MIN_SIDE}x${qr.height + 1}: make the window bigger, or add the key by hand.` : null;
  const typingLetters = (snap.prompt?.kind === 'ask' && !snap.prompt.q.allowed) || (snap.prompt?.kind === 'form' && snap.prompt.questions.some((q) => !q.allowed));
  useInput((input, key) => {
    if (key.tab && qrFits) setKeyShown((k) => !k);
    else if (input === 'i' && secret && !color && showQr && !typingLetters) setInverted((v) => !v);
  });

  const extra: Hint[] = secret ? [...(qrFits ? [['Tab', showQr ? 'show key' : 'show QR'] as Hint] : []), ...(!color && showQr ? [['i', 'invert QR'] as Hint] : [])] : [];
  // the reel of notes takes keys while no question waits (a task's spinner may run beside it)
  const notes = snap.notes && !snap.notes.busy ? snap.notes : null;
  const notesActive = notes !== null && (snap.prompt === null || snap.prompt.kind === 'task');
  const hints = notesActive ? [...extra, ...notesHints(notes)] : hintsFor(snap.prompt, extra);
  const colWidth = showQr ? size.columns - qr!.width - GAP : width;
  // header (2-3 rows) + finished line + prompt + hints (2) + two spare rows: a frame as
  // tall as the terminal makes Ink redraw from the top and leaves a stray header behind
  // (beside the QR code: the title on a row of its own, the demo line in two)
  const fixed = (demo ? 3 : 2) + (showQr ? 1 + (demo ? 1 : 0) : 0) + (tooSmall ? rowsOf(tooSmall, width - 2) : 0) + (snap.finished.length ? 1 : 0) + promptRows(snap.prompt) + notesRows(notes) + 2 + 2;
  // beside the QR code (which stands in for the secret's text) only what came after it; with
  // secrets to store now, only what was said about them
  const all = notes?.opts.revealed ? snap.items.slice(notes.since) : snap.items;
  const items = showQr ? all.slice(all.indexOf(secret!) + 1) : all;
  const { shown, hidden, planFit } = fitItems(items, Math.max(3, size.rows - fixed - (hidden0(items) ? 1 : 0)), colWidth, size.columns);
  const finished = snap.finished.map((f) => `${f.status === 'done' ? symbols.pass : f.status === 'failed' ? symbols.fail : symbols.pending} ${f.title}`).join('  ');

  // beside the QR code the header's parts stack: one row of them would be cut mid-word
  const header = showQr ? (
    <Box flexDirection="column" marginBottom={1}>
      <Text wrap="truncate-end">
        <Text color="cyan" bold>
          mvsp-setup
        </Text>
        {snap.position ? <Text dimColor>{`  Step ${snap.position.index} of ${snap.position.total}`}</Text> : null}
      </Text>
      <Text bold>{snap.title}</Text>
      {demo ? <Text color="yellow">DEMO — sandbox account, nothing here reaches AWS</Text> : null}
    </Box>
  ) : (
    <StepHeader title={snap.title} step={snap.position} />
  );
  const body = (
    <Box flexDirection="column" width={colWidth}>
      {header}
      {finished ? <Text dimColor wrap="truncate-end">{finished}</Text> : null}
      {hidden > 0 ? <Text dimColor>{`… ${hidden} earlier line${hidden === 1 ? '' : 's'} above`}</Text> : null}
      {shown.map((item, i) => (
        <ItemView key={items.length - shown.length + i} item={item} planFit={planFit?.at === items.length - shown.length + i ? planFit : null} columns={size.columns} />
      ))}
      {tooSmall ? <Line text={tooSmall} tone="warn" /> : null}
      {notes ? <NotesPane view={notes} /> : null}
      {notesActive ? <NotesKeys view={notes} /> : null}
      <PromptView prompt={snap.prompt} width={colWidth} tabMoves={!(secret && qrFits)} />
      <KeyHints hints={hints} />
    </Box>
  );
  if (!showQr) return body;
  return (
    <Box flexDirection="row">
      <Box flexDirection="column" width={qr!.width} flexShrink={0}>
        {qr!.lines.map((line, i) =>
          color ? (
            <Text key={i} color={QR_DARK} backgroundColor={QR_LIGHT}>
              {line}
            </Text>
          ) : (
            <Text key={i}>{line}</Text>
          ),
        )}
      </Box>
      <Box marginLeft={GAP}>{body}</Box>
    </Box>
  );
}

/** there may be more items than fit (a line saying so takes a row) */
function hidden0(items: Item[]): boolean {
  return items.length > 6;
}
