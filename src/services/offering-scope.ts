// Which domains and zones an offering is limited to, who may see it, and who may manage it.
// CloudStack keeps these as `domainid`/`zoneid` offering details; an offering without any is
// public. The rules follow ConfigurationManagerImpl (create/update/delete) and QueryManagerImpl
// (list) for service and disk offerings; network offerings are root-admin only to manage.
import { type RawBuilder, sql } from 'kysely';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';

export type OfferingType = 'ServiceOffering' | 'DiskOffering' | 'NetworkOffering';

export interface DomainRef {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly path: string;
}

export interface ZoneRef {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
}

export interface OfferingScope {
  readonly domains: readonly DomainRef[];
  readonly zones: readonly ZoneRef[];
}

const PUBLIC: OfferingScope = { domains: [], zones: [] };

/** Live domains by id or uuid; with both a parent and its child given, the parent covers the child (DomainHelper.filterChildSubDomains). */
export async function resolveDomains(db: Db, ids: readonly string[]): Promise<DomainRef[]> {
  const found: DomainRef[] = [];
  for (const raw of ids) {
    const id = await resolveId(db, 'domains', raw.trim());
    const d = id === undefined ? undefined
      : await db.selectFrom('domains').select(['id', 'uuid', 'name', 'path']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!d) throw invalidParam(`Please specify a valid domain id: ${raw}`);
    if (!found.some((f) => f.id === d.id)) found.push(d);
  }
  return found.filter((d) => !found.some((o) => o.id !== d.id && d.path.startsWith(o.path)));
}

/** Live zones by id or uuid. */
export async function resolveZones(db: Db, ids: readonly string[]): Promise<ZoneRef[]> {
  const found: ZoneRef[] = [];
  for (const raw of ids) {
    const id = await resolveId(db, 'zones', raw.trim());
    const z = id === undefined ? undefined
      : await db.selectFrom('zones').select(['id', 'uuid', 'name']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!z) throw invalidParam(`Please specify a valid zone id: ${raw}`);
    if (!found.some((f) => f.id === z.id)) found.push(z);
  }
  return found;
}

/**
 * The update commands take a comma-separated string where a word (`public`, `all`) means
 * "no restriction". Absent: undefined (keep what is there).
 */
export function parseIdList(value: string | undefined, everything: 'public' | 'all'): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter((s) => s.length);
  if (items.length === 1 && items[0]!.toLowerCase() === everything) return [];
  if (!items.length) throw invalidParam(`Specify ids or "${everything}"`);
  if (items.some((s) => s.toLowerCase() === everything)) throw invalidParam(`"${everything}" cannot be combined with ids`);
  return items;
}

export async function scopeOf(db: Db, type: OfferingType, offeringId: number): Promise<OfferingScope> {
  return (await scopesOf(db, type, [offeringId])).get(offeringId) ?? PUBLIC;
}

/** Domains and zones of several offerings at once, for rendering lists. */
export async function scopesOf(db: Db, type: OfferingType, ids: readonly number[]): Promise<Map<number, OfferingScope>> {
  const out = new Map<number, { domains: DomainRef[]; zones: ZoneRef[] }>();
  if (!ids.length) return out;
  const get = (id: number) => out.get(id) ?? (out.set(id, { domains: [], zones: [] }), out.get(id)!);
  const ds = await db.selectFrom('offering_domains as od').innerJoin('domains as d', 'd.id', 'od.domain_id')
    .select(['od.offering_id', 'd.id', 'd.uuid', 'd.name', 'd.path'])
    .where('od.offering_type', '=', type).where('od.offering_id', 'in', ids).orderBy('d.path').execute();
  for (const d of ds) get(d.offering_id).domains.push({ id: d.id, uuid: d.uuid, name: d.name, path: d.path });
  const zs = await db.selectFrom('offering_zones as oz').innerJoin('zones as z', 'z.id', 'oz.zone_id')
    .select(['oz.offering_id', 'z.id', 'z.uuid', 'z.name'])
    .where('oz.offering_type', '=', type).where('oz.offering_id', 'in', ids).orderBy('z.id').execute();
  for (const z of zs) get(z.offering_id).zones.push({ id: z.id, uuid: z.uuid, name: z.name });
  return out;
}

/** Replaces an offering's domain and/or zone restrictions (undefined leaves that side alone). */
export async function writeScope(db: Db, type: OfferingType, offeringId: number, domains?: readonly DomainRef[], zones?: readonly ZoneRef[]): Promise<void> {
  if (domains) {
    await db.deleteFrom('offering_domains').where('offering_type', '=', type).where('offering_id', '=', offeringId).execute();
    for (const d of domains) await db.insertInto('offering_domains').values({ offering_type: type, offering_id: offeringId, domain_id: d.id }).execute();
  }
  if (zones) {
    await db.deleteFrom('offering_zones').where('offering_type', '=', type).where('offering_id', '=', offeringId).execute();
    for (const z of zones) await db.insertInto('offering_zones').values({ offering_type: type, offering_id: offeringId, zone_id: z.id }).execute();
  }
}

const within = (d: { path: string }, caller: Caller) => d.path.startsWith(caller.domainPath);

/** Who may create an offering with these domains and tags: root admins, and domain admins for their own subtree, untagged. */
export function checkCreateScope(caller: Caller, what: string, domains: readonly DomainRef[], tagged: boolean): void {
  if (isRootAdmin(caller)) return;
  if (caller.roleType !== 'DomainAdmin') throw invalidParam(`Unable to create ${what} by user: ${caller.username} because it is not root-admin or domain-admin`);
  if (!domains.length) throw invalidParam(`Unable to create public ${what} by admin: ${caller.username} because it is domain-admin`);
  if (tagged) throw invalidParam(`User [${caller.username}] is unable to create ${what}s with storage tags or host tags.`);
  const outside = domains.find((d) => !within(d, caller));
  if (outside) throw invalidParam(`Unable to create ${what} by another domain-admin: ${caller.username} for domain: ${outside.uuid}`);
}

export interface ScopeChange {
  readonly domains?: readonly DomainRef[];
  readonly zones?: readonly ZoneRef[];
  /** Name, display text or sort key change. */
  readonly renames: boolean;
  readonly tagged: boolean;
}

/**
 * Who may update an offering: root admins; domain admins only non-public offerings, never
 * its zones or tags, never into a public one, keeping any domains outside their reach.
 * Returns the domain list to store (undefined: unchanged).
 */
export function checkUpdateScope(caller: Caller, what: string, current: OfferingScope, change: ScopeChange): readonly DomainRef[] | undefined {
  if (isRootAdmin(caller)) return change.domains;
  if (caller.roleType !== 'DomainAdmin') throw invalidParam(`Unable to update ${what} by user: ${caller.username} because it is not root-admin or domain-admin`);
  const sameIds = (a: readonly { id: number }[], b: readonly { id: number }[]) =>
    a.length === b.length && a.every((x) => b.some((y) => y.id === x.id));
  if (change.zones && !sameIds(change.zones, current.zones)) throw invalidParam(`Unable to update zone(s) for ${what} by admin: ${caller.username} as it is domain-admin`);
  if (!current.domains.length) throw invalidParam(`Unable to update public ${what} by user: ${caller.username} because it is domain-admin`);
  // Stricter than CloudStack, which would let a domain admin graft its domain onto any other domain's offering.
  if (!current.domains.some((d) => within(d, caller))) throw invalidParam(`Unable to update ${what} as none of its domains is within the domain of domain-admin: ${caller.username}`);
  if (change.domains && !change.domains.length) throw invalidParam(`Unable to update ${what} to a public offering by user: ${caller.username} because it is domain-admin`);
  if (change.tagged) throw invalidParam(`User [${caller.username}] is unable to update storage tags or host tags.`);
  const foreign = current.domains.filter((d) => !within(d, caller));
  if (foreign.length && change.renames) throw invalidParam(`Unable to update ${what} as it has linked domain(s) which are not child domain for domain-admin: ${caller.username}`);
  if (!change.domains) return undefined;
  const outside = change.domains.find((d) => !within(d, caller));
  if (outside) throw invalidParam(`Unable to update ${what} by domain-admin: ${caller.username} with domain: ${outside.uuid} which is not a child domain`);
  return [...change.domains, ...foreign.filter((f) => !change.domains!.some((d) => d.id === f.id))];
}

/** Who may delete an offering: root admins; domain admins only offerings wholly inside their subtree. */
/**
 * The domains and zones an offering update asks for, resolved and checked against what the
 * caller may change; undefined where the update leaves them as they are.
 */
export async function resolveScopeUpdate(
  db: Db,
  caller: Caller,
  type: OfferingType,
  what: string,
  offeringId: number,
  a: { readonly domainIds?: string; readonly zoneIds?: string; readonly renames: boolean; readonly tagged: boolean },
): Promise<{ readonly domains: readonly DomainRef[] | undefined; readonly zones: readonly ZoneRef[] | undefined }> {
  const current = await scopeOf(db, type, offeringId);
  const domainIds = parseIdList(a.domainIds, 'public');
  const zoneIds = parseIdList(a.zoneIds, 'all');
  const domains = domainIds === undefined ? undefined : await resolveDomains(db, domainIds);
  const zones = zoneIds === undefined ? undefined : await resolveZones(db, zoneIds);
  const newDomains = checkUpdateScope(caller, what, current, { domains, zones, renames: a.renames, tagged: a.tagged });
  return { domains: newDomains, zones };
}

export function checkDeleteScope(caller: Caller, what: string, current: OfferingScope): void {
  if (isRootAdmin(caller)) return;
  if (caller.roleType !== 'DomainAdmin') throw invalidParam(`Unable to delete ${what} by user: ${caller.username} because it is not root-admin or domain-admin`);
  if (!current.domains.length) throw invalidParam(`Unable to delete public ${what} by admin: ${caller.username} because it is domain-admin`);
  if (current.domains.some((d) => !within(d, caller))) throw invalidParam(`Unable to delete ${what} as it has linked domain(s) which are not child domain for domain-admin: ${caller.username}`);
}

/** Every prefix of a domain path: `/a/b/` → `/`, `/a/`, `/a/b/`. */
function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter((p) => p.length);
  return parts.reduce<string[]>((acc, p) => [...acc, `${acc[acc.length - 1]}${p}/`], ['/']);
}

/**
 * The domains whose offerings a non-root caller sees: its own domain and those above it and,
 * for a domain admin listing recursively, those below it. Root admins: undefined (everything).
 */
export async function visibleDomainIds(db: Db, caller: Caller, recursive: boolean): Promise<number[] | undefined> {
  if (isRootAdmin(caller)) return undefined;
  if (recursive && caller.roleType === 'User') throw invalidParam('Only ROOT admins and Domain admins can list offerings with isrecursive=true');
  const up = await db.selectFrom('domains').select('id').where('path', 'in', ancestorPaths(caller.domainPath)).execute();
  const down = recursive
    ? await db.selectFrom('domains').select('id').where('path', 'like', `${caller.domainPath}%`).where('removed', 'is', null).execute()
    : [];
  return [...new Set([...up, ...down].map((r) => r.id))];
}

/** SQL: the offering (by its id column) is public or limited to one of `domainIds`. */
export function publicOrIn(type: OfferingType, idColumn: string, domainIds: readonly number[]): RawBuilder<boolean> {
  const rows = sql`select 1 from offering_domains od where od.offering_type = ${type} and od.offering_id = ${sql.ref(idColumn)}`;
  return sql<boolean>`(not exists (${rows}) or exists (${rows} and od.domain_id in (${sql.join(domainIds)})))`;
}

/** SQL: the offering is limited to one of `domainIds` (not public). */
export function limitedTo(type: OfferingType, idColumn: string, domainIds: readonly number[]): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from offering_domains od where od.offering_type = ${type} and od.offering_id = ${sql.ref(idColumn)} and od.domain_id in (${sql.join(domainIds)}))`;
}

/** SQL: the keyword occurs in the name or display text, ignoring case on both dialects. */
export function keywordMatch(alias: string, keyword: string): RawBuilder<boolean> {
  const kw = `%${keyword.toLowerCase()}%`;
  return sql<boolean>`(lower(${sql.ref(`${alias}.name`)}) like ${kw} or lower(${sql.ref(`${alias}.display_text`)}) like ${kw})`;
}

/** SQL: the offering is available in a zone (all zones, or that one listed). */
export function inZone(type: OfferingType, idColumn: string, zoneId: number): RawBuilder<boolean> {
  const rows = sql`select 1 from offering_zones oz where oz.offering_type = ${type} and oz.offering_id = ${sql.ref(idColumn)}`;
  return sql<boolean>`(not exists (${rows}) or exists (${rows} and oz.zone_id = ${zoneId}))`;
}

/**
 * The `domainid` filter of the list commands: the offerings linked to that domain (with
 * `isrecursive`, to it or any domain below). A non-root caller may only ask for its own
 * domain or one above it (domain admins: also below).
 */
export async function domainFilterIds(db: Db, caller: Caller, domainId: string, recursive: boolean): Promise<number[]> {
  const id = await resolveId(db, 'domains', domainId);
  const d = id === undefined ? undefined
    : await db.selectFrom('domains').select(['id', 'uuid', 'path']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!d) throw invalidParam(`Unable to find domain by id ${domainId}`);
  const permitted = isRootAdmin(caller) || caller.domainPath.startsWith(d.path) || (caller.roleType === 'DomainAdmin' && d.path.startsWith(caller.domainPath));
  if (!permitted) throw permissionDenied(`The account: ${caller.accountName} does not fall in the same domain hierarchy as the offering domain ${d.uuid}`);
  if (!recursive) return [d.id];
  const sub = await db.selectFrom('domains').select('id').where('path', 'like', `${d.path}%`).where('removed', 'is', null).execute();
  return sub.map((r) => r.id);
}

/** A zone filter value, resolved (unknown zone → 431). */
export async function zoneFilterId(db: Db, zoneId: string): Promise<number> {
  return (await resolveZones(db, [zoneId]))[0]!.id;
}
