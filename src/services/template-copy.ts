// copyTemplate / copyIso (TemplateManagerImpl.copyTemplate): copies a ready copy from one
// zone's image store into one image store of each destination zone, through the driver.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { DomainError, invalidParam, permissionDenied } from '../core/errors.js';
import type { ImageFormat, ImageInfo } from '../drivers/storage/types.js';
import type { JobContext, JobResult } from '../jobs/types.js';
import { findZone } from './infra-refs.js';
import type { TemplateDeps } from './template-deps.js';
import { zoneStores } from './template-deps.js';
import { checkOperate, findTemplate, templateById } from './template-access.js';
import { loadTemplateViews } from './template-views.js';

export const COPY_CMD = { template: 'copyTemplate', iso: 'copyIso' } as const;

export interface CopyArgs {
  readonly id: string;
  readonly sourceZoneId?: string;
  readonly destZoneId?: string;
  readonly destZoneIds?: readonly string[];
}

interface CopyPlan {
  readonly templateId: number;
  readonly source: { readonly copyId: number; readonly storeUrl: string; readonly provider: string; readonly image: ImageInfo };
  readonly zones: readonly { readonly id: number; readonly name: string }[];
  readonly iso: boolean;
}

/** Validates the copy and submits its job; the job answers the template in the first destination zone. */
export async function submitCopy(deps: TemplateDeps, caller: Caller, a: CopyArgs, iso: boolean, javaClass: string): Promise<{ jobUuid: string }> {
  const { db } = deps;
  const kind = iso ? 'ISO' : 'Template';
  const t = await findTemplate(db, a.id, iso);
  if (a.destZoneId !== undefined && a.destZoneIds?.length) throw invalidParam('Both destzoneid and destzoneids cannot be specified at the same time');
  const destRefs = a.destZoneIds?.length ? a.destZoneIds : a.destZoneId !== undefined ? [a.destZoneId] : [];
  if (!destRefs.length) throw invalidParam('Either destzoneid or destzoneids parameters have to be specified.');
  let sourceZoneId: number | undefined;
  if (a.sourceZoneId !== undefined) {
    const src = await findZone(db, a.sourceZoneId).catch(() => {
      throw invalidParam('Please specify a valid source zone.');
    });
    sourceZoneId = src.id;
  }
  const zones: { id: number; name: string; allocation_state: string }[] = [];
  for (const ref of [...new Set(destRefs)]) {
    const z = await findZone(db, ref).catch(() => {
      throw invalidParam('Please specify a valid destination zone.');
    });
    if (z.id === sourceZoneId) throw invalidParam('Please specify different source and destination zones.');
    zones.push(z);
  }
  await checkOperate(db, caller, t);
  let src = db.selectFrom('template_stores as ts').innerJoin('image_stores as s', 's.id', 'ts.store_id')
    .select(['ts.id', 'ts.install_path', 'ts.size', 'ts.physical_size', 'ts.md5', 'ts.format', 's.url', 's.provider'])
    .where('ts.template_id', '=', t.id).where('ts.state', '=', 'Ready').where('s.removed', 'is', null);
  if (sourceZoneId !== undefined) src = src.where('ts.zone_id', '=', sourceZoneId);
  const source = await src.orderBy('ts.id').executeTakeFirst();
  if (!source || source.install_path === null) throw invalidParam(`There is no ${kind} ${t.name} ready on image store.`);
  const todo: { id: number; name: string }[] = [];
  for (const z of zones) {
    if (z.allocation_state === 'Disabled' && !isRootAdmin(caller)) throw permissionDenied(`Cannot perform this operation, Zone ${z.name} is currently disabled`);
    if (!(await zoneStores(db, z.id)).length) throw new DomainError('ResourceUnavailable', `Destination zone ${z.name} is not ready, no image store associated`);
    const there = await db.selectFrom('template_stores').select('id').where('template_id', '=', t.id).where('zone_id', '=', z.id).where('state', '=', 'Ready').executeTakeFirst();
    if (!there) todo.push({ id: z.id, name: z.name });
  }
  // A non-binding check first, so an over-limit request is refused before anything starts.
  if (todo.length) await deps.limits.check(t.account_id, 'secondary_storage', Number(source.size) * todo.length);
  const plan: CopyPlan = {
    templateId: t.id, iso, zones: todo.length ? todo : [{ id: zones[0]!.id, name: zones[0]!.name }],
    source: {
      copyId: source.id, storeUrl: source.url, provider: source.provider,
      image: { path: source.install_path, sizeBytes: Number(source.size), physicalBytes: Number(source.physical_size), md5: source.md5 ?? '', format: (source.format ?? t.format) as ImageFormat },
    },
  };
  const job = await deps.jobs.submit({
    cmd: iso ? COPY_CMD.iso : COPY_CMD.template, javaClass, owner: caller, params: { plan, skip: todo.length === 0, destZoneId: zones[0]!.id },
    instanceType: iso ? 'Iso' : 'Template', instanceId: t.uuid, lockKey: `template:${t.id}`,
  });
  return { jobUuid: job.uuid };
}

/** The copy job: per zone, count the bytes, then copy into the zone's least used store. */
export async function runCopy(deps: TemplateDeps, ctx: JobContext, params: Record<string, unknown>): Promise<JobResult> {
  const { db } = deps;
  const plan = params.plan as CopyPlan;
  const t = await templateById(db, plan.templateId);
  if (params.skip !== true) {
    for (const z of plan.zones) {
      const bytes = plan.source.image.sizeBytes;
      await ctx.step(`reserve-${z.id}`, () => deps.limits.reserve(t.account_id, 'secondary_storage', bytes), () => deps.limits.release(t.account_id, 'secondary_storage', bytes));
      await ctx.step(`copy-${z.id}`, async () => {
        const store = (await zoneStores(db, z.id))[0];
        if (!store) throw new DomainError('ResourceUnavailable', `Destination zone ${z.name} is not ready, no image store associated`);
        const driver = deps.storageFor(store);
        const info = await driver.copyImage(plan.source.storeUrl, plan.source.image, store.url, t.uuid);
        const now = new Date().toISOString();
        // An earlier, failed or deleted-from-this-zone record of the pair is replaced.
        await db.insertInto('template_stores').values({
          template_id: t.id, store_id: store.id, zone_id: z.id, state: 'Ready', download_state: 'DOWNLOADED', download_pct: 100, error_str: null,
          install_path: info.path, size: info.sizeBytes, physical_size: info.physicalBytes, md5: info.md5, format: info.format, counted_bytes: bytes,
          extract_token: null, extract_created: null, created: now, updated: now,
        }).onConflict((oc) => oc.columns(['template_id', 'store_id']).doUpdateSet({
          state: 'Ready', download_state: 'DOWNLOADED', download_pct: 100, error_str: null, install_path: info.path, size: info.sizeBytes,
          physical_size: info.physicalBytes, md5: info.md5, format: info.format, counted_bytes: bytes, updated: now,
        })).execute();
        return { storeId: store.id, storeUrl: store.url, path: info.path };
      }, async (done) => {
        const store = await db.selectFrom('image_stores').select(['url', 'provider']).where('id', '=', done.storeId).executeTakeFirst();
        if (store) await deps.storageFor(store).deleteImage(done.storeUrl, done.path);
        await db.deleteFrom('template_stores').where('template_id', '=', t.id).where('store_id', '=', done.storeId).execute();
      });
    }
    await ctx.step('event', async () => {
      await deps.events.record(ctx.owner, {
        type: plan.iso ? 'ISO.COPY' : 'TEMPLATE.COPY', description: `Copied ${plan.iso ? 'ISO' : 'template'} ${t.name} to zone(s) ${plan.zones.map((z) => z.name).join(', ')}`,
        resourceType: plan.iso ? 'Iso' : 'Template', resourceId: t.uuid, resourceName: t.name,
      });
    });
  }
  const [view] = await loadTemplateViews(db, null, [{ templateId: t.id, zoneId: Number(params.destZoneId) }]);
  return { type: 'entity', entity: plan.iso ? 'Iso' : 'Template', data: view };
}
