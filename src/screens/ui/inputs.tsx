// Our own wrappers around @inkjs/ui inputs: screens import these, so a component
// can be swapped in one place. Every input takes isActive; an inactive input is
// rendered disabled so that exactly one input listens per screen.
import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Text, useInput, type Key } from 'ink';
import { ConfirmInput as InkConfirmInput } from '@inkjs/ui';
import { symbols, toneColor } from './theme.js';
import { useUi } from './UiContext.js';

export interface TextFieldProps {
  label: string;
  isActive: boolean;
  defaultValue?: string;
  placeholder?: string;
  suggestions?: string[];
  onChange?: (value: string) => void;
  onSubmit: (value: string) => void;
  /** mask what is typed (secrets, codes) */
  masked?: boolean;
  /** the characters the field takes (e.g. /[\d ]/ for codes); others are left to the screen's keys */
  allowed?: RegExp;
  /**
   * columns the field is drawn in; a label that fits them is never wrapped — what is typed
   * (or the example) wraps below it instead of the label being cut mid-phrase
   */
  width?: number;
}

export function TextField({ label, isActive, defaultValue, placeholder, suggestions, onChange, onSubmit, masked, allowed, width }: TextFieldProps) {
  const { screenReader } = useUi();
  // Ink's screen-reader output reads "textbox: <label> <typed text>". An aria-label on this
  // Box would replace its children — the input itself — so the label stays a Text.
  return (
    <Box aria-role="textbox" aria-state={isActive ? undefined : { disabled: true }}>
      {/* screen-reader output already puts a space between the parts of a row */}
      <Box flexShrink={width !== undefined && [...label].length + 2 <= width ? 0 : 1}>
        <Text bold>{screenReader ? label : `${label} `}</Text>
      </Box>
      <LineInput
        isActive={isActive}
        defaultValue={defaultValue}
        placeholder={placeholder}
        suggestions={suggestions}
        onChange={onChange}
        onSubmit={onSubmit}
        masked={masked}
        allowed={allowed}
      />
      {screenReader && masked && isActive ? <Text> (typing is not read out)</Text> : null}
    </Box>
  );
}

/** The text of a line being edited, and where the cursor is (0..value.length). */
export interface LineState {
  value: string;
  cursor: number;
}

/** What one chunk of input did to a line: the new line, and the text submitted if Enter came. */
export interface LineEdit {
  line: LineState;
  /** set when the chunk held Enter (CR or LF): the line up to it */
  submitted: string | null;
  /** what the chunk held after that Enter (for the field that listens next), else '' */
  rest: string;
}

/** Ink's key flags, the part a line editor reads. */
export interface LineKey {
  return?: boolean;
  backspace?: boolean;
  delete?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  home?: boolean;
  end?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  escape?: boolean;
  tab?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
}

const insert = (l: LineState, text: string): LineState => ({
  value: l.value.slice(0, l.cursor) + text + l.value.slice(l.cursor),
  cursor: l.cursor + text.length,
});

const backspace = (l: LineState): LineState =>
  l.cursor === 0 ? l : { value: l.value.slice(0, l.cursor - 1) + l.value.slice(l.cursor), cursor: l.cursor - 1 };

/** Readline's control keys: Ctrl-A/E start/end, Ctrl-U/K delete to start/end, Ctrl-B/F left/right, Ctrl-H backspace. */
function controlKey(l: LineState, letter: string): LineState {
  switch (letter) {
    case 'a':
      return { ...l, cursor: 0 };
    case 'e':
      return { ...l, cursor: l.value.length };
    case 'u':
      return { value: l.value.slice(l.cursor), cursor: 0 };
    case 'k':
      return { value: l.value.slice(0, l.cursor), cursor: l.cursor };
    case 'b':
      return { ...l, cursor: Math.max(0, l.cursor - 1) };
    case 'f':
      return { ...l, cursor: Math.min(l.value.length, l.cursor + 1) };
    case 'h':
      return backspace(l);
    default:
      return l;
  }
}

/**
 * Apply one input event to a line. Ink hands a burst of keys (fast typing, a paste) over
 * as one string — "123456\r", "\x7f\x7f" — so the string is read key by key: text is
 * inserted, CR or LF submits what is there, DEL and BS delete, Ctrl-A/E/U/K edit, other
 * control characters are dropped. Single keys come with Ink's flags (arrows, Home, End).
 */
export function editLine(line: LineState, input: string, key: LineKey, allowed?: RegExp): LineEdit {
  if (key.return) return { line, submitted: line.value, rest: '' };
  if (key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.tab || key.escape) return { line, submitted: null, rest: '' };
  if (key.leftArrow) return { line: { ...line, cursor: Math.max(0, line.cursor - 1) }, submitted: null, rest: '' };
  if (key.rightArrow) return { line: { ...line, cursor: Math.min(line.value.length, line.cursor + 1) }, submitted: null, rest: '' };
  if (key.home) return { line: { ...line, cursor: 0 }, submitted: null, rest: '' };
  if (key.end) return { line: { ...line, cursor: line.value.length }, submitted: null, rest: '' };
  // Ink names DEL (what the Backspace key sends) "delete": both delete to the left, as @inkjs/ui did
  if (key.backspace || key.delete) return { line: backspace(line), submitted: null, rest: '' };
  if (key.ctrl) return { line: input.length === 1 ? controlKey(line, input.toLowerCase()) : line, submitted: null, rest: '' };
  // Alt+key and unknown escape sequences are not text
  if (key.meta) return { line, submitted: null, rest: '' };
  let l = line;
  let text = '';
  const flush = () => {
    if (text) l = insert(l, text);
    text = '';
  };
  const chars = Array.from(input);
  for (const [i, ch] of chars.entries()) {
    const code = ch.codePointAt(0)!;
    if (ch === '\r' || ch === '\n') {
      flush();
      // CR LF is one line end
      const after = chars.slice(ch === '\r' && chars[i + 1] === '\n' ? i + 2 : i + 1).join('');
      return { line: l, submitted: l.value, rest: after };
    }
    if (code === 0x7f || code === 0x08) {
      flush();
      l = backspace(l);
    } else if (code >= 1 && code <= 26) {
      flush();
      l = controlKey(l, String.fromCharCode(code + 96));
    } else if (code < 0x20 || (code >= 0x80 && code < 0xa0)) {
      // other control characters (ESC, C1) are never part of a field
    } else if (!allowed || allowed.test(ch)) {
      text += ch;
    }
  }
  flush();
  return { line: l, submitted: null, rest: '' };
}

// the field without its label: the line editor draws only what is typed
type LineInputProps = Omit<TextFieldProps, 'label'>;

function suggestionFor(value: string, suggestions: string[] | undefined): string {
  if (value === '' || !suggestions) return '';
  return suggestions.find((s) => s.startsWith(value))?.slice(value.length) ?? '';
}

/**
 * Keys that came after a field submitted and before the screen redrew (the field still
 * listened; the next one did not yet): handed to the field that listens next, if soon.
 */
const handoff: { events: [string, Partial<Key>][]; at: number } = { events: [], at: 0 };
const HANDOFF_MS = 1000;

/**
 * One line of text input. The line lives in a ref that every key updates at once, and the
 * key handler is subscribed once: keys that arrive before the next frame is drawn (a
 * paste, fast typing, held Backspace) each see the line the previous one left. Keys after
 * Enter go to the field that listens next (the same one, or the next question's).
 */
function LineInput({ isActive, defaultValue = '', placeholder = '', suggestions, onChange, onSubmit, masked, allowed }: LineInputProps) {
  const { color } = useUi();
  // Enter on an empty field: the placeholder then says nothing was typed, so the screen's
  // "type a …" message is not read as a complaint about the example
  const [emptyTried, setEmptyTried] = useState(false);
  const line = useRef<LineState>({ value: defaultValue, cursor: defaultValue.length });
  const [shown, setShown] = useState<LineState>(line.current);
  const [, redraw] = useState(0);
  const submitted = useRef(false);
  const props = useRef({ onChange, onSubmit, suggestions, allowed });
  props.current = { onChange, onSubmit, suggestions, allowed };

  const handle = useCallback((input: string, key: Partial<Key>) => {
    if (key.ctrl && input === 'c') return;
    if (submitted.current) {
      handoff.events.push([input, key]);
      handoff.at = Date.now();
      return;
    }
    const before = line.current;
    const edit = editLine(before, input, key, props.current.allowed);
    line.current = edit.line;
    setShown(edit.line);
    if (edit.line.value !== before.value) props.current.onChange?.(edit.line.value);
    if (edit.submitted !== null) setEmptyTried(edit.submitted === '');
    if (edit.submitted !== null) {
      const rest = suggestionFor(edit.submitted, props.current.suggestions);
      if (rest) {
        line.current = { value: edit.submitted + rest, cursor: edit.submitted.length + rest.length };
        setShown(line.current);
      }
      submitted.current = true;
      handoff.events = edit.rest ? [[edit.rest, {}]] : [];
      handoff.at = Date.now();
      redraw((n) => n + 1);
      props.current.onSubmit(edit.submitted + rest);
    }
  }, []);
  useInput(handle, { isActive });

  const replay = useCallback(() => {
    const events = Date.now() - handoff.at <= HANDOFF_MS ? handoff.events : [];
    handoff.events = [];
    for (const [input, key] of events) handle(input, key);
  }, [handle]);
  // after each redraw: a field that submitted and is still the one listening takes the keys
  // back; one that stopped listening lets a field starting in the same redraw take them, and
  // else they are dropped (they were also seen by whatever else listened: a confirm, a menu)
  const release = useCallback(() => {
    if (!submitted.current) return;
    submitted.current = false;
    queueMicrotask(() => {
      handoff.events = [];
    });
  }, []);
  useEffect(() => {
    if (!submitted.current) return;
    if (!isActive) return release();
    submitted.current = false;
    replay();
  });
  useEffect(() => release, [release]);
  // a field that starts listening takes the keys the previous one passed on
  useEffect(() => {
    if (isActive) replay();
  }, [isActive, replay]);

  const { value, cursor } = shown;
  const text = masked ? '*'.repeat(value.length) : value;
  const example = markPlaceholder(placeholder);
  if (!isActive) {
    if (value) return <Text>{text}</Text>;
    if (!example) return null;
    return color ? <Text dimColor>{example}</Text> : <Text>{`(${example})`}</Text>;
  }
  const hint = masked ? '' : suggestionFor(value, suggestions);
  if (!color) return <Text>{plainLine(text, cursor, value === '' ? example : '', hint, emptyTried)}</Text>;
  if (value === '' && example) {
    const shownExample = emptyTried && example.startsWith('e.g.') ? `nothing typed yet; ${example}` : example;
    return (
      <Text>
        <Text inverse>{shownExample[0]}</Text>
        <Text dimColor>{shownExample.slice(1)}</Text>
      </Text>
    );
  }
  const atEnd = cursor >= text.length;
  return (
    <Text>
      {text.slice(0, cursor)}
      {atEnd ? (
        hint ? (
          <>
            <Text inverse>{hint[0]}</Text>
            <Text dimColor>{hint.slice(1)}</Text>
          </>
        ) : (
          <Text inverse> </Text>
        )
      ) : (
        <>
          <Text inverse>{text[cursor]}</Text>
          {text.slice(cursor + 1)}
          {hint ? <Text dimColor>{hint}</Text> : null}
        </>
      )}
    </Text>
  );
}

/**
 * A placeholder as shown: an example reads "e.g. …" so it is never taken for a typed
 * value; one that says what an empty field means ("empty: …") is left as it is.
 */
export function markPlaceholder(placeholder: string): string {
  if (placeholder === '' || /^(e\.g\.|empty:)/i.test(placeholder)) return placeholder;
  return `e.g. ${placeholder}`;
}

/** The block drawn for the cursor at the end of a line where no inverse video is used. */
export const PLAIN_CURSOR = '█';
/** The bar drawn before the character under the cursor where no inverse video is used. */
export const PLAIN_CURSOR_INSIDE = '▏';

/**
 * A line being edited, drawn without colour or inverse video (NO_COLOR, --no-color): the
 * cursor is a visible character, the placeholder and a suggestion stand in parentheses
 * after it, so neither can be read as typed text.
 */
export function plainLine(text: string, cursor: number, example: string, hint: string, emptyTried = false): string {
  if (text === '' && example) {
    return `${PLAIN_CURSOR} (${emptyTried && example.startsWith('e.g.') ? `nothing typed yet; ${example}` : example})`;
  }
  const drawn = cursor >= text.length ? `${text}${PLAIN_CURSOR}` : `${text.slice(0, cursor)}${PLAIN_CURSOR_INSIDE}${text.slice(cursor)}`;
  return hint ? `${drawn} (Enter: ${text}${hint})` : drawn;
}

/** How long after a key typed as text a y/n (or Enter) is not taken as an answer. */
export const TYPING_PAUSE_MS = 1000;

export function Confirm({
  isActive,
  defaultChoice = 'confirm',
  onConfirm,
  onCancel,
}: {
  isActive: boolean;
  defaultChoice?: 'confirm' | 'cancel';
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { screenReader } = useUi();
  // keys typed as text (a path meant for the field before) are not answers: while they
  // come, and for a moment after, y, n and Enter are not taken ("verify" holds a y)
  const [typing, setTyping] = useState(false);
  const timer = useRef<NodeJS.Timeout | undefined>(undefined);
  useInput(
    (input, key) => {
      if (key.return || key.escape || key.ctrl || key.meta || key.tab || input === '' || /^[yn]$/i.test(input)) return;
      setTyping(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setTyping(false), TYPING_PAUSE_MS);
    },
    { isActive },
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  const input = <InkConfirmInput isDisabled={!isActive || typing} defaultChoice={defaultChoice} onConfirm={onConfirm} onCancel={onCancel} />;
  const note = typing && isActive ? <Text dimColor> (typed text is not an answer: press y or n)</Text> : null;
  if (!screenReader) {
    return note ? (
      <Box>
        {input}
        {note}
      </Box>
    ) : (
      input
    );
  }
  // "Y/n" alone reads as letters: say what the keys do
  return (
    <Box>
      {input}
      {isActive ? <Text> (press y for yes, n for no, Enter for {defaultChoice === 'confirm' ? 'yes' : 'no'})</Text> : null}
      {note}
    </Box>
  );
}

export interface Choice {
  label: string;
  value: string;
}

/** A list's state: the option under the cursor (null: none yet) and the first one shown. */
export interface ChooseState {
  cursor: number | null;
  top: number;
  /** Enter came with nothing chosen: say what is needed */
  asked: boolean;
}

export type ChooseKey = 'up' | 'down' | 'home' | 'end' | 'enter' | { digit: number };

/**
 * One key on a list of `count` options, `visible` of them shown. The cursor is the
 * selection: what Enter takes is what the cursor is on, and nothing else is marked. With no
 * cursor yet, ↓ (or ↑) puts it on the first (or last) option and Enter only asks.
 */
export function chooseReducer(state: ChooseState, key: ChooseKey, count: number, visible: number): ChooseState {
  const at = (cursor: number): ChooseState => {
    const top = cursor < state.top ? cursor : cursor >= state.top + visible ? cursor - visible + 1 : state.top;
    return { cursor, top, asked: false };
  };
  if (count === 0) return state;
  if (key === 'enter') return state.cursor === null ? { ...state, asked: true } : state;
  if (key === 'home') return at(0);
  if (key === 'end') return at(count - 1);
  if (key === 'down') return at(state.cursor === null ? 0 : Math.min(count - 1, state.cursor + 1));
  if (key === 'up') return at(state.cursor === null ? count - 1 : Math.max(0, state.cursor - 1));
  return key.digit >= 1 && key.digit <= count ? at(key.digit - 1) : state;
}

export function initialChooseState(options: Choice[], defaultValue: string | undefined, visible: number): ChooseState {
  const i = defaultValue === undefined ? -1 : options.findIndex((o) => o.value === defaultValue);
  if (i === -1) return { cursor: null, top: 0, asked: false };
  return { cursor: i, top: Math.max(0, Math.min(i, options.length - visible)), asked: false };
}

function chooseKey(input: string, key: Key): ChooseKey | null {
  if (key.return) return 'enter';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (/^[1-9]$/.test(input)) return { digit: Number(input) };
  return null;
}

/**
 * Pick one of a few options with ↑↓ (or the option's number) and Enter. The cursor is the
 * answer: no other option is marked, so what is highlighted is what Enter takes. Without
 * `defaultValue` nothing is chosen until the person moves the cursor; Enter then says
 * `required` and nothing else.
 */
export function Choose({
  options,
  isActive,
  defaultValue,
  onChange,
  visible,
  required = 'Choose one with ↑↓ (or its number), then press Enter.',
}: {
  options: Choice[];
  isActive: boolean;
  defaultValue?: string;
  onChange: (value: string) => void;
  visible?: number;
  required?: string;
}) {
  const shown = Math.max(1, Math.min(options.length, visible ?? 7));
  const [state, setState] = useState(() => initialChooseState(options, defaultValue, shown));
  const current = useRef(state);
  current.current = state;
  const picked = useRef(onChange);
  picked.current = onChange;
  useInput(
    (input, key) => {
      const k = chooseKey(input, key);
      if (!k) return;
      const next = chooseReducer(current.current, k, options.length, shown);
      current.current = next;
      setState(next);
      if (k === 'enter' && next.cursor !== null) picked.current(options[next.cursor]!.value);
    },
    { isActive },
  );
  const rows = options.slice(state.top, state.top + shown);
  return (
    <Box aria-role="listbox" flexDirection="column">
      {state.top > 0 ? <Text dimColor>{`  ↑ ${state.top} more`}</Text> : null}
      {rows.map((o, i) => {
        const on = state.cursor === state.top + i;
        return (
          <Box key={o.value} aria-role="option" aria-state={{ selected: on }}>
            <Text color={on && isActive ? toneColor.info : undefined} bold={on}>{`${on ? symbols.arrow : ' '} ${o.label}`}</Text>
          </Box>
        );
      })}
      {state.top + shown < options.length ? <Text dimColor>{`  ↓ ${options.length - state.top - shown} more`}</Text> : null}
      {state.asked && isActive ? <Text color={toneColor.warn}>{`${symbols.warn} ${required}`}</Text> : null}
    </Box>
  );
}
