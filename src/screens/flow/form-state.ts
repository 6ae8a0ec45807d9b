// The state of a form (several fields on one screen) and what each key does to it, apart
// from the view (FormView.tsx) so it can be tested without a terminal.
import type { AskOptions } from '../../steps/flow.js';

export interface FormState {
  /** every field's value as typed so far */
  values: string[];
  /** the field that takes typing */
  focus: number;
  /** the error shown under each field (null: none shown) */
  errors: (string | null)[];
  /** fields that had the focus: an empty one Enter comes back to shows its error at once */
  visited: boolean[];
}

export type FormEvent =
  | { type: 'edit'; value: string }
  | { type: 'move'; by: 1 | -1; wrap?: boolean }
  /** Enter in the focused field, with the value it holds */
  | { type: 'enter'; value: string };

/** Each field's problem with the values as they are (null: fine). */
export function formProblems(questions: AskOptions[], values: string[]): (string | null)[] {
  return questions.map((q, i) => q.validate?.(values[i] ?? '', values) ?? null);
}

/** The offered values; the focus on the first field that needs an answer (else the first). */
export function initialFormState(questions: AskOptions[]): FormState {
  const values = questions.map((q) => q.initial ?? '');
  const first = formProblems(questions, values).findIndex((p) => p !== null);
  const focus = Math.max(0, first);
  return { values, focus, errors: questions.map(() => null), visited: questions.map((_, i) => i === focus) };
}

/**
 * One key on a form. Enter on a field with a problem shows it there; else the focus goes to
 * the next field with a problem (an empty one it has not been on yet shows no error until
 * Enter is pressed there) or that offers nothing (no `initial`) and has not had the focus,
 * and with none left the form is submitted: `submit` holds the values. Offered values are
 * taken with one Enter.
 */
export function formReducer(questions: AskOptions[], state: FormState, event: FormEvent): { state: FormState; submit?: string[] } {
  const n = questions.length;
  const at = (i: number, v: string) => state.values.map((x, j) => (j === i ? v : x));
  switch (event.type) {
    case 'edit':
      return { state: { ...state, values: at(state.focus, event.value), errors: state.errors.map((e, j) => (j === state.focus ? null : e)) } };
    case 'move': {
      const raw = state.focus + event.by;
      const focus = event.wrap ? (raw + n) % n : Math.min(n - 1, Math.max(0, raw));
      return { state: { ...state, focus, visited: state.visited.map((v, j) => v || j === focus) } };
    }
    case 'enter': {
      const values = at(state.focus, event.value);
      if (questions[state.focus]?.endsForm?.(event.value)) return { state: { ...state, values }, submit: values.map((v, j) => (j > state.focus ? '' : v)) };
      const problems = formProblems(questions, values);
      const here = problems[state.focus];
      if (here) return { state: { ...state, values, errors: state.errors.map((e, j) => (j === state.focus ? here : e)) } };
      const order = [...Array(n).keys()].map((k) => (state.focus + 1 + k) % n);
      // a field that offers nothing is seen once before the form is taken: keys typed for
      // it after an Enter must not land on the next screen (a plan's y/n)
      const next = order.find((j) => problems[j] !== null || (questions[j]!.initial === undefined && !state.visited[j] && j !== state.focus));
      if (next === undefined) return { state: { ...state, values, errors: state.errors.map(() => null) }, submit: values };
      const problem = problems[next] ?? null;
      const shown = problem !== null && (state.visited[next] || values[next] !== '') ? problem : null;
      return {
        state: {
          values,
          focus: next,
          errors: state.errors.map((e, j) => (j === state.focus ? null : j === next ? shown : e)),
          visited: state.visited.map((v, j) => v || j === next),
        },
      };
    }
  }
}
