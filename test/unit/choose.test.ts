// The list picker's state, without rendering: the cursor is the answer.
import { describe, expect, it } from 'vitest';
import { chooseReducer, initialChooseState, type ChooseKey, type ChooseState } from '../../src/screens/ui/inputs.js';

const OPTIONS = ['Administrators', 'Developers', 'ReadOnly', 'Ops', 'Sales'].map((v) => ({ label: v, value: v }));
const keys = (state: ChooseState, ...ks: ChooseKey[]) => ks.reduce((s, k) => chooseReducer(s, k, OPTIONS.length, 3), state);

describe('chooseReducer', () => {
  it('starts on the default; without one, on nothing, and Enter only asks', () => {
    expect(initialChooseState(OPTIONS, 'Developers', 3)).toEqual({ cursor: 1, top: 1, asked: false });
    const none = initialChooseState(OPTIONS, undefined, 3);
    expect(none.cursor).toBeNull();
    expect(keys(none, 'enter')).toEqual({ cursor: null, top: 0, asked: true });
    expect(initialChooseState(OPTIONS, 'Nosuch', 3).cursor).toBeNull();
  });

  it('↓ from nothing goes to the first option, ↑ to the last; the window follows the cursor', () => {
    const none = initialChooseState(OPTIONS, undefined, 3);
    expect(keys(none, 'down').cursor).toBe(0);
    expect(keys(none, 'up')).toEqual({ cursor: 4, top: 2, asked: false });
    expect(keys(none, 'down', 'down', 'down', 'down')).toEqual({ cursor: 3, top: 1, asked: false });
    expect(keys(none, 'end', 'down').cursor).toBe(4);
    expect(keys(none, 'home', 'up').cursor).toBe(0);
  });

  it('a digit moves the cursor to that option (not beyond the list); Enter with a cursor keeps it', () => {
    const start = initialChooseState(OPTIONS, 'Developers', 3);
    expect(keys(start, { digit: 3 }).cursor).toBe(2);
    expect(keys(start, { digit: 9 }).cursor).toBe(1);
    expect(keys(start, 'enter')).toEqual(start);
  });
});
