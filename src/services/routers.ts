// Virtual routers as entities: one per guest network whose offering uses the VirtualRouter
// provider, created when the network gets its first VM NIC (or on restart), with CloudStack's
// router states. Its desired configuration is recomputed from the database after every change
// (router-config.ts), versioned with a compare-and-set, and pushed to the network driver.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Caller } from '../core/caller.js';
import { DomainError, invalidParam, invalidState } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { NetworkDriver, RouterConfig } from '../drivers/network/types.js';
import { KeyedLock } from '../jobs/keyed-lock.js';
import type { JobRunner } from '../jobs/runner.js';
import type { JobOwner, JobResult } from '../jobs/types.js';
import type { EventService } from './events.js';
import { claimGuestIp, newMac } from './guest-ips.js';
import { CLOUDSTACK_ROUTER_VERSION, type RouterView, routerView } from './router-views.js';
import { type NetworkRow, type RouterRow, checkOwnerAccess, isUniqueViolation, networkById, nowIso } from './network-refs.js';
import { buildRouterConfig, configHash, guestBroadcastUri, hashText } from './router-config.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import { type RouterFilter, listRouters } from './router-list.js';

export type RouterAction = 'startRouter' | 'stopRouter' | 'rebootRouter' | 'destroyRouter';

const EVENT: Record<RouterAction, string> = { startRouter: 'ROUTER.START', stopRouter: 'ROUTER.STOP', rebootRouter: 'ROUTER.REBOOT', destroyRouter: 'ROUTER.DESTROY' };
/** Router states an action may start from (VirtualMachine.State). */
const FROM: Record<RouterAction, readonly string[]> = {
  startRouter: ['Stopped', 'Running', 'Starting'], stopRouter: ['Running', 'Stopped', 'Stopping'], rebootRouter: ['Running'],
  destroyRouter: ['Running', 'Stopped', 'Starting', 'Stopping', 'Error'],
};

/** Which offerings get a virtual router: some service of theirs is delivered by VirtualRouter. */
export async function needsRouter(db: Db, n: NetworkRow): Promise<boolean> {
  if (n.guest_type === 'L2' || n.vpc_id !== null) return false;
  const row = await db.selectFrom('network_offering_services').select('service').where('network_offering_id', '=', n.network_offering_id)
    .where('provider', '=', 'VirtualRouter').executeTakeFirst();
  return row !== undefined;
}

/** A section another family adds to a network router's config (the VPC family: load balancing). */
export type RouterConfigSection = (router: RouterRow, config: RouterConfig) => Promise<RouterConfig>;

/** What the VPC family does for tiers (no router of their own) and for VPC routers (no network). */
export interface RouterDelegate {
  syncNetwork(networkId: number): Promise<void>;
  syncRouter(router: RouterRow): Promise<void>;
}

export class RouterService {
  /** Serialises config pushes per router inside this process (the version CAS covers several servers). */
  private readonly lock = new KeyedLock();
  /** A sync per router that is queued but has not started reading yet (later requests join it). */
  private readonly queued = new Map<number, Promise<void>>();
  /** Sections the VPC family adds to every network router's config (load balancing). */
  private readonly sections: RouterConfigSection[] = [];
  /** The VPC family: networks without a router of their own (tiers) and routers without a network (a VPC's). */
  private delegate: RouterDelegate | undefined;

  constructor(
    private readonly db: Db,
    private readonly events: EventService,
    private readonly jobs: JobRunner,
    private readonly driver: NetworkDriver | undefined,
  ) {
    for (const cmd of ['startRouter', 'stopRouter', 'rebootRouter', 'destroyRouter'] as const) {
      jobs.register({
        cmd,
        // Each action drives the router to a state and re-pushes its config: safe to repeat.
        onRestart: 'resume',
        run: async (ctx, params): Promise<JobResult> => {
          const id = Number(params.routerId);
          await ctx.step('act', () => this.act(cmd, id));
          await ctx.step('event', async () => {
            await this.events.record(ctx.owner, { type: EVENT[cmd], description: `${cmd} ${String(params.routerUuid)}`, resourceType: 'DomainRouter', resourceId: String(params.routerUuid) });
          });
          return { type: 'entity', entity: 'DomainRouter', data: await this.view(id) };
        },
      });
    }
  }

  addConfigSection(s: RouterConfigSection): void {
    this.sections.push(s);
  }

  setDelegate(d: RouterDelegate): void {
    this.delegate = d;
  }

  /** The live router of a network, if any. */
  async ofNetwork(networkId: number): Promise<RouterRow | undefined> {
    return this.db.selectFrom('routers').selectAll().where('network_id', '=', networkId).where('removed', 'is', null).executeTakeFirst();
  }

  /**
   * Gives the network its router if its offering calls for one and it has none: the router
   * takes the gateway (isolated) or an address of the range (shared), starts, and gets its config.
   */
  async ensure(networkId: number, owner: JobOwner): Promise<RouterRow | undefined> {
    const n = await networkById(this.db, networkId);
    if (n.removed !== null || !(await needsRouter(this.db, n))) return undefined;
    const existing = await this.ofNetwork(n.id);
    if (existing) {
      if (existing.state !== 'Running') await this.act('startRouter', existing.id);
      return this.row(existing.id);
    }
    const created = await this.create(n);
    if (!created) return this.ofNetwork(n.id);
    await this.events.record(owner, { type: 'ROUTER.CREATE', description: `Created router ${created.name} for network ${n.name}`, resourceType: 'DomainRouter', resourceId: created.uuid, resourceName: created.name });
    await this.act('startRouter', created.id);
    return this.row(created.id);
  }

  /** Inserts the router and its guest NIC; undefined when another caller created the network's router first. */
  private async create(n: NetworkRow): Promise<RouterRow | undefined> {
    const uuid = randomUUID();
    const so = await this.db.selectFrom('service_offerings').select('id').where('is_system', '=', 1).where('system_vm_type', '=', 'domainrouter')
      .where('removed', 'is', null).orderBy('default_use', 'desc').orderBy('id').executeTakeFirst();
    const offering = await this.db.selectFrom('network_offerings').select('service_offering_id').where('id', '=', n.network_offering_id).executeTakeFirstOrThrow();
    const host = await this.db.selectFrom('hosts').select(['id', 'pod_id']).where('zone_id', '=', n.zone_id).where('status', '=', 'Up')
      .where('resource_state', '=', 'Enabled').where('removed', 'is', null).orderBy('id').executeTakeFirst();
    let id: number;
    try {
      id = (await this.db.insertInto('routers').values({
        uuid, name: `r-${uuid.slice(0, 8)}-VM`, zone_id: n.zone_id, pod_id: host?.pod_id ?? null, host_id: host?.id ?? null, account_id: n.account_id,
        domain_id: n.domain_id, network_id: n.id, vpc_id: null, service_offering_id: offering.service_offering_id ?? so?.id ?? null, state: 'Starting',
        role: 'VIRTUAL_ROUTER', redundant_state: 'UNKNOWN', version: CLOUDSTACK_ROUTER_VERSION, link_local_ip: null, config_hash: null, config: null,
        applied: null, created: nowIso(), removed: null,
      }).returning('id').executeTakeFirstOrThrow()).id;
    } catch (e) {
      if (isUniqueViolation(e)) return undefined;
      throw e;
    }
    // CloudStack names routers r-<id>-VM; the link-local (control) address derives from the id too.
    await this.db.updateTable('routers').set({ name: `r-${id}-VM`, link_local_ip: `169.254.${(id >> 8) & 255}.${id & 255}` }).where('id', '=', id).execute();
    try {
      const ip = n.guest_type === 'Isolated'
        ? await claimGuestIp(this.db, n, { kind: 'Router', address: n.gateway!, vmId: id })
        : await claimGuestIp(this.db, n, { kind: 'Router', vmId: id });
      const nic = await this.insertNic(id, n.zone_id, { network_id: n.id, device_id: 0, ip4_address: ip.address, netmask: n.netmask, gateway: n.gateway, traffic_type: 'Guest', broadcast_uri: guestBroadcastUri(n) });
      await this.db.updateTable('guest_ips').set({ nic_id: nic }).where('id', '=', ip.id).execute();
    } catch (e) {
      await this.purge(id);
      throw e;
    }
    return this.row(id);
  }

  private async insertNic(routerId: number, zoneId: number, v: { network_id: number | null; device_id: number; ip4_address: string; netmask: string | null; gateway: string | null; traffic_type: string; broadcast_uri: string | null }): Promise<number> {
    for (;;) {
      try {
        return (await this.db.insertInto('nics').values({
          uuid: randomUUID(), vm_id: routerId, vm_type: 'DomainRouter', zone_id: zoneId, mac_address: newMac(), is_default: v.traffic_type === 'Public' ? 1 : 0,
          isolation_uri: v.broadcast_uri, state: 'Reserved', created: nowIso(), ...v,
        }).returning('id').executeTakeFirstOrThrow()).id;
      } catch (e) {
        // A MAC collision in the zone: draw another (the device key cannot collide for a new router).
        if (!isUniqueViolation(e)) throw e;
      }
    }
  }

  /** The router's public NIC follows the network's public side (its source NAT or first address). */
  private async ensurePublicNic(r: RouterRow): Promise<void> {
    const ip = await this.db.selectFrom('public_ip_addresses as ip').innerJoin('vlan_ranges as v', 'v.id', 'ip.vlan_range_id')
      .select(['ip.address', 'v.gateway', 'v.netmask', 'v.vlan_tag']).where('ip.network_id', '=', r.network_id!).where('ip.state', '=', 'Allocated')
      .orderBy('ip.source_nat', 'desc').orderBy('ip.address_num').executeTakeFirst();
    const nic = await this.db.selectFrom('nics').select(['id', 'ip4_address']).where('vm_type', '=', 'DomainRouter').where('vm_id', '=', r.id)
      .where('traffic_type', '=', 'Public').executeTakeFirst();
    if (!ip) {
      if (nic) await this.db.deleteFrom('nics').where('id', '=', nic.id).execute();
      return;
    }
    if (nic?.ip4_address === ip.address) return;
    if (nic) await this.db.deleteFrom('nics').where('id', '=', nic.id).execute();
    await this.insertNic(r.id, r.zone_id, { network_id: null, device_id: 2, ip4_address: ip.address, netmask: ip.netmask, gateway: ip.gateway, traffic_type: 'Public', broadcast_uri: ip.vlan_tag });
  }

  /**
   * Recomputes the router's desired config; when it changed, bumps the version (compare-and-set,
   * recomputing after a lost race) and, if the router runs, pushes it to the driver. Requests
   * that arrive while one is waiting to run share it: it reads the database after all of them.
   */
  async sync(networkId: number): Promise<void> {
    const r = await this.ofNetwork(networkId);
    // A network without a router of its own (a VPC tier) is served by the VPC family's router.
    if (!r) return this.delegate?.syncNetwork(networkId);
    const queued = this.queued.get(r.id);
    if (queued) return queued;
    const run = this.lock.run(`router:${r.id}`, async () => {
      this.queued.delete(r.id);
      await this.syncNow(r.id, r.name);
    });
    this.queued.set(r.id, run);
    return run;
  }

  private async syncNow(routerId: number, name: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const cur = await this.row(routerId);
      if (cur.removed !== null) return;
      await this.ensurePublicNic(cur);
      let config = await buildRouterConfig(this.db, cur);
      for (const section of this.sections) config = await section(cur, config);
      const json = JSON.stringify(config);
      const hash = hashText(json);
      let version = cur.config_version;
      if (hash !== cur.config_hash) {
        const done = await this.db.updateTable('routers').set({ config_version: version + 1, config_hash: hash, config: json })
          .where('id', '=', cur.id).where('config_version', '=', version).executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) continue;
        version += 1;
      }
      if (cur.state === 'Running' && version > cur.applied_version) await this.push(cur, config, version, hash);
      return;
    }
    throw new DomainError('ResourceUnavailable', `Unable to settle the configuration of router ${name}: it kept changing`);
  }

  /** Pushes a version; what the driver reports back is kept as its version and the hash of its config. */
  private async push(r: RouterRow, config: RouterConfig, version: number, hash: string): Promise<void> {
    if (!this.driver) return;
    const rep = await this.driver.applyRouterConfig(r.uuid, config, version);
    // The driver echoes the config it holds; when that is the version just pushed, its hash is known.
    const applied = rep.appliedConfig === config ? hash : rep.appliedConfig ? configHash(rep.appliedConfig) : null;
    await this.db.updateTable('routers').set({ applied_version: rep.appliedVersion, applied })
      .where('id', '=', r.id).where('applied_version', '<', rep.appliedVersion).execute();
  }

  /** The desired configuration and what the router reports it applied (asked of the driver). */
  async configOf(routerId: number): Promise<{ version: number; config: RouterConfig | null; appliedVersion: number; applied: RouterConfig | null }> {
    const r = await this.row(routerId);
    const rep = this.driver ? await this.driver.routerReport(r.uuid) : undefined;
    return {
      version: r.config_version, config: r.config ? (JSON.parse(r.config) as RouterConfig) : null,
      appliedVersion: rep?.appliedVersion ?? r.applied_version, applied: rep?.appliedConfig ?? null,
    };
  }

  /** Drives a router to the action's state through the driver; repeating an action is harmless. */
  async act(action: RouterAction, id: number): Promise<void> {
    const r = await this.row(id);
    if (r.removed !== null) return;
    const set = async (from: readonly string[], to: string) => {
      await this.db.updateTable('routers').set({ state: to }).where('id', '=', id).where('state', 'in', from).where('removed', 'is', null).execute();
    };
    switch (action) {
      case 'startRouter':
        await set(['Stopped', 'Starting', 'Error'], 'Starting');
        await this.driver?.startRouter(r.uuid, r.name);
        await set(['Starting'], 'Running');
        // The driver may have been restarted or lost pushes: re-push the latest config.
        await this.db.updateTable('routers').set({ applied_version: 0 }).where('id', '=', id).execute();
        if (r.network_id !== null) await this.sync(r.network_id);
        else await this.delegate?.syncRouter(r);
        return;
      case 'stopRouter':
        await set(['Running', 'Starting'], 'Stopping');
        await this.driver?.stopRouter(r.uuid);
        await set(['Stopping'], 'Stopped');
        return;
      case 'rebootRouter':
        await this.driver?.stopRouter(r.uuid);
        await this.driver?.startRouter(r.uuid, r.name);
        await this.db.updateTable('routers').set({ applied_version: 0 }).where('id', '=', id).execute();
        if (r.network_id !== null) await this.sync(r.network_id);
        else await this.delegate?.syncRouter(r);
        return;
      case 'destroyRouter':
        await this.driver?.destroyRouter(r.uuid);
        await this.purge(id);
        return;
    }
  }

  /** Removes the router's record, NICs and addresses (idempotent). */
  private async purge(id: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const nics = await tx.selectFrom('nics').select('id').where('vm_type', '=', 'DomainRouter').where('vm_id', '=', id).execute();
      if (nics.length) await tx.deleteFrom('guest_ips').where('nic_id', 'in', nics.map((x) => x.id)).execute();
      await tx.deleteFrom('guest_ips').where('kind', '=', 'Router').where('vm_id', '=', id).execute();
      await tx.deleteFrom('nics').where('vm_type', '=', 'DomainRouter').where('vm_id', '=', id).execute();
      await tx.updateTable('routers').set({ state: 'Destroyed', removed: nowIso() }).where('id', '=', id).where('removed', 'is', null).execute();
    });
  }

  /** Destroys a network's router, if it has one (deleteNetwork, restartNetwork cleanup=true). */
  async destroyOfNetwork(networkId: number, owner: JobOwner): Promise<void> {
    const r = await this.ofNetwork(networkId);
    if (!r) return this.delegate?.syncNetwork(networkId);
    await this.act('destroyRouter', r.id);
    await this.events.record(owner, { type: 'ROUTER.DESTROY', description: `Destroyed router ${r.name}`, resourceType: 'DomainRouter', resourceId: r.uuid, resourceName: r.name });
  }

  /** Validates a router action for the caller, then runs it in a job locked on the router's network. */
  async submit(caller: Caller, action: RouterAction, idOrUuid: string, javaClass: string): Promise<{ jobUuid: string }> {
    const r = await this.find(idOrUuid);
    await checkOwnerAccess(this.db, caller, r.account_id, `router ${r.uuid}`);
    if (!FROM[action].includes(r.state)) throw invalidState(`Unable to ${action.replace('Router', '')} router ${r.name}: it is in state ${r.state}`);
    const job = await this.jobs.submit({
      cmd: action, javaClass, owner: caller, params: { routerId: r.id, routerUuid: r.uuid },
      instanceType: 'DomainRouter', instanceId: r.uuid, lockKey: r.network_id !== null ? `network:${r.network_id}` : `router:${r.id}`,
    });
    return { jobUuid: job.uuid };
  }

  list(caller: Caller, f: RouterFilter, page: Page): Promise<{ count: number; items: RouterView[] }> {
    return listRouters(this.db, caller, f, page);
  }

  async find(idOrUuid: string): Promise<RouterRow> {
    const id = await resolveId(this.db, 'routers', idOrUuid);
    const r = id === undefined ? undefined : await this.db.selectFrom('routers').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!r) throw invalidParam(`Unable to find router with id ${idOrUuid}`);
    return r;
  }

  async row(id: number): Promise<RouterRow> {
    return this.db.selectFrom('routers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async view(id: number): Promise<RouterView> {
    return routerView(this.db, await this.row(id));
  }

  /** Routers whose driver report lags behind the desired version (a push failed): pushed again. */
  async resync(): Promise<void> {
    const lagging = await this.db.selectFrom('routers').select('network_id').where('removed', 'is', null).where('state', '=', 'Running')
      .where('network_id', 'is not', null).where(sql<boolean>`applied_version < config_version`).execute();
    // A router the driver still cannot reach stays behind; its next change or restart retries.
    for (const r of lagging) await this.sync(r.network_id!).catch(() => undefined);
  }
}
