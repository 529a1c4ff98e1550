import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import type { Db } from '../db/schema.js';
import type { JobOwner } from '../jobs/types.js';
import type { ListScope } from './scope.js';
import { type Page, applyScope } from './query.js';

export interface EventInput {
  readonly type: string;
  readonly description: string;
  readonly state?: 'Created' | 'Scheduled' | 'Started' | 'Completed';
  readonly level?: 'INFO' | 'WARN' | 'ERROR';
  readonly resourceType?: string;
  readonly resourceId?: string;
  readonly resourceName?: string;
  readonly startId?: number;
}

export interface EventView {
  readonly uuid: string;
  readonly type: string;
  readonly state: string;
  readonly level: string;
  readonly description: string;
  readonly username: string;
  readonly account: string;
  readonly domainUuid: string;
  readonly domain: string;
  readonly domainPath: string;
  readonly resourceId: string | null;
  readonly resourceType: string | null;
  readonly resourceName: string | null;
  readonly parentUuid: string | null;
  readonly archived: boolean;
  readonly created: string;
}

export interface EventFilter {
  readonly id?: number;
  readonly type?: string;
  readonly level?: string;
  readonly state?: string;
  readonly resourceId?: string;
  readonly resourceType?: string;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly keyword?: string;
  readonly archived?: boolean;
}

export class EventService {
  constructor(private readonly db: Db) {}

  /** Every state-changing command leaves one of these. */
  async record(who: Caller | JobOwner, e: EventInput): Promise<number> {
    const r = await this.db
      .insertInto('events')
      .values({
        uuid: randomUUID(),
        type: e.type,
        state: e.state ?? 'Completed',
        level: e.level ?? 'INFO',
        description: e.description,
        user_id: who.userId,
        account_id: who.accountId,
        domain_id: who.domainId,
        resource_id: e.resourceId ?? null,
        resource_type: e.resourceType ?? null,
        resource_name: e.resourceName ?? null,
        start_id: e.startId ?? null,
        archived: 0,
        created: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async list(scope: ListScope, f: EventFilter, page: Page): Promise<{ count: number; items: EventView[] }> {
    let q = this.db
      .selectFrom('events as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .innerJoin('accounts as a', 'a.id', 'e.account_id')
      .innerJoin('domains as d', 'd.id', 'e.domain_id')
      .leftJoin('events as pe', 'pe.id', 'e.start_id');
    q = applyScope(q, scope, 'e.account_id', 'd');
    if (f.id !== undefined) q = q.where('e.id', '=', f.id);
    if (f.type !== undefined) q = q.where('e.type', '=', f.type);
    if (f.level !== undefined) q = q.where('e.level', '=', f.level);
    if (f.state !== undefined) q = q.where('e.state', '=', f.state);
    if (f.resourceId !== undefined) q = q.where('e.resource_id', '=', f.resourceId);
    if (f.resourceType !== undefined) q = q.where('e.resource_type', '=', f.resourceType);
    if (f.startDate !== undefined) q = q.where('e.created', '>=', f.startDate);
    if (f.endDate !== undefined) q = q.where('e.created', '<=', f.endDate);
    if (f.keyword !== undefined) q = q.where((eb) => eb.or([eb('e.description', 'like', `%${f.keyword}%`), eb('e.type', 'like', `%${f.keyword}%`)]));
    q = q.where('e.archived', '=', f.archived ? 1 : 0);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q
      .select([
        'e.uuid', 'e.type', 'e.state', 'e.level', 'e.description', 'u.username', 'a.name as account', 'd.uuid as domainUuid',
        'd.name as domain', 'd.path as domainPath', 'e.resource_id', 'e.resource_type', 'e.resource_name', 'pe.uuid as parentUuid',
        'e.archived', 'e.created',
      ])
      .orderBy('e.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return {
      count: Number(count),
      items: rows.map((r) => ({
        uuid: r.uuid, type: r.type, state: r.state, level: r.level, description: r.description, username: r.username,
        account: r.account, domainUuid: r.domainUuid, domain: r.domain, domainPath: r.domainPath, resourceId: r.resource_id,
        resourceType: r.resource_type, resourceName: r.resource_name, parentUuid: r.parentUuid, archived: r.archived === 1, created: r.created,
      })),
    };
  }
}
