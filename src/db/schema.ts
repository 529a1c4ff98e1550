import type { Generated, Kysely } from 'kysely';

// Booleans are stored as 0/1 integers and times as ISO-8601 text so that one schema
// serves both SQLite and PostgreSQL unchanged.

export interface DomainTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  path: string;
  parent_id: number | null;
  level: number;
  network_domain: string | null;
  state: string;
  created: string;
  removed: string | null;
}

export interface RoleTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  type: string;
  description: string;
  is_default: number;
  removed: string | null;
}

export interface RolePermissionTable {
  id: Generated<number>;
  uuid: string;
  role_id: number;
  rule: string;
  permission: string;
  description: string;
  sort_order: number;
}

export interface AccountTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  type: number;
  role_id: number;
  domain_id: number;
  state: string;
  network_domain: string | null;
  created: string;
  removed: string | null;
}

export interface UserTable {
  id: Generated<number>;
  uuid: string;
  account_id: number;
  username: string;
  password_hash: string;
  firstname: string;
  lastname: string;
  email: string | null;
  timezone: string | null;
  state: string;
  api_key: string | null;
  secret_key: string | null;
  is_default: number;
  created: string;
  removed: string | null;
}

export interface SessionTable {
  session_key: string;
  jsessionid: string;
  user_id: number;
  created: string;
  last_access: string;
}

export interface AsyncJobTable {
  id: Generated<number>;
  uuid: string;
  user_id: number;
  account_id: number;
  domain_id: number;
  cmd: string;
  java_class: string;
  instance_type: string | null;
  instance_id: string | null;
  lock_key: string | null;
  params: string;
  status: number;
  result_code: number;
  result_type: string;
  result: string | null;
  progress: string;
  owner: string | null;
  created: string;
  completed: string | null;
}

export interface EventTable {
  id: Generated<number>;
  uuid: string;
  type: string;
  state: string;
  level: string;
  description: string;
  user_id: number;
  account_id: number;
  domain_id: number;
  resource_id: string | null;
  resource_type: string | null;
  resource_name: string | null;
  start_id: number | null;
  archived: number;
  created: string;
}

export interface ConfigurationTable {
  name: string;
  scope: string;
  scope_id: number;
  value: string;
  updated: string;
}

export interface Database {
  domains: DomainTable;
  roles: RoleTable;
  role_permissions: RolePermissionTable;
  accounts: AccountTable;
  users: UserTable;
  sessions: SessionTable;
  async_jobs: AsyncJobTable;
  events: EventTable;
  configurations: ConfigurationTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
