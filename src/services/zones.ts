import { randomUUID } from 'node:crypto';
import { type Caller, isDomainAdmin, isRootAdmin } from '../core/caller.js';
import { isValidDomainName } from '../core/dns-name.js';
import { invalidParam } from '../core/errors.js';
import { type AllocationState, parseAllocationState } from '../core/infra-states.js';
import { isIpv4, isIpv6, isPrivateSubnet, parseCidr } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import { DeleteGuards, refuseIfAny } from './delete-guards.js';
import type { EventService } from './events.js';
import { type ZoneRow, findZone, idOf, nowIso } from './infra-refs.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';

export type NetworkType = 'Basic' | 'Advanced';

export interface ZoneView {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly description: string | null;
  readonly dns1: string;
  readonly dns2: string | null;
  readonly ip6Dns1: string | null;
  readonly ip6Dns2: string | null;
  readonly internalDns1: string;
  readonly internalDns2: string | null;
  readonly guestCidr: string | null;
  readonly networkDomain: string | null;
  readonly domainUuid: string | null;
  readonly domainName: string | null;
  readonly networkType: NetworkType;
  readonly securityGroupEnabled: boolean;
  readonly localStorageEnabled: boolean;
  readonly allocationState: AllocationState;
  readonly zoneToken: string;
  readonly dhcpProvider: string;
  readonly isEdge: boolean;
  readonly created: string;
}

export interface ZoneInput {
  readonly name?: string;
  readonly dns1?: string;
  readonly dns2?: string;
  readonly ip6Dns1?: string;
  readonly ip6Dns2?: string;
  readonly internalDns1?: string;
  readonly internalDns2?: string;
  readonly guestCidr?: string;
  readonly networkDomain?: string;
  readonly allocationState?: string;
  readonly localStorageEnabled?: boolean;
}

export interface CreateZoneInput extends ZoneInput {
  readonly name: string;
  readonly dns1: string;
  readonly internalDns1: string;
  readonly networkType: string;
  readonly domainId?: string;
  readonly securityGroupEnabled?: boolean;
  readonly isEdge?: boolean;
}

export interface UpdateZoneInput extends ZoneInput {
  readonly isPublic?: boolean;
  readonly dhcpProvider?: string;
  readonly sortKey?: number;
}

export interface ZoneFilter {
  readonly id?: string;
  readonly ids?: readonly string[];
  readonly available?: boolean;
  readonly domainId?: string;
  readonly name?: string;
  readonly networkType?: string;
  readonly keyword?: string;
}

/** CloudStack's default guest CIDR of an Advanced zone. */
export const DEFAULT_GUEST_CIDR = '10.1.1.0/24';

function parseNetworkType(s: string): NetworkType {
  const v = s.trim().toLowerCase();
  if (v === 'basic') return 'Basic';
  if (v === 'advanced') return 'Advanced';
  throw invalidParam(`Invalid network type ${s}: it must be Basic or Advanced`);
}

function allocation(s: string): AllocationState {
  const a = parseAllocationState(s);
  if (!a) throw invalidParam(`Invalid allocation state ${s}: it must be Enabled or Disabled`);
  return a;
}

/** Validates the DNS, CIDR and network-domain fields given (absent fields are not checked). */
function checkZoneFields(a: ZoneInput): void {
  for (const [name, v] of [['dns1', a.dns1], ['dns2', a.dns2], ['internaldns1', a.internalDns1], ['internaldns2', a.internalDns2]] as const) {
    if (v !== undefined && v !== '' && !isIpv4(v)) throw invalidParam(`Please enter a valid IPv4 address for ${name}: ${v}`);
  }
  for (const [name, v] of [['ip6dns1', a.ip6Dns1], ['ip6dns2', a.ip6Dns2]] as const) {
    if (v !== undefined && v !== '' && !isIpv6(v)) throw invalidParam(`Please enter a valid IPv6 address for ${name}: ${v}`);
  }
  if (a.guestCidr !== undefined) {
    const c = parseCidr(a.guestCidr);
    if (!c || !isPrivateSubnet(c) || c.prefix > 29) {
      throw invalidParam(`Please enter a valid guest CIDR: ${a.guestCidr} must be a private (RFC 1918) network address with a prefix of /29 or shorter`);
    }
  }
  if (a.networkDomain !== undefined && a.networkDomain !== '' && !isValidDomainName(a.networkDomain)) {
    throw invalidParam(`Invalid network domain ${a.networkDomain}: labels may hold letters, digits and hyphens, at most 63 characters each`);
  }
  if (a.name !== undefined && !a.name.trim()) throw invalidParam('The zone name must not be empty');
}

const orNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);

export class ZoneService {
  /** Other families' vetoes on deleteZone (networks, templates, …). */
  readonly deleteGuards = new DeleteGuards();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
  ) {}

  async create(caller: Caller, a: CreateZoneInput): Promise<ZoneView> {
    const networkType = parseNetworkType(a.networkType);
    if (!a.dns1) throw invalidParam('dns1 is required: please enter a valid IPv4 address for dns1');
    if (!a.internalDns1) throw invalidParam('internaldns1 is required: please enter a valid IPv4 address for internaldns1');
    checkZoneFields(a);
    if (networkType === 'Basic' && a.guestCidr !== undefined) throw invalidParam('guestcidraddress applies to Advanced zones only');
    const allocationState = a.allocationState !== undefined ? allocation(a.allocationState) : 'Disabled';
    const name = a.name.trim();
    let domainId: number | null = null;
    if (a.domainId !== undefined) {
      const id = await resolveId(this.db, 'domains', a.domainId);
      const d = id === undefined ? undefined : await this.db.selectFrom('domains').select('id').where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
      if (!d) throw invalidParam(`Unable to find domain with id ${a.domainId}`);
      domainId = d.id;
    }
    const uuid = randomUUID();
    const id = await this.db.transaction().execute(async (tx) => {
      await this.assertNameFree(tx, name);
      const row = await tx.insertInto('zones').values({
        uuid, name, description: null, dns1: a.dns1, dns2: orNull(a.dns2), ip6_dns1: orNull(a.ip6Dns1), ip6_dns2: orNull(a.ip6Dns2),
        internal_dns1: a.internalDns1, internal_dns2: orNull(a.internalDns2),
        guest_cidr: networkType === 'Advanced' ? (a.guestCidr ?? DEFAULT_GUEST_CIDR) : null,
        network_domain: orNull(a.networkDomain), domain_id: domainId, network_type: networkType,
        // A Basic zone isolates guests with security groups only (CloudStack forces it on).
        security_group_enabled: networkType === 'Basic' || a.securityGroupEnabled === true ? 1 : 0,
        local_storage_enabled: a.localStorageEnabled ? 1 : 0, allocation_state: allocationState, zone_token: randomUUID(),
        dhcp_provider: 'VirtualRouter', is_edge: a.isEdge ? 1 : 0, sort_key: 0, created: nowIso(), removed: null,
      }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    });
    await this.events.record(caller, { type: 'ZONE.CREATE', description: `Created zone ${name}`, resourceType: 'Zone', resourceId: uuid, resourceName: name });
    return this.view(id);
  }

  async update(caller: Caller, idOrUuid: string, a: UpdateZoneInput): Promise<ZoneView> {
    const z = await findZone(this.db, idOrUuid);
    checkZoneFields(a);
    if (a.guestCidr !== undefined && z.network_type !== 'Advanced') throw invalidParam('guestcidraddress applies to Advanced zones only');
    if (a.dns1 === '' || a.internalDns1 === '') throw invalidParam('dns1 and internaldns1 cannot be removed from a zone');
    const allocationState = a.allocationState !== undefined ? allocation(a.allocationState) : undefined;
    const name = a.name?.trim();
    await this.db.transaction().execute(async (tx) => {
      if (name !== undefined && name.toLowerCase() !== z.name.toLowerCase()) await this.assertNameFree(tx, name);
      const set = {
        ...(name !== undefined ? { name } : {}),
        ...(a.dns1 !== undefined ? { dns1: a.dns1 } : {}),
        ...(a.dns2 !== undefined ? { dns2: orNull(a.dns2) } : {}),
        ...(a.ip6Dns1 !== undefined ? { ip6_dns1: orNull(a.ip6Dns1) } : {}),
        ...(a.ip6Dns2 !== undefined ? { ip6_dns2: orNull(a.ip6Dns2) } : {}),
        ...(a.internalDns1 !== undefined ? { internal_dns1: a.internalDns1 } : {}),
        ...(a.internalDns2 !== undefined ? { internal_dns2: orNull(a.internalDns2) } : {}),
        ...(a.guestCidr !== undefined ? { guest_cidr: a.guestCidr } : {}),
        ...(a.networkDomain !== undefined ? { network_domain: orNull(a.networkDomain) } : {}),
        ...(allocationState !== undefined ? { allocation_state: allocationState } : {}),
        ...(a.localStorageEnabled !== undefined ? { local_storage_enabled: a.localStorageEnabled ? 1 : 0 } : {}),
        ...(a.isPublic === true ? { domain_id: null } : {}),
        ...(a.dhcpProvider !== undefined ? { dhcp_provider: a.dhcpProvider } : {}),
        ...(a.sortKey !== undefined ? { sort_key: a.sortKey } : {}),
      };
      if (Object.keys(set).length) await tx.updateTable('zones').set(set).where('id', '=', z.id).execute();
    });
    await this.events.record(caller, { type: 'ZONE.EDIT', description: `Updated zone ${name ?? z.name}`, resourceType: 'Zone', resourceId: z.uuid, resourceName: name ?? z.name });
    return this.view(z.id);
  }

  /** Refused while anything lives in the zone; the checks and the removal share a transaction. */
  async delete(caller: Caller, idOrUuid: string): Promise<void> {
    const z = await findZone(this.db, idOrUuid);
    await this.db.transaction().execute(async (tx) => {
      await this.deleteGuards.assertFree(tx, z.id, [
        refuseIfAny(`The zone ${z.name} is not deletable because there are pods in it`, (db, id) =>
          db.selectFrom('pods').select('id').where('zone_id', '=', id).where('removed', 'is', null).executeTakeFirst()),
        refuseIfAny(`The zone ${z.name} is not deletable because there are hosts in it`, (db, id) =>
          db.selectFrom('hosts').select('id').where('zone_id', '=', id).where('removed', 'is', null).executeTakeFirst()),
        refuseIfAny(`The zone ${z.name} is not deletable because there are primary storage pools in it`, (db, id) =>
          db.selectFrom('storage_pools').select('id').where('zone_id', '=', id).where('removed', 'is', null).executeTakeFirst()),
        refuseIfAny(`The zone ${z.name} is not deletable because there are image stores in it`, (db, id) =>
          db.selectFrom('image_stores').select('id').where('zone_id', '=', id).where('removed', 'is', null).executeTakeFirst()),
        refuseIfAny(`The zone ${z.name} is not deletable because there are public IP ranges in it`, (db, id) =>
          db.selectFrom('vlan_ranges').select('id').where('zone_id', '=', id).executeTakeFirst()),
      ]);
      await tx.updateTable('zones').set({ removed: nowIso(), allocation_state: 'Disabled' }).where('id', '=', z.id).where('removed', 'is', null).execute();
    });
    await this.events.record(caller, { type: 'ZONE.DELETE', description: `Deleted zone ${z.name}`, resourceType: 'Zone', resourceId: z.uuid, resourceName: z.name });
  }

  /**
   * Root admins see every zone. Everybody else sees enabled zones that are public or
   * dedicated to their domain or one above it (a domain admin also: below it).
   */
  async list(caller: Caller, f: ZoneFilter, page: Page): Promise<{ count: number; items: ZoneView[] }> {
    let q = this.db.selectFrom('zones as z').leftJoin('domains as d', 'd.id', 'z.domain_id').where('z.removed', 'is', null);
    if (!isRootAdmin(caller) || f.available === true) q = q.where('z.allocation_state', '=', 'Enabled');
    if (!isRootAdmin(caller)) {
      const ancestors = caller.domainPath.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/') + '/');
      q = q.where((eb) => eb.or([
        eb('z.domain_id', 'is', null),
        eb('d.path', 'in', ancestors),
        ...(isDomainAdmin(caller) ? [eb('d.path', 'like', `${caller.domainPath}%`)] : []),
      ]));
    }
    if (f.id !== undefined) q = q.where('z.id', '=', await idOf(this.db, 'zones', f.id));
    if (f.ids !== undefined) {
      const ids: number[] = [];
      for (const i of f.ids) ids.push(await idOf(this.db, 'zones', i));
      q = q.where('z.id', 'in', ids.length ? ids : [-1]);
    }
    if (f.domainId !== undefined) q = q.where('z.domain_id', '=', await idOf(this.db, 'domains', f.domainId));
    if (f.name !== undefined) q = q.where('z.name', '=', f.name);
    if (f.networkType !== undefined) q = q.where('z.network_type', '=', parseNetworkType(f.networkType));
    if (f.keyword !== undefined) q = q.where('z.name', 'like', `%${f.keyword}%`);
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.select('z.id').orderBy('z.sort_key').orderBy('z.id').limit(page.limit).offset(page.offset).execute();
    const items: ZoneView[] = [];
    for (const r of rows) items.push(await this.view(r.id));
    return { count: Number(count), items };
  }

  async view(id: number): Promise<ZoneView> {
    const z = await this.db.selectFrom('zones as z').leftJoin('domains as d', 'd.id', 'z.domain_id')
      .selectAll('z').select(['d.uuid as domainUuid', 'd.name as domainName']).where('z.id', '=', id).executeTakeFirstOrThrow();
    return toView(z, z.domainUuid, z.domainName);
  }

  private async assertNameFree(db: Db, name: string): Promise<void> {
    const clash = await db.selectFrom('zones').select('id').where('removed', 'is', null)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
    if (clash) throw invalidParam(`A zone with name ${name} already exists`);
  }
}

function toView(z: ZoneRow, domainUuid: string | null, domainName: string | null): ZoneView {
  return {
    id: z.id, uuid: z.uuid, name: z.name, description: z.description, dns1: z.dns1, dns2: z.dns2, ip6Dns1: z.ip6_dns1, ip6Dns2: z.ip6_dns2,
    internalDns1: z.internal_dns1, internalDns2: z.internal_dns2, guestCidr: z.guest_cidr, networkDomain: z.network_domain,
    domainUuid, domainName, networkType: z.network_type as NetworkType, securityGroupEnabled: z.security_group_enabled === 1,
    localStorageEnabled: z.local_storage_enabled === 1, allocationState: z.allocation_state as AllocationState, zoneToken: z.zone_token,
    dhcpProvider: z.dhcp_provider, isEdge: z.is_edge === 1, created: z.created,
  };
}
