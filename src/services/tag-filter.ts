// The `tags[N].key` / `tags[N].value` filter of CloudStack's list commands, for any family's
// list query.
import { type SelectQueryBuilder, sql } from 'kysely';
import { invalidParam } from '../core/errors.js';
import type { Database } from '../db/schema.js';

/** One `tags[N]` map entry as the edge parsed it (keys keep the client's spelling). */
export type TagMapEntry = Readonly<Record<string, string>>;

export interface TagPair {
  readonly key: string;
  readonly value: string;
}

/** Reads `key`/`value` from a map entry whatever their letter case. */
export function entryField(e: TagMapEntry, name: 'key' | 'value'): string | undefined {
  const k = Object.keys(e).find((x) => x.toLowerCase() === name);
  return k === undefined ? undefined : e[k];
}

/** Filter pairs from `tags[N]` entries; as in BaseListTaggedResourcesCmd every key needs a value. */
export function tagPairs(entries: readonly TagMapEntry[] | undefined): TagPair[] {
  return (entries ?? []).map((e) => {
    const key = entryField(e, 'key');
    const value = entryField(e, 'value');
    if (key === undefined || key === '') throw invalidParam('No key is passed in for a tags[] entry');
    if (value === undefined) throw invalidParam(`No value is passed in for key ${key}`);
    return { key, value };
  });
}

/**
 * Restricts a list query to resources carrying any of the given tags (CloudStack ORs the
 * pairs). `idColumn` is the resource's internal id column, e.g. `v.id`. No tags: unchanged.
 */
export function filterByTags<DB extends Database, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  resourceType: string,
  idColumn: string,
  tags: readonly TagMapEntry[] | undefined,
): SelectQueryBuilder<DB, TB, O> {
  const pairs = tagPairs(tags);
  if (pairs.length === 0) return q;
  const any = sql.join(pairs.map((p) => sql`(t.key = ${p.key} and t.value = ${p.value})`), sql` or `);
  // The id column is named by the calling family, not by the request; Kysely cannot type it, hence sql.ref.
  return q.where(sql<boolean>`exists (select 1 from resource_tags t where t.resource_type = ${resourceType} and t.resource_id = ${sql.ref(idColumn)} and (${any}))`);
}
