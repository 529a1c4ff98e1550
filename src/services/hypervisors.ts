import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { EventService } from './events.js';
import { resolveId } from './lookup.js';
import type { Page } from './query.js';
import type { SettingsService } from './settings.js';

export interface HypervisorCapabilitiesView {
  readonly uuid: string;
  readonly hypervisor: string;
  readonly hypervisorVersion: string;
  readonly maxGuestsLimit: number;
  readonly securityGroupEnabled: boolean;
  readonly maxDataVolumesLimit: number;
  readonly maxHostsPerCluster: number | null;
  readonly storageMotionSupported: boolean;
  readonly vmSnapshotEnabled: boolean;
}

export interface CapabilitiesUpdate {
  readonly id?: string;
  readonly hypervisor?: string;
  readonly hypervisorVersion?: string;
  readonly securityGroupEnabled?: boolean;
  readonly maxGuestsLimit?: number;
  readonly maxDataVolumesLimit?: number;
  readonly storageMotionEnabled?: boolean;
  readonly maxHostsPerCluster?: number;
  readonly vmSnapshotEnabled?: boolean;
}

/** listHypervisors and the per-hypervisor(-version) capabilities the placement code honours. */
export class HypervisorService {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly events: EventService,
  ) {}

  /** The deployment's hypervisors (hypervisor.list), or those of a zone's clusters. */
  async list(zoneRef: string | undefined): Promise<string[]> {
    if (zoneRef === undefined) return (await this.settings.get('hypervisor.list')).split(',').map((s) => s.trim()).filter((s) => s.length);
    const zoneId = await resolveId(this.db, 'zones', zoneRef);
    const zone = zoneId === undefined ? undefined : await this.db.selectFrom('zones').select('id').where('id', '=', zoneId).where('removed', 'is', null).executeTakeFirst();
    if (!zone) throw invalidParam(`Unable to find zone by id ${zoneRef}`);
    const rows = await this.db.selectFrom('clusters').select('hypervisor_type').distinct().where('zone_id', '=', zone.id).where('removed', 'is', null)
      .orderBy('hypervisor_type').execute();
    return rows.map((r) => r.hypervisor_type);
  }

  async listCapabilities(a: { id?: string; hypervisor?: string; keyword?: string }, page: Page): Promise<{ count: number; items: HypervisorCapabilitiesView[] }> {
    let q = this.db.selectFrom('hypervisor_capabilities');
    if (a.id !== undefined) q = q.where('id', '=', (await resolveId(this.db, 'hypervisor_capabilities', a.id)) ?? -1);
    if (a.hypervisor !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['hypervisor_type']), '=', a.hypervisor!.toLowerCase()));
    if (a.keyword !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['hypervisor_type']), 'like', `%${a.keyword!.toLowerCase()}%`));
    const { count } = await q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('hypervisor_type').orderBy('hypervisor_version').limit(page.limit).offset(page.offset).execute();
    return { count: Number(count), items: rows.map(toView) };
  }

  /** The capabilities for a hypervisor version, falling back to the hypervisor's `default` row. */
  async capabilitiesFor(hypervisor: string, version: string): Promise<HypervisorCapabilitiesView | undefined> {
    const rows = await this.db.selectFrom('hypervisor_capabilities').selectAll().where('hypervisor_type', '=', hypervisor)
      .where('hypervisor_version', 'in', [version, 'default']).execute();
    const r = rows.find((x) => x.hypervisor_version === version) ?? rows.find((x) => x.hypervisor_version === 'default');
    return r ? toView(r) : undefined;
  }

  /**
   * Updates one row, found by id or by hypervisor and version; a version without a row of its
   * own gets one, copied from the hypervisor's default row, as CloudStack 4.20 does.
   */
  async updateCapabilities(caller: Caller, a: CapabilitiesUpdate): Promise<HypervisorCapabilitiesView> {
    const named = a.hypervisor !== undefined || a.hypervisorVersion !== undefined;
    if (a.id === undefined && !named) throw invalidParam('Either ID or hypervisor and hypervisor version must be specified');
    if (a.id !== undefined && named) throw invalidParam('ID can not be specified together with hypervisor and hypervisor version');
    for (const [name, v] of [['maxguestslimit', a.maxGuestsLimit], ['maxdatavolumeslimit', a.maxDataVolumesLimit], ['maxhostspercluster', a.maxHostsPerCluster]] as const) {
      if (v !== undefined && v < 0) throw invalidParam(`${name} can not be negative`);
    }
    let rowId: number;
    if (a.id !== undefined) {
      const id = await resolveId(this.db, 'hypervisor_capabilities', a.id);
      if (id === undefined) throw invalidParam(`unable to find the hypervisor capabilities ${a.id}`);
      rowId = id;
    } else {
      if (!a.hypervisor?.trim() || !a.hypervisorVersion?.trim()) throw invalidParam('Hypervisor and hypervisor version must be specified together');
      const base = await this.db.selectFrom('hypervisor_capabilities').selectAll()
        .where((eb) => eb(eb.fn('lower', ['hypervisor_type']), '=', a.hypervisor!.trim().toLowerCase()))
        .where('hypervisor_version', 'in', [a.hypervisorVersion.trim(), 'default']).execute();
      const own = base.find((r) => r.hypervisor_version === a.hypervisorVersion!.trim());
      const def = base.find((r) => r.hypervisor_version === 'default');
      if (own) rowId = own.id;
      else if (def) {
        const { id: _id, uuid: _uuid, ...copy } = def;
        const r = await this.db.insertInto('hypervisor_capabilities').values({ ...copy, uuid: randomUUID(), hypervisor_version: a.hypervisorVersion.trim() })
          .onConflict((oc) => oc.columns(['hypervisor_type', 'hypervisor_version']).doUpdateSet({ hypervisor_version: a.hypervisorVersion!.trim() }))
          .returning('id').executeTakeFirstOrThrow();
        rowId = r.id;
      } else throw invalidParam(`Hypervisor ${a.hypervisor} is not supported`);
    }
    const set: Partial<{ security_group_enabled: number; max_guests_limit: number; max_data_volumes_limit: number; storage_motion_supported: number; max_hosts_per_cluster: number; vm_snapshot_enabled: number }> = {};
    if (a.securityGroupEnabled !== undefined) set.security_group_enabled = a.securityGroupEnabled ? 1 : 0;
    if (a.maxGuestsLimit !== undefined) set.max_guests_limit = a.maxGuestsLimit;
    if (a.maxDataVolumesLimit !== undefined) set.max_data_volumes_limit = a.maxDataVolumesLimit;
    if (a.storageMotionEnabled !== undefined) set.storage_motion_supported = a.storageMotionEnabled ? 1 : 0;
    if (a.maxHostsPerCluster !== undefined) set.max_hosts_per_cluster = a.maxHostsPerCluster;
    if (a.vmSnapshotEnabled !== undefined) set.vm_snapshot_enabled = a.vmSnapshotEnabled ? 1 : 0;
    if (Object.keys(set).length) await this.db.updateTable('hypervisor_capabilities').set(set).where('id', '=', rowId).execute();
    const row = await this.db.selectFrom('hypervisor_capabilities').selectAll().where('id', '=', rowId).executeTakeFirstOrThrow();
    // CloudStack has no event type of its own for this; the configuration edit is the nearest.
    await this.events.record(caller, {
      type: 'CONFIGURATION.VALUE.EDIT', description: `Updated hypervisor capabilities of ${row.hypervisor_type} ${row.hypervisor_version}`,
      resourceType: 'HypervisorCapabilities', resourceId: row.uuid,
    });
    return toView(row);
  }
}

function toView(r: {
  uuid: string; hypervisor_type: string; hypervisor_version: string; max_guests_limit: number; security_group_enabled: number; max_data_volumes_limit: number;
  max_hosts_per_cluster: number | null; storage_motion_supported: number; vm_snapshot_enabled: number;
}): HypervisorCapabilitiesView {
  return {
    uuid: r.uuid, hypervisor: r.hypervisor_type, hypervisorVersion: r.hypervisor_version, maxGuestsLimit: Number(r.max_guests_limit),
    securityGroupEnabled: r.security_group_enabled === 1, maxDataVolumesLimit: r.max_data_volumes_limit, maxHostsPerCluster: r.max_hosts_per_cluster,
    storageMotionSupported: r.storage_motion_supported === 1, vmSnapshotEnabled: r.vm_snapshot_enabled === 1,
  };
}
