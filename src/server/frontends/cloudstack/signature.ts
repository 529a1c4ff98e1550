import { createHmac, timingSafeEqual } from 'node:crypto';

// CloudStack signs `name=value` pairs (values URL-encoded, space as %20), sorted, joined
// with `&`, lower-cased, HMAC-SHA1, base64. Clients differ in two details: which characters
// they leave unescaped and whether they sort by name or by the whole `name=value` string
// case-sensitively. We accept every combination real clients use.

const javaEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const rfc3986Encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const pythonQuoteStar = (s: string) => encodeURIComponent(s).replace(/[!'()]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const encoders = [javaEncode, pythonQuoteStar, rfc3986Encode, encodeURIComponent];

function canonical(pairs: readonly (readonly [string, string])[], enc: (s: string) => string, byWholePair: boolean): string {
  const items = pairs.map(([k, v]) => [k, `${k}=${enc(v)}`] as const);
  if (byWholePair) items.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  else items.sort((a, b) => {
    const ka = a[0].toLowerCase(), kb = b[0].toLowerCase();
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return items.map((i) => i[1]).join('&').toLowerCase();
}

export function sign(canonicalString: string, secret: string): string {
  return createHmac('sha1', secret).update(canonicalString).digest('base64');
}

/** True when `signature` is the signature of `pairs` (every param but `signature`) under `secret`. */
export function verifySignature(pairs: readonly (readonly [string, string])[], secret: string, signature: string): boolean {
  // A `+` sent unescaped in a query string arrives as a space.
  const given = Buffer.from(signature.replace(/ /g, '+'));
  const signed = pairs.filter(([k]) => k.toLowerCase() !== 'signature');
  const tried = new Set<string>();
  for (const byWholePair of [false, true]) {
    for (const enc of encoders) {
      const c = canonical(signed, enc, byWholePair);
      if (tried.has(c)) continue;
      tried.add(c);
      const expected = Buffer.from(sign(c, secret));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
    }
  }
  return false;
}

/** `expires` of signatureVersion 3: `yyyy-MM-ddTHH:mm:ssZ` (offset as `+0000` or `Z`). */
export function parseExpires(v: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.exec(v.trim());
  if (!m) return undefined;
  const tz = m[2] === 'Z' ? 'Z' : `${m[2]!.slice(0, 3)}:${m[2]!.slice(-2)}`;
  const t = Date.parse(`${m[1]}${tz}`);
  return Number.isNaN(t) ? undefined : t;
}
