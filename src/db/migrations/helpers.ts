import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from '../schema.js';

// Migrations run before the schema's types apply, so they build on an untyped Kysely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own idiom for migrations
export type AnyDb = Kysely<unknown>;

/** A table with an auto-increment integer id and a unique uuid: the shape of every entity. */
export function entityTable<T extends string>(db: AnyDb, dialect: Dialect, name: T): CreateTableBuilder<T, 'id' | 'uuid'> {
  const t = db.schema.createTable(name);
  const withId =
    dialect === 'postgres'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  return withId.addColumn('uuid', 'text', (c) => c.notNull().unique());
}
