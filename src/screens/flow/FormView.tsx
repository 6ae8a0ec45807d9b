// A form: several questions on one screen. ↑/↓ (and Tab/Shift-Tab where Tab is free)
// move between fields, Enter goes to the next field that needs an answer and submits when
// none does, Esc goes back. The keys' effect is form-state.ts; this draws it.
import React, { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { Findings } from '../Findings.js';
import type { Finding } from '../../steps/root-email.js';
import { TextField } from '../ui/inputs.js';
import { symbols, toneColor } from '../ui/theme.js';
import { useUi } from '../ui/UiContext.js';
import { useTick } from '../hooks/useTick.js';
import { Hanging } from '../ui/Hanging.js';
import { fieldLabel } from './ink-io.js';
import type { Prompt } from './store.js';
import { formReducer, initialFormState, type FormEvent, type FormState } from './form-state.js';

/**
 * A placeholder cut to the columns left beside the label, so the label is never wrapped
 * beside it. `marks`: columns drawn around it without colour ("█ (…)").
 */
export function fitPlaceholder(placeholder: string | undefined, label: string, width: number, marks = 0): string | undefined {
  if (placeholder === undefined) return undefined;
  // the label, its space, a column for the cursor, and what marks an example without colour
  const room = width - [...label].length - 2 - marks;
  if ([...placeholder].length <= room) return placeholder;
  return room >= 8 ? `${[...placeholder].slice(0, room - 1).join('')}…` : undefined;
}

/** Rows a form takes: a row per field, and room for one error or live line and a note. */
export function formRows(prompt: Extract<Prompt, { kind: 'form' }>): number {
  return prompt.questions.length + 3;
}

export function FormView({ prompt, width, tabMoves }: { prompt: Extract<Prompt, { kind: 'form' }>; width: number; tabMoves: boolean }) {
  const { questions } = prompt;
  // the state lives in a ref too: keys that come before the next frame see the last one's effect
  const current = useRef<FormState>(prompt.draft ?? initialFormState(questions));
  const [state, setState] = useState<FormState>(current.current);
  const done = useRef(false);
  // a live line (the MFA countdown) follows the clock, also while no key is pressed
  useTick(questions.some((q) => q.live !== undefined));
  const dispatch = (event: FormEvent) => {
    if (done.current) return;
    const r = formReducer(questions, current.current, event);
    current.current = r.state;
    // kept on the prompt: the view around the form may change (Tab to the key and back)
    prompt.draft = r.state;
    setState(r.state);
    if (r.submit) {
      done.current = true;
      prompt.answer(r.submit);
    }
  };
  useInput((_input, key) => {
    if (key.escape) prompt.back();
    else if (key.upArrow) dispatch({ type: 'move', by: -1 });
    else if (key.downArrow) dispatch({ type: 'move', by: 1 });
    else if (key.tab && tabMoves) dispatch({ type: 'move', by: key.shift ? -1 : 1, wrap: true });
  });
  const { color } = useUi();
  const fieldWidth = Math.max(10, width - 2);
  return (
    <Box flexDirection="column">
      {questions.map((q, i) => {
        const on = i === state.focus;
        const value = state.values[i] ?? '';
        const error = state.errors[i];
        const live = on ? q.live?.(state.values) : undefined;
        const notes = on && value.trim() !== '' && !q.validate?.(value, state.values) ? (q.notes?.(value) ?? []) : [];
        return (
          <Box key={q.message} flexDirection="column">
            <Box>
              <Box width={2} flexShrink={0}>
                <Text color={on ? toneColor.info : undefined}>{on ? `${symbols.arrow} ` : '  '}</Text>
              </Box>
              <TextField
                label={fieldLabel(q.message)}
                width={fieldWidth}
                isActive={on}
                defaultValue={value}
                placeholder={fitPlaceholder(q.placeholder, fieldLabel(q.message), fieldWidth, color ? 0 : 3)}
                suggestions={q.suggestions}
                masked={q.secret}
                allowed={q.allowed}
                onChange={(v) => {
                  if (v !== current.current.values[i]) dispatch({ type: 'edit', value: v });
                }}
                onSubmit={(v) => dispatch({ type: 'enter', value: v })}
              />
            </Box>
            <FieldNotes indent="    " error={error} live={live} notes={notes} />
          </Box>
        );
      })}
    </Box>
  );
}

/** Under a field: its error (wrapped under its own text), a live line, notes on what is typed. */
export function FieldNotes({ indent, error, live, notes }: { indent: string; error: string | null | undefined; live: string | undefined; notes: Finding[] }) {
  return (
    <>
      {error ? (
        <Hanging lead={`${indent}${symbols.fail} `} color={toneColor.fail}>
          {error}
        </Hanging>
      ) : null}
      {live ? <Text dimColor>{`${indent}${live}`}</Text> : null}
      {notes.length > 0 ? <Findings findings={notes} /> : null}
    </>
  );
}
