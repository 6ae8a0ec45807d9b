import { useCallback, useEffect, useRef, useState } from 'react';

export type TaskState<T> =
  | { status: 'running' }
  | { status: 'done'; value: T }
  | { status: 'failed'; error: unknown };

/** Run an async step function once (again on retry()), ignoring results after unmount. */
export function useTask<T>(fn: () => Promise<T>, deps: unknown[] = []): TaskState<T> & { retry: () => void } {
  const [state, setState] = useState<TaskState<T>>({ status: 'running' });
  const [attempt, setAttempt] = useState(0);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    setState({ status: 'running' });
    fn().then(
      (value) => live.current && setState({ status: 'done', value }),
      (error: unknown) => live.current && setState({ status: 'failed', error }),
    );
    return () => {
      live.current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt, ...deps]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
