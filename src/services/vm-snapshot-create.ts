// createVMSnapshot: every disk of a Running or Stopped VM is backed up into the zone's image
// store with the storage driver's snapshotVolume (one image per disk), and `snapshotmemory`
// is recorded as the snapshot type (DiskAndMemory). The new snapshot becomes the VM's current
// one; the previous current one is its parent.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam, invalidState } from '../core/errors.js';
import type { JobContext } from '../jobs/types.js';
import { checkOwnerWritable } from './owner.js';
import { driverFor, storeById, zoneStore } from './snapshot-rows.js';
import type { VolumeDeps } from './volume-deps.js';
import { nowIso, poolOf } from './volume-rows.js';
import { BUSY_STATES, diskImages, dropDiskImage, removeVmSnapshot, transitVmSnapshot } from './vm-snapshot-rows.js';
import { type VmRow, findVm } from './vm-rows.js';

export const CREATE_CMD = 'createVMSnapshot';

export interface CreateVmSnapshotInput {
  readonly virtualMachineId: string;
  readonly name?: string;
  readonly description?: string;
  readonly snapshotMemory?: boolean;
  readonly quiesceVm?: boolean;
}

/** Refuses a VM snapshot operation while another one, or a volume snapshot, runs on the VM. */
export async function assertVmIdle(d: VolumeDeps, vmId: number): Promise<void> {
  const busy = await d.db.selectFrom('vm_snapshots').select('id').where('vm_id', '=', vmId).where('removed', 'is', null).where('state', 'in', [...BUSY_STATES]).executeTakeFirst();
  if (busy) throw invalidState('There is other active vm snapshot tasks on the instance, please try again later');
  const vol = await d.db.selectFrom('volumes').select('id').where('vm_id', '=', vmId).where('removed', 'is', null)
    .where('state', 'in', ['Snapshotting', 'RevertSnapshotting', 'Resizing', 'Migrating', 'Creating']).executeTakeFirst();
  if (vol) throw invalidState('There is other active volume snapshot tasks on the instance to which the volume is attached, please try again later');
}

export async function planCreate(d: VolumeDeps, caller: Caller, a: CreateVmSnapshotInput): Promise<{ vm: VmRow; name: string; displayName: string }> {
  const vm = await findVm(d.db, caller, a.virtualMachineId);
  await checkOwnerWritable(d.db, vm.account_id);
  if (vm.state !== 'Running' && vm.state !== 'Stopped') throw invalidState(`Creating vm snapshot failed due to VM:${vm.uuid} is not in the running or Stopped state`);
  if (a.snapshotMemory && vm.state !== 'Running') throw invalidParam('Can not snapshot memory when VM is not in Running state');
  if (a.snapshotMemory && a.quiesceVm) throw invalidParam('Can not snapshot memory and quiesce the VM at the same time');
  const caps = await d.db.selectFrom('hypervisor_capabilities').select('vm_snapshot_enabled').where('hypervisor_type', '=', vm.hypervisor_type)
    .orderBy((eb) => eb.case().when('hypervisor_version', '=', 'default').then(0).else(1).end()).executeTakeFirst();
  if (caps && caps.vm_snapshot_enabled !== 1) throw invalidParam(`VM snapshot is not enabled for hypervisor type: ${vm.hypervisor_type}`);
  const max = await d.settings.getNumber('vmsnapshot.max');
  const have = await d.db.selectFrom('vm_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).where('vm_id', '=', vm.id).where('removed', 'is', null).executeTakeFirstOrThrow();
  if (Number(have.n) >= max) throw invalidParam(`Creating vm snapshot failed due to a VM can just have : ${max} VM snapshots. Please delete old ones`);
  await assertVmIdle(d, vm.id);
  const disks = await d.db.selectFrom('volumes').select(['uuid', 'state', 'pool_id']).where('vm_id', '=', vm.id).where('removed', 'is', null).execute();
  if (!disks.length) throw invalidState(`VM ${vm.uuid} has no disks to snapshot`);
  const notReady = disks.find((x) => x.state !== 'Ready' || x.pool_id === null);
  if (notReady) throw invalidState(`Can't create a VM snapshot: volume ${notReady.uuid} of the VM is in state ${notReady.state}, not Ready (a VM that never started has no disks yet)`);
  await zoneStore(d.db, vm.zone_id);
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const name = `${vm.instance_name}_VS_${stamp}`;
  const displayName = a.name?.trim() ? a.name.trim() : name;
  const clash = await d.db.selectFrom('vm_snapshots').select('id').where('vm_id', '=', vm.id).where('removed', 'is', null)
    .where('display_name', '=', displayName).executeTakeFirst();
  if (clash) throw invalidParam(`Creating VM snapshot failed due to VM snapshot with name ${displayName} already exists`);
  return { vm, name, displayName };
}

export async function insertVmSnapshot(d: VolumeDeps, vm: VmRow, o: { name: string; displayName: string; description?: string; memory: boolean }): Promise<{ id: number; uuid: string }> {
  const uuid = randomUUID();
  const r = await d.db.insertInto('vm_snapshots').values({
    uuid, name: o.name, display_name: o.displayName, description: o.description ?? null, vm_id: vm.id, account_id: vm.account_id, domain_id: vm.domain_id,
    zone_id: vm.zone_id, type: o.memory ? 'DiskAndMemory' : 'Disk', state: 'Allocated', parent_id: null, hypervisor: vm.hypervisor_type,
    service_offering_id: vm.service_offering_id, created: nowIso(), removed: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: r.id, uuid };
}

/** The job steps; a failure deletes the images taken so far and removes the snapshot. */
export async function createSteps(d: VolumeDeps, ctx: JobContext, id: number): Promise<void> {
  await ctx.step('allocated', async () => undefined, async () => {
    await removeVmSnapshot(d, id);
  });
  const vs = await d.db.selectFrom('vm_snapshots').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const volumeIds = await ctx.step('creating', async () => {
    await transitVmSnapshot(d.db, id, ['Allocated'], 'Creating');
    const vols = await d.db.selectFrom('volumes').select('id').where('vm_id', '=', vs.vm_id).where('removed', 'is', null).orderBy('device_id').execute();
    return vols.map((v) => v.id);
  });
  for (const volumeId of volumeIds) {
    await ctx.step(`image:${volumeId}`, async () => {
      const v = await d.db.selectFrom('volumes').selectAll().where('id', '=', volumeId).executeTakeFirstOrThrow();
      const pool = await poolOf(d.db, v);
      if (!pool || v.removed !== null) throw invalidState(`Volume ${v.uuid} of the VM is no longer on primary storage`);
      const store = await zoneStore(d.db, vs.zone_id);
      const image = await driverFor(d.storage, store.url).snapshotVolume(pool.url, v.path ?? v.uuid, store.url, `${vs.uuid}-${v.uuid}`);
      await d.db.insertInto('vm_snapshot_volumes').values({ vm_snapshot_id: id, volume_id: volumeId, store_id: store.id, image: JSON.stringify(image), created: nowIso() })
        .onConflict((oc) => oc.columns(['vm_snapshot_id', 'volume_id']).doNothing()).execute();
      return { storeId: store.id, path: image.path };
    }, async (r) => {
      const img = (await diskImages(d.db, id)).find((x) => x.volumeId === volumeId);
      if (img) await dropDiskImage(d, id, img);
      else {
        const store = await storeById(d.db, r.storeId);
        if (store) await driverFor(d.storage, store.url).deleteImage(store.url, r.path);
      }
    });
  }
  await ctx.step('ready', () => d.db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('vm_snapshots').select('id').where('vm_id', '=', vs.vm_id).where('current', '=', 1).where('removed', 'is', null)
      .where('id', '!=', id).executeTakeFirst();
    await tx.updateTable('vm_snapshots').set({ current: 0 }).where('vm_id', '=', vs.vm_id).where('id', '!=', id).execute();
    await tx.updateTable('vm_snapshots').set({ state: 'Ready', current: 1, parent_id: current?.id ?? null }).where('id', '=', id).where('state', '=', 'Creating').execute();
  }));
  await ctx.step('event', async () => {
    await d.events.record(ctx.owner, { type: 'VMSNAPSHOT.CREATE', description: `Created VM snapshot ${vs.display_name}`, resourceType: 'VMSnapshot', resourceId: vs.uuid, resourceName: vs.display_name });
  });
}
