/** The request's parameters as sent: query string then form body, names as the client spelled them. */
export interface RawParams {
  readonly pairs: readonly (readonly [string, string])[];
  /** Lower-cased name → every value given for it, in order. */
  readonly byName: ReadonlyMap<string, readonly string[]>;
}

export function collectParams(url: string, body: unknown): RawParams {
  const pairs: [string, string][] = [];
  const q = url.indexOf('?');
  if (q >= 0) for (const [k, v] of new URLSearchParams(url.slice(q + 1))) pairs.push([k, v]);
  if (typeof body === 'string' && body.length) for (const [k, v] of new URLSearchParams(body)) pairs.push([k, v]);
  const byName = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const key = k.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(v);
    else byName.set(key, [v]);
  }
  return { pairs, byName };
}

export function first(p: RawParams, name: string): string | undefined {
  return p.byName.get(name.toLowerCase())?.[0];
}
