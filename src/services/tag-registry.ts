// Which resource types can be tagged in this installation and how to find one by id: each
// family registers its type once its table exists (services.tags.registerType).
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/schema.js';
import type { EntityTableName } from './lookup.js';

export interface TaggableResource {
  /** The entity table (integer `id`, `uuid`). */
  readonly table: EntityTableName;
  /** Column naming the owning account (default `account_id`); null: the system owns it (only root admins may tag it). */
  readonly accountColumn?: string | null;
  /** Column set once the row is deleted (default `removed`); null when the table has none. */
  readonly removedColumn?: string | null;
}

/** A resource as tags see it; `accountId` null means owned by the system. */
export interface TagTarget {
  readonly id: number;
  readonly uuid: string;
  readonly accountId: number | null;
}

/** Types whose tables exist before their families do; a family may register its type again to replace these. */
export const BUILT_IN_TAGGABLES: readonly (readonly [string, TaggableResource])[] = [
  ['UserVm', { table: 'vms' }],
  ['Volume', { table: 'volumes' }],
  ['PublicIpAddress', { table: 'public_ip_addresses', removedColumn: null }],
  ['Project', { table: 'projects', accountColumn: 'project_account_id' }],
  ['Account', { table: 'accounts', accountColumn: 'id' }],
  ['User', { table: 'users' }],
];

/**
 * Finds a live resource by uuid, or (as CloudStack's ResourceManagerUtil does) by its internal
 * numeric id. Table and columns come from registrations, never from the request.
 */
export async function findTarget(db: Db, spec: TaggableResource, ref: string): Promise<TagTarget | undefined> {
  const owner = spec.accountColumn === null ? sql`null` : sql.ref(spec.accountColumn ?? 'account_id');
  const live = spec.removedColumn === null ? sql`` : sql` and ${sql.ref(spec.removedColumn ?? 'removed')} is null`;
  const select = (where: RawBuilder<unknown>) =>
    sql<{ id: number; uuid: string; owner: number | null }>`select id, uuid, ${owner} as owner from ${sql.table(spec.table)} where ${where}${live}`.execute(db);
  let rows = (await select(sql`uuid = ${ref}`)).rows;
  if (rows.length === 0 && /^\d{1,10}$/.test(ref) && Number(ref) <= 2147483647) rows = (await select(sql`id = ${Number(ref)}`)).rows;
  const r = rows[0];
  return r ? { id: Number(r.id), uuid: r.uuid, accountId: r.owner === null ? null : Number(r.owner) } : undefined;
}
