import React from 'react';
import { Box, Text } from 'ink';
import { signInUrl, type Preflight } from '../../steps/preflight.js';
import type { StepOutcome, WizardShared } from '../../steps/flow.js';
import { StepHeader } from '../StepHeader.js';
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

export function Done({ steps, preflight, outcomes, shared, details = false, size = { rows: 24, columns: 80 } }: DoneProps) {
  const { demo, now } = useUi();
  const width = Math.min(80, size.columns);
  const titleWidth = Math.max(0, ...steps.map((s) => s.title.length)) + 2;
  const todo = humanTodo(steps, outcomes, shared);
  const url = signInUrl(preflight.caller.accountId, shared.accountAlias ?? null);

  const stepRows = steps.map(({ id, title: name }) => {
    const o = outcomes[id];
    const s = STATUS[o?.status ?? 'skipped'];
    const title = name.padEnd(titleWidth);
    const word = o?.status === 'done' ? '' : `${s.word}${o?.summary.length ? ': ' : ''}`;
    const lines = o?.summary ?? [];
    return (
      <Box key={id} flexDirection="column">
        <Text color={s.color} wrap="truncate-end">{`${s.symbol} ${title}${word}${lines[0] ?? ''}`}</Text>
        {details
          ? lines.slice(1).map((line) => (
              <Text key={line} wrap="truncate-end">{`  ${' '.repeat(titleWidth)}${line}`}</Text>
            ))
          : null}
      </Box>
    );
  });

  const where = (
    <Box marginTop={1} flexDirection="column">
      <Text wrap="truncate-end">{`Sign-in URL  ${url}`}</Text>
      <Text wrap="truncate-end">{`Next check   ${formatCheck(shared.nextCheck ?? inAMonth(now()))}, then monthly: npx mvsp-setup verify`}</Text>
    </Box>
  );

  if (details) {
    return (
      <Box flexDirection="column">
        <StepHeader title="Done" />
        {stepRows}
        {where}
        {todo.length > 0 ? (
          <Box flexDirection="column" marginTop={1}>
            <Text bold>Left for a human:</Text>
            {todo.map((t, i) => (
              <TodoItem key={t} n={i + 1} text={t} />
            ))}
          </Box>
        ) : null}
      </Box>
    );
  }

  // Ink redraws the whole screen once a frame reaches the terminal's height: stay below it.
  // header (title, demo line, margin) + steps + (margin, URL, next check) + (margin, heading) + key hints
  const fixed = (demo ? 3 : 2) + steps.length + 3 + 2 + 1;
  let budget = size.rows - 1 - fixed;
  const shown: string[] = [];
  for (const [i, t] of todo.entries()) {
    const need = rowsOf(t, width - TODO_INDENT);
    const reserve = i < todo.length - 1 ? 1 : 0;
    if (need + reserve > budget) break;
    shown.push(t);
    budget -= need;
  }
  const hidden = todo.length - shown.length;

  return (
    <Box flexDirection="column">
      <StepHeader title="Done" />
      {steps.length === 0 ? <Text>No steps were selected to run.</Text> : null}
      {stepRows}
      {where}
      <Box flexDirection="column" marginTop={1}>
        {todo.length > 0 ? (
          <>
            <Text bold>Left for a human:</Text>
            {shown.map((t, i) => (
              <TodoItem key={t} n={i + 1} text={t} />
            ))}
            {hidden > 0 ? <Text dimColor>{`  … and ${hidden} more: d shows them all`}</Text> : null}
          </>
        ) : (
          <Text>{`${symbols.pass} Nothing is left for a human right now.`}</Text>
        )}
      </Box>
    </Box>
  );
}
