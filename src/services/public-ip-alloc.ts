// Taking and giving back public IPs: a compare-and-set of one `public_ip_addresses` row from
// Free to Allocated (retried when another allocator wins the row), the account's public_ip
// limit, and the source NAT flag, which a partial unique index keeps to one per network.
import { sql } from 'kysely';
import { DomainError, invalidParam } from '../core/errors.js';
import { parseIpv4 } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import { type PublicIpRow, isUniqueViolation, nowIso } from './network-refs.js';
import type { ResourceLimitService } from './resource-limits.js';

const RETRIES = 50;

export interface AllocateIp {
  readonly zoneId: number;
  readonly accountId: number;
  readonly domainId: number;
  readonly networkId: number | null;
  /** A specific address of the zone's public ranges. */
  readonly address?: string;
  /** Make it the network's source NAT address if the network has none yet. */
  readonly sourceNat?: boolean;
}

/** Ranges an account may take addresses from: its own dedicated ones, its domain's, and the undedicated. */
function usableRanges(db: Db, zoneId: number, accountId: number, domainPath: string) {
  return db.selectFrom('vlan_ranges as v').leftJoin('domains as d', 'd.id', 'v.domain_id').select('v.id')
    .where('v.zone_id', '=', zoneId).where('v.for_virtual_network', '=', 1).where('v.for_system_vms', '=', 0)
    .where((eb) => eb.or([
      eb('v.account_id', '=', accountId),
      eb.and([eb('v.account_id', 'is', null), eb.or([eb('v.domain_id', 'is', null), eb(sql.lit(domainPath), 'like', sql<string>`d.path || '%'`)])]),
    ]));
}

/** Allocates one public IP (reserving the account's limit first); 533 when the zone has none free. */
export async function allocatePublicIp(db: Db, limits: ResourceLimitService, a: AllocateIp): Promise<PublicIpRow> {
  const owner = await db.selectFrom('accounts as a').innerJoin('domains as d', 'd.id', 'a.domain_id').select('d.path').where('a.id', '=', a.accountId).executeTakeFirstOrThrow();
  if (a.address !== undefined) {
    const n = parseIpv4(a.address);
    if (n === undefined) throw invalidParam(`Invalid IP address ${a.address}`);
    const row = await db.selectFrom('public_ip_addresses').select(['id', 'state', 'vlan_range_id']).where('zone_id', '=', a.zoneId).where('address', '=', a.address).executeTakeFirst();
    if (!row) throw invalidParam(`The IP address ${a.address} is not in any public IP range of the zone`);
    const ok = await usableRanges(db, a.zoneId, a.accountId, owner.path).where('v.id', '=', row.vlan_range_id).executeTakeFirst();
    if (!ok) throw invalidParam(`The IP address ${a.address} belongs to a range dedicated to another owner`);
    if (row.state !== 'Free') throw invalidParam(`The IP address ${a.address} is already allocated`);
  }
  await limits.reserve(a.accountId, 'public_ip', 1);
  try {
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      let candidate = db.selectFrom('public_ip_addresses').select('id').where('zone_id', '=', a.zoneId).where('state', '=', 'Free')
        .where('vlan_range_id', 'in', usableRanges(db, a.zoneId, a.accountId, owner.path));
      candidate = a.address !== undefined ? candidate.where('address', '=', a.address) : candidate.orderBy('address_num').limit(1);
      const pick = await candidate.executeTakeFirst();
      if (!pick) {
        if (a.address !== undefined) throw invalidParam(`The IP address ${a.address} is already allocated`);
        throw new DomainError('InsufficientCapacity', 'Insufficient address capacity: no free public IP address in the zone');
      }
      const done = await db.updateTable('public_ip_addresses').set({
        state: 'Allocated', account_id: a.accountId, domain_id: a.domainId, network_id: a.networkId, allocated: nowIso(), source_nat: 0,
        static_nat_vm_id: null, static_nat_vm_ip: null, for_display: 1,
      }).where('id', '=', pick.id).where('state', '=', 'Free').executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) continue;
      if (a.sourceNat && a.networkId !== null) await markSourceNat(db, pick.id, a.networkId);
      return db.selectFrom('public_ip_addresses').selectAll().where('id', '=', pick.id).executeTakeFirstOrThrow();
    }
    throw new DomainError('InsufficientCapacity', 'Unable to allocate a public IP address: too many concurrent allocations');
  } catch (e) {
    await limits.release(a.accountId, 'public_ip', 1);
    throw e;
  }
}

/** Makes the IP its network's source NAT address unless the network already has one (then: false). */
export async function markSourceNat(db: Db, ipId: number, networkId: number): Promise<boolean> {
  const has = await db.selectFrom('public_ip_addresses').select('id').where('network_id', '=', networkId).where('source_nat', '=', 1).executeTakeFirst();
  if (has) return has.id === ipId;
  try {
    await db.updateTable('public_ip_addresses').set({ source_nat: 1 }).where('id', '=', ipId).where('network_id', '=', networkId).execute();
    return true;
  } catch (e) {
    // Another address of the network became source NAT first: this one stays a plain address.
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

/** Gives an address back to its range (idempotent) and the account's public_ip count with it. */
export async function releasePublicIp(db: Db, limits: ResourceLimitService, ip: PublicIpRow): Promise<boolean> {
  const done = await db.updateTable('public_ip_addresses').set({
    state: 'Free', account_id: null, domain_id: null, network_id: null, allocated: null, source_nat: 0, static_nat_vm_id: null, static_nat_vm_ip: null,
    vpc_id: null, for_display: 1,
  }).where('id', '=', ip.id).where('state', '=', 'Allocated').executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) return false;
  await db.deleteFrom('resource_tags').where('resource_type', '=', 'PublicIpAddress').where('resource_id', '=', ip.id).execute();
  if (ip.account_id !== null) await limits.release(ip.account_id, 'public_ip', 1);
  return true;
}
