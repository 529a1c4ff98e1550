import { randomUUID } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied, resourceInUse } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';

export interface DomainView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly path: string;
  readonly level: number;
  readonly parentUuid: string | null;
  readonly parentName: string | null;
  readonly hasChild: boolean;
  readonly networkDomain: string | null;
  readonly state: string;
  readonly created: string;
}

const DELETE_CMD = 'deleteDomain';

export class DomainService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
  ) {
    jobs.register({
      cmd: DELETE_CMD,
      // Deleting is idempotent step by step, so an interrupted delete simply carries on.
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const id = Number(params.domainId);
        const cleanup = params.cleanup === true;
        await ctx.step('delete', () => this.remove(id, cleanup));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'DOMAIN.DELETE', description: `Deleted domain ${String(params.domainUuid)}`, resourceType: 'Domain', resourceId: String(params.domainUuid) });
        });
        return { type: 'success' };
      },
    });
  }

  /** A live domain the caller may administer (its own domain or below; root admins: any). */
  async accessible(caller: Caller, idOrUuid: string): Promise<{ id: number; uuid: string; path: string; name: string; parent_id: number | null }> {
    const id = await resolveId(this.db, 'domains', idOrUuid);
    const d = id === undefined ? undefined
      : await this.db.selectFrom('domains').select(['id', 'uuid', 'path', 'name', 'parent_id']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!d) throw invalidParam(`Unable to find domain by id ${idOrUuid}`);
    if (!isRootAdmin(caller) && !d.path.startsWith(caller.domainPath)) throw permissionDenied(`The caller does not have access to domain ${idOrUuid}`);
    return d;
  }

  async create(caller: Caller, a: { name: string; parentId?: string; networkDomain?: string; uuid?: string }): Promise<DomainView> {
    const name = a.name.trim();
    if (!name || name.includes('/')) throw invalidParam('Domain name must be non-empty and must not contain "/"');
    const parent = a.parentId !== undefined ? await this.accessible(caller, a.parentId) : await this.accessible(caller, String(caller.domainId));
    const uuid = a.uuid ?? randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      const clash = await tx.selectFrom('domains').select('id').where('parent_id', '=', parent.id).where('removed', 'is', null)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
      if (clash) throw invalidParam(`Domain with name ${name} already exists for the parent id=${parent.uuid}`);
      if (await tx.selectFrom('domains').select('id').where('uuid', '=', uuid).executeTakeFirst()) throw invalidParam(`A domain with id ${uuid} already exists`);
      const row = await tx.insertInto('domains').values({
        uuid, name, path: `${parent.path}${name}/`, parent_id: parent.id, level: parent.path.split('/').length - 1,
        network_domain: a.networkDomain ?? null, state: 'Active', created: new Date().toISOString(), removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    });
    await this.events.record(caller, { type: 'DOMAIN.CREATE', description: `Domain Name: ${name}, Parent Domain: ${parent.uuid}`, resourceType: 'Domain', resourceId: uuid, resourceName: name });
    return this.view(id);
  }

  async update(caller: Caller, idOrUuid: string, a: { name?: string; networkDomain?: string }): Promise<DomainView> {
    const d = await this.accessible(caller, idOrUuid);
    if (a.name !== undefined) {
      const name = a.name.trim();
      if (d.parent_id === null) throw invalidParam('ROOT domain can not be edited with a new name');
      if (!name || name.includes('/')) throw invalidParam('Domain name must be non-empty and must not contain "/"');
      const parentPath = d.path.slice(0, d.path.length - d.name.length - 1);
      await this.db.transaction().execute(async (tx) => {
        const clash = await tx.selectFrom('domains').select('id').where('parent_id', '=', d.parent_id).where('id', '!=', d.id).where('removed', 'is', null)
          .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
        if (clash) throw invalidParam(`Domain with name ${name} already exists for the parent`);
        const newPath = `${parentPath}${name}/`;
        const subtree = await tx.selectFrom('domains').select(['id', 'path']).where('path', 'like', `${d.path}%`).execute();
        for (const s of subtree) await tx.updateTable('domains').set({ path: newPath + s.path.slice(d.path.length) }).where('id', '=', s.id).execute();
        await tx.updateTable('domains').set({ name }).where('id', '=', d.id).execute();
      });
    }
    if (a.networkDomain !== undefined) await this.db.updateTable('domains').set({ network_domain: a.networkDomain || null }).where('id', '=', d.id).execute();
    await this.events.record(caller, { type: 'DOMAIN.UPDATE', description: `Updated domain ${d.uuid}`, resourceType: 'Domain', resourceId: d.uuid });
    return this.view(d.id);
  }

  /** Validates now (so bad input changes nothing), then deletes in a job. */
  async submitDelete(caller: Caller, idOrUuid: string, cleanup: boolean, javaClass: string): Promise<{ jobUuid: string }> {
    const d = await this.accessible(caller, idOrUuid);
    if (d.parent_id === null) throw invalidParam('Can not delete the ROOT domain');
    if (d.id === caller.domainId) throw permissionDenied('A domain admin can not delete its own domain');
    if (!cleanup) await this.assertEmpty(d.id, d.uuid);
    const job = await this.jobs.submit({
      cmd: DELETE_CMD, javaClass, owner: caller, params: { domainId: d.id, domainUuid: d.uuid, cleanup },
      instanceType: 'Domain', instanceId: d.uuid, lockKey: `domain:${d.id}`,
    });
    return { jobUuid: job.uuid };
  }

  private async assertEmpty(id: number, uuid: string): Promise<void> {
    const child = await this.db.selectFrom('domains').select('id').where('parent_id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (child) throw resourceInUse(`Domain ${uuid} has child domains; delete them first or pass cleanup=true`);
    const acct = await this.db.selectFrom('accounts').select('id').where('domain_id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (acct) throw resourceInUse(`Domain ${uuid} still has accounts; delete them first or pass cleanup=true`);
  }

  /** Idempotent: a removed domain stays removed. With cleanup, the subtree and its accounts go too. */
  private async remove(id: number, cleanup: boolean): Promise<void> {
    const d = await this.db.selectFrom('domains').select(['id', 'uuid', 'path', 'removed']).where('id', '=', id).executeTakeFirst();
    if (!d || d.removed) return;
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      if (!cleanup) {
        const busy = await tx.selectFrom('domains').select('id').where('parent_id', '=', id).where('removed', 'is', null).executeTakeFirst()
          ?? await tx.selectFrom('accounts').select('id').where('domain_id', '=', id).where('removed', 'is', null).executeTakeFirst();
        if (busy) throw resourceInUse(`Domain ${d.uuid} is no longer empty`);
      }
      const subtree = tx.selectFrom('domains').select('id').where('path', 'like', `${d.path}%`);
      const accounts = tx.selectFrom('accounts').select('id').where('domain_id', 'in', subtree);
      await tx.updateTable('users').set({ removed: now, state: 'disabled', api_key: null, secret_key: null }).where('account_id', 'in', accounts).where('removed', 'is', null).execute();
      await tx.updateTable('accounts').set({ removed: now, state: 'disabled' }).where('domain_id', 'in', subtree).where('removed', 'is', null).execute();
      await tx.updateTable('domains').set({ removed: now, state: 'Inactive' }).where('path', 'like', `${d.path}%`).where('removed', 'is', null).execute();
    });
  }

  async list(caller: Caller, a: { id?: string; name?: string; level?: number; listall?: boolean; keyword?: string }, page: Page): Promise<{ count: number; items: DomainView[] }> {
    let q = this.db.selectFrom('domains as d').where('d.removed', 'is', null);
    if (a.id !== undefined) {
      const d = await this.accessible(caller, a.id);
      q = q.where('d.id', '=', d.id);
    } else if (a.listall || a.name !== undefined || a.level !== undefined || a.keyword !== undefined) {
      q = q.where('d.path', 'like', `${caller.domainPath}%`);
    } else {
      q = q.where('d.id', '=', caller.domainId);
    }
    if (a.name !== undefined) q = q.where('d.name', '=', a.name);
    if (a.level !== undefined) q = q.where('d.level', '=', a.level);
    if (a.keyword !== undefined) q = q.where('d.name', 'like', `%${a.keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const ids = await q.select('d.id').orderBy('d.path').limit(page.limit).offset(page.offset).execute();
    const items: DomainView[] = [];
    for (const r of ids) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async view(id: number): Promise<DomainView> {
    const d = await this.db.selectFrom('domains as d').leftJoin('domains as p', 'p.id', 'd.parent_id')
      .select(['d.id', 'd.uuid', 'd.name', 'd.path', 'd.level', 'd.network_domain', 'd.state', 'd.created', 'p.uuid as parentUuid', 'p.name as parentName'])
      .where('d.id', '=', id).executeTakeFirstOrThrow();
    const child = await this.db.selectFrom('domains').select('id').where('parent_id', '=', id).where('removed', 'is', null).executeTakeFirst();
    return {
      id: d.id, uuid: d.uuid, name: d.name, path: d.path, level: d.level, parentUuid: d.parentUuid, parentName: d.parentName,
      hasChild: child !== undefined, networkDomain: d.network_domain, state: d.state, created: d.created,
    };
  }
}
