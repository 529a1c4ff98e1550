import type { Db } from '../db/schema.js';

type EntityTableName = 'domains' | 'accounts' | 'users' | 'roles' | 'async_jobs' | 'events';

/** Id parameters accept the UUID or, as CloudStack does, the internal numeric id. */
export async function resolveId(db: Db, table: EntityTableName, idOrUuid: string): Promise<number | undefined> {
  if (/^\d+$/.test(idOrUuid)) {
    const n = Number(idOrUuid);
    if (!Number.isSafeInteger(n) || n > 2147483647) return undefined;
    const r = await db.selectFrom(table).select('id').where('id', '=', n).executeTakeFirst();
    return r?.id;
  }
  const r = await db.selectFrom(table).select('id').where('uuid', '=', idOrUuid).executeTakeFirst();
  return r?.id;
}
