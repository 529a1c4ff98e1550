// Power-state sync (CloudStack's ping and VM sync): every ping.interval each Up host of a
// hypervisor with a driver is pinged and asked for its power report. A host that does not
// answer goes Down and its running VMs are Stopped (their claims given back); a VM its host
// reports off (it crashed) is Stopped; a guest no VM owns (left by a crash) is powered off.
// Only VMs in a settled state are touched, so jobs in flight keep what they own. One round
// reads the VMs once for all hosts and writes only what changed (10,000 hosts stay cheap).
// VMs with HA enabled are handed to HA instead (vm-ha.ts), which stops and restarts them.
import type { HypervisorType, PowerReport } from '../drivers/hypervisor/types.js';
import type { VmDeps } from './vm-deps.js';
import { ON_HOST_STATES, leaveHost, nowIso } from './vm-rows.js';

const SYSTEM_OWNER = { userId: 1, accountId: 1, domainId: 1 };

interface RunningVm {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly display_name: string;
  readonly instance_name: string;
  readonly account_id: number;
  readonly domain_id: number;
  readonly user_id: number;
  readonly host_id: number | null;
}

/**
 * HA's hook (vm-ha.ts): VMs whose guest is gone from a host; the ids it returns it takes over
 * (stops and restarts them itself), the rest are Stopped here.
 */
export type LostVmHandler = (hostId: number, vmIds: readonly number[], why: string) => Promise<ReadonlySet<number>>;

export async function syncAllHosts(d: VmDeps, onLost?: LostVmHandler): Promise<void> {
  const hosts = (await d.db.selectFrom('hosts').select(['id', 'uuid', 'name', 'url', 'status', 'hypervisor_type']).where('removed', 'is', null)
    .where('type', '=', 'Routing').where('status', 'in', ['Up', 'Down', 'Alert']).execute())
    .filter((h) => d.hypervisors[h.hypervisor_type as HypervisorType]);
  // Read before any report is taken: a VM Running now had its guest started before its host reports.
  const running = new Map<number, RunningVm[]>();
  for (const vm of await d.db.selectFrom('vms').select(['id', 'uuid', 'name', 'display_name', 'instance_name', 'account_id', 'domain_id', 'user_id', 'host_id'])
    .where('state', '=', 'Running').where('removed', 'is', null).where('host_id', 'is not', null).execute()) {
    running.set(vm.host_id!, [...(running.get(vm.host_id!) ?? []), vm]);
  }
  const answered: number[] = [];
  for (const h of hosts) {
    const drv = d.hypervisors[h.hypervisor_type as HypervisorType]!;
    const mine = running.get(h.id) ?? [];
    let report: PowerReport;
    try {
      await drv.pingHost(h.url);
      report = await drv.listVms(h.url);
    } catch {
      if (h.status === 'Up') await d.db.updateTable('hosts').set({ status: 'Down', disconnected: nowIso() }).where('id', '=', h.id).where('status', '=', 'Up').execute();
      await stopVms(d, h.id, mine, 'its host is down', onLost);
      continue;
    }
    answered.push(h.id);
    if (h.status !== 'Up') await d.db.updateTable('hosts').set({ status: 'Up', disconnected: null }).where('id', '=', h.id).where('status', '=', h.status).execute();
    await stopVms(d, h.id, mine.filter((vm) => report[vm.instance_name] !== 'PowerOn'), 'it is no longer running on its host', onLost);
    const known = new Set(mine.map((vm) => vm.instance_name));
    const strangers = Object.keys(report).filter((name) => !known.has(name));
    if (strangers.length) await powerOffOrphans(d, h, report, strangers);
  }
  for (let i = 0; i < answered.length; i += 500) {
    await d.db.updateTable('hosts').set({ last_pinged: nowIso() }).where('id', 'in', answered.slice(i, i + 500)).execute();
  }
}

/** Guests on a host that no VM placed there owns (read after the report): a crash left them; power them off. */
async function powerOffOrphans(d: VmDeps, h: { id: number; uuid: string; name: string; url: string; hypervisor_type: string }, report: PowerReport, names: readonly string[]): Promise<void> {
  const owned = new Set((await d.db.selectFrom('vms').select('instance_name').where('instance_name', 'in', [...names]).where('host_id', '=', h.id)
    .where('removed', 'is', null).where('state', 'in', [...ON_HOST_STATES]).execute()).map((v) => v.instance_name));
  const migrating = new Set((await d.db.selectFrom('vm_details as dt').innerJoin('vms as v', 'v.id', 'dt.vm_id').select('v.instance_name')
    .where('dt.name', '=', 'nubo.migration').where('v.instance_name', 'in', [...names]).execute()).map((v) => v.instance_name));
  const drv = d.hypervisors[h.hypervisor_type as HypervisorType]!;
  for (const name of names) {
    if (owned.has(name) || migrating.has(name)) continue;
    await drv.stopVm(h.url, name, true).catch(() => undefined);
    if (report[name] === 'PowerOn') {
      await d.events.record(SYSTEM_OWNER, { type: 'VM.STOP', level: 'WARN', description: `Powered off guest ${name} on host ${h.name}: no VM owns it`, resourceType: 'Host', resourceId: h.uuid });
    }
  }
}

/** VMs whose guest is gone: Stopped (only if still Running on that host), claim given back, an event for the owner. */
async function stopVms(d: VmDeps, hostId: number, vms: readonly RunningVm[], why: string, onLost?: LostVmHandler): Promise<void> {
  const taken = onLost && vms.length ? await onLost(hostId, vms.map((vm) => vm.id), why) : undefined;
  for (const vm of vms) {
    if (taken?.has(vm.id)) continue;
    if (await leaveHost(d.db, vm.id, ['Running'], 'Stopped', {}, hostId)) {
      await d.events.record({ userId: vm.user_id, accountId: vm.account_id, domainId: vm.domain_id }, {
        type: 'VM.STOP', level: 'WARN', description: `VM ${vm.display_name} is Stopped: ${why}`, resourceType: 'VirtualMachine', resourceId: vm.uuid, resourceName: vm.name,
      });
    }
  }
}
