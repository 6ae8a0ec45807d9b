import React from 'react';
import { Box, Text } from 'ink';
import { signInUrl, type Preflight } from '../../steps/preflight.js';
import type { StepOutcome, WizardShared } from '../../steps/flow.js';
import { StepHeader } from '../StepHeader.js';
import { CopyText, copyTextRows } from '../ui/CopyText.js';
import { symbols } from '../ui/theme.js';
import { useUi } from '../ui/UiContext.js';

const STATUS: Record<StepOutcome['status'], { symbol: string; color: string; word: string }> = {
  done: { symbol: symbols.pass, color: 'green', word: 'done' },
  skipped: { symbol: symbols.pending, color: 'gray', word: 'skipped' },
  pending: { symbol: symbols.warn, color: 'yellow', word: 'pending' },
  failed: { symbol: symbols.fail, color: 'red', word: 'failed' },
};

/** A step as the Done screen names it. */
export interface DoneStep {
  id: string;
  title: string;
}

export interface DoneProps {
  steps: DoneStep[];
  preflight: Preflight;
  outcomes: Partial<Record<string, StepOutcome>>;
  shared: WizardShared;
  /** every summary line of every step instead of the one-screen overview */
  details?: boolean;
  /** which page of the details fits the terminal (from 0); -1: all of them (the frame left at exit) */
  page?: number;
  /** the terminal's rows and columns: the overview never scrolls */
  size?: { rows: number; columns: number };
}

/** What is left for a person, in step order, without repeats. */
export function humanTodo(steps: DoneStep[], outcomes: Partial<Record<string, StepOutcome>>, shared: WizardShared): string[] {
  const todo = steps.flatMap(({ id }) => outcomes[id]?.todo ?? []);
  // the admin step leaves MFA to the next step; when that step is not part of this run, say so here
  if (shared.adminUser && outcomes.admin?.status === 'done' && !steps.some((s) => s.id === 'mfa')) todo.push(`Enrol MFA for ${shared.adminUser}: npx mvsp-setup mfa --user ${shared.adminUser}`);
  return [...new Set(todo)];
}

/** Lines a person copies after the run (a crontab line), in step order, each with what to do with it. */
export function humanCopies(steps: DoneStep[], outcomes: Partial<Record<string, StepOutcome>>): { label: string; text: string }[] {
  return steps.flatMap(({ id }) => outcomes[id]?.copy ?? []);
}

function formatCheck(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).replace(/,/g, '');
}

function inAMonth(now: Date): string {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

const TODO_INDENT = 5;

function TodoItem({ n, text }: { n: number; text: string }) {
  return (
    <Box>
      <Box width={TODO_INDENT} flexShrink={0}>
        <Text>{`  ${n}.`}</Text>
      </Box>
      <Box flexShrink={1}>
        <Text>{text}</Text>
      </Box>
    </Box>
  );
}

/** How many terminal rows a line takes once word-wrapped at `width` columns. */
export function rowsOf(text: string, width: number): number {
  let rows = 1;
  let col = 0;
  for (const word of text.split(' ')) {
    const len = [...word].length;
    if (col > 0 && col + 1 + len > width) {
      rows += 1;
      col = 0;
    }
    col += (col > 0 ? 1 : 0) + len;
    while (col > width) {
      rows += 1;
      col -= width;
    }
  }
  return rows;
}

/** A row with a fixed-width first column; what wraps keeps to the second column. */
function Row({ lead, text, width, color }: { lead: string; text: string; width: number; color?: string }) {
  if (!text) return <Text color={color} bold={lead.endsWith(':')}>{lead || ' '}</Text>;
  return (
    <Box>
      <Box width={width} flexShrink={0}>
        <Text color={color}>{lead}</Text>
      </Box>
      <Box flexShrink={1}>
        <Text color={color}>{text}</Text>
      </Box>
    </Box>
  );
}

export function Done({ steps, preflight, outcomes, shared, details = false, page = 0, size = { rows: 24, columns: 80 } }: DoneProps) {
  const { demo, now } = useUi();
  const width = Math.min(80, size.columns);
  const titleWidth = Math.max(0, ...steps.map((s) => s.title.length)) + 2;
  const lead = titleWidth + 2;
  const todo = humanTodo(steps, outcomes, shared);
  const url = signInUrl(preflight.caller.accountId, shared.accountAlias ?? null);

  const copies = humanCopies(steps, outcomes);
  // numbered after the to-dos; each one's label, then the line itself whole
  const copyLines = (from: number): Line[] =>
    copies.flatMap((c, i) => [
      { lead: `  ${from + i + 1}.`, text: c.label, indent: TODO_INDENT },
      { lead: '', text: c.text, indent: TODO_INDENT, whole: true, label: c.label },
    ]);

  // every line, as [lead, text, colour]: nothing is cut; what wraps keeps its column
  type Line = { lead: string; text: string; color?: string; indent: number; whole?: boolean; label?: string };
  const stepLines = (all: boolean): Line[] =>
    steps.flatMap(({ id, title }) => {
      const o = outcomes[id];
      const s = STATUS[o?.status ?? 'skipped'];
      const word = o?.status === 'done' ? '' : `${s.word}${o?.summary.length ? ': ' : ''}`;
      const lines = o?.summary ?? [];
      return [
        { lead: `${s.symbol} ${title}`, text: `${word}${lines[0] ?? ''}`, color: s.color, indent: lead },
        ...(all ? lines.slice(1).map((l) => ({ lead: '', text: l, indent: lead })) : []),
      ];
    });
  const whereLines: Line[] = [
    { lead: 'Sign-in URL', text: url, indent: 13 },
    { lead: 'Next check', text: `${formatCheck(shared.nextCheck ?? inAMonth(now()))}, then monthly: npx mvsp-setup verify`, indent: 13 },
  ];
  const render = (l: Line, key: string | number) => (l.whole ? <CopyText key={key} text={l.text} indent={l.indent} label={l.label} columns={size.columns} /> : <Row key={key} lead={l.lead} text={l.text} width={l.indent} color={l.color} />);
  const rowsOfLine = (l: Line) => (l.whole ? copyTextRows(l.text, l.indent, size.columns) : rowsOf(l.text || ' ', width - l.indent));

  if (details) {
    const all: Line[] = [
      ...stepLines(true),
      { lead: '', text: '', indent: 0 },
      ...whereLines,
      ...(todo.length + copies.length > 0
        ? [{ lead: '', text: '', indent: 0 }, { lead: 'Left for a human:', text: '', indent: 0 }, ...todo.map((t, i) => ({ lead: `  ${i + 1}.`, text: t, indent: TODO_INDENT })), ...copyLines(todo.length)]
        : []),
    ];
    // a page is what fits under the header and above the keys; page < 0: everything (the exit frame)
    if (page < 0) {
      return (
        <Box flexDirection="column" width={width}>
          <StepHeader title="Done" />
          {all.map(render)}
        </Box>
      );
    }
    const budget = size.rows - (demo ? 3 : 2) - 3;
    const pages: Line[][] = [[]];
    let used = 0;
    for (const l of all) {
      const need = rowsOfLine(l);
      if (used + need > budget && pages.at(-1)!.length > 0) {
        pages.push([]);
        used = 0;
      }
      pages.at(-1)!.push(l);
      used += need;
    }
    const at = Math.min(page, pages.length - 1);
    return (
      <Box flexDirection="column" width={width}>
        <StepHeader title={`Done — details, page ${at + 1} of ${pages.length}`} />
        {pages[at]!.map(render)}
      </Box>
    );
  }

  // Ink redraws the whole screen once a frame reaches the terminal's height: stay below it.
  const overview = stepLines(false);
  const fixed = (demo ? 3 : 2) + overview.reduce((n, l) => n + rowsOfLine(l), 0) + 1 + whereLines.reduce((n, l) => n + rowsOfLine(l), 0) + 2 + 1;
  // a line to copy gets its rows before any to-do; where even it does not fit, d shows it
  const copyNeed = copyLines(todo.length).reduce((n, l) => n + rowsOfLine(l), 0);
  const copyFits = copies.length > 0 && copyNeed + (todo.length > 0 ? 1 : 0) <= size.rows - 1 - fixed;
  const copyRows = copyFits ? copyLines(todo.length) : [];
  let budget = size.rows - 1 - fixed - (copyFits ? copyNeed : 0);
  const shown: string[] = [];
  for (const [i, t] of todo.entries()) {
    const need = rowsOf(t, width - TODO_INDENT);
    const reserve = i < todo.length - 1 || (copies.length > 0 && !copyFits) ? 1 : 0;
    if (need + reserve > budget) break;
    shown.push(t);
    budget -= need;
  }
  const hidden = todo.length - shown.length + (copyFits ? 0 : copies.length);

  return (
    <Box flexDirection="column" width={width}>
      <StepHeader title="Done" />
      {steps.length === 0 ? <Text>No steps were selected to run.</Text> : null}
      {overview.map(render)}
      <Box marginTop={1} flexDirection="column">
        {whereLines.map(render)}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {todo.length + copies.length > 0 ? (
          <>
            <Text bold>Left for a human:</Text>
            {shown.map((t, i) => (
              <TodoItem key={t} n={i + 1} text={t} />
            ))}
            {hidden > 0 ? <Text dimColor>{`  … and ${hidden} more: d shows them all`}</Text> : null}
            {copyRows.map(render)}
          </>
        ) : (
          <Text>{`${symbols.pass} Nothing is left for a human right now.`}</Text>
        )}
      </Box>
    </Box>
  );
}
