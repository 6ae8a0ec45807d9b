/** Follows a marker/token until the last page; `page` returns the items and the next token. */
export async function collect<T>(page: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const { items, next } = await page(token);
    all.push(...(items ?? []));
    // A token that repeats would loop forever; AWS never does it, but emulators might.
    token = next && !seen.has(next) ? next : undefined;
    if (token) seen.add(token);
  } while (token);
  return all;
}

export function fromTags(tags: { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

export function toTags(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
