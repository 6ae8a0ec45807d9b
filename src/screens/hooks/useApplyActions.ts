import { useEffect, useState } from 'react';
import { runActions } from '../../steps/run-actions.js';
import type { Action, ApplyResult } from '../../steps/types.js';
import { reduceProgress, type ActionState } from '../ApplyView.js';
import { useSession } from '../SessionContext.js';

/** Apply actions once (when enabled), with per-action progress for ApplyView. */
export function useApplyActions(actions: Action[], enabled: boolean) {
  const session = useSession();
  const [states, setStates] = useState<Record<string, ActionState>>({});
  const [result, setResult] = useState<ApplyResult | null>(null);
  useEffect(() => {
    if (!enabled || actions.length === 0) return;
    let live = true;
    void (async () => {
      const ctx = await session.context();
      const r = await runActions(actions, ctx, (e) => live && setStates((s) => reduceProgress(s, e)));
      if (live) setResult(r);
    })();
    return () => {
      live = false;
    };
  }, [enabled]);
  return { states, result };
}
