import type { Dialect } from '../schema.js';
import { type AnyDb, entityTable } from './helpers.js';

export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await entityTable(db, dialect, 'domains')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('network_domain', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('domains_path').on('domains').column('path').execute();

  await entityTable(db, dialect, 'roles')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();

  await entityTable(db, dialect, 'role_permissions')
    .addColumn('role_id', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('permission', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('role_permissions_role').on('role_permissions').columns(['role_id', 'sort_order']).execute();

  await entityTable(db, dialect, 'accounts')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('role_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('network_domain', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('accounts_domain').on('accounts').columns(['domain_id', 'name']).execute();

  await entityTable(db, dialect, 'users')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('firstname', 'text', (c) => c.notNull())
    .addColumn('lastname', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('timezone', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('api_key', 'text', (c) => c.unique())
    .addColumn('secret_key', 'text')
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('users_account').on('users').column('account_id').execute();
  await db.schema.createIndex('users_username').on('users').column('username').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('session_key', 'text', (c) => c.primaryKey())
    .addColumn('jsessionid', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('last_access', 'text', (c) => c.notNull())
    .execute();

  await entityTable(db, dialect, 'async_jobs')
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('cmd', 'text', (c) => c.notNull())
    .addColumn('java_class', 'text', (c) => c.notNull())
    .addColumn('instance_type', 'text')
    .addColumn('instance_id', 'text')
    .addColumn('lock_key', 'text')
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('result_code', 'integer', (c) => c.notNull())
    .addColumn('result_type', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('progress', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('completed', 'text')
    .execute();
  await db.schema.createIndex('async_jobs_status').on('async_jobs').column('status').execute();
  await db.schema.createIndex('async_jobs_account').on('async_jobs').columns(['account_id', 'id']).execute();

  await entityTable(db, dialect, 'events')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('resource_id', 'text')
    .addColumn('resource_type', 'text')
    .addColumn('resource_name', 'text')
    .addColumn('start_id', 'integer')
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_account').on('events').columns(['account_id', 'id']).execute();

  await db.schema
    .createTable('configurations')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('configurations_pk', ['name', 'scope', 'scope_id'])
    .execute();
}
