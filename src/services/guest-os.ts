import { randomUUID } from 'node:crypto';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';

export interface OsCategoryView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly isFeatured: boolean;
  readonly created: string;
}

export interface GuestOsView {
  readonly id: number;
  readonly uuid: string;
  readonly categoryUuid: string;
  readonly categoryName: string;
  readonly name: string | null;
  readonly displayName: string;
  readonly isUserDefined: boolean;
  readonly forDisplay: boolean;
}

export interface GuestOsMappingView {
  readonly uuid: string;
  readonly hypervisor: string;
  readonly hypervisorVersion: string;
  readonly osUuid: string;
  readonly osDisplayName: string;
  readonly osNameForHypervisor: string;
  readonly isUserDefined: boolean;
}

/** CloudStack's Hypervisor.HypervisorType names a guest OS mapping may name. */
const MAPPING_HYPERVISORS = ['XenServer', 'KVM', 'VMware', 'Hyperv', 'VirtualBox', 'Parralels', 'BareMetal', 'Simulator', 'Ovm', 'Ovm3', 'LXC', 'Custom', 'External'];

const CMD = { add: 'addGuestOs', update: 'updateGuestOs', remove: 'removeGuestOs', addMapping: 'addGuestOsMapping', updateMapping: 'updateGuestOsMapping', removeMapping: 'removeGuestOsMapping' };

const like = (s: string) => `%${s.toLowerCase()}%`;

/** The guest OS catalogue: categories, OS types and their hypervisor-specific names. */
export class GuestOsService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
  ) {
    // Every step is idempotent (rows carry the UUID chosen at submit), so a restart carries on.
    jobs.register({
      cmd: CMD.add, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = await ctx.step('insert', () => this.insertOs(p));
        await ctx.step('event', () => this.events.record(ctx.owner, { type: 'GUEST.OS.ADD', description: `Added guest OS ${String(p.displayName)}`, resourceType: 'GuestOs' }));
        return { type: 'entity', entity: 'GuestOS', data: await this.osView(id) };
      },
    });
    jobs.register({
      cmd: CMD.update, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const id = Number(p.id);
        await ctx.step('update', () => this.applyOsUpdate(id, p));
        await ctx.step('event', () => this.events.record(ctx.owner, { type: 'GUEST.OS.UPDATE', description: `Updated guest OS ${String(p.uuid)}`, resourceType: 'GuestOs', resourceId: String(p.uuid) }));
        return { type: 'entity', entity: 'GuestOS', data: await this.osView(id) };
      },
    });
    jobs.register({
      cmd: CMD.remove, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('remove', async () => {
          await this.db.updateTable('guest_os').set({ removed: new Date().toISOString() }).where('id', '=', Number(p.id)).where('removed', 'is', null).execute();
        });
        await ctx.step('event', () => this.events.record(ctx.owner, { type: 'GUEST.OS.REMOVE', description: `Removed guest OS ${String(p.uuid)}`, resourceType: 'GuestOs', resourceId: String(p.uuid) }));
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: CMD.addMapping, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        const uuid = await ctx.step('insert', () => this.insertMapping(p));
        await ctx.step('event', () => this.events.record(ctx.owner, { type: 'GUEST.OS.MAPPING.ADD', description: `Added guest OS mapping ${uuid}`, resourceType: 'GuestOsMapping', resourceId: uuid }));
        return { type: 'entity', entity: 'GuestOsMapping', data: await this.mappingView(uuid) };
      },
    });
    jobs.register({
      cmd: CMD.updateMapping, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('update', async () => {
          await this.db.updateTable('guest_os_mappings').set({ guest_os_name: String(p.name) }).where('uuid', '=', String(p.uuid)).execute();
        });
        await ctx.step('event', () => this.events.record(ctx.owner, { type: 'GUEST.OS.MAPPING.UPDATE', description: `Updated guest OS mapping ${String(p.uuid)}`, resourceType: 'GuestOsMapping', resourceId: String(p.uuid) }));
        return { type: 'entity', entity: 'GuestOsMapping', data: await this.mappingView(String(p.uuid)) };
      },
    });
    jobs.register({
      cmd: CMD.removeMapping, onRestart: 'resume',
      run: async (ctx, p): Promise<JobResult> => {
        await ctx.step('remove', async () => {
          await this.db.updateTable('guest_os_mappings').set({ removed: new Date().toISOString() }).where('uuid', '=', String(p.uuid)).where('removed', 'is', null).execute();
        });
        await ctx.step('event', () => this.events.record(ctx.owner, { type: 'GUEST.OS.MAPPING.REMOVE', description: `Removed guest OS mapping ${String(p.uuid)}`, resourceType: 'GuestOsMapping', resourceId: String(p.uuid) }));
        return { type: 'success' };
      },
    });
  }

  // ---- categories ----

  async listCategories(a: { id?: string; name?: string; isFeatured?: boolean; keyword?: string }, page: Page): Promise<{ count: number; items: OsCategoryView[] }> {
    let q = this.db.selectFrom('guest_os_categories');
    if (a.id !== undefined) q = q.where('id', '=', (await resolveId(this.db, 'guest_os_categories', a.id)) ?? -1);
    if (a.name !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['name']), '=', a.name!.toLowerCase()));
    if (a.isFeatured !== undefined) q = q.where('is_featured', '=', a.isFeatured ? 1 : 0);
    if (a.keyword !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['name']), 'like', like(a.keyword!)));
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('sort_key').orderBy('id').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: rows.map((r) => ({ id: r.id, uuid: r.uuid, name: r.name, isFeatured: r.is_featured === 1, created: r.created })) };
  }

  async addCategory(caller: Caller, a: { name: string; isFeatured?: boolean }): Promise<OsCategoryView> {
    const name = a.name.trim();
    if (!name) throw invalidParam('Name of the OS category can not be empty');
    await this.assertCategoryNameFree(name);
    const max = await this.db.selectFrom('guest_os_categories').select((eb) => eb.fn.max('sort_key').as('m')).executeTakeFirst();
    const r = await this.db.insertInto('guest_os_categories').values({
      uuid: randomUUID(), name, is_featured: a.isFeatured ? 1 : 0, sort_key: Number(max?.m ?? 0) + 1, created: new Date().toISOString(),
    }).returning('id').executeTakeFirstOrThrow();
    const v = await this.categoryView(r.id);
    await this.events.record(caller, { type: 'GUEST.OS.CATEGORY.ADD', description: `Added OS category ${name}`, resourceType: 'GuestOsCategory', resourceId: v.uuid, resourceName: name });
    return v;
  }

  async updateCategory(caller: Caller, idOrUuid: string, a: { name?: string; isFeatured?: boolean; sortKey?: number }): Promise<OsCategoryView> {
    const c = await this.category(idOrUuid);
    const set: { name?: string; is_featured?: number; sort_key?: number } = {};
    if (a.name !== undefined) {
      const name = a.name.trim();
      if (!name) throw invalidParam('Name of the OS category can not be empty');
      if (name.toLowerCase() !== c.name.toLowerCase()) await this.assertCategoryNameFree(name);
      set.name = name;
    }
    if (a.isFeatured !== undefined) set.is_featured = a.isFeatured ? 1 : 0;
    if (a.sortKey !== undefined) set.sort_key = a.sortKey;
    if (Object.keys(set).length) await this.db.updateTable('guest_os_categories').set(set).where('id', '=', c.id).execute();
    await this.events.record(caller, { type: 'GUEST.OS.CATEGORY.UPDATE', description: `Updated OS category ${c.uuid}`, resourceType: 'GuestOsCategory', resourceId: c.uuid });
    return this.categoryView(c.id);
  }

  async deleteCategory(caller: Caller, idOrUuid: string): Promise<void> {
    const c = await this.category(idOrUuid);
    // The check and the delete are one statement, so an OS added meanwhile still blocks it.
    const r = await this.db.deleteFrom('guest_os_categories').where('id', '=', c.id)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('guest_os').select('id').where('category_id', '=', c.id).where('removed', 'is', null))))
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw invalidParam(`Unable to delete OS category ${c.name} as it is used by guest OS types`);
    await this.events.record(caller, { type: 'GUEST.OS.CATEGORY.DELETE', description: `Deleted OS category ${c.name}`, resourceType: 'GuestOsCategory', resourceId: c.uuid });
  }

  // ---- OS types ----

  async listOsTypes(caller: Caller, a: { id?: string; categoryId?: string; description?: string; keyword?: string; forDisplay?: boolean }, page: Page): Promise<{ count: number; items: GuestOsView[] }> {
    let q = this.db.selectFrom('guest_os as o').innerJoin('guest_os_categories as c', 'c.id', 'o.category_id').where('o.removed', 'is', null);
    if (a.id !== undefined) q = q.where('o.id', '=', (await resolveId(this.db, 'guest_os', a.id)) ?? -1);
    if (a.categoryId !== undefined) q = q.where('o.category_id', '=', (await resolveId(this.db, 'guest_os_categories', a.categoryId)) ?? -1);
    if (a.description !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['o.display_name']), 'like', like(a.description!)));
    if (a.keyword !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['o.display_name']), 'like', like(a.keyword!)));
    // Only the root admin sees OS types hidden from end users, or filters on the flag.
    if (!isRootAdmin(caller)) q = q.where('o.for_display', '=', 1);
    else if (a.forDisplay !== undefined) q = q.where('o.for_display', '=', a.forDisplay ? 1 : 0);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select(['o.id']).orderBy((eb) => eb.fn('lower', ['o.display_name'])).orderBy('o.id').limit(page.limit).offset(page.offset).execute();
    const items: GuestOsView[] = [];
    for (const r of rows) items.push(await this.osView(r.id));
    return { count: Number(count), items };
  }

  /** Validates an addGuestOs call now, so bad input changes nothing, then adds it in a job. */
  async submitAdd(caller: Caller, a: { categoryId: string; displayName: string; name?: string; details?: Readonly<Record<string, string>>; forDisplay?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
    const c = await this.category(a.categoryId);
    const displayName = a.displayName.trim();
    if (!displayName) throw invalidParam('Guest OS display name can not be empty');
    await this.assertDisplayNameFree(displayName);
    const uuid = randomUUID();
    const job = await this.jobs.submit({
      cmd: CMD.add, javaClass, owner: caller, instanceType: 'GuestOs', instanceId: uuid, lockKey: `guestos:${displayName.toLowerCase()}`,
      params: { uuid, categoryId: c.id, displayName, name: a.name ?? null, details: a.details ?? {}, forDisplay: a.forDisplay ?? true },
    });
    return { jobUuid: job.uuid };
  }

  async submitUpdate(caller: Caller, idOrUuid: string, a: { displayName?: string; categoryId?: string; details?: Readonly<Record<string, string>>; forDisplay?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
    const os = await this.userDefinedOs(idOrUuid, 'modify');
    let displayName: string | undefined;
    if (a.displayName !== undefined) {
      displayName = a.displayName.trim();
      if (!displayName) throw invalidParam('Guest OS display name can not be empty');
      if (displayName.toLowerCase() !== os.display_name.toLowerCase()) await this.assertDisplayNameFree(displayName);
    }
    const categoryId = a.categoryId !== undefined ? (await this.category(a.categoryId)).id : undefined;
    const job = await this.jobs.submit({
      cmd: CMD.update, javaClass, owner: caller, instanceType: 'GuestOs', instanceId: os.uuid, lockKey: `guestos:${os.id}`,
      params: { id: os.id, uuid: os.uuid, displayName: displayName ?? null, categoryId: categoryId ?? null, details: a.details ?? null, forDisplay: a.forDisplay ?? null },
    });
    return { jobUuid: job.uuid };
  }

  async submitRemove(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const os = await this.userDefinedOs(idOrUuid, 'remove');
    const job = await this.jobs.submit({
      cmd: CMD.remove, javaClass, owner: caller, instanceType: 'GuestOs', instanceId: os.uuid, lockKey: `guestos:${os.id}`, params: { id: os.id, uuid: os.uuid },
    });
    return { jobUuid: job.uuid };
  }

  // ---- mappings ----

  async listMappings(a: { id?: string; osTypeId?: string; osDisplayName?: string; osNameForHypervisor?: string; hypervisor?: string; hypervisorVersion?: string; keyword?: string }, page: Page): Promise<{ count: number; items: GuestOsMappingView[] }> {
    if (a.hypervisorVersion !== undefined && a.hypervisor === undefined) throw invalidParam('Hypervisor version must be used together with hypervisor');
    let q = this.db.selectFrom('guest_os_mappings as m').innerJoin('guest_os as o', 'o.id', 'm.guest_os_id').where('m.removed', 'is', null).where('o.removed', 'is', null);
    if (a.id !== undefined) q = q.where('m.id', '=', (await resolveId(this.db, 'guest_os_mappings', a.id)) ?? -1);
    if (a.osTypeId !== undefined) q = q.where('m.guest_os_id', '=', (await resolveId(this.db, 'guest_os', a.osTypeId)) ?? -1);
    if (a.osDisplayName !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['o.display_name']), 'like', like(a.osDisplayName!)));
    if (a.osNameForHypervisor !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['m.guest_os_name']), 'like', like(a.osNameForHypervisor!)));
    if (a.hypervisor !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['m.hypervisor_type']), '=', a.hypervisor!.toLowerCase()));
    if (a.hypervisorVersion !== undefined) q = q.where('m.hypervisor_version', '=', a.hypervisorVersion);
    if (a.keyword !== undefined) q = q.where((eb) => eb.or([eb(eb.fn('lower', ['o.display_name']), 'like', like(a.keyword!)), eb(eb.fn('lower', ['m.guest_os_name']), 'like', like(a.keyword!))]));
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('m.uuid').orderBy('m.hypervisor_type').orderBy('o.display_name').orderBy('m.id').limit(page.limit).offset(page.offset).execute();
    const items: GuestOsMappingView[] = [];
    for (const r of rows) items.push(await this.mappingView(r.uuid));
    return { count: Number(count), items };
  }

  async submitAddMapping(caller: Caller, a: { osTypeId?: string; osDisplayName?: string; hypervisor: string; hypervisorVersion: string; osNameForHypervisor: string; checkEnabled?: boolean; forced?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
    let osId: number | undefined;
    if (a.osTypeId !== undefined) osId = (await this.liveOs(a.osTypeId)).id;
    else if (a.osDisplayName !== undefined) {
      const os = await this.db.selectFrom('guest_os').select('id').where('display_name', '=', a.osDisplayName).where('removed', 'is', null).executeTakeFirst();
      if (!os) throw invalidParam(`Unable to find the guest OS by display name ${a.osDisplayName}`);
      osId = os.id;
    } else throw invalidParam('Please specify either a guest OS type id or a guest OS display name');
    const hypervisor = MAPPING_HYPERVISORS.find((h) => h.toLowerCase() === a.hypervisor.trim().toLowerCase());
    if (!hypervisor) throw invalidParam(`Invalid hypervisor ${a.hypervisor}; valid values are ${MAPPING_HYPERVISORS.join(', ')}`);
    const version = a.hypervisorVersion.trim();
    const name = a.osNameForHypervisor.trim();
    if (!version) throw invalidParam('Hypervisor version can not be empty; use "default" for the default version');
    if (!name) throw invalidParam('OS name for the hypervisor can not be empty');
    if (a.checkEnabled) throw invalidParam(`Checking the guest OS name with the hypervisor is not supported for ${hypervisor}`);
    const existing = await this.db.selectFrom('guest_os_mappings').select(['uuid', 'is_user_defined']).where('guest_os_id', '=', osId)
      .where('hypervisor_type', '=', hypervisor).where('hypervisor_version', '=', version).where('removed', 'is', null).executeTakeFirst();
    if (existing && !(a.forced && existing.is_user_defined === 1)) {
      throw invalidParam(`Guest OS mapping for the guest OS type with hypervisor ${hypervisor} and version ${version} already exists`);
    }
    const uuid = randomUUID();
    const job = await this.jobs.submit({
      cmd: CMD.addMapping, javaClass, owner: caller, instanceType: 'GuestOsMapping', instanceId: uuid, lockKey: `guestosmapping:${osId}:${hypervisor}:${version}`,
      params: { uuid, osId, hypervisor, version, name, replace: existing?.uuid ?? null },
    });
    return { jobUuid: job.uuid };
  }

  async submitUpdateMapping(caller: Caller, idOrUuid: string, a: { osNameForHypervisor: string; checkEnabled?: boolean }, javaClass: string): Promise<{ jobUuid: string }> {
    const m = await this.userDefinedMapping(idOrUuid, 'modify');
    const name = a.osNameForHypervisor.trim();
    if (!name) throw invalidParam('OS name for the hypervisor can not be empty');
    if (a.checkEnabled) throw invalidParam(`Checking the guest OS name with the hypervisor is not supported for ${m.hypervisor_type}`);
    const job = await this.jobs.submit({
      cmd: CMD.updateMapping, javaClass, owner: caller, instanceType: 'GuestOsMapping', instanceId: m.uuid, lockKey: `guestosmapping:${m.id}`, params: { uuid: m.uuid, name },
    });
    return { jobUuid: job.uuid };
  }

  async submitRemoveMapping(caller: Caller, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const m = await this.userDefinedMapping(idOrUuid, 'remove');
    const job = await this.jobs.submit({
      cmd: CMD.removeMapping, javaClass, owner: caller, instanceType: 'GuestOsMapping', instanceId: m.uuid, lockKey: `guestosmapping:${m.id}`, params: { uuid: m.uuid },
    });
    return { jobUuid: job.uuid };
  }

  // ---- views and lookups ----

  async osView(id: number): Promise<GuestOsView> {
    const r = await this.db.selectFrom('guest_os as o').innerJoin('guest_os_categories as c', 'c.id', 'o.category_id')
      .select(['o.id', 'o.uuid', 'o.name', 'o.display_name', 'o.is_user_defined', 'o.for_display', 'c.uuid as categoryUuid', 'c.name as categoryName'])
      .where('o.id', '=', id).executeTakeFirstOrThrow();
    return {
      id: r.id, uuid: r.uuid, categoryUuid: r.categoryUuid, categoryName: r.categoryName, name: r.name, displayName: r.display_name,
      isUserDefined: r.is_user_defined === 1, forDisplay: r.for_display === 1,
    };
  }

  /** A live guest OS type by id or UUID (for templates and VMs too). */
  async liveOs(idOrUuid: string): Promise<GuestOsView> {
    const id = await resolveId(this.db, 'guest_os', idOrUuid);
    const row = id === undefined ? undefined : await this.db.selectFrom('guest_os').select('id').where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!row) throw invalidParam(`Unable to find the guest OS by id ${idOrUuid}`);
    return this.osView(row.id);
  }

  private async mappingView(uuid: string): Promise<GuestOsMappingView> {
    const r = await this.db.selectFrom('guest_os_mappings as m').innerJoin('guest_os as o', 'o.id', 'm.guest_os_id')
      .select(['m.uuid', 'm.hypervisor_type', 'm.hypervisor_version', 'm.guest_os_name', 'm.is_user_defined', 'o.uuid as osUuid', 'o.display_name'])
      .where('m.uuid', '=', uuid).executeTakeFirstOrThrow();
    return {
      uuid: r.uuid, hypervisor: r.hypervisor_type, hypervisorVersion: r.hypervisor_version, osUuid: r.osUuid, osDisplayName: r.display_name,
      osNameForHypervisor: r.guest_os_name, isUserDefined: r.is_user_defined === 1,
    };
  }

  private async categoryView(id: number): Promise<OsCategoryView> {
    const r = await this.db.selectFrom('guest_os_categories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { id: r.id, uuid: r.uuid, name: r.name, isFeatured: r.is_featured === 1, created: r.created };
  }

  private async category(idOrUuid: string): Promise<{ id: number; uuid: string; name: string }> {
    const id = await resolveId(this.db, 'guest_os_categories', idOrUuid);
    const c = id === undefined ? undefined : await this.db.selectFrom('guest_os_categories').select(['id', 'uuid', 'name']).where('id', '=', id).executeTakeFirst();
    if (!c) throw invalidParam(`Unable to find the OS category by id ${idOrUuid}`);
    return c;
  }

  private async assertCategoryNameFree(name: string): Promise<void> {
    const clash = await this.db.selectFrom('guest_os_categories').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
    if (clash) throw invalidParam(`OS category with name ${name} already exists`);
  }

  private async assertDisplayNameFree(displayName: string): Promise<void> {
    const clash = await this.db.selectFrom('guest_os').select('id').where('removed', 'is', null)
      .where((eb) => eb(eb.fn('lower', ['display_name']), '=', displayName.toLowerCase())).executeTakeFirst();
    if (clash) throw invalidParam(`The specified Guest OS name : ${displayName} already exists. Please specify a unique name`);
  }

  /** CloudStack lets admins change and remove only the guest OS types they added. */
  private async userDefinedOs(idOrUuid: string, verb: 'modify' | 'remove'): Promise<{ id: number; uuid: string; display_name: string }> {
    const id = await resolveId(this.db, 'guest_os', idOrUuid);
    const os = id === undefined ? undefined
      : await this.db.selectFrom('guest_os').select(['id', 'uuid', 'display_name', 'is_user_defined']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!os) throw invalidParam(`Guest OS not found. Please specify a valid ID for the Guest OS`);
    if (os.is_user_defined !== 1) throw invalidParam(`Unable to ${verb} system defined guest OS`);
    return os;
  }

  private async userDefinedMapping(idOrUuid: string, verb: 'modify' | 'remove'): Promise<{ id: number; uuid: string; hypervisor_type: string }> {
    const id = await resolveId(this.db, 'guest_os_mappings', idOrUuid);
    const m = id === undefined ? undefined
      : await this.db.selectFrom('guest_os_mappings').select(['id', 'uuid', 'hypervisor_type', 'is_user_defined']).where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!m) throw invalidParam(`Guest OS mapping not found. Please specify a valid ID for the Guest OS mapping`);
    if (m.is_user_defined !== 1) throw invalidParam(`Unable to ${verb} system defined guest OS mapping`);
    return m;
  }

  private async insertOs(p: Record<string, unknown>): Promise<number> {
    const uuid = String(p.uuid);
    const done = await this.db.selectFrom('guest_os').select('id').where('uuid', '=', uuid).executeTakeFirst();
    if (done) return done.id;
    const displayName = String(p.displayName);
    // Checked again here: another job may have taken the name since validation.
    await this.assertDisplayNameFree(displayName);
    const id = await this.db.transaction().execute(async (tx) => {
      const r = await tx.insertInto('guest_os').values({
        uuid, category_id: Number(p.categoryId), name: p.name == null ? null : String(p.name), display_name: displayName,
        is_user_defined: 1, for_display: p.forDisplay === false ? 0 : 1, created: new Date().toISOString(), removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      for (const [name, value] of Object.entries((p.details ?? {}) as Record<string, string>)) {
        await tx.insertInto('guest_os_details').values({ guest_os_id: r.id, name, value: String(value) }).execute();
      }
      return r.id;
    });
    return id;
  }

  private async applyOsUpdate(id: number, p: Record<string, unknown>): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const set: { display_name?: string; category_id?: number; for_display?: number } = {};
      if (p.displayName != null) set.display_name = String(p.displayName);
      if (p.categoryId != null) set.category_id = Number(p.categoryId);
      if (p.forDisplay != null) set.for_display = p.forDisplay === true ? 1 : 0;
      if (Object.keys(set).length) await tx.updateTable('guest_os').set(set).where('id', '=', id).execute();
      if (p.details != null) {
        await tx.deleteFrom('guest_os_details').where('guest_os_id', '=', id).execute();
        for (const [name, value] of Object.entries(p.details as Record<string, string>)) {
          await tx.insertInto('guest_os_details').values({ guest_os_id: id, name, value: String(value) }).execute();
        }
      }
    });
  }

  private async insertMapping(p: Record<string, unknown>): Promise<string> {
    const uuid = String(p.uuid);
    if (await this.db.selectFrom('guest_os_mappings').select('id').where('uuid', '=', uuid).executeTakeFirst()) return uuid;
    await this.db.transaction().execute(async (tx) => {
      // `forced` replaces the user-defined mapping that was found at validation.
      if (p.replace != null) await tx.updateTable('guest_os_mappings').set({ removed: new Date().toISOString() }).where('uuid', '=', String(p.replace)).execute();
      await tx.insertInto('guest_os_mappings').values({
        uuid, guest_os_id: Number(p.osId), hypervisor_type: String(p.hypervisor), hypervisor_version: String(p.version), guest_os_name: String(p.name),
        is_user_defined: 1, created: new Date().toISOString(), removed: null,
      }).execute();
    });
    return uuid;
  }
}
