// listVirtualMachines: scoping (account, domain, projects), the reference's filters, and a page
// of ids in id order (index-friendly at 100,000 VMs); views are then built for that page only.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import { PROJECT_ACCOUNT_TYPE } from '../core/project.js';
import { VM_STATES, type VmState } from '../core/vm-state.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import { type ScopeArgs, listScope } from './scope.js';
import type { SettingsService } from './settings.js';
import { type TagMapEntry, filterByTags } from './tag-filter.js';

export interface VmFilter extends ScopeArgs {
  readonly id?: string;
  readonly ids?: readonly string[];
  readonly name?: string;
  readonly state?: string;
  readonly zoneId?: string;
  readonly hostId?: string;
  readonly podId?: string;
  readonly clusterId?: string;
  readonly storageId?: string;
  readonly templateId?: string;
  readonly isoId?: string;
  readonly serviceOfferingId?: string;
  readonly keypair?: string;
  readonly affinityGroupId?: string;
  readonly networkId?: string;
  readonly keyword?: string;
  readonly userId?: string;
  readonly groupId?: string;
  readonly hypervisor?: string;
  readonly haEnable?: boolean;
  readonly displayVm?: boolean;
  readonly userDataId?: string;
  readonly arch?: string;
  readonly tags?: readonly TagMapEntry[];
  /** A filter on something no VM here has (VPCs, security groups, backups, GPUs, VNF, leases…). */
  readonly matchesNothing?: boolean;
}

/** An id filter that names nothing matches nothing (CloudStack answers an empty list). */
async function idOrNone(db: Db, table: Parameters<typeof resolveId>[1], ref: string): Promise<number> {
  return (await resolveId(db, table, ref)) ?? -1;
}

function parseState(s: string): VmState | 'Present' | 'Expunged' {
  const lower = s.toLowerCase();
  if (lower === 'present') return 'Present';
  if (lower === 'expunged') return 'Expunged';
  const st = VM_STATES.find((x) => x.toLowerCase() === lower);
  if (!st) throw invalidParam(`Invalid state ${s}: use one of ${VM_STATES.join(', ')}, Present or Expunged`);
  return st;
}

export async function listVmIds(db: Db, settings: SettingsService, caller: Caller, f: VmFilter, page: Page): Promise<{ count: number; ids: number[] }> {
  const scope = await listScope(db, caller, f);
  // Scoped without joining domains (the VM row has its domain): the count of a 100,000-VM page stays an index scan.
  let q = db.selectFrom('vms as v').where('v.removed', 'is', null);
  if (scope.kind === 'accounts') q = q.where('v.account_id', 'in', scope.accountIds.length ? [...scope.accountIds] : [-1]);
  else if (scope.kind === 'account') q = q.where('v.account_id', '=', scope.accountId);
  else {
    if (!scope.recursive) q = q.where('v.domain_id', '=', scope.domainId);
    else if (scope.path !== '/') q = q.where('v.domain_id', 'in', (eb) => eb.selectFrom('domains as sd').select('sd.id').where('sd.path', 'like', `${scope.path}%`));
    // Without projectid, project resources stay out of domain listings (CloudStack's listall rule).
    q = q.where('v.account_id', 'not in', (eb) => eb.selectFrom('accounts as pa').select('pa.id').where('pa.type', '=', PROJECT_ACCOUNT_TYPE));
  }
  if (f.matchesNothing) q = q.where('v.id', '=', -1);
  if (f.id !== undefined) q = q.where('v.id', '=', await idOrNone(db, 'vms', f.id));
  if (f.ids?.length) {
    const ids: number[] = [];
    for (const x of f.ids) ids.push(await idOrNone(db, 'vms', x));
    q = q.where('v.id', 'in', ids);
  }
  if (f.name !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['v.name']), 'like', `%${f.name!.toLowerCase()}%`));
  if (f.keyword !== undefined) {
    const kw = `%${f.keyword.toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['v.name']), 'like', kw), eb(eb.fn('lower', ['v.display_name']), 'like', kw),
      eb(eb.fn('lower', ['v.instance_name']), 'like', kw), eb(eb.fn('lower', ['v.state']), 'like', kw)]));
  }
  const state = f.state === undefined ? undefined : parseState(f.state);
  if (state === 'Expunged') q = q.where('v.id', '=', -1);
  else if (state === 'Present') q = q.where('v.state', 'not in', ['Destroyed', 'Expunging']);
  else if (state !== undefined) q = q.where('v.state', '=', state);
  else if (caller.roleType === 'User' && !(await settings.getBool('allow.user.view.destroyed.vm', 'account', caller.accountId))) {
    q = q.where('v.state', 'not in', ['Destroyed', 'Expunging']);
  }
  if (f.zoneId !== undefined) q = q.where('v.zone_id', '=', await idOrNone(db, 'zones', f.zoneId));
  if (f.hostId !== undefined) q = q.where('v.host_id', '=', await idOrNone(db, 'hosts', f.hostId));
  if (f.podId !== undefined) q = q.where('v.pod_id', '=', await idOrNone(db, 'pods', f.podId));
  if (f.clusterId !== undefined) q = q.where('v.cluster_id', '=', await idOrNone(db, 'clusters', f.clusterId));
  if (f.templateId !== undefined) q = q.where('v.template_id', '=', await idOrNone(db, 'templates', f.templateId));
  if (f.isoId !== undefined) q = q.where('v.iso_id', '=', await idOrNone(db, 'templates', f.isoId));
  if (f.serviceOfferingId !== undefined) q = q.where('v.service_offering_id', '=', await idOrNone(db, 'service_offerings', f.serviceOfferingId));
  if (f.userId !== undefined) q = q.where('v.user_id', '=', await idOrNone(db, 'users', f.userId));
  if (f.userDataId !== undefined) q = q.where('v.user_data_id', '=', await idOrNone(db, 'user_data', f.userDataId));
  if (f.groupId !== undefined) q = q.where('v.id', '=', -1); // instance groups are not modelled: no VM is in one
  if (f.hypervisor !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['v.hypervisor_type']), '=', f.hypervisor!.toLowerCase()));
  if (f.arch !== undefined) q = q.where('v.arch', '=', f.arch);
  if (f.haEnable !== undefined) q = q.where('v.ha_enabled', '=', f.haEnable ? 1 : 0);
  if (f.displayVm !== undefined && isRootAdmin(caller)) q = q.where('v.display', '=', f.displayVm ? 1 : 0);
  if (f.keypair !== undefined) {
    // keypairs holds the names comma-separated; match one whole name.
    const k = f.keypair.toLowerCase();
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['v.keypairs']), '=', k), eb(eb.fn('lower', ['v.keypairs']), 'like', `${k},%`),
      eb(eb.fn('lower', ['v.keypairs']), 'like', `%,${k}`), eb(eb.fn('lower', ['v.keypairs']), 'like', `%,${k},%`)]));
  }
  if (f.storageId !== undefined) {
    const pool = await idOrNone(db, 'storage_pools', f.storageId);
    q = q.where((eb) => eb.exists(eb.selectFrom('volumes as sv').select('sv.id').whereRef('sv.vm_id', '=', 'v.id').where('sv.pool_id', '=', pool).where('sv.removed', 'is', null)));
  }
  if (f.networkId !== undefined) {
    const net = await idOrNone(db, 'networks', f.networkId);
    q = q.where((eb) => eb.exists(eb.selectFrom('nics as n').select('n.id').whereRef('n.vm_id', '=', 'v.id').where('n.vm_type', '=', 'User').where('n.network_id', '=', net)));
  }
  if (f.affinityGroupId !== undefined) {
    const g = await idOrNone(db, 'affinity_groups', f.affinityGroupId);
    q = q.where((eb) => eb.exists(eb.selectFrom('affinity_group_vms as ag').select('ag.vm_id').whereRef('ag.vm_id', '=', 'v.id').where('ag.group_id', '=', g)));
  }
  q = filterByTags(q, 'UserVm', 'v.id', f.tags);
  const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await q.select('v.id').orderBy('v.id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(count), ids: rows.map((r) => r.id) };
}

