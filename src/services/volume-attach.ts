// attachVolume and detachVolume (and createVolume with virtualmachineid): the checks
// CloudStack's VolumeApiServiceImpl makes, and the job steps. A data volume that exists only
// as a row is created on a pool the VM reaches when it is attached to a VM whose disks exist;
// attached to a VM that never started, it stays Allocated and the VM's start creates it.
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState, permissionDenied } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { JobContext } from '../jobs/types.js';
import { unclaimPool } from './volume-lifecycle.js';
import type { VolumeDeps } from './volume-deps.js';
import { ensureOnPool, vmPlace } from './volume-place.js';
import { type VolumeRow, nowIso, poolOf, vmSnapshotCount, volumeById } from './volume-rows.js';
import { type VmRow, findVm, vmById } from './vm-rows.js';

/** CloudStack reserves device 3 for the CD-ROM when it picks a device id itself. */
const CDROM_DEVICE = 3;

/** How many data disks a VM of this hypervisor may have (hypervisor_capabilities). */
export async function maxDataVolumes(db: Db, hypervisor: string): Promise<number> {
  const r = await db.selectFrom('hypervisor_capabilities').select('max_data_volumes_limit').where('hypervisor_type', '=', hypervisor)
    .orderBy((eb) => eb.case().when('hypervisor_version', '=', 'default').then(0).else(1).end()).executeTakeFirst();
  return r?.max_data_volumes_limit ?? 6;
}

/**
 * The device id a new data disk gets: the one asked for (1..max+1, free), else the lowest free
 * one skipping the CD-ROM's. 431 when the VM has no room for another data disk.
 */
export async function pickDeviceId(db: Db, vm: Pick<VmRow, 'id' | 'uuid' | 'hypervisor_type'>, wanted: number | undefined): Promise<number> {
  const disks = await db.selectFrom('volumes').select(['device_id', 'type']).where('vm_id', '=', vm.id).where('removed', 'is', null).execute();
  const max = await maxDataVolumes(db, vm.hypervisor_type);
  if (disks.filter((x) => x.type === 'DATADISK').length >= max) {
    throw invalidParam(`The specified VM already has the maximum number of data disks (${max}) attached. Please specify another VM.`);
  }
  const used = new Set(disks.map((x) => x.device_id));
  const last = max + 1;
  if (wanted !== undefined) {
    if (wanted < 1 || wanted > last) throw invalidParam(`deviceId should be 1 ~ ${last}`);
    if (used.has(wanted)) throw invalidParam(`deviceId ${wanted} is used by vm ${vm.uuid}`);
    return wanted;
  }
  for (let i = 1; i <= last; i++) if (i !== CDROM_DEVICE && !used.has(i)) return i;
  throw invalidParam(`The specified VM has no free device id for another data disk. Please specify another VM.`);
}

/** Checks that a VM can take a data disk now (state, VM snapshots, zone, room); throws the 431 CloudStack gives. */
export async function checkAttachTarget(db: Db, vm: VmRow, v: { zoneId: number; accountId: number }, deviceId: number | undefined): Promise<void> {
  if (vm.state !== 'Running' && vm.state !== 'Stopped') throw invalidState('Please specify a VM that is either running or stopped.');
  if (vm.account_id !== v.accountId) throw permissionDenied(`The volume and the VM ${vm.uuid} belong to different accounts`);
  if (vm.zone_id !== v.zoneId) throw invalidParam('Please specify a VM that is in the same zone as the volume.');
  if (await vmSnapshotCount(db, vm.id)) throw invalidParam('Unable to attach volume, please specify a VM that does not have VM snapshots');
  await pickDeviceId(db, vm, deviceId);
}

export interface AttachPlan {
  readonly volume: VolumeRow;
  readonly vm: VmRow;
}

/** attachVolume's checks, before any change. */
export async function planAttach(d: VolumeDeps, caller: Caller, a: { id: string; virtualMachineId: string; deviceId?: number }, findVolume: (ref: string) => Promise<VolumeRow>): Promise<AttachPlan> {
  const v = await findVolume(a.id);
  const vm = await findVm(d.db, caller, a.virtualMachineId);
  if (v.type === 'ROOT') throw invalidParam(`Volume ${v.name} (id=${v.uuid}) is a ROOT volume: only data volumes can be attached`);
  if (v.vm_id !== null) throw invalidParam(`Volume ${v.name} (id=${v.uuid}) is already attached to a VM; detach it first`);
  if (v.state !== 'Allocated' && v.state !== 'Ready') {
    throw invalidState(`Volume ${v.name} (id=${v.uuid}) is in state ${v.state}: it should be in Allocated or Ready state to be attached`);
  }
  await checkAttachTarget(d.db, vm, { zoneId: v.zone_id, accountId: v.account_id }, a.deviceId);
  // A disk on a cluster-wide pool can only go to a VM that runs in that cluster.
  const pool = await poolOf(d.db, v);
  const place = await vmPlace(d.db, vm);
  if (pool?.scope === 'CLUSTER' && place.clusterId !== null && pool.cluster_id !== place.clusterId) {
    throw invalidParam(`Volume ${v.name} (id=${v.uuid}) is on storage pool ${pool.name}, which the VM's cluster cannot reach; migrate the volume first`);
  }
  return { volume: v, vm };
}

/** The job steps of an attach (prefix keeps them apart inside createVolume). */
export async function attachSteps(d: VolumeDeps, ctx: JobContext, volumeId: number, vmId: number, deviceId: number | undefined): Promise<void> {
  await ctx.step('attach:create', async () => {
    const vm = await vmById(d.db, vmId);
    if (!vm) throw invalidState(`The VM ${vmId} no longer exists`);
    const place = await vmPlace(d.db, vm);
    // A VM that never started has no disks yet: its start creates this one with the others.
    if (!place.onStorage) return false;
    return ensureOnPool(d, volumeId, { zoneId: vm.zone_id, clusterId: place.clusterId, hypervisor: vm.hypervisor_type });
  }, async (created) => {
    if (created) await unclaimPool(d.db, d.storage, volumeId);
  });
  await ctx.step('attach:attach', () => d.db.transaction().execute(async (tx) => {
    const vm = await vmById(tx, vmId);
    const v = await volumeById(tx, volumeId);
    if (!vm || !v) throw invalidState('The volume or the VM no longer exists');
    if (v.vm_id === vmId) return;
    if (v.vm_id !== null) throw invalidState(`Volume ${v.name} (id=${v.uuid}) was attached to another VM meanwhile`);
    if (vm.state !== 'Running' && vm.state !== 'Stopped') throw invalidState('Please specify a VM that is either running or stopped.');
    const device = await pickDeviceId(tx, vm, deviceId);
    const r = await tx.updateTable('volumes').set({ vm_id: vmId, device_id: device, attached: nowIso(), updated: nowIso() })
      .where('id', '=', volumeId).where('vm_id', 'is', null).where('state', 'in', ['Allocated', 'Ready']).where('removed', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw invalidState(`Volume ${v.name} (id=${v.uuid}) is in state ${v.state}: it can not be attached now`);
  }), async () => {
    await d.db.updateTable('volumes').set({ vm_id: null, device_id: null, attached: null, updated: nowIso() }).where('id', '=', volumeId).where('vm_id', '=', vmId).execute();
  });
  await ctx.step('attach:event', async () => {
    const v = await volumeById(d.db, volumeId);
    const vm = await vmById(d.db, vmId);
    await d.events.record(ctx.owner, {
      type: 'VOLUME.ATTACH', description: `Attached volume ${v?.name ?? volumeId} to VM ${vm?.display_name ?? vmId}`, resourceType: 'Volume', resourceId: v?.uuid, resourceName: v?.name,
    });
  });
}

/** detachVolume's checks: by id, or by the VM and the device id; returns the volume and its VM. */
export async function planDetach(
  d: VolumeDeps, caller: Caller, a: { id?: string; virtualMachineId?: string; deviceId?: number }, findVolume: (ref: string) => Promise<VolumeRow>,
): Promise<AttachPlan> {
  let v: VolumeRow;
  if (a.id !== undefined) {
    if (a.virtualMachineId !== undefined || a.deviceId !== undefined) throw invalidParam('Please provide either a volume id, or a tuple(device id, instance id)');
    v = await findVolume(a.id);
  } else {
    if (a.virtualMachineId === undefined || a.deviceId === undefined) throw invalidParam('Please provide either a volume id, or a tuple(device id, instance id)');
    const vm = await findVm(d.db, caller, a.virtualMachineId);
    const found = await d.db.selectFrom('volumes').select('uuid').where('vm_id', '=', vm.id).where('device_id', '=', a.deviceId).where('removed', 'is', null).executeTakeFirst();
    if (!found) throw invalidParam(`Unable to find volume with device id ${a.deviceId} on VM ${vm.uuid}`);
    v = await findVolume(found.uuid);
  }
  if (v.vm_id === null) throw invalidParam('Unable to detach volume, please specify a volume that is attached to a VM.');
  if (v.type === 'ROOT') throw invalidParam(`Volume ${v.name} (id=${v.uuid}) is a ROOT volume: only data volumes can be detached`);
  const vm = await vmById(d.db, v.vm_id);
  if (!vm) throw invalidState(`The VM volume ${v.uuid} is attached to no longer exists`);
  await findVm(d.db, caller, vm.uuid);
  if (vm.state !== 'Running' && vm.state !== 'Stopped' && vm.state !== 'Destroyed') throw invalidState('Please specify a VM that is either running or stopped.');
  if (await vmSnapshotCount(d.db, vm.id)) throw invalidParam('Unable to detach volume, please specify a VM that does not have VM snapshots');
  return { volume: v, vm };
}

export async function detachSteps(d: VolumeDeps, ctx: JobContext, volumeId: number, vmId: number): Promise<void> {
  const was = await ctx.step('detach', async () => {
    const v = await volumeById(d.db, volumeId);
    if (!v || v.vm_id !== vmId) return null;
    const r = await d.db.updateTable('volumes').set({ vm_id: null, device_id: null, attached: null, updated: nowIso() })
      .where('id', '=', volumeId).where('vm_id', '=', vmId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? { deviceId: v.device_id, attached: v.attached } : null;
  }, async (prev) => {
    if (prev) {
      await d.db.updateTable('volumes').set({ vm_id: vmId, device_id: prev.deviceId, attached: prev.attached, updated: nowIso() })
        .where('id', '=', volumeId).where('vm_id', 'is', null).execute();
    }
  });
  await ctx.step('detach:event', async () => {
    if (!was) return;
    const v = await volumeById(d.db, volumeId);
    const vm = await vmById(d.db, vmId);
    await d.events.record(ctx.owner, {
      type: 'VOLUME.DETACH', description: `Detached volume ${v?.name ?? volumeId} from VM ${vm?.display_name ?? vmId}`, resourceType: 'Volume', resourceId: v?.uuid, resourceName: v?.name,
    });
  });
}
