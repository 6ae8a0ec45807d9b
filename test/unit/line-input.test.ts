// The shared line editor of every text field: what one input event (as Ink delivers it,
// a single key or a burst of keys in one string) does to the line.
import { describe, expect, it } from 'vitest';
import { editLine, type LineKey, type LineState } from '../../src/screens/ui/inputs.js';

const empty: LineState = { value: '', cursor: 0 };
const at = (value: string, cursor = value.length): LineState => ({ value, cursor });

/** feed events one after another, as the field does; the submitted texts in order */
function feed(events: [string, LineKey?][], start = empty) {
  let line = start;
  const submitted: string[] = [];
  for (const [input, key] of events) {
    const e = editLine(line, input, key ?? {});
    line = e.line;
    if (e.submitted !== null) submitted.push(e.submitted);
  }
  return { line, submitted };
}

describe('editLine', () => {
  it('a code and Enter in one chunk submit the code, not a longer line', () => {
    expect(feed([['123456\r']])).toEqual({ line: at('123456'), submitted: ['123456'] });
    expect(feed([['123456\n']]).submitted).toEqual(['123456']);
    expect(feed([['alice\r\n']]).submitted).toEqual(['alice']);
  });

  it('Enter as its own key submits what was typed before it in the same tick', () => {
    expect(feed([['12'], ['3456'], ['', { return: true }]]).submitted).toEqual(['123456']);
  });

  it('every Backspace of a burst counts, in one chunk or as single keys', () => {
    expect(feed([['\x7f\x7f\x7f']], at('abcdef')).line).toEqual(at('abc'));
    expect(feed([['', { delete: true }], ['', { delete: true }]], at('abcdef')).line).toEqual(at('abcd'));
    expect(feed([['ab\x7fc\b']]).line).toEqual(at('a'));
  });

  it('Home, End, Ctrl-A, Ctrl-E move the cursor; text goes in where the cursor is', () => {
    expect(feed([['', { home: true }], ['x']], at('abc')).line).toEqual(at('xabc', 1));
    expect(feed([['', { home: true }], ['', { end: true }], ['x']], at('abc')).line).toEqual(at('abcx'));
    expect(feed([['a', { ctrl: true }], ['x']], at('abc')).line).toEqual(at('xabc', 1));
    expect(feed([['\x01x\x05y']], at('abc')).line).toEqual(at('xabcy'));
  });

  it('Ctrl-U deletes to the start, Ctrl-K to the end', () => {
    expect(feed([['', { leftArrow: true }], ['u', { ctrl: true }]], at('abc')).line).toEqual(at('c', 0));
    expect(feed([['\x01\x0b']], at('abc')).line).toEqual(at('', 0));
  });

  it('control characters and escape keys never enter the field', () => {
    expect(feed([['a\x1bb\x07c']]).line).toEqual(at('abc'));
    expect(feed([['', { escape: true }], ['', { tab: true }], ['x', { meta: true }]], at('ab')).line).toEqual(at('ab'));
    expect(feed([['c', { ctrl: true }]], at('ab')).line).toEqual(at('ab'));
  });

  it('a pasted multi-line text submits its first line and hands on the rest', () => {
    expect(feed([['first\rsecond\r']])).toEqual({ line: at('first'), submitted: ['first'] });
    expect(editLine(empty, 'first\r\nsecond', {}).rest).toBe('second');
    expect(editLine(empty, '123456\r', {}).rest).toBe('');
  });
});
