// Plain views of VMs, built for a page of ids at once: one joined query for the rows and one
// batch per related family (NICs, tags, affinity groups, disks), so a page of 500 costs a
// handful of queries whatever its size.
import type { Db } from '../db/schema.js';
import { type OwnerView, ownerViews } from './owned-access.js';
import type { PeerAffinityGroup, PeerNic, PeerTag, VmPeers } from './vm-peers.js';

export interface VmView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly displayName: string;
  readonly instanceName: string;
  readonly owner: OwnerView;
  readonly userUuid: string | null;
  readonly username: string | null;
  readonly state: string;
  readonly created: string;
  readonly updated: string | null;
  readonly haEnabled: boolean;
  readonly group: string | null;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly hostUuid: string | null;
  readonly hostName: string | null;
  readonly hypervisor: string;
  readonly templateUuid: string | null;
  readonly templateName: string | null;
  readonly templateDisplayText: string | null;
  readonly templateType: string | null;
  readonly templateFormat: string | null;
  readonly passwordEnabled: boolean;
  readonly serviceOfferingUuid: string;
  readonly serviceOfferingName: string;
  readonly diskOfferingUuid: string | null;
  readonly diskOfferingName: string | null;
  readonly cpuNumber: number;
  readonly cpuSpeed: number;
  readonly memoryMb: number;
  readonly guestOsUuid: string | null;
  readonly osDisplayName: string | null;
  readonly rootDeviceId: number;
  readonly poolType: string | null;
  readonly keypairs: string | null;
  readonly userData: string | null;
  readonly userDataUuid: string | null;
  readonly userDataName: string | null;
  readonly displayVm: boolean;
  readonly dynamicallyScalable: boolean;
  readonly arch: string;
  readonly bootType: string | null;
  readonly bootMode: string | null;
  readonly details: Readonly<Record<string, string>>;
  readonly nics: readonly PeerNic[];
  readonly tags: readonly PeerTag[];
  readonly affinityGroups: readonly PeerAffinityGroup[];
  /** Root admins see the host and instance name (CloudStack's Full response view). */
  readonly full: boolean;
  /** Only in the answer of the command that set it (deploy, resetPassword, resetSSHKey). */
  readonly password?: string;
}

export interface ViewOptions {
  readonly full: boolean;
  /** Include the user data (listVirtualMachines userdata=true, getVirtualMachineUserData). */
  readonly userData?: boolean;
}

/** Details a user never sees in `details` (CloudStack hides these too). */
const HIDDEN_DETAILS = new Set(['SSH.PublicKey', 'Encrypted.Password', 'password']);

export async function vmViews(db: Db, peers: VmPeers, ids: readonly number[], o: ViewOptions): Promise<VmView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('vms as v')
    .innerJoin('zones as z', 'z.id', 'v.zone_id')
    .innerJoin('service_offerings as so', 'so.id', 'v.service_offering_id')
    .leftJoin('hosts as h', 'h.id', 'v.host_id')
    .leftJoin('users as u', 'u.id', 'v.user_id')
    .leftJoin('guest_os as os', 'os.id', 'v.guest_os_id')
    .leftJoin('user_data as ud', 'ud.id', 'v.user_data_id')
    .leftJoin('templates as t', 't.id', 'v.template_id')
    .selectAll('v')
    .select(['z.uuid as zoneUuid', 'z.name as zoneName', 'so.uuid as offeringUuid', 'so.name as offeringName', 'h.uuid as hostUuid', 'h.name as hostName',
      'u.uuid as userUuid', 'u.username', 'os.uuid as osUuid', 'os.display_name as osName', 'ud.uuid as userDataUuid', 'ud.name as userDataName',
      't.name as liveTemplateName', 't.display_text as liveTemplateText', 't.password_enabled as livePasswordEnabled'])
    .where('v.id', 'in', [...ids]).execute();
  const owners = await ownerViews(db, rows.map((r) => r.account_id));
  const [nics, tags, groups, roots, details] = await Promise.all([
    peers.networks ? peers.networks.nicsOfVms(ids) : Promise.resolve(new Map<number, readonly PeerNic[]>()),
    peers.tags ? peers.tags.tagsOf('UserVm', ids) : Promise.resolve(new Map<number, readonly PeerTag[]>()),
    peers.affinity ? peers.affinity.groupsOfVms(ids) : Promise.resolve(new Map<number, readonly PeerAffinityGroup[]>()),
    db.selectFrom('volumes as vol').leftJoin('disk_offerings as dof', 'dof.id', 'vol.disk_offering_id').leftJoin('storage_pools as p', 'p.id', 'vol.pool_id')
      .select(['vol.vm_id', 'vol.type', 'vol.device_id', 'dof.uuid as diskUuid', 'dof.name as diskName', 'p.pool_type'])
      .where('vol.vm_id', 'in', [...ids]).where('vol.removed', 'is', null).execute(),
    db.selectFrom('vm_details').select(['vm_id', 'name', 'value']).where('vm_id', 'in', [...ids]).where('display', '=', 1).execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const disksOf = new Map<number, typeof roots>();
  for (const x of roots) if (x.vm_id !== null) disksOf.set(x.vm_id, [...(disksOf.get(x.vm_id) ?? []), x]);
  const detailsOf = new Map<number, [string, string][]>();
  for (const x of details) if (!HIDDEN_DETAILS.has(x.name)) detailsOf.set(x.vm_id, [...(detailsOf.get(x.vm_id) ?? []), [x.name, x.value]]);
  const out: VmView[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    const root = disksOf.get(id)?.find((x) => x.type === 'ROOT');
    const data = disksOf.get(id)?.find((x) => x.type === 'DATADISK');
    out.push({
      id: r.id, uuid: r.uuid, name: r.name, displayName: r.display_name, instanceName: r.instance_name, owner: owners.get(r.account_id)!,
      userUuid: r.userUuid, username: r.username, state: r.state, created: r.created, updated: r.updated, haEnabled: r.ha_enabled === 1,
      group: r.group_name, zoneUuid: r.zoneUuid, zoneName: r.zoneName, hostUuid: r.hostUuid, hostName: r.hostName, hypervisor: r.hypervisor_type,
      // The template as it is now (it may have been renamed); what the VM recorded when it no longer exists.
      templateUuid: r.template_uuid, templateName: r.liveTemplateName ?? r.template_name, templateDisplayText: r.liveTemplateText ?? r.template_display_text,
      templateType: r.template_type, templateFormat: r.template_format, passwordEnabled: (r.livePasswordEnabled ?? r.password_enabled) === 1, serviceOfferingUuid: r.offeringUuid, serviceOfferingName: r.offeringName,
      diskOfferingUuid: data?.diskUuid ?? root?.diskUuid ?? null, diskOfferingName: data?.diskName ?? root?.diskName ?? null,
      cpuNumber: r.cpu_number, cpuSpeed: r.cpu_speed, memoryMb: r.memory_mb, guestOsUuid: r.osUuid, osDisplayName: r.osName,
      rootDeviceId: root?.device_id ?? 0, poolType: root?.pool_type ?? null, keypairs: r.keypairs,
      userData: o.userData ? r.user_data : null, userDataUuid: r.userDataUuid, userDataName: r.userDataName, displayVm: r.display === 1,
      dynamicallyScalable: r.dynamically_scalable === 1, arch: r.arch, bootType: r.boot_type, bootMode: r.boot_mode,
      details: Object.fromEntries(detailsOf.get(id) ?? []),
      nics: nics.get(id) ?? [], tags: tags.get(id) ?? [], affinityGroups: groups.get(id) ?? [], full: o.full,
    });
  }
  return out;
}

export async function vmView(db: Db, peers: VmPeers, id: number, o: ViewOptions): Promise<VmView> {
  const [v] = await vmViews(db, peers, [id], o);
  if (!v) throw new Error(`VM ${id} does not exist`);
  return v;
}
