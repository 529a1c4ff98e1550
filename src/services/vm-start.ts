// Starting a VM (deployVirtualMachine with startvm, startVirtualMachine): claim a host, create
// the disks that exist only as rows yet, boot it through the driver. A host whose driver fails
// is avoided and the next one tried, as CloudStack's planner retries. Every partial effect is
// recorded on the VM and volume rows, so the undo (and a resumed job) reads what to give back.
import { DomainError, internalError, invalidParam } from '../core/errors.js';
import type { JobContext } from '../jobs/types.js';
import type { ImageInfo } from '../drivers/storage/types.js';
import { claimPool, createOnPool, splitTags, unclaimPool } from './volume-lifecycle.js';
import { type VmDeps, hypervisorFor } from './vm-deps.js';
import { type HostClaim, claimHost } from './vm-placement.js';
import { buildSpec } from './vm-spec.js';
import { type VmRow, leaveHost, mustTransit, nowIso, releaseHostOf, vmById } from './vm-rows.js';

/** Hosts tried before a start gives up (CloudStack's start.retry). */
const MAX_START_ATTEMPTS = 10;

export interface StartOptions {
  /** The first start of a new VM: a failure leaves it in Error (NICs released), as CloudStack does. */
  readonly deploy: boolean;
  readonly hostId?: number;
  readonly podId?: number;
  readonly clusterId?: number;
}

async function liveVm(d: VmDeps, vmId: number): Promise<VmRow> {
  const vm = await vmById(d.db, vmId);
  if (!vm) throw invalidParam(`Unable to find a virtual machine with id ${vmId}`);
  return vm;
}

/** The job steps of a start; the VM must be Stopped. */
export async function startSteps(d: VmDeps, ctx: JobContext, vmId: number, o: StartOptions): Promise<void> {
  await ctx.step('starting', async () => {
    const vm = await liveVm(d, vmId);
    await mustTransit(d.db, vm, ['Stopped'], 'Starting', 'start');
    // The disks this start will create, so a failure deletes exactly those again.
    return (await d.db.selectFrom('volumes').select('id').where('vm_id', '=', vmId).where('state', 'in', ['Allocated', 'Creating'])
      .where('removed', 'is', null).execute()).map((r) => r.id);
  }, (fresh) => abortStart(d, vmId, fresh, o.deploy));
  const placed = await ctx.step('boot', () => boot(d, vmId, o));
  await ctx.step('running', async () => {
    const vm = await liveVm(d, vmId);
    await mustTransit(d.db, vm, ['Starting'], 'Running', 'start', { power_state: 'PowerOn', power_state_updated: nowIso(), last_host_id: placed.hostId });
  });
  await ctx.step('event:start', async () => {
    const vm = await liveVm(d, vmId);
    await d.events.record(ctx.owner, { type: 'VM.START', description: `Started VM ${vm.display_name} on host ${placed.hostName}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
  });
}

/** Undo of a start: off the host, the disks it created gone, Stopped (or Error for a deploy). */
async function abortStart(d: VmDeps, vmId: number, fresh: readonly number[], deploy: boolean): Promise<void> {
  const vm = await vmById(d.db, vmId);
  if (!vm) return;
  await leaveCurrentHost(d, vm);
  for (const id of fresh) await unclaimPool(d.db, d.storage, id);
  await leaveHost(d.db, vmId, ['Starting'], deploy ? 'Error' : 'Stopped');
  if (deploy) await d.peers().networks?.releaseVmNics(vmId);
}

/** Powers the guest off on the host the row names (a host that is down has lost it anyway). */
async function leaveCurrentHost(d: VmDeps, vm: VmRow): Promise<void> {
  if (vm.host_id === null) return;
  const host = await d.db.selectFrom('hosts').select('url').where('id', '=', vm.host_id).executeTakeFirst();
  if (!host) return;
  try {
    await hypervisorFor(d, vm.hypervisor_type).stopVm(host.url, vm.instance_name, true);
  } catch {
    /* the host is unreachable: its guests are gone with it */
  }
}

/** Undoes one failed attempt: guest off, its new disks deleted, its host claim given back. */
async function cleanupAttempt(d: VmDeps, vmId: number, createdVolumes: readonly number[]): Promise<void> {
  const vm = await vmById(d.db, vmId);
  if (!vm) return;
  await leaveCurrentHost(d, vm);
  for (const id of createdVolumes) await unclaimPool(d.db, d.storage, id);
  await releaseHostOf(d.db, vmId, { host_id: null });
}

interface Placed {
  readonly hostId: number;
  readonly hostName: string;
}

async function boot(d: VmDeps, vmId: number, o: StartOptions): Promise<Placed> {
  let vm = await liveVm(d, vmId);
  // A job resumed after a crash may find a half-done attempt: undo it and start over.
  const creating = await d.db.selectFrom('volumes').select('id').where('vm_id', '=', vmId).where('state', '=', 'Creating').where('removed', 'is', null).execute();
  if (vm.host_id !== null || creating.length) await cleanupAttempt(d, vmId, creating.map((r) => r.id));
  vm = await liveVm(d, vmId);
  const offering = await d.db.selectFrom('service_offerings').select(['host_tags', 'storage_tags']).where('id', '=', vm.service_offering_id).executeTakeFirst();
  const groupIds = await affinityGroupIds(d, vmId);
  const avoid = new Set<number>();
  let lastFailure: DomainError | undefined;
  for (let attempt = 0; attempt < MAX_START_ATTEMPTS; attempt++) {
    let claim: HostClaim;
    try {
      claim = await withAffinityLock(d, groupIds, async () => {
        const aff = groupIds.length ? await d.peers().affinity?.placementFor(vm.account_id, groupIds, { excludeVmId: vmId }) : undefined;
        return claimHost(d.db, d.settings, { id: vmId, instanceName: vm.instance_name }, {
          zoneId: vm.zone_id, podId: o.podId, clusterId: o.clusterId ?? (await diskCluster(d, vmId)), hostId: o.hostId, hypervisor: vm.hypervisor_type,
          cpuNumber: vm.cpu_number, cpuSpeed: vm.cpu_speed, memoryMb: vm.memory_mb, hostTags: splitTags(offering?.host_tags),
          avoidHosts: new Set([...avoid, ...(aff?.avoidHosts ?? [])]), onlyHosts: aff?.onlyHosts,
        });
      });
    } catch (e) {
      if (lastFailure && e instanceof DomainError && e.kind === 'InsufficientCapacity') {
        throw new DomainError('InsufficientCapacity', `Unable to start VM ${vm.instance_name}: ${lastFailure.message}; no other host could take it`);
      }
      throw e;
    }
    const created: number[] = [];
    try {
      await createDisks(d, vm, claim, splitTags(offering?.storage_tags), created);
      await hypervisorFor(d, vm.hypervisor_type).startVm(claim.url, await buildSpec(d, await liveVm(d, vmId)));
      return { hostId: claim.id, hostName: claim.name };
    } catch (e) {
      await cleanupAttempt(d, vmId, created);
      // A host (or its storage) that failed is avoided; anything else ends the start.
      if (e instanceof DomainError && e.kind === 'ResourceUnavailable') {
        avoid.add(claim.id);
        lastFailure = e;
        continue;
      }
      throw e;
    }
  }
  throw new DomainError('InsufficientCapacity', `Unable to start VM ${vm.instance_name}: ${lastFailure?.message ?? 'no host could take it'}`);
}

/** Creates the VM's Allocated disks on pools the host reaches; the root disk is a linked clone of the template. */
async function createDisks(d: VmDeps, vm: VmRow, host: HostClaim, offeringTags: readonly string[], created: number[]): Promise<void> {
  const vols = await d.db.selectFrom('volumes as v').leftJoin('disk_offerings as o', 'o.id', 'v.disk_offering_id')
    .select(['v.id', 'v.type', 'v.size', 'o.tags']).where('v.vm_id', '=', vm.id).where('v.state', '=', 'Allocated').where('v.removed', 'is', null)
    .orderBy('v.device_id').execute();
  for (const v of vols) {
    const root = v.type === 'ROOT';
    const from = root ? templateImage(vm) : undefined;
    await claimPool(d.db, d.storage, v.id, {
      zoneId: vm.zone_id, clusterId: host.clusterId, hypervisor: vm.hypervisor_type, tags: root ? offeringTags : splitTags(v.tags), sizeBytes: Number(v.size),
    });
    created.push(v.id);
    await createOnPool(d.db, d.storage, v.id, from);
  }
}

function templateImage(vm: VmRow): { storeUrl: string; image: ImageInfo } {
  if (!vm.template_image) throw internalError(`VM ${vm.uuid} has no template image to create its root disk from`);
  return JSON.parse(vm.template_image) as { storeUrl: string; image: ImageInfo };
}

/** A disk already on a cluster-wide pool ties the VM to that cluster. */
async function diskCluster(d: VmDeps, vmId: number): Promise<number | undefined> {
  const r = await d.db.selectFrom('volumes as v').innerJoin('storage_pools as p', 'p.id', 'v.pool_id').select('p.cluster_id')
    .where('v.vm_id', '=', vmId).where('v.removed', 'is', null).where('p.scope', '=', 'CLUSTER').executeTakeFirst();
  return r?.cluster_id ?? undefined;
}

export async function affinityGroupIds(d: VmDeps, vmId: number): Promise<number[]> {
  const aff = d.peers().affinity;
  if (!aff) return [];
  return [...((await aff.groupsOfVms([vmId])).get(vmId) ?? [])].map((g) => g.id);
}

/** Placement of VMs in the same affinity groups runs one at a time (in this server). */
async function withAffinityLock<T>(d: VmDeps, groupIds: readonly number[], fn: () => Promise<T>): Promise<T> {
  const keys = [...new Set(groupIds)].sort((a, b) => a - b).map((g) => `affinity:${g}`);
  const run = (i: number): Promise<T> => (i >= keys.length ? fn() : d.placementLock.run(keys[i]!, () => run(i + 1)));
  return run(0);
}
