// The VPC's virtual router: one per VPC (a router row with vpc_id and no network_id), created
// when the VPC is (createVPC start=true) or its first tier is implemented. It holds the VPC's
// source NAT address on its public NIC and the gateway address of every implemented tier on
// a guest NIC. Its desired config (vpc-router-config.ts) is recomputed after every change,
// versioned with a compare-and-set and pushed to the network driver, as network routers are.
// Starting, stopping and destroying go through RouterService, which owns router states.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { NetworkDriver } from '../drivers/network/types.js';
import { KeyedLock } from '../jobs/keyed-lock.js';
import type { JobOwner } from '../jobs/types.js';
import type { EventService } from './events.js';
import { claimGuestIp, newMac } from './guest-ips.js';
import { type RouterRow, isUniqueViolation, networkById, nowIso } from './network-refs.js';
import { configHash, guestBroadcastUri } from './router-config.js';
import { CLOUDSTACK_ROUTER_VERSION } from './router-views.js';
import type { RouterService } from './routers.js';
import { buildVpcRouterConfig } from './vpc-router-config.js';
import { liveTiers, vpcById } from './vpc-refs.js';

/** Device ids of the VPC router's NICs: the public one, then one per tier from here up. */
const PUBLIC_DEVICE = 1;
const FIRST_TIER_DEVICE = 2;

export class VpcRouterService {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly routers: RouterService,
    private readonly driver: NetworkDriver | undefined,
  ) {}

  async ofVpc(vpcId: number): Promise<RouterRow | undefined> {
    return this.db.selectFrom('routers').selectAll().where('vpc_id', '=', vpcId).where('network_id', 'is', null).where('removed', 'is', null).executeTakeFirst();
  }

  /** Gives the VPC its router (created and started, or started again) and brings its config up to date. */
  async ensure(vpcId: number, owner: JobOwner): Promise<RouterRow> {
    let r = await this.ofVpc(vpcId);
    if (!r) {
      const created = await this.create(vpcId);
      r = created ?? (await this.ofVpc(vpcId));
      if (!r) throw new DomainError('ResourceUnavailable', 'Unable to create the VPC\'s router');
      if (created) {
        const vpc = await vpcById(this.db, vpcId);
        await this.events.record(owner, { type: 'ROUTER.CREATE', description: `Created router ${created.name} for VPC ${vpc.name}`, resourceType: 'DomainRouter', resourceId: created.uuid, resourceName: created.name });
      }
    }
    if (r.state !== 'Running') await this.routers.act('startRouter', r.id);
    await this.sync(vpcId);
    return (await this.ofVpc(vpcId)) ?? r;
  }

  /** Inserts the router row; undefined when a concurrent caller created the VPC's router first. */
  private async create(vpcId: number): Promise<RouterRow | undefined> {
    const vpc = await vpcById(this.db, vpcId);
    const offering = await this.db.selectFrom('vpc_offerings').select('service_offering_id').where('id', '=', vpc.vpc_offering_id).executeTakeFirstOrThrow();
    const so = await this.db.selectFrom('service_offerings').select('id').where('is_system', '=', 1).where('system_vm_type', '=', 'domainrouter')
      .where('removed', 'is', null).orderBy('default_use', 'desc').orderBy('id').executeTakeFirst();
    const host = await this.db.selectFrom('hosts').select(['id', 'pod_id']).where('zone_id', '=', vpc.zone_id).where('status', '=', 'Up')
      .where('resource_state', '=', 'Enabled').where('removed', 'is', null).orderBy('id').executeTakeFirst();
    const uuid = randomUUID();
    let id: number;
    try {
      id = (await this.db.insertInto('routers').values({
        uuid, name: `r-${uuid.slice(0, 8)}-VM`, zone_id: vpc.zone_id, pod_id: host?.pod_id ?? null, host_id: host?.id ?? null, account_id: vpc.account_id,
        domain_id: vpc.domain_id, network_id: null, vpc_id: vpc.id, service_offering_id: offering.service_offering_id ?? so?.id ?? null, state: 'Stopped',
        role: 'VIRTUAL_ROUTER', redundant_state: 'UNKNOWN', version: CLOUDSTACK_ROUTER_VERSION, link_local_ip: null, config_hash: null, config: null,
        applied: null, created: nowIso(), removed: null,
      }).returning('id').executeTakeFirstOrThrow()).id;
    } catch (e) {
      if (isUniqueViolation(e)) return undefined;
      throw e;
    }
    await this.db.updateTable('routers').set({ name: `r-${id}-VM`, link_local_ip: `169.254.${(id >> 8) & 255}.${id & 255}` }).where('id', '=', id).execute();
    return this.db.selectFrom('routers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  private async insertNic(r: RouterRow, v: { network_id: number | null; device_id: number; ip4_address: string; netmask: string | null; gateway: string | null; traffic_type: string; broadcast_uri: string | null }): Promise<number> {
    for (;;) {
      try {
        return (await this.db.insertInto('nics').values({
          uuid: randomUUID(), vm_id: r.id, vm_type: 'DomainRouter', zone_id: r.zone_id, mac_address: newMac(), is_default: v.traffic_type === 'Public' ? 1 : 0,
          isolation_uri: v.broadcast_uri, state: 'Reserved', created: nowIso(), ...v,
        }).returning('id').executeTakeFirstOrThrow()).id;
      } catch (e) {
        // A MAC collision in the zone: draw another.
        if (!isUniqueViolation(e)) throw e;
      }
    }
  }

  /** The router's NICs follow the VPC: its source NAT address, and the gateway of each implemented tier. */
  private async reconcileNics(r: RouterRow): Promise<void> {
    const nics = await this.db.selectFrom('nics').selectAll().where('vm_type', '=', 'DomainRouter').where('vm_id', '=', r.id).execute();
    const ip = await this.db.selectFrom('public_ip_addresses as ip').innerJoin('vlan_ranges as v', 'v.id', 'ip.vlan_range_id')
      .select(['ip.address', 'v.gateway', 'v.netmask', 'v.vlan_tag']).where('ip.vpc_id', '=', r.vpc_id!).where('ip.state', '=', 'Allocated')
      .orderBy('ip.source_nat', 'desc').orderBy('ip.address_num').executeTakeFirst();
    const pub = nics.find((n) => n.traffic_type === 'Public');
    if (pub && pub.ip4_address !== ip?.address) await this.db.deleteFrom('nics').where('id', '=', pub.id).execute();
    if (ip && pub?.ip4_address !== ip.address) {
      await this.insertNic(r, { network_id: null, device_id: PUBLIC_DEVICE, ip4_address: ip.address, netmask: ip.netmask, gateway: ip.gateway, traffic_type: 'Public', broadcast_uri: ip.vlan_tag });
    }
    const tiers = (await liveTiers(this.db, r.vpc_id!)).filter((t) => t.state === 'Implemented');
    for (const nic of nics.filter((n) => n.traffic_type === 'Guest')) {
      if (tiers.some((t) => t.id === nic.network_id)) continue;
      // The tier is going or gone: its gateway address and the NIC leave the router.
      await this.db.transaction().execute(async (tx) => {
        await tx.deleteFrom('guest_ips').where('nic_id', '=', nic.id).execute();
        await tx.deleteFrom('nics').where('id', '=', nic.id).execute();
      });
    }
    let device = Math.max(FIRST_TIER_DEVICE - 1, ...nics.map((n) => n.device_id)) + 1;
    for (const t of tiers) {
      if (nics.some((n) => n.network_id === t.id && n.traffic_type === 'Guest')) continue;
      const n = await networkById(this.db, t.id);
      // A gateway row left by an earlier router of the VPC (destroyed) is this router's now.
      await this.db.deleteFrom('guest_ips').where('network_id', '=', n.id).where('kind', '=', 'Router').where('address', '=', n.gateway!)
        .where((eb) => eb.or([eb('vm_id', 'is', null), eb('vm_id', '!=', r.id)])).execute();
      const claimed = await claimGuestIp(this.db, n, { kind: 'Router', address: n.gateway!, vmId: r.id });
      const nicId = await this.insertNic(r, { network_id: n.id, device_id: device++, ip4_address: claimed.address, netmask: n.netmask, gateway: null, traffic_type: 'Guest', broadcast_uri: guestBroadcastUri(n) });
      await this.db.updateTable('guest_ips').set({ nic_id: nicId }).where('id', '=', claimed.id).execute();
    }
  }

  /**
   * Recomputes the VPC router's desired config; when it changed, bumps the version
   * (compare-and-set, recomputing after a lost race) and pushes it if the router runs.
   */
  async sync(vpcId: number): Promise<void> {
    const r = await this.ofVpc(vpcId);
    if (!r) return;
    await this.lock.run(`vpcrouter:${r.id}`, async () => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const cur = await this.db.selectFrom('routers').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
        if (cur.removed !== null) return;
        await this.reconcileNics(cur);
        const config = await buildVpcRouterConfig(this.db, cur);
        const hash = configHash(config);
        let version = cur.config_version;
        if (hash !== cur.config_hash) {
          const done = await this.db.updateTable('routers').set({ config_version: version + 1, config_hash: hash, config: JSON.stringify(config) })
            .where('id', '=', cur.id).where('config_version', '=', version).executeTakeFirst();
          if (Number(done.numUpdatedRows) !== 1) continue;
          version += 1;
        }
        if (cur.state === 'Running' && version > cur.applied_version && this.driver) {
          const rep = await this.driver.applyRouterConfig(cur.uuid, config, version);
          // As for network routers: the reported version, and the hash of the config the driver holds.
          await this.db.updateTable('routers').set({ applied_version: rep.appliedVersion, applied: rep.appliedConfig ? configHash(rep.appliedConfig) : null })
            .where('id', '=', cur.id).where('applied_version', '<', rep.appliedVersion).execute();
        }
        return;
      }
      throw new DomainError('ResourceUnavailable', `Unable to settle the configuration of router ${r.name}: it kept changing`);
    });
  }

  /** A tier network changed (VMs, addresses, ACL): its VPC's router follows. No-op for other networks. */
  async syncNetwork(networkId: number): Promise<void> {
    const n = await this.db.selectFrom('networks').select('vpc_id').where('id', '=', networkId).executeTakeFirst();
    if (n?.vpc_id != null) await this.sync(n.vpc_id);
  }

  /** Destroys the VPC's router (deleteVPC, restartVPC cleanup=true). */
  async destroy(vpcId: number, owner: JobOwner): Promise<void> {
    const r = await this.ofVpc(vpcId);
    if (!r) return;
    await this.routers.act('destroyRouter', r.id);
    await this.events.record(owner, { type: 'ROUTER.DESTROY', description: `Destroyed router ${r.name} of VPC ${(await vpcById(this.db, vpcId)).name}`, resourceType: 'DomainRouter', resourceId: r.uuid, resourceName: r.name });
  }

  /** VPC routers whose driver report lags behind the desired version (a push failed): pushed again. */
  async resync(): Promise<void> {
    const lagging = await this.db.selectFrom('routers').select('vpc_id').where('removed', 'is', null).where('state', '=', 'Running')
      .where('network_id', 'is', null).where('vpc_id', 'is not', null).where(sql<boolean>`applied_version < config_version`).execute();
    for (const r of lagging) await this.sync(r.vpc_id!);
  }
}
