// Plain view objects of NICs: what CloudStack's NicResponse needs, for user VMs (the compute
// family embeds them in its VM responses) and for virtual routers.
import type { Db } from '../db/schema.js';

export interface SecondaryIpView {
  readonly id: number;
  readonly uuid: string;
  readonly ipAddress: string;
}

export interface NicView {
  readonly id: number;
  readonly uuid: string;
  readonly vmId: number;
  readonly vmUuid: string | null;
  readonly networkId?: number;
  readonly networkUuid: string | null;
  readonly networkName: string | null;
  readonly ipAddress: string | null;
  readonly netmask: string | null;
  readonly gateway: string | null;
  readonly macAddress: string;
  readonly isDefault: boolean;
  readonly deviceId: number;
  /** The network's guest type (Isolated, Shared, L2); Public / Control for router NICs outside guest networks. */
  readonly type: string;
  readonly trafficType: string;
  readonly broadcastUri: string | null;
  readonly isolationUri: string | null;
  readonly secondaryIps: readonly SecondaryIpView[];
  /** The static NAT address of this NIC's IP, if any. */
  readonly publicIpUuid: string | null;
  readonly publicIp: string | null;
  readonly vpcUuid: string | null;
  readonly vpcName: string | null;
  readonly mtu: number | null;
}

/** NICs of the given VMs (vm_type User or DomainRouter), in device order, keyed by VM id. */
export async function nicViews(db: Db, vmType: 'User' | 'DomainRouter', vmIds: readonly number[], onlyNicIds?: readonly number[]): Promise<Map<number, NicView[]>> {
  const out = new Map<number, NicView[]>();
  if (!vmIds.length) return out;
  let q = db.selectFrom('nics as c').leftJoin('networks as n', 'n.id', 'c.network_id')
    .selectAll('c').select(['n.uuid as networkUuid', 'n.name as networkName', 'n.guest_type as guestType', 'n.private_mtu as mtu'])
    .where('c.vm_type', '=', vmType).where('c.vm_id', 'in', vmIds);
  if (onlyNicIds) q = q.where('c.id', 'in', onlyNicIds.length ? onlyNicIds : [-1]);
  const rows = await q.orderBy('c.vm_id').orderBy('c.device_id').execute();
  const nicIds = rows.map((r) => r.id);
  const secondary = nicIds.length
    ? await db.selectFrom('guest_ips').select(['id', 'uuid', 'address', 'nic_id']).where('kind', '=', 'Secondary').where('nic_id', 'in', nicIds).orderBy('address_num').execute()
    : [];
  const statics = vmType === 'User'
    ? await db.selectFrom('public_ip_addresses').select(['uuid', 'address', 'static_nat_vm_id', 'static_nat_vm_ip']).where('static_nat_vm_id', 'in', vmIds).execute()
    : [];
  const vmUuids = vmType === 'User'
    ? new Map((await db.selectFrom('vms').select(['id', 'uuid']).where('id', 'in', vmIds).execute()).map((v) => [v.id, v.uuid]))
    : new Map((await db.selectFrom('routers').select(['id', 'uuid']).where('id', 'in', vmIds).execute()).map((v) => [v.id, v.uuid]));
  for (const r of rows) {
    const nat = statics.find((s) => s.static_nat_vm_id === r.vm_id && s.static_nat_vm_ip === r.ip4_address);
    const v: NicView = {
      id: r.id, uuid: r.uuid, vmId: r.vm_id, vmUuid: vmUuids.get(r.vm_id) ?? null, networkId: r.network_id ?? undefined, networkUuid: r.networkUuid, networkName: r.networkName,
      ipAddress: r.ip4_address, netmask: r.netmask, gateway: r.gateway, macAddress: r.mac_address, isDefault: r.is_default === 1, deviceId: r.device_id,
      type: r.guestType ?? r.traffic_type, trafficType: r.traffic_type, broadcastUri: r.broadcast_uri, isolationUri: r.isolation_uri,
      secondaryIps: secondary.filter((s) => s.nic_id === r.id).map((s) => ({ id: s.id, uuid: s.uuid, ipAddress: s.address })),
      publicIpUuid: nat?.uuid ?? null, publicIp: nat?.address ?? null, vpcUuid: null, vpcName: null, mtu: r.mtu,
    };
    const list = out.get(r.vm_id) ?? [];
    list.push(v);
    out.set(r.vm_id, list);
  }
  return out;
}
