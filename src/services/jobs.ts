import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { JobFailure, JobResult } from '../jobs/types.js';
import { resolveId } from './lookup.js';
import { type Page, applyScope } from './query.js';
import type { ListScope } from './scope.js';

export interface JobView {
  readonly uuid: string;
  readonly cmd: string;
  readonly javaClass: string;
  readonly accountUuid: string;
  readonly account: string;
  readonly userUuid: string;
  readonly domainUuid: string;
  readonly domainPath: string;
  readonly status: number;
  readonly instanceType: string | null;
  readonly instanceId: string | null;
  readonly result: JobResult | { readonly error: JobFailure } | null;
  readonly created: string;
  readonly completed: string | null;
}

export class JobQueryService {
  constructor(private readonly db: Db) {}

  private joined() {
    return this.db.selectFrom('async_jobs as j')
      .innerJoin('accounts as a', 'a.id', 'j.account_id')
      .innerJoin('users as u', 'u.id', 'j.user_id')
      .innerJoin('domains as d', 'd.id', 'j.domain_id');
  }

  private base() {
    return this.joined()
      .select([
        'j.uuid', 'j.cmd', 'j.java_class', 'a.uuid as accountUuid', 'a.name as account', 'u.uuid as userUuid', 'd.uuid as domainUuid',
        'd.path as domainPath', 'j.status', 'j.instance_type', 'j.instance_id', 'j.result', 'j.created', 'j.completed', 'j.account_id',
      ]);
  }

  /** A job visible to the caller: its own account's, or any under an admin's domain. */
  async get(caller: Caller, idOrUuid: string): Promise<JobView> {
    const id = await resolveId(this.db, 'async_jobs', idOrUuid);
    const r = id === undefined ? undefined : await this.base().where('j.id', '=', id).executeTakeFirst();
    const visible = r && (r.account_id === caller.accountId || isRootAdmin(caller) || (caller.roleType !== 'User' && r.domainPath.startsWith(caller.domainPath)));
    if (!r || !visible) throw invalidParam(`Unable to find job by id ${idOrUuid}`);
    return toView(r);
  }

  async list(scope: ListScope, a: { startDate?: string; keyword?: string }, page: Page): Promise<{ count: number; items: JobView[] }> {
    let q = applyScope(this.joined(), scope, 'j.account_id', 'd');
    if (a.startDate !== undefined) q = q.where('j.created', '>=', a.startDate);
    if (a.keyword !== undefined) q = q.where('j.cmd', 'like', `%${a.keyword}%`);
    // Count and page in SQL: the job table only grows.
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const ids = q.select('j.id').orderBy('j.id', 'desc').limit(page.limit).offset(page.offset);
    const rows = await this.base().where('j.id', 'in', ids).orderBy('j.id', 'desc').execute();
    return { count: Number(count), items: rows.map(toView) };
  }
}

function toView(r: {
  uuid: string; cmd: string; java_class: string; accountUuid: string; account: string; userUuid: string; domainUuid: string; domainPath: string;
  status: number; instance_type: string | null; instance_id: string | null; result: string | null; created: string; completed: string | null;
}): JobView {
  return {
    uuid: r.uuid, cmd: r.cmd, javaClass: r.java_class, accountUuid: r.accountUuid, account: r.account, userUuid: r.userUuid,
    domainUuid: r.domainUuid, domainPath: r.domainPath, status: r.status, instanceType: r.instance_type, instanceId: r.instance_id,
    result: r.result ? (JSON.parse(r.result) as JobView['result']) : null, created: r.created, completed: r.completed,
  };
}
