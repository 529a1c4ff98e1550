// The VmSpec a hypervisor driver boots: resources from the VM row, disks from its volumes,
// NICs from the networks family, and the config drive (user data, keys, password, metadata).
import { internalError } from '../core/errors.js';
import type { NicRequest, PeerNic } from './vm-peers.js';
import type { VmDisk, VmNic, VmSpec } from '../drivers/hypervisor/types.js';
import type { VmDeps } from './vm-deps.js';
import type { VmRow } from './vm-rows.js';

export const SSH_KEY_DETAIL = 'SSH.PublicKey';
const MiB = 1024 ** 2;

export async function vmDisks(d: VmDeps, vmId: number): Promise<VmDisk[]> {
  const vols = await d.db.selectFrom('volumes as v').innerJoin('storage_pools as p', 'p.id', 'v.pool_id')
    .select(['v.path', 'v.uuid', 'v.device_id', 'v.type', 'p.url']).where('v.vm_id', '=', vmId).where('v.removed', 'is', null)
    .where('v.state', '=', 'Ready').orderBy('v.device_id').execute();
  return vols.map((v) => ({ poolUrl: v.url, path: v.path ?? v.uuid, deviceId: v.device_id ?? 0, type: v.type === 'ROOT' ? 'ROOT' : 'DATADISK' }));
}

export async function vmNics(d: VmDeps, vmId: number): Promise<readonly PeerNic[]> {
  const net = d.peers().networks;
  return net ? ((await net.nicsOfVms([vmId])).get(vmId) ?? []) : [];
}

export const toSpecNic = (n: PeerNic): VmNic => ({
  mac: n.macAddress, ip: n.ipAddress ?? undefined, netmask: n.netmask ?? undefined, gateway: n.gateway ?? undefined,
  networkKey: n.broadcastUri ?? n.networkUuid ?? 'untagged', deviceId: n.deviceId, isDefault: n.isDefault,
});

export async function buildSpec(d: VmDeps, vm: VmRow): Promise<VmSpec> {
  const disks = await vmDisks(d, vm.id);
  if (!disks.some((x) => x.type === 'ROOT')) throw internalError(`VM ${vm.uuid} has no root disk on primary storage`);
  const nics = (await vmNics(d, vm.id)).map(toSpecNic);
  const keys = await d.db.selectFrom('vm_details').select('value').where('vm_id', '=', vm.id).where('name', '=', SSH_KEY_DETAIL).executeTakeFirst();
  const zone = await d.db.selectFrom('zones').select('name').where('id', '=', vm.zone_id).executeTakeFirst();
  const offering = await d.db.selectFrom('service_offerings').select('name').where('id', '=', vm.service_offering_id).executeTakeFirst();
  return {
    instanceName: vm.instance_name, uuid: vm.uuid, cpus: vm.cpu_number, cpuMhz: vm.cpu_speed, memoryBytes: vm.memory_mb * MiB, disks, nics,
    configDrive: {
      hostname: vm.name, userData: vm.user_data ?? undefined, publicKeys: keys ? keys.value.split('\n').filter(Boolean) : [],
      password: vm.password ?? undefined,
      metaData: {
        'instance-id': vm.uuid, 'vm-id': vm.uuid, 'local-hostname': vm.name, 'availability-zone': zone?.name ?? '',
        'service-offering': offering?.name ?? '', 'local-ipv4': nics.find((n) => n.isDefault)?.ip ?? '',
      },
    },
  };
}

/** The networks family's allocation request for a VM row. */
export const nicRequestOf = (vm: VmRow): Omit<NicRequest, 'networkIds' | 'ipAddress' | 'ipToNetwork' | 'macAddress'> => ({
  vmId: vm.id, vmUuid: vm.uuid, vmName: vm.name, accountId: vm.account_id, domainId: vm.domain_id, zoneId: vm.zone_id,
});
