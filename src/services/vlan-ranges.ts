import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Caller } from '../core/caller.js';
import { invalidParam, resourceInUse } from '../core/errors.js';
import { checkIpv4Range, formatCidr, formatIpv4, parseIpv4, rangesOverlap } from '../core/ipv4.js';
import type { Db, VlanRangeTable } from '../db/schema.js';
import type { EventService } from './events.js';
import { findPodInZone, findZone, idOf, nowIso } from './infra-refs.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';

export interface VlanRangeView {
  readonly id: number;
  readonly uuid: string;
  readonly zoneUuid: string;
  readonly podUuid: string | null;
  readonly podName: string | null;
  readonly vlan: string;
  readonly gateway: string;
  readonly netmask: string;
  readonly cidr: string;
  readonly startIp: string;
  readonly endIp: string;
  readonly forVirtualNetwork: boolean;
  readonly forSystemVms: boolean;
  readonly domainUuid: string | null;
  readonly domainName: string | null;
  readonly domainPath: string | null;
  readonly accountName: string | null;
}

export interface CreateVlanRangeInput {
  readonly zoneId?: string;
  readonly podId?: string;
  readonly vlan?: string;
  readonly gateway?: string;
  readonly netmask?: string;
  readonly startIp?: string;
  readonly endIp?: string;
  readonly forVirtualNetwork?: boolean;
  readonly forSystemVms?: boolean;
  readonly account?: string;
  readonly domainId?: string;
  readonly projectId?: string;
  readonly networkId?: string;
  readonly physicalNetworkId?: string;
  readonly ipv6?: boolean;
}

export interface VlanRangeFilter {
  readonly id?: string;
  readonly zoneId?: string;
  readonly podId?: string;
  readonly vlan?: string;
  readonly forVirtualNetwork?: boolean;
  readonly domainId?: string;
  readonly account?: string;
  readonly keyword?: string;
  readonly networkId?: string;
  readonly physicalNetworkId?: string;
  readonly projectId?: string;
}

/** Each address becomes a row; a /16 is the most one range may hold. */
export const MAX_RANGE_ADDRESSES = 65536;
const INSERT_CHUNK = 500;

/** "100", "vlan://100", "untagged" → CloudStack's stored form `vlan://100` / `vlan://untagged`. */
export function parseVlanTag(s: string | undefined): string {
  const v = (s ?? 'untagged').trim().toLowerCase().replace(/^vlan:\/\//, '');
  if (v === 'untagged') return 'vlan://untagged';
  if (/^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 4094) return `vlan://${Number(v)}`;
  throw invalidParam(`Invalid vlan ${s}: it must be a VLAN id between 1 and 4094 or untagged`);
}

/** One Free row per address of a new range (also used by the first-start seed). */
export async function insertRangeAddresses(db: Db, zoneId: number, rangeId: number, start: number, end: number): Promise<void> {
  for (let first = start; first <= end; first += INSERT_CHUNK) {
    const rows = [];
    for (let n = first; n <= Math.min(end, first + INSERT_CHUNK - 1); n++) {
      rows.push({ uuid: randomUUID(), zone_id: zoneId, vlan_range_id: rangeId, address: formatIpv4(n), address_num: n, state: 'Free', account_id: null, domain_id: null, network_id: null, allocated: null });
    }
    await db.insertInto('public_ip_addresses').values(rows).execute();
  }
}

export class VlanRangeService {
  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  async create(caller: Caller, a: CreateVlanRangeInput): Promise<VlanRangeView> {
    if (a.ipv6) throw invalidParam('IPv6 public ranges are not supported yet');
    if (a.projectId !== undefined) throw invalidParam(`Unable to find project with id ${a.projectId}`);
    if (a.networkId !== undefined) throw invalidParam(`Unable to find network with id ${a.networkId}`);
    if (a.physicalNetworkId !== undefined) throw invalidParam(`Unable to find physical network with id ${a.physicalNetworkId}`);
    if (a.zoneId === undefined) throw invalidParam('zoneid is required to create an IP range');
    const zone = await findZone(this.db, a.zoneId);
    if (a.gateway === undefined || a.netmask === undefined || a.startIp === undefined) throw invalidParam('gateway, netmask and startip are required for an IPv4 range');
    const r = checkIpv4Range({ gateway: a.gateway, netmask: a.netmask, startIp: a.startIp, endIp: a.endIp });
    const size = r.end - r.start + 1;
    if (size > MAX_RANGE_ADDRESSES) throw invalidParam(`The IP range holds ${size} addresses; at most ${MAX_RANGE_ADDRESSES} are allowed in one range`);
    const vlan = parseVlanTag(a.vlan);
    const virtual = a.forVirtualNetwork ?? true;
    if (virtual && zone.network_type === 'Basic') throw invalidParam('A Basic zone has no virtual (public) networks: use forvirtualnetwork=false with a podid');
    if (!virtual && zone.network_type === 'Advanced') throw invalidParam('A direct IP range in an Advanced zone belongs to a shared network: pass networkid');
    if (!virtual && a.podId === undefined) throw invalidParam('A direct IP range in a Basic zone needs podid');
    const pod = a.podId !== undefined ? await findPodInZone(this.db, a.podId, zone) : undefined;
    const owner = await this.owner(caller, a.account, a.domainId);
    const uuid = randomUUID();
    const startIp = formatIpv4(r.start);
    const endIp = formatIpv4(r.end);
    const id = await this.db.transaction().execute(async (tx) => {
      for (const o of await tx.selectFrom('vlan_ranges').select(['start_ip', 'end_ip']).where('zone_id', '=', zone.id).execute()) {
        if (rangesOverlap({ start: r.start, end: r.end }, { start: parseIpv4(o.start_ip)!, end: parseIpv4(o.end_ip)! })) {
          throw invalidParam(`The IP range ${startIp}-${endIp} overlaps the existing range ${o.start_ip}-${o.end_ip} in zone ${zone.name}`);
        }
      }
      const row = await tx.insertInto('vlan_ranges').values({
        uuid, zone_id: zone.id, pod_id: pod?.id ?? null, vlan_tag: vlan, gateway: a.gateway!, netmask: a.netmask!, start_ip: startIp, end_ip: endIp,
        for_virtual_network: virtual ? 1 : 0, for_system_vms: a.forSystemVms ? 1 : 0, network_id: null, physical_network_id: null,
        domain_id: owner.domainId, account_id: owner.accountId, created: nowIso(),
      }).returning('id').executeTakeFirstOrThrow();
      await insertRangeAddresses(tx, zone.id, row.id, r.start, r.end);
      return row.id;
    });
    await this.events.record(caller, { type: 'VLAN.IP.RANGE.CREATE', description: `Created IP range ${startIp}-${endIp} (${vlan}) in zone ${zone.name}`, resourceType: 'Vlan', resourceId: uuid });
    return this.view(id);
  }

  /** Refused while any address of the range is allocated; the range and its addresses go together. */
  async delete(caller: Caller, idOrUuid: string): Promise<void> {
    const r = await this.find(idOrUuid);
    await this.db.transaction().execute(async (tx) => {
      // Free rows go first; whatever remains is allocated (also by a concurrent allocator), and rolls back.
      await tx.deleteFrom('public_ip_addresses').where('vlan_range_id', '=', r.id).where('state', '=', 'Free').execute();
      const used = await tx.selectFrom('public_ip_addresses').select('address').where('vlan_range_id', '=', r.id).executeTakeFirst();
      if (used) throw resourceInUse(`The IP range ${r.start_ip}-${r.end_ip} cannot be deleted: address ${used.address} is allocated`);
      await tx.deleteFrom('vlan_ranges').where('id', '=', r.id).execute();
    });
    await this.events.record(caller, { type: 'VLAN.IP.RANGE.DELETE', description: `Deleted IP range ${r.start_ip}-${r.end_ip}`, resourceType: 'Vlan', resourceId: r.uuid });
  }

  async list(f: VlanRangeFilter, page: Page): Promise<{ count: number; items: VlanRangeView[] }> {
    // Networks, physical networks and projects do not exist yet: any such id names nothing.
    if (f.networkId !== undefined) throw invalidParam(`Unable to find network with id ${f.networkId}`);
    if (f.physicalNetworkId !== undefined) throw invalidParam(`Unable to find physical network with id ${f.physicalNetworkId}`);
    if (f.projectId !== undefined) throw invalidParam(`Unable to find project with id ${f.projectId}`);
    let q = this.db.selectFrom('vlan_ranges as v');
    if (f.id !== undefined) q = q.where('v.id', '=', await idOf(this.db, 'vlan_ranges', f.id));
    if (f.zoneId !== undefined) q = q.where('v.zone_id', '=', await idOf(this.db, 'zones', f.zoneId));
    if (f.podId !== undefined) q = q.where('v.pod_id', '=', await idOf(this.db, 'pods', f.podId));
    if (f.vlan !== undefined) q = q.where('v.vlan_tag', '=', parseVlanTag(f.vlan));
    if (f.forVirtualNetwork !== undefined) q = q.where('v.for_virtual_network', '=', f.forVirtualNetwork ? 1 : 0);
    if (f.domainId !== undefined) q = q.where('v.domain_id', '=', await idOf(this.db, 'domains', f.domainId));
    if (f.account !== undefined) {
      const accounts = this.db.selectFrom('accounts').select('id').where('name', '=', f.account).where('removed', 'is', null);
      q = q.where('v.account_id', 'in', accounts);
    }
    if (f.keyword !== undefined) q = q.where((eb) => eb.or([eb('v.vlan_tag', 'like', `%${f.keyword}%`), eb('v.start_ip', 'like', `%${f.keyword}%`)]));
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('v.id').orderBy('v.id').limit(page.limit).offset(page.offset).execute();
    const items: VlanRangeView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async view(id: number): Promise<VlanRangeView> {
    const v = await this.db.selectFrom('vlan_ranges as v').innerJoin('zones as z', 'z.id', 'v.zone_id').leftJoin('pods as p', 'p.id', 'v.pod_id')
      .leftJoin('domains as d', 'd.id', 'v.domain_id').leftJoin('accounts as a', 'a.id', 'v.account_id').selectAll('v')
      .select(['z.uuid as zoneUuid', 'p.uuid as podUuid', 'p.name as podName', 'd.uuid as domainUuid', 'd.name as domainName', 'd.path as domainPath', 'a.name as accountName'])
      .where('v.id', '=', id).executeTakeFirstOrThrow();
    const r = checkIpv4Range({ gateway: v.gateway, netmask: v.netmask, startIp: v.start_ip, endIp: v.end_ip });
    return {
      id: v.id, uuid: v.uuid, zoneUuid: v.zoneUuid, podUuid: v.podUuid, podName: v.podName, vlan: v.vlan_tag, gateway: v.gateway, netmask: v.netmask,
      cidr: formatCidr(r.subnet), startIp: v.start_ip, endIp: v.end_ip, forVirtualNetwork: v.for_virtual_network === 1, forSystemVms: v.for_system_vms === 1,
      domainUuid: v.domainUuid, domainName: v.domainName, domainPath: v.domainPath, accountName: v.accountName,
    };
  }

  private async find(idOrUuid: string): Promise<Selectable<VlanRangeTable>> {
    const id = await resolveId(this.db, 'vlan_ranges', idOrUuid);
    const row = id === undefined ? undefined : await this.db.selectFrom('vlan_ranges').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw invalidParam(`Unable to find IP range with id ${idOrUuid}`);
    return row;
  }

  /** A range may be dedicated to a domain, or to an account of a domain (the caller's by default). */
  private async owner(caller: Caller, account: string | undefined, domainId: string | undefined): Promise<{ domainId: number | null; accountId: number | null }> {
    if (account === undefined && domainId === undefined) return { domainId: null, accountId: null };
    let domain = caller.domainId;
    if (domainId !== undefined) {
      const id = await resolveId(this.db, 'domains', domainId);
      const d = id === undefined ? undefined : await this.db.selectFrom('domains').select('id').where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
      if (!d) throw invalidParam(`Unable to find domain with id ${domainId}`);
      domain = d.id;
    }
    if (account === undefined) return { domainId: domain, accountId: null };
    const acct = await this.db.selectFrom('accounts').select('id').where('name', '=', account).where('domain_id', '=', domain).where('removed', 'is', null).executeTakeFirst();
    if (!acct) throw invalidParam(`Unable to find account ${account} in the given domain`);
    return { domainId: domain, accountId: acct.id };
  }
}
