// CloudStack's simulator commands (configureSimulator, querySimulatorMock, cleanupSimulatorMock):
// fault injection through the public API, for tests and demos. The scope ids name hosts here;
// the simulator driver (SimulatorControl) keeps the mocks.
import type { Caller } from '../core/caller.js';
import { invalidParam } from '../core/errors.js';
import type { Db } from '../db/schema.js';
import type { HypervisorDrivers, MockInfo, MockScope, SimulatorControl } from '../drivers/hypervisor/types.js';
import { resolveId } from './lookup.js';

export interface MockInput {
  readonly zoneId?: string;
  readonly podId?: string;
  readonly clusterId?: string;
  readonly hostId?: string;
  readonly name: string;
  readonly value: string;
  readonly count?: number;
}

export class SimulatorService {
  constructor(
    private readonly db: Db,
    private readonly drivers: HypervisorDrivers,
  ) {}

  private control(): SimulatorControl {
    const c = Object.values(this.drivers).find((d) => d?.simulator)?.simulator;
    if (!c) throw invalidParam('The simulator is not enabled on this management server');
    return c;
  }

  private async ref(table: 'zones' | 'pods' | 'clusters' | 'hosts', ref: string | undefined, what: string): Promise<number | undefined> {
    if (ref === undefined) return undefined;
    const id = await resolveId(this.db, table, ref);
    if (id === undefined) throw invalidParam(`Unable to find ${what} by id ${ref}`);
    return id;
  }

  async configure(_caller: Caller, a: MockInput): Promise<MockInfo> {
    const control = this.control();
    const scope: MockScope = {
      zoneId: await this.ref('zones', a.zoneId, 'zone'), podId: await this.ref('pods', a.podId, 'pod'),
      clusterId: await this.ref('clusters', a.clusterId, 'cluster'), hostId: await this.ref('hosts', a.hostId, 'host'),
    };
    let hostUrls: string[] | undefined;
    if (scope.hostId !== undefined || scope.clusterId !== undefined || scope.podId !== undefined || scope.zoneId !== undefined) {
      let q = this.db.selectFrom('hosts').select('url').where('removed', 'is', null).where('hypervisor_type', '=', 'Simulator');
      if (scope.hostId !== undefined) q = q.where('id', '=', scope.hostId);
      if (scope.clusterId !== undefined) q = q.where('cluster_id', '=', scope.clusterId);
      if (scope.podId !== undefined) q = q.where('pod_id', '=', scope.podId);
      if (scope.zoneId !== undefined) q = q.where('zone_id', '=', scope.zoneId);
      hostUrls = (await q.execute()).map((h) => h.url);
    }
    let value = a.value;
    if (a.name.toLowerCase() === 'vmdies') {
      // The VM may be named by its uuid (or id) as well as by its instance name.
      const vmId = await resolveId(this.db, 'vms', a.value.trim());
      const vm = vmId === undefined ? undefined : await this.db.selectFrom('vms as v').leftJoin('hosts as h', 'h.id', 'v.host_id')
        .select(['v.instance_name', 'h.url']).where('v.id', '=', vmId).executeTakeFirst();
      if (vm) {
        value = vm.instance_name;
        if (hostUrls === undefined && vm.url) hostUrls = [vm.url];
      }
    }
    return control.configure({ name: a.name, value, count: a.count, scope, hostUrls });
  }

  query(id: number): MockInfo {
    const m = this.control().query(id);
    if (!m) throw invalidParam(`Unable to find the simulator mock with id ${id}`);
    return m;
  }

  cleanup(id: number | undefined): void {
    if (!this.control().cleanup(id) && id !== undefined) throw invalidParam(`Unable to find the simulator mock with id ${id}`);
  }
}
