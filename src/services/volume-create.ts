// createVolume, the synchronous half (CloudStack's BaseAsyncCreateCmd.create): every check,
// the owner's counts and the Allocated row, in one transaction; the job then puts a volume made
// from a snapshot on a pool and attaches it when a VM was named. Without either the volume
// stays Allocated, as in CloudStack, and gets its disk when first attached.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import type { DiskOfferingTable } from '../db/schema.js';
import type { JobContext } from '../jobs/types.js';
import { findZone } from './infra-refs.js';
import { resolveId } from './lookup.js';
import { checkOwnerWritable, type OwnerArgs, resolveOwner } from './owner.js';
import { type SnapshotRow, findSnapshot, snapshotImage } from './snapshot-rows.js';
import { attachSteps, checkAttachTarget } from './volume-attach.js';
import type { VolumeDeps } from './volume-deps.js';
import { deleteVolume, insertVolume } from './volume-lifecycle.js';
import { ensureOnPool, vmPlace } from './volume-place.js';
import { GiB, releaseVolumeCounts, reserveVolumeCounts, volumeById } from './volume-rows.js';
import { type VmRow, findVm, vmById } from './vm-rows.js';

export const CREATE_CMD = 'createVolume';

export interface CreateInput extends OwnerArgs {
  readonly name?: string;
  readonly diskOfferingId?: string;
  readonly snapshotId?: string;
  /** GB, for customized offerings (or to grow a volume made from a snapshot). */
  readonly size?: number;
  readonly minIops?: number;
  readonly maxIops?: number;
  readonly zoneId?: string;
  readonly displayVolume?: boolean;
  readonly virtualMachineId?: string;
  readonly customId?: string;
}

type Offering = Selectable<DiskOfferingTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The offering a new volume uses, checked for the owner's domain and the zone. */
export async function offeringFor(d: VolumeDeps, ref: string, ownerPath: string, zoneId: number): Promise<Offering> {
  const id = await resolveId(d.db, 'disk_offerings', ref);
  const o = id === undefined ? undefined : await d.db.selectFrom('disk_offerings').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!o) throw invalidParam(`Unable to find disk offering by id ${ref}`);
  if (o.state !== 'Active') throw invalidParam(`Disk offering ${o.name} is not active`);
  const computeOnly = await d.db.selectFrom('service_offerings').select('id').where('disk_offering_id', '=', o.id).executeTakeFirst();
  if (computeOnly) throw invalidParam(`Disk offering ${o.name} belongs to a compute offering and can not be used for a data volume`);
  const domains = await d.db.selectFrom('offering_domains as od').innerJoin('domains as dom', 'dom.id', 'od.domain_id').select('dom.path')
    .where('od.offering_type', '=', 'DiskOffering').where('od.offering_id', '=', o.id).execute();
  if (domains.length && !domains.some((x) => ownerPath.startsWith(x.path))) throw permissionDenied(`Disk offering ${o.name} is not available to the volume owner's domain`);
  const zones = await d.db.selectFrom('offering_zones').select('zone_id').where('offering_type', '=', 'DiskOffering').where('offering_id', '=', o.id).execute();
  if (zones.length && !zones.some((z) => z.zone_id === zoneId)) throw invalidParam(`Disk offering ${o.name} is not available in the zone`);
  return o;
}

/** Bytes of a custom size in GB, within custom.diskoffering.size.min/max. */
export async function customBytes(d: VolumeDeps, sizeGb: number): Promise<number> {
  const min = await d.settings.getNumber('custom.diskoffering.size.min');
  const max = await d.settings.getNumber('custom.diskoffering.size.max');
  if (!Number.isInteger(sizeGb) || sizeGb < min || sizeGb > max) throw invalidParam(`Invalid disk size ${sizeGb} GB: it must be between ${min} and ${max}`);
  return sizeGb * GiB;
}

function iopsFor(o: Offering | undefined, minIops: number | undefined, maxIops: number | undefined): { min: number | null; max: number | null } {
  if (minIops === undefined && maxIops === undefined) return { min: o?.min_iops ?? null, max: o?.max_iops ?? null };
  if (o?.customized_iops !== 1) throw invalidParam('The disk offering does not allow custom IOPS: miniops and maxiops can not be given');
  if (minIops !== undefined && minIops < 0) throw invalidParam('The min IOPS must be greater than or equal to 0');
  if (minIops !== undefined && maxIops !== undefined && minIops > maxIops) throw invalidParam('The min IOPS must be less than or equal to the max IOPS');
  return { min: minIops ?? null, max: maxIops ?? null };
}

export async function submitCreate(d: VolumeDeps, caller: Caller, a: CreateInput, javaClass: string): Promise<{ jobUuid: string; uuid: string }> {
  const db = d.db;
  if (a.diskOfferingId === undefined && a.snapshotId === undefined) throw invalidParam('At least one of disk Offering ID or snapshot ID must be passed whilst creating volume');
  const ownerId = await resolveOwner(db, caller, { account: a.account, domainid: a.domainid, projectid: a.projectid, command: 'createVolume' });
  await checkOwnerWritable(db, ownerId);
  const owner = await db.selectFrom('accounts as acc').innerJoin('domains as dom', 'dom.id', 'acc.domain_id')
    .select(['acc.id', 'acc.domain_id', 'acc.state', 'dom.path']).where('acc.id', '=', ownerId).executeTakeFirstOrThrow();
  if (owner.state !== 'enabled' && owner.state !== 'Enabled') throw invalidState('The owner of the volume is disabled or locked');

  let vm: VmRow | undefined;
  if (a.virtualMachineId !== undefined) vm = await findVm(db, caller, a.virtualMachineId);
  let snap: SnapshotRow | undefined;
  if (a.snapshotId !== undefined) {
    snap = await findSnapshot(db, caller, a.snapshotId);
    if (snap.state !== 'BackedUp') throw invalidState(`Snapshot id=${snap.uuid} is not in BackedUp state yet and can't be used for volume creation`);
  }
  const zoneRef = a.zoneId ?? (snap ? String(snap.zone_id) : vm ? String(vm.zone_id) : undefined);
  if (zoneRef === undefined) throw invalidParam('Unable to execute API command createvolume due to missing parameter zoneid');
  const zone = await findZone(db, zoneRef);
  if (zone.allocation_state !== 'Enabled' && !isRootAdmin(caller)) throw permissionDenied(`Cannot perform this operation, Zone ${zone.name} is currently disabled`);
  if (snap && snap.zone_id !== zone.id) throw invalidParam(`Snapshot ${snap.uuid} is not in zone ${zone.name}: volumes are made from snapshots in their own zone`);

  let offering: Offering | undefined;
  const offeringRef = a.diskOfferingId ?? (snap ? await sourceOffering(d, snap) : undefined);
  if (offeringRef !== undefined) offering = await offeringFor(d, offeringRef, owner.path, zone.id);
  let bytes: number;
  if (snap) {
    bytes = Number(snap.size);
    if (a.size !== undefined) {
      const want = a.size * GiB;
      if (want < bytes) throw invalidParam(`Volume size ${a.size} GB can not be smaller than the snapshot's ${Math.ceil(bytes / GiB)} GB`);
      bytes = await customBytes(d, a.size);
    }
  } else {
    const o = offering!;
    if (o.customized === 1) {
      if (a.size === undefined) throw invalidParam(`Disk offering ${o.name} is customized: specify the size (in GB)`);
      bytes = await customBytes(d, a.size);
    } else {
      if (a.size !== undefined) throw invalidParam('This disk offering does not allow custom size');
      bytes = Number(o.disk_size);
    }
  }
  if (!(bytes > 0)) throw invalidParam('The volume size must be greater than 0');
  const iops = iopsFor(offering, a.minIops, a.maxIops);
  if (vm) await checkAttachTarget(db, vm, { zoneId: zone.id, accountId: ownerId }, undefined);
  const name = a.name?.trim() ? a.name.trim() : randomUUID();
  let customUuid: string | undefined;
  if (a.customId !== undefined && isRootAdmin(caller)) {
    if (!UUID.test(a.customId)) throw invalidParam(`Invalid customid ${a.customId}: it must be a UUID`);
    if (await resolveId(db, 'volumes', a.customId)) throw invalidParam(`A volume with id ${a.customId} already exists`);
    customUuid = a.customId.toLowerCase();
  }

  const created = await db.transaction().execute(async (tx) => {
    await reserveVolumeCounts(d.limits, ownerId, bytes, tx);
    const v = await insertVolume(tx, {
      name, accountId: ownerId, domainId: owner.domain_id, zoneId: zone.id, type: 'DATADISK', sizeBytes: bytes, diskOfferingId: offering?.id ?? null,
      provisioningType: offering?.provisioning_type ?? 'thin', minIops: iops.min, maxIops: iops.max,
    });
    const extra: { uuid?: string; snapshot_id?: number; display_volume?: number } = {};
    if (customUuid) extra.uuid = customUuid;
    if (snap) extra.snapshot_id = snap.id;
    if (a.displayVolume === false && isRootAdmin(caller)) extra.display_volume = 0;
    if (Object.keys(extra).length) await tx.updateTable('volumes').set(extra).where('id', '=', v.id).execute();
    return { id: v.id, uuid: customUuid ?? v.uuid };
  });
  const job = await d.jobs.submit({
    cmd: CREATE_CMD, javaClass, owner: caller,
    params: { volumeId: created.id, uuid: created.uuid, vmId: vm?.id ?? null, snapshotId: snap?.id ?? null, full: isRootAdmin(caller) },
    instanceType: 'Volume', instanceId: created.uuid, lockKey: vm ? `vm:${vm.id}` : `volume:${created.id}`,
  });
  return { jobUuid: job.uuid, uuid: created.uuid };
}

/** A volume made from a snapshot keeps the disk offering of the volume the snapshot was taken of. */
async function sourceOffering(d: VolumeDeps, s: SnapshotRow): Promise<string | undefined> {
  const v = await d.db.selectFrom('volumes').select('disk_offering_id').where('id', '=', s.volume_id).executeTakeFirst();
  if (v?.disk_offering_id == null) return undefined;
  const root = await d.db.selectFrom('service_offerings').select('id').where('disk_offering_id', '=', v.disk_offering_id).executeTakeFirst();
  return root ? undefined : String(v.disk_offering_id);
}

/** The job: a failure removes the volume and gives its counts back, so a failed create leaves nothing. */
export async function runCreate(d: VolumeDeps, ctx: JobContext, p: Record<string, unknown>): Promise<void> {
  const volumeId = Number(p.volumeId);
  const vmId = typeof p.vmId === 'number' ? p.vmId : undefined;
  await ctx.step('allocated', async () => undefined, async () => {
    const v = await d.db.selectFrom('volumes').select(['account_id', 'size', 'removed']).where('id', '=', volumeId).executeTakeFirst();
    if (!v || v.removed !== null) return;
    // deleteVolume answers the size only to the call that removed the row, so counts go back once.
    if ((await deleteVolume(d.db, d.storage, volumeId)) > 0) await releaseVolumeCounts(d.limits, v.account_id, Number(v.size));
  });
  if (typeof p.snapshotId === 'number') {
    const snapshotId = p.snapshotId;
    await ctx.step('from-snapshot', async () => {
      const s = await d.db.selectFrom('snapshots').selectAll().where('id', '=', snapshotId).executeTakeFirst();
      if (!s || s.removed !== null || s.state !== 'BackedUp') throw invalidState(`Snapshot ${snapshotId} was deleted before the volume was made from it`);
      const { store, image } = await snapshotImage(d.db, s);
      const vm = vmId === undefined ? undefined : await vmById(d.db, vmId);
      const place = vm ? await vmPlace(d.db, vm) : undefined;
      const v = await volumeById(d.db, volumeId);
      await ensureOnPool(d, volumeId, { zoneId: v?.zone_id ?? s.zone_id, clusterId: place?.clusterId ?? null, hypervisor: vm?.hypervisor_type }, { storeUrl: store.url, image });
    });
  }
  if (vmId !== undefined) await attachSteps(d, ctx, volumeId, vmId, undefined);
  await ctx.step('event', async () => {
    const v = await d.db.selectFrom('volumes').select(['uuid', 'name', 'size']).where('id', '=', volumeId).executeTakeFirstOrThrow();
    await d.events.record(ctx.owner, {
      type: 'VOLUME.CREATE', description: `Created volume ${v.name} of ${Number(v.size)} bytes`, resourceType: 'Volume', resourceId: v.uuid, resourceName: v.name,
    });
  });
}
