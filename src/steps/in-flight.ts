/**
 * `fn` over `items`, at most `limit` at once; the results in `items`' order. `onDone` sees
 * each result as it comes (in completion order). `fn` must not throw: a failure is its result.
 */
export async function mapInFlight<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>, onDone?: (result: R) => void): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const result = await fn(items[index]!);
      results[index] = result;
      onDone?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(0, Math.min(limit, items.length)) }, worker));
  return results;
}
