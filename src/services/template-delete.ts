// deleteTemplate / deleteIso: from one zone or from all; refused while VMs use it (templates:
// any VM not yet expunged, unless forced; ISOs: any VM it is attached to), as CloudStack does.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { JobContext, JobResult } from '../jobs/types.js';
import { findZone } from './infra-refs.js';
import type { TemplateDeps } from './template-deps.js';
import { checkOperate, findTemplate, templateById } from './template-access.js';

export const DELETE_CMD = { template: 'deleteTemplate', iso: 'deleteIso' } as const;

export interface DeleteArgs {
  readonly id: string;
  readonly zoneId?: string;
  readonly forced?: boolean;
  readonly isSystem?: boolean;
}

/** VMs that still use a template (anything not expunged), optionally in one zone. */
async function vmsUsing(db: Db, templateId: number, zoneId: number | undefined): Promise<{ uuid: string; name: string }[]> {
  let q = db.selectFrom('vms').select(['uuid', 'name']).where('template_id', '=', templateId).where('removed', 'is', null)
    .where('state', 'not in', ['Expunging', 'Expunged']);
  if (zoneId !== undefined) q = q.where('zone_id', '=', zoneId);
  return q.orderBy('id').execute();
}

export async function submitDelete(deps: TemplateDeps, caller: Caller, a: DeleteArgs, iso: boolean, javaClass: string): Promise<{ jobUuid: string }> {
  const { db } = deps;
  const t = await findTemplate(db, a.id, iso);
  const zone = a.zoneId === undefined ? undefined : await findZone(db, a.zoneId);
  if (!iso) {
    const vms = await vmsUsing(db, t.id, zone?.id);
    if (vms.length && a.forced !== true) {
      let message = `Unable to delete template [${t.name}] because there are [${vms.length}] VM instances using it.`;
      if (isRootAdmin(caller)) message += ` Instances list: [${vms.map((v) => `${v.name} (${v.uuid})`).join(',')}].`;
      throw invalidParam(message);
    }
  }
  await checkOperate(db, caller, t);
  if (iso) {
    const attached = await db.selectFrom('vms').select('id').where('iso_id', '=', t.id).where('removed', 'is', null).executeTakeFirst();
    if (attached) throw invalidParam("Unable to delete ISO, as it's used by other instances");
  }
  if (t.type === 'SYSTEM' && a.isSystem !== true) throw invalidParam(`Template ${t.name} is a system VM template: pass issystem=true to delete it`);
  if (zone && !(await db.selectFrom('image_stores').select('id').where('zone_id', '=', zone.id).where('removed', 'is', null).executeTakeFirst())) {
    throw invalidParam('Failed to find a secondary storage store in the specified zone.');
  }
  const job = await deps.jobs.submit({
    cmd: iso ? DELETE_CMD.iso : DELETE_CMD.template, javaClass, owner: caller, params: { templateId: t.id, zoneId: zone?.id ?? null, iso },
    instanceType: iso ? 'Iso' : 'Template', instanceId: t.uuid, lockKey: `template:${t.id}`,
  });
  return { jobUuid: job.uuid };
}

/**
 * Deletes a template's copies (in one zone, or all) through the driver and its record once no
 * copy is left. Idempotent: a restart carries on. Shared with account clean-up.
 */
export async function removeCopies(deps: TemplateDeps, templateId: number, zoneId: number | null): Promise<void> {
  const { db } = deps;
  const t = await templateById(db, templateId);
  let q = db.selectFrom('template_stores as ts').innerJoin('image_stores as s', 's.id', 'ts.store_id')
    .select(['ts.id', 'ts.install_path', 'ts.counted_bytes', 's.url', 's.provider']).where('ts.template_id', '=', templateId).where('ts.state', '!=', 'Destroyed');
  if (zoneId !== null) q = q.where('ts.zone_id', '=', zoneId);
  for (const c of await q.execute()) {
    if (c.install_path !== null) await deps.storageFor(c).deleteImage(c.url, c.install_path);
    // A seeded template deleted from one zone keeps a tombstone there, so it is not made again.
    const keepTombstone = t.unique_name !== null && zoneId !== null;
    const gone = keepTombstone
      ? await db.updateTable('template_stores').set({ state: 'Destroyed', counted_bytes: 0, extract_token: null, updated: new Date().toISOString() })
        .where('id', '=', c.id).where('state', '!=', 'Destroyed').executeTakeFirst()
      : await db.deleteFrom('template_stores').where('id', '=', c.id).executeTakeFirst();
    const changed = 'numUpdatedRows' in gone ? gone.numUpdatedRows : gone.numDeletedRows;
    if (Number(changed) > 0 && Number(c.counted_bytes) > 0) await deps.limits.release(t.account_id, 'secondary_storage', Number(c.counted_bytes));
  }
}

/** Marks the record removed when no copy is left (or when deleting from every zone). */
export async function removeRecord(deps: TemplateDeps, templateId: number, allZones: boolean): Promise<boolean> {
  const { db } = deps;
  const left = await db.selectFrom('template_stores').select('id').where('template_id', '=', templateId).where('state', '!=', 'Destroyed').executeTakeFirst();
  if (left && !allZones) return false;
  const t = await templateById(db, templateId);
  const r = await db.updateTable('templates').set({ state: 'Inactive', removed: new Date().toISOString() }).where('id', '=', templateId).where('removed', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) {
    await db.deleteFrom('template_permissions').where('template_id', '=', templateId).execute();
    await db.deleteFrom('template_stores').where('template_id', '=', templateId).where('state', '=', 'Destroyed').execute();
    // Seeded templates were never counted against anybody.
    if (t.unique_name === null) await deps.limits.release(t.account_id, 'template', 1);
  }
  return true;
}

export async function runDelete(deps: TemplateDeps, ctx: JobContext, params: Record<string, unknown>): Promise<JobResult> {
  const templateId = Number(params.templateId);
  const zoneId = params.zoneId === null ? null : Number(params.zoneId);
  const iso = params.iso === true;
  await ctx.step('copies', () => removeCopies(deps, templateId, zoneId));
  const removed = await ctx.step('record', () => removeRecord(deps, templateId, zoneId === null));
  await ctx.step('event', async () => {
    const t = await templateById(deps.db, templateId);
    await deps.events.record(ctx.owner, {
      type: iso ? 'ISO.DELETE' : 'TEMPLATE.DELETE',
      description: `Deleted ${iso ? 'ISO' : 'template'} ${t.name}${zoneId !== null && !removed ? ' from one zone' : ''}`,
      resourceType: iso ? 'Iso' : 'Template', resourceId: t.uuid, resourceName: t.name,
    });
  });
  return { type: 'success' };
}
