import { useEffect, useState } from 'react';

/**
 * A number that goes up by one every second while `on`: a component that calls it redraws
 * each second, for lines that change with the clock (a countdown) when no key is pressed.
 */
export function useTick(on: boolean): number {
  const [t, setT] = useState(0);
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setT((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return t;
}
