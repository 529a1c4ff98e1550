// Plain view objects of virtual routers (CloudStack's DomainRouterResponse), loaded by row.
import type { Db } from '../db/schema.js';
import { type NicView, nicViews } from './nic-views.js';
import { type OwnerView, type RouterRow, ownerOf } from './network-refs.js';

/** The system VM template version routers report (listRouters version=). */
export const CLOUDSTACK_ROUTER_VERSION = '4.22.0';

export interface RouterView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly state: string;
  readonly role: string;
  readonly redundantState: string;
  readonly version: string;
  readonly created: string;
  readonly zoneUuid: string;
  readonly zoneName: string;
  readonly dns1: string | null;
  readonly dns2: string | null;
  readonly networkDomain: string | null;
  readonly gateway: string | null;
  readonly podUuid: string | null;
  readonly podName: string | null;
  readonly hostUuid: string | null;
  readonly hostName: string | null;
  readonly hypervisor: string | null;
  readonly linkLocalIp: string | null;
  readonly publicIp: string | null;
  readonly publicMac: string | null;
  readonly publicNetmask: string | null;
  readonly guestIp: string | null;
  readonly guestMac: string | null;
  readonly guestNetmask: string | null;
  readonly guestNetworkUuid: string | null;
  readonly guestNetworkName: string | null;
  readonly serviceOfferingUuid: string | null;
  readonly serviceOfferingName: string | null;
  readonly owner: OwnerView;
  readonly nics: readonly NicView[];
  readonly configVersion: number;
  readonly appliedVersion: number;
}

export async function routerView(db: Db, r: RouterRow): Promise<RouterView> {
  const zone = await db.selectFrom('zones').select(['uuid', 'name', 'dns1', 'dns2']).where('id', '=', r.zone_id).executeTakeFirstOrThrow();
  const pod = r.pod_id === null ? undefined : await db.selectFrom('pods').select(['uuid', 'name']).where('id', '=', r.pod_id).executeTakeFirst();
  const host = r.host_id === null ? undefined : await db.selectFrom('hosts').select(['uuid', 'name', 'hypervisor_type']).where('id', '=', r.host_id).executeTakeFirst();
  const net = r.network_id === null ? undefined
    : await db.selectFrom('networks').select(['uuid', 'name', 'network_domain', 'gateway', 'netmask', 'dns1', 'dns2']).where('id', '=', r.network_id).executeTakeFirst();
  const so = r.service_offering_id === null ? undefined : await db.selectFrom('service_offerings').select(['uuid', 'name']).where('id', '=', r.service_offering_id).executeTakeFirst();
  const nics = (await nicViews(db, 'DomainRouter', [r.id])).get(r.id) ?? [];
  const guest = nics.find((n) => n.trafficType === 'Guest');
  const pub = nics.find((n) => n.trafficType === 'Public');
  return {
    id: r.id, uuid: r.uuid, name: r.name, state: r.state, role: r.role, redundantState: r.redundant_state, version: r.version, created: r.created,
    zoneUuid: zone.uuid, zoneName: zone.name, dns1: net?.dns1 ?? zone.dns1, dns2: net?.dns2 ?? zone.dns2, networkDomain: net?.network_domain ?? null,
    gateway: pub?.gateway ?? null, podUuid: pod?.uuid ?? null, podName: pod?.name ?? null, hostUuid: host?.uuid ?? null, hostName: host?.name ?? null,
    hypervisor: host?.hypervisor_type ?? null, linkLocalIp: r.link_local_ip, publicIp: pub?.ipAddress ?? null, publicMac: pub?.macAddress ?? null,
    publicNetmask: pub?.netmask ?? null, guestIp: guest?.ipAddress ?? null, guestMac: guest?.macAddress ?? null, guestNetmask: guest?.netmask ?? null,
    guestNetworkUuid: net?.uuid ?? null, guestNetworkName: net?.name ?? null, serviceOfferingUuid: so?.uuid ?? null, serviceOfferingName: so?.name ?? null,
    owner: await ownerOf(db, r.account_id), nics, configVersion: r.config_version, appliedVersion: r.applied_version,
  };
}
