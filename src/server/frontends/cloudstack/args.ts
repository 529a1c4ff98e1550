import type { CommandDecl, ParamDecl } from '../../../api/types.js';
import { invalidParam } from '../../../core/errors.js';
import type { RawParams } from './raw-params.js';

export type MapEntry = Readonly<Record<string, string>>;
export type ArgValue = string | number | boolean | readonly string[] | readonly MapEntry[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT_RANGE = { integer: [-2147483648, 2147483647], short: [-32768, 32767] } as const;

const bad = (p: ParamDecl, v: string, why: string) =>
  invalidParam(`Invalid parameter ${p.name} value=${v.length > 64 ? v.slice(0, 64) + '...' : v} due to ${why}`);

function parseScalar(p: ParamDecl, type: ParamDecl['type'], v: string): string | number | boolean {
  switch (type) {
    case 'string':
    case 'object': {
      const max = p.length ?? 255;
      if (v.length > max) throw invalidParam(`Value greater than max allowed length ${max} for param: ${p.name}`);
      return v;
    }
    case 'uuid':
      if (UUID.test(v)) return v.toLowerCase();
      // CloudStack accepts -1 in id parameters as "all" (projectid=-1: every project's resources).
      if (v === '-1') return v;
      if (/^\d{1,18}$/.test(v)) return v;
      throw bad(p, v, 'incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class');
    case 'boolean':
      if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
      throw bad(p, v, 'not a boolean (expected true or false)');
    case 'integer':
    case 'short': {
      const [lo, hi] = INT_RANGE[type];
      if (!/^[+-]?\d{1,11}$/.test(v) || Number(v) < lo || Number(v) > hi) throw bad(p, v, `incorrect ${type} value format`);
      return Number(v);
    }
    case 'long':
      if (!/^[+-]?\d{1,19}$/.test(v) || !Number.isSafeInteger(Number(v))) throw bad(p, v, 'incorrect long value format');
      return Number(v);
    case 'double': {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) throw bad(p, v, 'incorrect double value format');
      return n;
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(v.trim());
      const t = m ? Date.parse(m[4] ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ? (m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].slice(-2)}`) : 'Z'}` : `${m[1]}-${m[2]}-${m[3]}T00:00:00Z`) : NaN;
      if (Number.isNaN(t)) throw bad(p, v, 'incorrect date format (use yyyy-MM-dd or yyyy-MM-dd HH:mm:ss)');
      return new Date(t).toISOString();
    }
    case 'list':
    case 'map':
      return v;
  }
}

/** Collects `name[0].key=value` style parameters into an ordered list of maps. */
function parseMap(p: ParamDecl, raw: RawParams): readonly MapEntry[] | undefined {
  const prefix = p.name.toLowerCase() + '[';
  const groups = new Map<number, Record<string, string>>();
  for (const [name, values] of raw.byName) {
    if (!name.startsWith(prefix)) continue;
    const m = /^[^[]+\[(\d{1,6})\]\.(.+)$/.exec(name);
    if (!m) throw invalidParam(`Invalid map parameter ${name}: expected ${p.name}[N].key=value`);
    const g = groups.get(Number(m[1])) ?? {};
    // Map keys keep the client's spelling: find it in the original pairs.
    const original = raw.pairs.find(([k]) => k.toLowerCase() === name)?.[0] ?? name;
    g[original.slice(original.indexOf('].') + 2)] = values[0]!;
    groups.set(Number(m[1]), g);
  }
  if (!groups.size) return undefined;
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

/** Parsed, validated arguments of one call. Names are the declaration's names. */
export class Args {
  constructor(private readonly values: ReadonlyMap<string, ArgValue>) {}

  has(name: string): boolean {
    return this.values.has(name);
  }
  string(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }
  requireString(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw invalidParam(`Unable to execute API command due to missing parameter ${name}`);
    return v;
  }
  number(name: string): number | undefined {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : undefined;
  }
  bool(name: string): boolean | undefined {
    const v = this.values.get(name);
    return typeof v === 'boolean' ? v : undefined;
  }
  list(name: string): readonly string[] | undefined {
    const v = this.values.get(name);
    return Array.isArray(v) && (v.length === 0 || typeof v[0] === 'string') ? (v as readonly string[]) : undefined;
  }
  map(name: string): readonly MapEntry[] | undefined {
    const v = this.values.get(name);
    return Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' ? (v as readonly MapEntry[]) : undefined;
  }
}

/**
 * Validates a call against its declaration: unknown params are ignored, names are
 * case-insensitive, each value is checked against its CloudStack type, required params
 * must be present. Any violation is a 431 naming the parameter.
 */
export function parseArgs(decl: CommandDecl, raw: RawParams, isRootAdmin: boolean): Args {
  const values = new Map<string, ArgValue>();
  for (const p of decl.params) {
    if (p.adminOnly && !isRootAdmin) continue;
    if (p.type === 'map') {
      const m = parseMap(p, raw);
      if (m) values.set(p.name, m);
      else if (p.required) throw invalidParam(`Unable to execute API command ${decl.name.toLowerCase()} due to missing parameter ${p.name}`);
      continue;
    }
    const all = raw.byName.get(p.name.toLowerCase());
    if (!all || all.length === 0) {
      if (p.required) throw invalidParam(`Unable to execute API command ${decl.name.toLowerCase()} due to missing parameter ${p.name}`);
      continue;
    }
    if (all.length > 1 && new Set(all).size > 1) throw invalidParam(`Parameter ${p.name} was given more than once with different values`);
    const v = all[0]!;
    if (v.includes('\u0000')) throw invalidParam(`Invalid parameter ${p.name}: NUL characters are not allowed`);
    if (p.type === 'list') {
      const items = v.split(',').map((s) => s.trim()).filter((s) => s.length);
      const ct = p.collectionType ?? 'string';
      values.set(p.name, items.map((s) => String(parseScalar(p, ct === 'list' || ct === 'map' ? 'string' : ct, s))));
      continue;
    }
    if (v === '' && p.type !== 'string') {
      if (p.required) throw invalidParam(`Unable to execute API command ${decl.name.toLowerCase()} due to empty value for parameter ${p.name}`);
      continue;
    }
    values.set(p.name, parseScalar(p, p.type, v));
  }
  return new Args(values);
}
