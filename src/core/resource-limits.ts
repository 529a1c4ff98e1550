// Resource limits and counts (CloudStack's Resource.ResourceType): the resource types, their
// units and the pure arithmetic of "does this fit under every limit on the chain".

export type ResourceTypeName =
  | 'user_vm' | 'public_ip' | 'volume' | 'snapshot' | 'template' | 'project' | 'network' | 'vpc'
  | 'cpu' | 'memory' | 'primary_storage' | 'secondary_storage';

export interface ResourceTypeDef {
  /** The number clients send as `resourcetype`. */
  readonly id: number;
  readonly name: ResourceTypeName;
  /** Suffix of the max.account.* / max.domain.* / max.project.* default settings. */
  readonly setting: string;
  /** Counted in bytes, limited in GiB on the wire. */
  readonly storage: boolean;
}

export const RESOURCE_TYPES: readonly ResourceTypeDef[] = [
  { id: 0, name: 'user_vm', setting: 'user.vms', storage: false },
  { id: 1, name: 'public_ip', setting: 'public.ips', storage: false },
  { id: 2, name: 'volume', setting: 'volumes', storage: false },
  { id: 3, name: 'snapshot', setting: 'snapshots', storage: false },
  { id: 4, name: 'template', setting: 'templates', storage: false },
  { id: 5, name: 'project', setting: 'projects', storage: false },
  { id: 6, name: 'network', setting: 'networks', storage: false },
  { id: 7, name: 'vpc', setting: 'vpcs', storage: false },
  { id: 8, name: 'cpu', setting: 'cpus', storage: false },
  { id: 9, name: 'memory', setting: 'memory', storage: false },
  { id: 10, name: 'primary_storage', setting: 'primary.storage', storage: true },
  { id: 11, name: 'secondary_storage', setting: 'secondary.storage', storage: true },
];

const byId = new Map(RESOURCE_TYPES.map((t) => [t.id, t]));
const byName = new Map(RESOURCE_TYPES.map((t) => [t.name as string, t]));

export const resourceTypeById = (id: number): ResourceTypeDef | undefined => byId.get(id);
export const resourceTypeByName = (name: string): ResourceTypeDef | undefined => byName.get(name.toLowerCase());
export const resourceType = (name: ResourceTypeName): ResourceTypeDef => byName.get(name)!;

/** -1 means "no limit", as in CloudStack. */
export const UNLIMITED = -1;
export const BYTES_PER_GIB = 1024 ** 3;

/** Limits are kept in the unit counts use (bytes for storage); the API speaks GiB. */
export function limitFromWire(t: ResourceTypeDef, max: number): number {
  return t.storage && max !== UNLIMITED ? max * BYTES_PER_GIB : max;
}

export function limitToWire(t: ResourceTypeDef, max: number): number {
  return t.storage && max !== UNLIMITED ? Math.floor(max / BYTES_PER_GIB) : max;
}

/** True when `amount` more still fits under `limit` given the current `count`. */
export function fits(limit: number, count: number, amount: number): boolean {
  return limit === UNLIMITED || limit < 0 || count + amount <= limit;
}

/**
 * An account's limit: its own explicit row if any, else the max.account.* default. Root admin
 * accounts are never limited.
 */
export function accountLimit(explicit: number | undefined, defaultValue: number, isRootAdmin: boolean): number {
  if (isRootAdmin) return UNLIMITED;
  const v = explicit ?? defaultValue;
  return v < 0 ? UNLIMITED : v;
}

/**
 * A domain's limit: the first explicit row walking from the domain up to (not including) ROOT,
 * else the max.domain.* default. ROOT itself is never limited. `chain` lists the explicit
 * rows from the domain itself upward, ROOT last.
 */
export function domainLimit(chain: readonly (number | undefined)[], defaultValue: number): number {
  if (chain.length <= 1) return UNLIMITED;
  for (const v of chain.slice(0, -1)) if (v !== undefined) return v < 0 ? UNLIMITED : v;
  return defaultValue < 0 ? UNLIMITED : defaultValue;
}

/** Why a new limit is refused, or undefined when it is acceptable under its parent's limit. */
export function newLimitProblem(max: number, parentLimit: number): string | undefined {
  if (!Number.isSafeInteger(max) || max < UNLIMITED) return "Please specify either '-1' for an infinite limit, or a limit that is at least '0'.";
  if (parentLimit >= 0 && max > parentLimit) return `please specify a value less than or equal to ${parentLimit}`;
  return undefined;
}

export interface ChainEntry<K> {
  readonly key: K;
  readonly limit: number;
  readonly count: number;
}

/** The first owner on the chain (account first, then domains upward) that `amount` would overflow. */
export function firstExceeded<K>(chain: readonly ChainEntry<K>[], amount: number): ChainEntry<K> | undefined {
  return chain.find((e) => !fits(e.limit, e.count, amount));
}
