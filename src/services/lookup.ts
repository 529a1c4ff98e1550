import type { Database, Db } from '../db/schema.js';

/** Tables whose rows are entities: an integer `id` and a `uuid`. */
export type EntityTableName = {
  [K in keyof Database]: Database[K] extends { id: unknown; uuid: string } ? K : never;
}[keyof Database];

/** Id parameters accept the UUID or, as CloudStack does, the internal numeric id. */
export async function resolveId(db: Db, table: EntityTableName, idOrUuid: string): Promise<number | undefined> {
  // A dynamic table name defeats Kysely's column typing; both columns exist on every entity table.
  const q = db.selectFrom(table as 'domains').select('id');
  if (/^\d+$/.test(idOrUuid)) {
    const n = Number(idOrUuid);
    if (!Number.isSafeInteger(n) || n > 2147483647) return undefined;
    return (await q.where('id', '=', n).executeTakeFirst())?.id;
  }
  return (await q.where('uuid', '=', idOrUuid).executeTakeFirst())?.id;
}
