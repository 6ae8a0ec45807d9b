/**
 * The clean-ups a flow registers for an interrupt (`StepIO.onInterrupt`): `cleanUp` runs
 * each registered one once, in order; one that throws is said through `failed` (its
 * message) and the rest still run. Shared by the --ci and --plain line front ends.
 */
export function interruptCleanups(failed: (message: string) => void): {
  onInterrupt: (cleanup: () => Promise<void>) => () => void;
  cleanUp: () => Promise<void>;
} {
  const cleanups = new Set<() => Promise<void>>();
  return {
    onInterrupt(cleanup) {
      cleanups.add(cleanup);
      return () => cleanups.delete(cleanup);
    },
    async cleanUp() {
      const all = [...cleanups];
      cleanups.clear();
      for (const c of all) {
        try {
          await c();
        } catch (e) {
          failed(e instanceof Error ? e.message : String(e));
        }
      }
    },
  };
}
