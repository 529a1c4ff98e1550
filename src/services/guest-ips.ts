// The database half of IPAM: guest addresses, guest VLANs and MACs are claimed by inserting
// under a unique key, and a lost race (another allocator took the same value) is retried
// with a fresh read. Requested values that are taken are a clear 431.
import { randomBytes, randomUUID } from 'node:crypto';
import { DomainError, invalidParam } from '../core/errors.js';
import { type GuestRange, MAX_VNI, checkRequestedIp, hostRange, lowestFree, lowestFreeVnet, parseVlanRanges, randomMac } from '../core/ipam.js';
import { formatIpv4, parseCidr, parseIpv4 } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import { type NetworkRow, isUniqueViolation, nowIso } from './network-refs.js';

const RETRIES = 50;

export type GuestIpKind = 'Nic' | 'Secondary' | 'Router';

/** Where a network hands out addresses from; undefined for networks without IPs (L2). */
export function allocationRange(n: Pick<NetworkRow, 'cidr' | 'ip_start' | 'ip_end'>): GuestRange | undefined {
  if (n.ip_start !== null && n.ip_end !== null) return { start: parseIpv4(n.ip_start)!, end: parseIpv4(n.ip_end)! };
  const c = n.cidr === null ? undefined : parseCidr(n.cidr);
  return c ? hostRange(c) : undefined;
}

/** Addresses taken in a network, the gateway included (it is always the router's or the outside router's). */
export async function takenAddresses(db: Db, n: Pick<NetworkRow, 'id' | 'gateway'>): Promise<Set<number>> {
  const rows = await db.selectFrom('guest_ips').select('address_num').where('network_id', '=', n.id).execute();
  const taken = new Set(rows.map((r) => Number(r.address_num)));
  if (n.gateway !== null) taken.add(parseIpv4(n.gateway)!);
  return taken;
}

export interface ClaimedIp {
  readonly id: number;
  readonly uuid: string;
  readonly address: string;
}

/**
 * Claims a guest address in a network: the requested one (431 if outside the range or taken)
 * or the lowest free one (533 when the network is full).
 */
export async function claimGuestIp(
  db: Db,
  n: NetworkRow,
  o: { requested?: string; kind: GuestIpKind; nicId?: number | null; vmId?: number | null; address?: string },
): Promise<ClaimedIp> {
  const range = allocationRange(n);
  if (!range) throw invalidParam(`Network ${n.name} has no IP addresses to allocate (${n.guest_type} network)`);
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    const taken = await takenAddresses(db, n);
    let num: number | undefined;
    if (o.address !== undefined) num = parseIpv4(o.address);
    else if (o.requested !== undefined) num = checkRequestedIp(o.requested, range, taken, n.name);
    else num = lowestFree(range, taken);
    if (num === undefined) throw new DomainError('InsufficientCapacity', `Insufficient address capacity: no free IP address in network ${n.name} (${n.cidr ?? ''})`);
    const uuid = randomUUID();
    try {
      const row = await db.insertInto('guest_ips').values({
        uuid, network_id: n.id, address: formatIpv4(num), address_num: num, kind: o.kind, nic_id: o.nicId ?? null, vm_id: o.vmId ?? null, created: nowIso(),
      }).returning('id').executeTakeFirstOrThrow();
      return { id: row.id, uuid, address: formatIpv4(num) };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // Someone else took it between our read and insert; a requested address is now simply in use.
      if (o.requested !== undefined || o.address !== undefined) throw invalidParam(`The IP address ${o.requested ?? o.address ?? ''} is already in use in network ${n.name}`);
    }
  }
  throw new DomainError('InsufficientCapacity', `Unable to allocate an IP address in network ${n.name}: too many concurrent allocations`);
}

/** The guest VLAN ranges of a zone: its physical networks' ranges, or the fallback when it has none. */
export async function zoneVnetRanges(db: Db, zoneId: number): Promise<GuestRange[]> {
  const pns = await db.selectFrom('physical_networks').select(['vlan', 'isolation_methods']).where('zone_id', '=', zoneId)
    .where('removed', 'is', null).where('vlan', 'is not', null).orderBy('id').execute();
  const out: GuestRange[] = [];
  for (const p of pns) out.push(...parseVlanRanges(p.vlan!, MAX_VNI));
  // A zone nobody gave a physical network yet still isolates its guest networks: like CloudStack's
  // zone wizard default, VLANs 100-4094 (operators narrow this with createPhysicalNetwork vlan=).
  return out.length ? out.sort((a, b) => a.start - b.start) : [DEFAULT_GUEST_VNETS];
}

export const DEFAULT_GUEST_VNETS: GuestRange = { start: 100, end: 4094 };

/** Claims a guest VLAN in the zone for a network: the requested one, or the lowest free in the zone's ranges. */
export async function claimVnet(db: Db, zoneId: number, networkId: number, requested?: number): Promise<number> {
  const ranges = requested === undefined ? await zoneVnetRanges(db, zoneId) : [];
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    let vnet = requested;
    if (vnet === undefined) {
      const used = new Set((await db.selectFrom('guest_vlans').select('vnet').where('zone_id', '=', zoneId).execute()).map((r) => r.vnet));
      vnet = lowestFreeVnet(ranges, used);
      if (vnet === undefined) throw new DomainError('InsufficientCapacity', 'Unable to allocate a guest VLAN: every VLAN of the zone\'s guest range is in use');
    }
    try {
      await db.insertInto('guest_vlans').values({ zone_id: zoneId, vnet, network_id: networkId, created: nowIso() }).execute();
      return vnet;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      if (requested !== undefined) throw invalidParam(`The VLAN ${requested} is already in use by another network in the zone`);
    }
  }
  throw new DomainError('InsufficientCapacity', 'Unable to allocate a guest VLAN: too many concurrent allocations');
}

export const newMac = (): string => randomMac((n) => randomBytes(n));

/** Whether a MAC is taken by a live NIC of the zone. */
export async function macInUse(db: Db, zoneId: number, mac: string): Promise<boolean> {
  return (await db.selectFrom('nics').select('id').where('zone_id', '=', zoneId).where('mac_address', '=', mac).executeTakeFirst()) !== undefined;
}
