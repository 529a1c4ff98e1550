// resizeVolume: a new size (custom offerings and root disks) or a new disk offering. Growing
// claims the extra bytes of primary storage against the owner's limit and on the volume's pool
// before the driver grows the disk; shrinking needs shrinkok and gives the bytes back after.
import { DomainError, invalidParam, invalidState } from '../core/errors.js';
import type { JobContext } from '../jobs/types.js';
import { checkOwnerWritable } from './owner.js';
import { customBytes, offeringFor } from './volume-create.js';
import type { VolumeDeps } from './volume-deps.js';
import { storageDriverFor } from './volume-lifecycle.js';
import { type VolumeRow, type VolumeState, adjustPoolBytes, nowIso, poolOf, transitVolume, vmSnapshotCount, volumeById } from './volume-rows.js';
import { vmById } from './vm-rows.js';

export const RESIZE_CMD = 'resizeVolume';

export interface ResizeInput {
  readonly id: string;
  /** GB. */
  readonly size?: number;
  readonly diskOfferingId?: string;
  readonly shrinkOk?: boolean;
  readonly minIops?: number;
  readonly maxIops?: number;
}

export interface ResizePlan {
  readonly volume: VolumeRow;
  readonly newBytes: number;
  readonly offeringId: number | null;
  readonly minIops: number | null;
  readonly maxIops: number | null;
}

export async function planResize(d: VolumeDeps, a: ResizeInput, findVolume: (ref: string) => Promise<VolumeRow>): Promise<ResizePlan> {
  const v = await findVolume(a.id);
  await checkOwnerWritable(d.db, v.account_id);
  if (v.state !== 'Ready' && v.state !== 'Allocated') {
    throw invalidState(`Volume should be in ready or allocated state before attempting a resize. Volume ${v.uuid} is in state ${v.state}.`);
  }
  if (v.vm_id !== null) {
    const vm = await vmById(d.db, v.vm_id);
    if (vm && vm.state !== 'Running' && vm.state !== 'Stopped') throw invalidState(`The VM the volume is attached to is in state ${vm.state}: it must be Running or Stopped to resize the volume`);
    if (await vmSnapshotCount(d.db, v.vm_id)) throw invalidParam('Unable to resize the volume: the VM it is attached to has VM snapshots; delete them first');
  }
  const current = v.disk_offering_id === null ? undefined
    : await d.db.selectFrom('disk_offerings').select(['id', 'customized', 'customized_iops', 'disk_size']).where('id', '=', v.disk_offering_id).executeTakeFirst();
  const owner = await d.db.selectFrom('domains').select('path').where('id', '=', v.domain_id).executeTakeFirstOrThrow();
  let newBytes: number;
  let offeringId = v.disk_offering_id;
  let customIops = current?.customized_iops === 1;
  if (a.diskOfferingId !== undefined) {
    if (v.type === 'ROOT') throw invalidParam('The disk offering of a ROOT volume comes with its compute offering: resize it with size instead');
    const o = await offeringFor(d, a.diskOfferingId, owner.path, v.zone_id);
    offeringId = o.id;
    customIops = o.customized_iops === 1;
    if (o.customized === 1) {
      if (a.size === undefined) throw invalidParam(`Disk offering ${o.name} is customized: specify the new size (in GB)`);
      newBytes = await customBytes(d, a.size);
    } else {
      if (a.size !== undefined) throw invalidParam('This disk offering does not allow custom size');
      newBytes = Number(o.disk_size);
    }
  } else {
    if (v.type !== 'ROOT' && current?.customized !== 1) {
      throw invalidParam("To change a volume's size without providing a new disk offering, its current disk offering must be customizable or it must be a root volume (if providing a disk offering, make sure it is different from the current disk offering).");
    }
    if (a.size === undefined) throw invalidParam('Please specify the new size (in GB) or a new disk offering');
    newBytes = await customBytes(d, a.size);
  }
  const size = Number(v.size);
  if (newBytes < size) {
    if (v.type === 'ROOT') throw invalidParam('Shrink operation on ROOT volume not supported');
    if (!a.shrinkOk) {
      throw invalidParam(`Going from existing size of ${size} to size of ${newBytes} would shrink the volume. Need to sign off by supplying the shrinkok parameter with value of true.`);
    }
  }
  let minIops = v.min_iops === null ? null : Number(v.min_iops);
  let maxIops = v.max_iops === null ? null : Number(v.max_iops);
  if (a.minIops !== undefined || a.maxIops !== undefined) {
    if (!customIops) throw invalidParam('The disk offering does not allow custom IOPS: miniops and maxiops can not be given');
    minIops = a.minIops ?? minIops;
    maxIops = a.maxIops ?? maxIops;
    if (minIops !== null && maxIops !== null && minIops > maxIops) throw invalidParam('The min IOPS must be less than or equal to the max IOPS');
  }
  if (newBytes > size) await d.limits.check(v.account_id, 'primary_storage', newBytes - size);
  return { volume: v, newBytes, offeringId, minIops, maxIops };
}

/** The job steps; `p` holds volumeId, newBytes, offeringId, minIops, maxIops. */
export async function resizeSteps(d: VolumeDeps, ctx: JobContext, p: Record<string, unknown>): Promise<void> {
  const volumeId = Number(p.volumeId);
  const newBytes = Number(p.newBytes);
  const start = await ctx.step('resizing', async () => {
    const v = await volumeById(d.db, volumeId);
    if (!v) throw invalidState(`Volume ${volumeId} no longer exists`);
    const from = v.state as VolumeState;
    if (!(await transitVolume(d.db, v.id, ['Ready', 'Allocated'], 'Resizing'))) throw invalidState(`Volume ${v.name} (id=${v.uuid}) is in state ${v.state}: it can not be resized now`);
    return { from, size: Number(v.size), accountId: v.account_id, poolId: v.pool_id };
  }, async (s) => {
    await transitVolume(d.db, volumeId, ['Resizing'], s.from);
  });
  const delta = newBytes - start.size;
  if (delta > 0) {
    await ctx.step('count', () => d.limits.reserve(start.accountId, 'primary_storage', delta), () => d.limits.release(start.accountId, 'primary_storage', delta));
    if (start.poolId !== null) {
      const poolId = start.poolId;
      await ctx.step('pool', async () => {
        if (!(await adjustPoolBytes(d.db, poolId, delta))) {
          throw new DomainError('InsufficientCapacity', `Not enough free space on the volume's storage pool to grow it by ${delta} bytes`);
        }
      }, async () => {
        await adjustPoolBytes(d.db, poolId, -delta);
      });
    }
  }
  const info = await ctx.step('driver', async () => {
    const v = await volumeById(d.db, volumeId);
    const pool = v ? await poolOf(d.db, v) : undefined;
    if (!v || !pool || newBytes === start.size) return null;
    const r = await storageDriverFor(d.storage, pool.url).resizeVolume(pool.url, v.path ?? v.uuid, newBytes);
    return { physicalBytes: r.physicalBytes };
  });
  await ctx.step('done', () => d.db.transaction().execute(async (tx) => {
    await tx.updateTable('volumes').set({
      size: newBytes, disk_offering_id: p.offeringId === null ? null : Number(p.offeringId),
      min_iops: p.minIops === null ? null : Number(p.minIops), max_iops: p.maxIops === null ? null : Number(p.maxIops),
      ...(info ? { physical_size: info.physicalBytes } : {}), state: start.from, updated: nowIso(),
    }).where('id', '=', volumeId).where('state', '=', 'Resizing').execute();
    if (delta < 0) {
      await d.limits.release(start.accountId, 'primary_storage', -delta, tx);
      if (start.poolId !== null) await adjustPoolBytes(tx, start.poolId, delta);
    }
  }));
  await ctx.step('event', async () => {
    const v = await d.db.selectFrom('volumes').select(['uuid', 'name']).where('id', '=', volumeId).executeTakeFirstOrThrow();
    await d.events.record(ctx.owner, {
      type: 'VOLUME.RESIZE', description: `Resized volume ${v.name} from ${start.size} to ${newBytes} bytes`, resourceType: 'Volume', resourceId: v.uuid, resourceName: v.name,
    });
  });
}
