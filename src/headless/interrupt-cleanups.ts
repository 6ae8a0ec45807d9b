/**
 * The clean-ups a flow registers for an interrupt (`StepIO.onInterrupt`): `cleanUp` runs
 * each registered one once, in order, with what stopped the run ("terminated"); one that
 * throws is said through `failed` (its message) and the rest still run. Shared by the --ci
 * and --plain line front ends.
 */
export function interruptCleanups(failed: (message: string) => void): {
  onInterrupt: (cleanup: (why?: string) => Promise<void>) => () => void;
  cleanUp: (why?: string) => Promise<void>;
} {
  const cleanups = new Set<(why?: string) => Promise<void>>();
  return {
    onInterrupt(cleanup) {
      cleanups.add(cleanup);
      return () => cleanups.delete(cleanup);
    },
    async cleanUp(why) {
      const all = [...cleanups];
      cleanups.clear();
      for (const c of all) {
        try {
          await c(why);
        } catch (e) {
          failed(e instanceof Error ? e.message : String(e));
        }
      }
    },
  };
}
