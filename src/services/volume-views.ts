// Plain views of volumes, built for a page of ids at once: one joined query (zone, VM,
// offerings, pool, pod, cluster, template, ISO, source snapshot) plus one batch of owners and
// one of tags, so a page of 500 costs a handful of queries.
import { internalError } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import { type OwnerView, ownerViews } from './owned-access.js';
import type { TagService, TagView } from './tags.js';

export interface Ref {
  readonly uuid: string;
  readonly name: string;
  readonly displayText?: string;
}

export interface VolumeView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly owner: OwnerView;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly type: string;
  readonly deviceId: number | null;
  readonly vm: (Ref & { readonly displayName: string; readonly state: string }) | null;
  readonly iso: Ref | null;
  readonly template: Ref | null;
  readonly provisioningType: string;
  readonly size: number;
  readonly minIops: number | null;
  readonly maxIops: number | null;
  readonly created: string;
  readonly state: string;
  readonly storageType: 'shared' | 'local';
  readonly hypervisor: string | null;
  readonly diskOffering: Ref | null;
  readonly serviceOffering: Ref | null;
  readonly pool: (Ref & { readonly podUuid: string | null; readonly podName: string | null; readonly clusterUuid: string | null; readonly clusterName: string | null }) | null;
  readonly snapshotUuid: string | null;
  readonly attached: string | null;
  readonly displayVolume: boolean;
  readonly path: string | null;
  readonly chainInfo: string | null;
  readonly deleteProtection: boolean;
  readonly physicalSize: number;
  readonly isExtractable: boolean;
  readonly tags: readonly TagView[];
  /** Root admins see the pool id, path, pod and cluster (CloudStack's Full response view). */
  readonly full: boolean;
}

export async function volumeViews(db: Db, tags: TagService, ids: readonly number[], o: { full: boolean }): Promise<VolumeView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('volumes as v')
    .innerJoin('zones as z', 'z.id', 'v.zone_id')
    .leftJoin('vms as vm', 'vm.id', 'v.vm_id')
    .leftJoin('disk_offerings as dof', 'dof.id', 'v.disk_offering_id')
    .leftJoin('service_offerings as so', 'so.id', 'vm.service_offering_id')
    .leftJoin('storage_pools as p', 'p.id', 'v.pool_id')
    .leftJoin('pods as pod', 'pod.id', 'p.pod_id')
    .leftJoin('clusters as cl', 'cl.id', 'p.cluster_id')
    .leftJoin('templates as t', 't.id', 'v.template_id')
    .leftJoin('templates as iso', 'iso.id', 'vm.iso_id')
    .leftJoin('snapshots as s', 's.id', 'v.snapshot_id')
    .select([
      'v.id', 'v.uuid', 'v.name', 'v.account_id', 'v.type', 'v.device_id', 'v.vm_id', 'v.provisioning_type', 'v.size', 'v.min_iops', 'v.max_iops',
      'v.created', 'v.state', 'v.attached', 'v.display_volume', 'v.path', 'v.chain_info', 'v.delete_protection', 'v.physical_size',
      'z.uuid as zoneUuid', 'z.name as zoneName',
      'vm.uuid as vmUuid', 'vm.name as vmName', 'vm.display_name as vmDisplayName', 'vm.state as vmState', 'vm.hypervisor_type as vmHypervisor',
      'dof.uuid as dofUuid', 'dof.name as dofName', 'dof.display_text as dofText',
      'so.uuid as soUuid', 'so.name as soName', 'so.display_text as soText',
      'p.uuid as poolUuid', 'p.name as poolName', 'p.scope as poolScope', 'p.hypervisor as poolHypervisor',
      'pod.uuid as podUuid', 'pod.name as podName', 'cl.uuid as clusterUuid', 'cl.name as clusterName',
      't.uuid as tUuid', 't.name as tName', 't.display_text as tText', 't.is_extractable as tExtractable',
      'iso.uuid as isoUuid', 'iso.name as isoName', 'iso.display_text as isoText',
      's.uuid as snapshotUuid',
    ])
    .where('v.id', 'in', [...ids]).execute();
  const owners = await ownerViews(db, rows.map((r) => r.account_id));
  const tagMap = await tags.tagsOf('Volume', ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: VolumeView[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    const owner = r ? owners.get(r.account_id) : undefined;
    if (!r || !owner) continue;
    const attached = r.vm_id !== null && r.vmUuid !== null;
    out.push({
      id: r.id, uuid: r.uuid, name: r.name, owner, zoneUuid: r.zoneUuid, zoneName: r.zoneName, type: r.type,
      deviceId: attached ? r.device_id : null,
      vm: attached ? { uuid: r.vmUuid!, name: r.vmName ?? '', displayName: r.vmDisplayName ?? r.vmName ?? '', state: r.vmState ?? '' } : null,
      iso: attached && r.isoUuid ? { uuid: r.isoUuid, name: r.isoName ?? '', displayText: r.isoText ?? undefined } : null,
      template: r.tUuid ? { uuid: r.tUuid, name: r.tName ?? '', displayText: r.tText ?? undefined } : null,
      provisioningType: r.provisioning_type, size: Number(r.size), minIops: r.min_iops === null ? null : Number(r.min_iops),
      maxIops: r.max_iops === null ? null : Number(r.max_iops), created: r.created, state: r.state,
      storageType: r.poolScope === 'HOST' ? 'local' : 'shared',
      hypervisor: (attached ? r.vmHypervisor : null) ?? (r.poolHypervisor && r.poolHypervisor !== 'Any' ? r.poolHypervisor : null),
      diskOffering: r.dofUuid ? { uuid: r.dofUuid, name: r.dofName ?? '', displayText: r.dofText ?? undefined } : null,
      serviceOffering: r.type === 'ROOT' && r.soUuid ? { uuid: r.soUuid, name: r.soName ?? '', displayText: r.soText ?? undefined } : null,
      pool: r.poolUuid ? {
        uuid: r.poolUuid, name: r.poolName ?? '', podUuid: r.podUuid, podName: r.podName, clusterUuid: r.clusterUuid, clusterName: r.clusterName,
      } : null,
      snapshotUuid: r.snapshotUuid, attached: attached ? r.attached : null, displayVolume: r.display_volume === 1, path: r.path,
      chainInfo: r.chain_info, deleteProtection: r.delete_protection === 1, physicalSize: Number(r.physical_size),
      // Data disks may be extracted; a root disk only when its template may.
      isExtractable: r.type !== 'ROOT' || r.tExtractable === 1,
      tags: tagMap.get(r.id) ?? [], full: o.full,
    });
  }
  return out;
}

export async function volumeView(db: Db, tags: TagService, id: number, o: { full: boolean }): Promise<VolumeView> {
  const [v] = await volumeViews(db, tags, [id], o);
  if (!v) throw internalError(`volume ${id} does not exist`);
  return v;
}
