import { randomUUID } from 'node:crypto';
import type { SelectQueryBuilder } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { canonicalResourceType, isTaggableType } from '../core/tag-types.js';
import type { Database, Db } from '../db/schema.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { type OwnerView, checkOwnedAccess, ownerViews } from './owned-access.js';
import { type Page, applyScope } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import { type TagMapEntry, entryField, filterByTags } from './tag-filter.js';
import { BUILT_IN_TAGGABLES, type TagTarget, type TaggableResource, findTarget } from './tag-registry.js';

export type { TaggableResource } from './tag-registry.js';
export type { TagMapEntry } from './tag-filter.js';

export interface TagView {
  readonly key: string;
  readonly value: string;
  readonly resourceType: string;
  /** The resource's uuid. */
  readonly resourceUuid: string;
  /** The resource's internal id. */
  readonly resourceId: number;
  readonly customer: string | null;
  readonly owner: OwnerView;
}

export interface TagFilter extends ScopeArgs {
  readonly resourceType?: string;
  readonly resourceId?: string;
  readonly key?: string;
  readonly value?: string;
  readonly customer?: string;
  readonly keyword?: string;
}

const CREATE_CMD = 'createTags';
const DELETE_CMD = 'deleteTags';
const MAX_LEN = 255;

interface PlannedTarget {
  readonly id: number;
  readonly uuid: string;
  readonly accountId: number;
  readonly domainId: number;
}

export class TagService {
  private readonly types = new Map<string, TaggableResource>(BUILT_IN_TAGGABLES);
  private systemAccount?: number;

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
  ) {
    jobs.register({
      cmd: CREATE_CMD,
      // Inserting skips tags already there, so carrying on after a restart is safe.
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const type = String(params.resourceType);
        const targets = params.targets as PlannedTarget[];
        const tags = params.tags as { key: string; value: string }[];
        const customer = typeof params.customer === 'string' ? params.customer : null;
        await ctx.step('insert', () => this.insertTags(type, targets, tags, customer));
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, {
            type: 'TAGS.CREATE', description: `Created tags ${tags.map((t) => t.key).join(', ')} on ${type} ${targets.map((t) => t.uuid).join(', ')}`,
            resourceType: type, resourceId: targets.length === 1 ? targets[0]!.uuid : undefined,
          });
        });
        return { type: 'success' };
      },
    });
    jobs.register({
      cmd: DELETE_CMD,
      onRestart: 'resume',
      run: async (ctx, params): Promise<JobResult> => {
        const ids = params.tagIds as number[];
        await ctx.step('delete', async () => {
          await this.db.deleteFrom('resource_tags').where('id', 'in', ids).execute();
        });
        await ctx.step('event', async () => {
          await this.events.record(ctx.owner, { type: 'TAGS.DELETE', description: String(params.description), resourceType: String(params.resourceType) });
        });
        return { type: 'success' };
      },
    });
  }

  /**
   * Makes a CloudStack resource type taggable here: `registerType('Template', { table: 'templates' })`.
   * Registering a type again replaces the earlier entry (families own their types).
   */
  registerType(resourceType: string, spec: TaggableResource): void {
    const name = canonicalResourceType(resourceType);
    if (name === undefined || !isTaggableType(name)) throw new Error(`${resourceType} is not a CloudStack taggable resource type`);
    this.types.set(name, spec);
  }

  /** The tags of resources of one type, by internal id; every id asked for has an entry (possibly empty). */
  async tagsOf(resourceType: string, ids: readonly number[], tx: Db = this.db): Promise<Map<number, TagView[]>> {
    const out = new Map<number, TagView[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await tx.selectFrom('resource_tags').selectAll().where('resource_type', '=', resourceType)
      .where('resource_id', 'in', [...new Set(ids)]).orderBy('id').execute();
    const owners = await ownerViews(tx, rows.map((r) => r.account_id));
    for (const r of rows) out.get(r.resource_id)?.push(this.toView(r, owners.get(r.account_id)!));
    return out;
  }

  /** Restricts another family's list query to resources carrying any of `tags[N]` (see tag-filter.ts). */
  filter<DB extends Database, TB extends keyof DB, O>(
    q: SelectQueryBuilder<DB, TB, O>, resourceType: string, idColumn: string, tags: readonly TagMapEntry[] | undefined,
  ): SelectQueryBuilder<DB, TB, O> {
    return filterByTags(q, resourceType, idColumn, tags);
  }

  /** A family deleting (expunging) resources drops their tags; `tx` when inside a transaction. */
  async removeAllFor(resourceType: string, ids: readonly number[], tx: Db = this.db): Promise<void> {
    if (ids.length === 0) return;
    await tx.deleteFrom('resource_tags').where('resource_type', '=', resourceType).where('resource_id', 'in', [...ids]).execute();
  }

  /** Account deletion: the tags it owns go with it. */
  async removeAccount(accountId: number): Promise<void> {
    await this.db.deleteFrom('resource_tags').where('account_id', '=', accountId).execute();
  }

  /** Validates everything (type, resources, access, keys and values, clashes), then tags in a job. */
  async submitCreate(
    caller: Caller, a: { resourceType: string; resourceIds: readonly string[]; tags: readonly TagMapEntry[]; customer?: string }, javaClass: string,
  ): Promise<{ jobUuid: string }> {
    const type = this.taggableType(a.resourceType);
    const spec = this.types.get(type);
    const tags = new Map<string, { key: string; value: string }>();
    for (const e of a.tags) {
      const key = entryField(e, 'key') ?? '';
      const value = entryField(e, 'value') ?? '';
      if (key.trim() === '') throw invalidParam('A tag key must not be empty');
      if (value === '') throw invalidParam(`Value for the key ${key} is either null or empty`);
      if (key.length > MAX_LEN || value.length > MAX_LEN) throw invalidParam(`Tag keys and values are at most ${MAX_LEN} characters`);
      // Keys compare case-insensitively (CloudStack's unique key on MySQL); the last one given wins, as in its map.
      tags.set(key.toLowerCase(), { key, value });
    }
    if (tags.size === 0) throw invalidParam('Unable to execute API command createtags due to missing parameter tags');
    const refs = [...new Set(a.resourceIds)];
    if (refs.length === 0) throw invalidParam('Unable to execute API command createtags due to missing parameter resourceids');
    const targets: PlannedTarget[] = [];
    for (const ref of refs) {
      const t = spec ? await findTarget(this.db, spec, ref) : undefined;
      if (!t) throw invalidParam(`Unable to find resource by id ${ref} and type ${type}`);
      const owner = await this.ownerOf(t);
      await checkOwnedAccess(this.db, caller, owner.accountId, `${type} ${t.uuid}`);
      const clash = await this.db.selectFrom('resource_tags').select('key').where('resource_type', '=', type).where('resource_id', '=', t.id)
        .where((eb) => eb(eb.fn('lower', ['key']), 'in', [...tags.keys()])).executeTakeFirst();
      if (clash) throw invalidParam(`tag ${clash.key} already on ${type} with id ${t.uuid}`);
      targets.push({ id: t.id, uuid: t.uuid, accountId: owner.accountId, domainId: owner.domainId });
    }
    const customer = a.customer !== undefined && a.customer !== '' ? a.customer : undefined;
    const job = await this.jobs.submit({
      cmd: CREATE_CMD, javaClass, owner: caller, params: { resourceType: type, targets, tags: [...tags.values()], ...(customer ? { customer } : {}) },
      instanceType: type, instanceId: targets.length === 1 ? targets[0]!.uuid : undefined,
    });
    return { jobUuid: job.uuid };
  }

  /**
   * CloudStack's deleteTags: the tags of these resources, all of them without `tags`, else those
   * whose key matches (and value, when given), both case-insensitively. 431 when nothing matches,
   * 531 when any matching tag belongs to an account the caller may not act for.
   */
  async submitDelete(
    caller: Caller, a: { resourceType: string; resourceIds: readonly string[]; tags?: readonly TagMapEntry[] }, javaClass: string,
  ): Promise<{ jobUuid: string }> {
    const type = this.taggableType(a.resourceType);
    const refs = [...new Set(a.resourceIds)];
    if (refs.length === 0) throw invalidParam('Unable to execute API command deletetags due to missing parameter resourceids');
    const numeric = refs.filter((r) => /^\d{1,10}$/.test(r) && Number(r) <= 2147483647).map(Number);
    const rows = await this.db.selectFrom('resource_tags').selectAll().where('resource_type', '=', type)
      .where((eb) => eb.or([eb('resource_uuid', 'in', refs), ...(numeric.length ? [eb('resource_id', 'in', numeric)] : [])])).orderBy('id').execute();
    const wanted = (a.tags ?? []).map((e) => {
      const key = entryField(e, 'key');
      if (key === undefined || key === '') throw invalidParam('A tag key must be given for every tags[] entry');
      return { key: key.toLowerCase(), value: entryField(e, 'value')?.toLowerCase() };
    });
    const matching = wanted.length === 0 ? rows
      : rows.filter((r) => wanted.some((w) => r.key.toLowerCase() === w.key && (w.value === undefined || w.value === '' || r.value.toLowerCase() === w.value)));
    if (matching.length === 0) throw invalidParam(`Unable to find tags by the given keys on ${type} ${refs.join(', ')}`);
    for (const accountId of new Set(matching.map((r) => r.account_id))) {
      const r = matching.find((m) => m.account_id === accountId)!;
      await checkOwnedAccess(this.db, caller, accountId, `${type} ${r.resource_uuid}`);
    }
    const description = `Deleted tags ${[...new Set(matching.map((r) => r.key))].join(', ')} from ${type} ${[...new Set(matching.map((r) => r.resource_uuid))].join(', ')}`;
    const job = await this.jobs.submit({
      cmd: DELETE_CMD, javaClass, owner: caller, params: { resourceType: type, tagIds: matching.map((r) => r.id), description },
      instanceType: type, instanceId: refs.length === 1 ? matching[0]!.resource_uuid : undefined,
    });
    return { jobUuid: job.uuid };
  }

  async list(caller: Caller, f: TagFilter, page: Page): Promise<{ count: number; items: TagView[] }> {
    const scope = await listScope(this.db, caller, f);
    let q = this.db.selectFrom('resource_tags as t').innerJoin('domains as d', 'd.id', 't.domain_id');
    q = applyScope(q, scope, 't.account_id', 'd');
    if (f.resourceType !== undefined) {
      const type = canonicalResourceType(f.resourceType);
      if (type === undefined) throw invalidParam(`Invalid resource type ${f.resourceType}`);
      q = q.where('t.resource_type', '=', type);
    }
    if (f.resourceId !== undefined) {
      const ref = f.resourceId;
      const n = /^\d{1,10}$/.test(ref) && Number(ref) <= 2147483647 ? Number(ref) : undefined;
      q = q.where((eb) => eb.or([eb('t.resource_uuid', '=', ref), ...(n !== undefined ? [eb('t.resource_id', '=', n)] : [])]));
    }
    if (f.key !== undefined) q = q.where('t.key', '=', f.key);
    if (f.value !== undefined) q = q.where('t.value', '=', f.value);
    if (f.customer !== undefined) q = q.where('t.customer', '=', f.customer);
    if (f.keyword !== undefined) {
      const like = `%${f.keyword}%`;
      q = q.where((eb) => eb.or([eb('t.key', 'like', like), eb('t.value', 'like', like)]));
    }
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.selectAll('t').orderBy('t.id').limit(page.limit).offset(page.offset).execute();
    const owners = await ownerViews(this.db, rows.map((r) => r.account_id));
    return { count: Number(count), items: rows.map((r) => this.toView(r, owners.get(r.account_id)!)) };
  }

  private taggableType(name: string): string {
    const type = canonicalResourceType(name);
    if (type === undefined) throw invalidParam(`Invalid resource type ${name}`);
    if (!isTaggableType(type)) throw invalidParam(`The resource type ${type} doesn't support resource tags`);
    return type;
  }

  /** The account and domain a tag of this resource belongs to: the resource's owner, else the system account. */
  private async ownerOf(t: TagTarget): Promise<{ accountId: number; domainId: number }> {
    const accountId = t.accountId ?? (await this.systemAccountId());
    const a = await this.db.selectFrom('accounts').select('domain_id').where('id', '=', accountId).executeTakeFirst();
    if (!a) throw invalidParam(`The owner of resource ${t.uuid} no longer exists`);
    return { accountId, domainId: a.domain_id };
  }

  private async systemAccountId(): Promise<number> {
    if (this.systemAccount === undefined) {
      const s = await this.db.selectFrom('accounts').select('id').where('name', '=', 'system').orderBy('id').executeTakeFirstOrThrow();
      this.systemAccount = s.id;
    }
    return this.systemAccount;
  }

  private async insertTags(type: string, targets: readonly PlannedTarget[], tags: readonly { key: string; value: string }[], customer: string | null): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const t of targets) {
        for (const tag of tags) {
          const have = await tx.selectFrom('resource_tags').select('id').where('resource_type', '=', type).where('resource_id', '=', t.id)
            .where((eb) => eb(eb.fn('lower', ['key']), '=', tag.key.toLowerCase())).executeTakeFirst();
          if (have) continue;
          await tx.insertInto('resource_tags').values({
            uuid: randomUUID(), key: tag.key, value: tag.value, resource_type: type, resource_id: t.id, resource_uuid: t.uuid, customer,
            account_id: t.accountId, domain_id: t.domainId, created: new Date().toISOString(),
          }).execute();
        }
      }
    });
  }

  private toView(r: { key: string; value: string; resource_type: string; resource_uuid: string; resource_id: number; customer: string | null }, owner: OwnerView): TagView {
    return { key: r.key, value: r.value, resourceType: r.resource_type, resourceUuid: r.resource_uuid, resourceId: r.resource_id, customer: r.customer, owner };
  }
}
