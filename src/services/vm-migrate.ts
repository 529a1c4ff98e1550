// Live migration (migrateVirtualMachine, and host maintenance emptying a host): claim the
// destination (recorded in a hidden VM detail, in one transaction with the host's claim),
// move the guest through the driver, then hand the VM's reservation over to the destination.
import { DomainError, invalidParam, invalidState } from '../core/errors.js';
import type { JobContext } from '../jobs/types.js';
import { type VmDeps, hypervisorFor } from './vm-deps.js';
import { claimHost } from './vm-placement.js';
import { buildSpec } from './vm-spec.js';
import { type VmRow, mustTransit, nowIso, releaseOnHost, transit, vmById } from './vm-rows.js';
import { affinityGroupIds } from './vm-start.js';
import { splitTags } from './volume-lifecycle.js';

const MIGRATION_DETAIL = 'nubo.migration';

interface DestClaim {
  readonly hostId: number;
  readonly podId: number;
  readonly clusterId: number;
  readonly cpuMhz: number;
  readonly memoryBytes: number;
}

async function liveVm(d: VmDeps, vmId: number): Promise<VmRow> {
  const vm = await vmById(d.db, vmId);
  if (!vm) throw invalidParam(`Unable to find a virtual machine with id ${vmId}`);
  return vm;
}

async function pendingClaim(d: VmDeps, vmId: number): Promise<DestClaim | undefined> {
  const r = await d.db.selectFrom('vm_details').select('value').where('vm_id', '=', vmId).where('name', '=', MIGRATION_DETAIL).executeTakeFirst();
  return r ? (JSON.parse(r.value) as DestClaim) : undefined;
}

/** Gives back a destination claim that never became the VM's host (idempotent). */
async function dropClaim(d: VmDeps, vmId: number): Promise<void> {
  await d.db.transaction().execute(async (tx) => {
    const r = await tx.selectFrom('vm_details').select('value').where('vm_id', '=', vmId).where('name', '=', MIGRATION_DETAIL).executeTakeFirst();
    if (!r) return;
    const c = JSON.parse(r.value) as DestClaim;
    await tx.deleteFrom('vm_details').where('vm_id', '=', vmId).where('name', '=', MIGRATION_DETAIL).execute();
    await releaseOnHost(tx, c.hostId, c.cpuMhz, c.memoryBytes);
  });
}

async function hostUrl(d: VmDeps, id: number): Promise<string> {
  return (await d.db.selectFrom('hosts').select('url').where('id', '=', id).executeTakeFirstOrThrow()).url;
}

/** A migration needs a running VM and another host (the planner then checks the destination can take it). */
export function checkMigratable(vm: VmRow, destHostId: number | undefined): void {
  if (vm.state !== 'Running') throw invalidState(`VM ${vm.uuid} is not Running, unable to migrate the vm: it is in state ${vm.state}`);
  if (destHostId !== undefined && destHostId === vm.host_id) throw invalidParam(`VM ${vm.uuid} is already running on the destination host`);
}

/** The job steps of a live migration (`prefix` keeps several apart inside one maintenance job). */
export async function migrateSteps(d: VmDeps, ctx: JobContext, vmId: number, destHostId: number | undefined, prefix = ''): Promise<void> {
  const from = await ctx.step(`${prefix}migrating`, async () => {
    const vm = await liveVm(d, vmId);
    checkMigratable(vm, destHostId);
    await mustTransit(d.db, vm, ['Running'], 'Migrating', 'migrate');
    return vm.host_id!;
  }, async (source) => {
    // Back on the source: if the guest already moved, move it back first.
    const vm = await vmById(d.db, vmId);
    const c = await pendingClaim(d, vmId);
    if (vm && c) {
      try {
        const report = await hypervisorFor(d, vm.hypervisor_type).listVms(await hostUrl(d, c.hostId));
        if (report[vm.instance_name] === 'PowerOn') await hypervisorFor(d, vm.hypervisor_type).migrateVm(await hostUrl(d, c.hostId), await hostUrl(d, source), await buildSpec(d, vm));
      } catch {
        /* the destination is unreachable: the guest did not survive there either */
      }
    }
    await dropClaim(d, vmId);
    await transit(d.db, vmId, ['Migrating'], 'Running');
  });
  const dest = await ctx.step(`${prefix}claim`, async () => {
    const vm = await liveVm(d, vmId);
    const prior = await pendingClaim(d, vmId);
    if (prior) return prior;
    const offering = await d.db.selectFrom('service_offerings').select('host_tags').where('id', '=', vm.service_offering_id).executeTakeFirst();
    const cluster = await d.db.selectFrom('volumes as v').innerJoin('storage_pools as p', 'p.id', 'v.pool_id').select('p.cluster_id')
      .where('v.vm_id', '=', vmId).where('v.removed', 'is', null).where('p.scope', '=', 'CLUSTER').executeTakeFirst();
    const groups = await affinityGroupIds(d, vmId);
    const aff = groups.length ? await d.peers().affinity?.placementFor(vm.account_id, groups, { excludeVmId: vmId }) : undefined;
    let claim: DestClaim | undefined;
    // Disks on a cluster-wide pool tie the VM to that cluster; an automatic choice stays in the
    // source cluster as CloudStack's migrateAway does; a named host may be anywhere the disks reach.
    const scope = cluster?.cluster_id ?? (destHostId === undefined ? vm.cluster_id ?? undefined : undefined);
    await claimHost(d.db, d.settings, { id: vmId, instanceName: vm.instance_name }, {
      zoneId: vm.zone_id, clusterId: scope, hostId: destHostId, hypervisor: vm.hypervisor_type, cpuNumber: vm.cpu_number,
      cpuSpeed: vm.cpu_speed, memoryMb: vm.memory_mb, hostTags: splitTags(offering?.host_tags), avoidHosts: new Set([from, ...(aff?.avoidHosts ?? [])]),
      onlyHosts: aff?.onlyHosts,
    }, async (h, cpuMhz, memoryBytes) => d.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('hosts')
        .set((eb) => ({ cpu_used_mhz: eb('cpu_used_mhz', '+', cpuMhz), memory_used_bytes: eb('memory_used_bytes', '+', memoryBytes) }))
        .where('id', '=', h.id).where('removed', 'is', null)
        .where((eb) => eb(eb('cpu_used_mhz', '+', cpuMhz), '<=', eb('cpu_cores', '*', eb.ref('cpu_speed_mhz'))))
        .where((eb) => eb(eb('memory_used_bytes', '+', memoryBytes), '<=', eb.ref('memory_bytes'))).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      claim = { hostId: h.id, podId: h.podId, clusterId: h.clusterId, cpuMhz, memoryBytes };
      await tx.insertInto('vm_details').values({ vm_id: vmId, name: MIGRATION_DETAIL, value: JSON.stringify(claim), display: 0 }).execute();
      return true;
    }));
    if (!claim) throw new DomainError('InsufficientCapacity', `No destination host for VM ${vm.instance_name}`);
    return claim;
  });
  await ctx.step(`${prefix}move`, async () => {
    const vm = await liveVm(d, vmId);
    await hypervisorFor(d, vm.hypervisor_type).migrateVm(await hostUrl(d, from), await hostUrl(d, dest.hostId), await buildSpec(d, vm));
  });
  await ctx.step(`${prefix}moved`, async () => {
    await d.db.transaction().execute(async (tx) => {
      const vm = await tx.selectFrom('vms').select(['host_id', 'reserved_cpu_mhz', 'reserved_memory_bytes', 'state']).where('id', '=', vmId).executeTakeFirstOrThrow();
      if (vm.state !== 'Migrating') return;
      await tx.updateTable('vms').set({
        state: 'Running', host_id: dest.hostId, pod_id: dest.podId, cluster_id: dest.clusterId, last_host_id: vm.host_id,
        reserved_cpu_mhz: dest.cpuMhz, reserved_memory_bytes: dest.memoryBytes, updated: nowIso(),
      }).where('id', '=', vmId).execute();
      await tx.deleteFrom('vm_details').where('vm_id', '=', vmId).where('name', '=', MIGRATION_DETAIL).execute();
      if (vm.host_id !== null) await releaseOnHost(tx, vm.host_id, Number(vm.reserved_cpu_mhz), Number(vm.reserved_memory_bytes));
    });
  });
  await ctx.step(`${prefix}event:migrate`, async () => {
    const vm = await liveVm(d, vmId);
    await d.events.record(ctx.owner, { type: 'VM.MIGRATE', description: `Migrated VM ${vm.display_name} to host ${dest.hostId}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name });
  });
}
