import { type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ListScope } from './scope.js';

/** A page of a list call, already validated by the edge. */
export interface Page {
  readonly limit: number;
  readonly offset: number;
}

export const ALL: Page = { limit: 1_000_000_000, offset: 0 };

/**
 * Restricts a query to a list scope. `accountCol` is the owning account column and
 * `domainAlias` an alias of `domains` already joined on the owner's domain.
 */
export function applyScope<DB extends Database, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  scope: ListScope,
  accountCol: string,
  domainAlias: string,
): SelectQueryBuilder<DB, TB, O> {
  // The callers name real columns; Kysely cannot type a column passed in as a string, so use sql.ref.
  // projectid=-1: the accounts of several projects (none: nothing matches).
  if (scope.kind === 'accounts') return q.where(scope.accountIds.length ? sql<boolean>`${sql.ref(accountCol)} in (${sql.join(scope.accountIds)})` : sql<boolean>`1 = 0`);
  if (scope.kind === 'account') return q.where(sql<boolean>`${sql.ref(accountCol)} = ${scope.accountId}`);
  if (scope.recursive) return q.where(sql<boolean>`${sql.ref(`${domainAlias}.path`)} like ${`${scope.path}%`}`);
  return q.where(sql<boolean>`${sql.ref(`${domainAlias}.id`)} = ${scope.domainId}`);
}
