import { sql } from 'kysely';
import type { Dialect } from '../schema.js';
import { type AnyDb, entityTable } from './helpers.js';

// Projects: the project, its members, invitations, and per-project roles with their rules.
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await entityTable(db, dialect, 'projects')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_text', 'text', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('project_account_id', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  // A name is unique per domain among live projects (case-insensitive, as MySQL compares).
  await sql`CREATE UNIQUE INDEX projects_live_name ON projects (domain_id, lower(name)) WHERE removed IS NULL`.execute(db);
  await db.schema.createIndex('projects_account').on('projects').column('project_account_id').execute();

  // user_id NULL: every user of the account is a member; otherwise only that user is.
  await entityTable(db, dialect, 'project_accounts')
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('project_role_id', 'integer')
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX project_accounts_account ON project_accounts (project_id, account_id) WHERE user_id IS NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX project_accounts_user ON project_accounts (project_id, user_id) WHERE user_id IS NOT NULL`.execute(db);
  await db.schema.createIndex('project_accounts_member').on('project_accounts').column('account_id').execute();

  await entityTable(db, dialect, 'project_invitations')
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer')
    .addColumn('user_id', 'integer')
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('token', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('project_role_id', 'integer')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_invitations_project').on('project_invitations').column('project_id').execute();

  await entityTable(db, dialect, 'project_roles')
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_roles_project').on('project_roles').column('project_id').execute();

  await entityTable(db, dialect, 'project_role_permissions')
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('project_role_id', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('permission', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addUniqueConstraint('project_role_permissions_rule', ['project_role_id', 'rule'])
    .execute();
}
