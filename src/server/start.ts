import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { SimHypervisorDriver } from '../drivers/hypervisor/sim/index.js';
import { SimMocks } from '../drivers/hypervisor/sim/mocks.js';
import { SimNetworkDriver } from '../drivers/network/sim/index.js';
import { SimStore } from '../drivers/sim-state/store.js';
import { SimStorageDriver } from '../drivers/storage/sim/index.js';
import { createServices } from '../services/index.js';
import { bindLbVpcSg } from '../services/lb-vpc-sg.js';
import { type SeedResult, seedDefaults } from '../services/seed.js';
import { seedSimulatorHosts } from '../services/seeds/infra.js';
import { SnapshotScheduler } from '../services/snapshot-scheduler.js';
import { buildApp } from './app.js';
import { createMetrics } from './metrics.js';

export interface StartOptions {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly port: number;
  readonly host: string;
  readonly adminPassword?: string;
  readonly logLevel?: string;
  /** Simulator hosts seeded into the first-start zone; default NUBO_SIM_HOSTS, else 2. */
  readonly simHosts?: number;
  /** The clock recurring snapshots are scheduled by (tests move it forward); default the real one. */
  readonly clock?: () => Date;
}

export interface Running {
  readonly url: string;
  readonly port: number;
  readonly seed: SeedResult;
  /** The recurring-snapshot loop (tests drive it with tick()). */
  readonly snapshotScheduler: SnapshotScheduler;
  close(): Promise<void>;
}

/** Opens the database, migrates, seeds, recovers interrupted jobs and serves. */
export async function startServer(o: StartOptions): Promise<Running> {
  const simHosts = o.simHosts ?? simHostsFromEnv(process.env.NUBO_SIM_HOSTS);
  const handle = openDatabase({ url: o.databaseUrl, dataDir: o.dataDir });
  await migrate(handle);
  const seed = await seedDefaults(handle.db, { adminPassword: o.adminPassword });
  const metrics = createMetrics(handle.db);
  const serverId = `${hostname()}:${process.pid}`;
  let log: (msg: string, extra?: Record<string, unknown>) => void = () => {};
  // The simulator's world (its disks, images and guests) outlives the process, like real hosts do.
  mkdirSync(o.dataDir, { recursive: true });
  const simStore = new SimStore(join(o.dataDir, 'sim.db'));
  // One set of mocks for both simulator drivers: configureSimulator reaches hosts and storage alike.
  const simFaults = new SimMocks();
  const simStorage = new SimStorageDriver(simStore, simFaults);
  const services = createServices(handle.db, {
    serverId,
    writes: handle.writes,
    log: (m, e) => log(m, e),
    onJobFinish: (cmd, ok) => metrics.jobFinished(cmd, ok),
    drivers: { hypervisors: { Simulator: new SimHypervisorDriver(simStore, simFaults) }, storage: [simStorage] },
    // Routers' desired configs go to the simulator network driver, which records what it applied.
    networkDriver: new SimNetworkDriver(simStore, simFaults),
  });
  await seedSimulatorHosts(handle.db, services.hosts, simHosts);
  // The VM family consumes templates, networks, keys, affinity, tags and host maintenance, built after it.
  services.vms.bindPeers(services);
  // Networking: zone delete vetoes, network/public_ip counters, and the VM family's answer to the NIC commands.
  services.networks.bindPeers(services);
  // Load balancing, VPCs and security groups: the vpc counter of updateResourceCount, zones with VPCs kept.
  bindLbVpcSg(services);
  services.templates.bindInventory(services.imageStores, services.resourceLimits);
  // Storage family: volume/snapshot counters, image store vetoes, the VM family (VM snapshot reverts stop
  // and start VMs), and the loop that takes recurring snapshots and collects VM snapshots of expunged VMs.
  services.volumes.registerCounters(services.resourceLimits);
  services.snapshots.bindInventory(services.imageStores, services.resourceLimits);
  services.vmSnapshots.bindInventory(services.imageStores);
  services.vmSnapshots.bindVms(services);
  if (o.clock) services.snapshots.setClock(o.clock);
  const snapshotScheduler = new SnapshotScheduler(services.snapshots, services.settings, [() => services.vmSnapshots.collectGarbage()], (m, e) => log(m, e));
  // The seeded simulator templates' images, made (again) in every simulator image store.
  await services.templates.syncSeedCopies(true);
  const app = buildApp({ services, metrics, logLevel: o.logLevel });
  log = (m, e) => app.log.info(e ?? {}, m);
  const recovered = await services.jobs.recover();
  if (recovered) app.log.info({ recovered }, 'resumed or rolled back interrupted jobs');
  // Routers whose last config push did not land (a crash, a driver failure) get it again.
  await services.routers.resync();
  await services.vpcRouters.resync();
  const downloads = await services.templates.resumeDownloads();
  if (downloads) app.log.info({ downloads }, 'resumed interrupted template downloads');
  await app.listen({ port: o.port, host: o.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  services.vms.startPowerSync();
  snapshotScheduler.start();
  services.templates.setPublicUrl(`http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${port}`);
  return {
    url: `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${port}`,
    port,
    seed,
    snapshotScheduler,
    close: async () => {
      snapshotScheduler.stop();
      services.vms.stopPowerSync();
      services.jobs.stop();
      await app.close();
      await services.jobs.drain();
      await services.templates.drain();
      await handle.close();
      simStore.close();
    },
  };
}

/** NUBO_SIM_HOSTS: how many simulator hosts the first start adds (0 to 10000). */
function simHostsFromEnv(v: string | undefined): number {
  if (v === undefined || v.trim() === '') return 2;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new Error(`NUBO_SIM_HOSTS must be a whole number from 0 to 10000, not ${v}`);
  return n;
}
