import { csDate } from '../../../../core/time.js';
import type { MockInfo } from '../../../../drivers/hypervisor/types.js';
import type { PeerAffinityGroup, PeerNic, PeerTag } from '../../../../services/vm-peers.js';
import type { VmView } from '../../../../services/vms.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';
import { ownerFields } from './owner.js';

/** A NicResponse of a user VM (libcloud reads nic[].ipaddress, Ansible the default NIC). */
export function vmNicResponse(n: PeerNic, vmUuid: string): Obj {
  return {
    id: n.uuid, networkid: n.networkUuid ?? undefined, networkname: n.networkName ?? undefined, netmask: n.netmask ?? undefined, gateway: n.gateway ?? undefined,
    ipaddress: n.ipAddress ?? undefined, isolationuri: n.isolationUri ?? undefined, broadcasturi: n.broadcastUri ?? undefined,
    traffictype: n.trafficType ?? 'Guest', type: n.type ?? undefined, isdefault: n.isDefault, macaddress: n.macAddress, deviceid: String(n.deviceId),
    virtualmachineid: vmUuid, secondaryip: (n.secondaryIps ?? []).map((s) => ({ id: s.uuid, ipaddress: s.ipAddress })), extradhcpoption: [],
    publicip: n.publicIp ?? undefined, publicipid: n.publicIpUuid ?? undefined, mtu: n.mtu ?? undefined,
  };
}

function tagResponse(t: PeerTag): Obj {
  return { key: t.key, value: t.value, resourcetype: t.resourceType ?? 'UserVm', resourceid: t.resourceUuid, ...(t.owner ? ownerFields(t.owner, true) : {}), customer: t.customer ?? undefined };
}

function groupResponse(g: PeerAffinityGroup): Obj {
  return { id: g.uuid, name: g.name, description: g.description ?? undefined, type: g.type, ...(g.owner ? ownerFields(g.owner, true) : {}), virtualmachineIds: g.vmUuids };
}

/** A UserVmResponse. Host and instance name are for root admins only (CloudStack's Full view). */
export function vmResponse(v: VmView): Obj {
  const defaultNic = v.nics.find((n) => n.isDefault) ?? v.nics[0];
  const publicNic = v.nics.find((n) => n.publicIp);
  return {
    id: v.uuid, name: v.name, displayname: v.displayName, ...ownerFields(v.owner, true), userid: v.userUuid ?? undefined, username: v.username ?? undefined,
    created: csDate(v.created), lastupdated: csDate(v.updated), state: v.state, haenable: v.haEnabled, group: v.group ?? undefined,
    zoneid: v.zoneUuid, zonename: v.zoneName, hostid: v.full ? (v.hostUuid ?? undefined) : undefined, hostname: v.full ? (v.hostName ?? undefined) : undefined,
    templateid: v.templateUuid ?? undefined, templatename: v.templateName ?? undefined, templatedisplaytext: v.templateDisplayText ?? undefined,
    templatetype: v.templateType ?? undefined, templateformat: v.templateFormat ?? undefined, passwordenabled: v.passwordEnabled,
    serviceofferingid: v.serviceOfferingUuid, serviceofferingname: v.serviceOfferingName, diskofferingid: v.diskOfferingUuid ?? undefined,
    diskofferingname: v.diskOfferingName ?? undefined, cpunumber: v.cpuNumber, cpuspeed: v.cpuSpeed, memory: v.memoryMb,
    cpuused: v.state === 'Running' ? '0%' : undefined, networkkbsread: 0, networkkbswrite: 0, diskkbsread: 0, diskkbswrite: 0, diskioread: 0, diskiowrite: 0,
    guestosid: v.guestOsUuid ?? undefined, ostypeid: v.guestOsUuid ?? undefined, osdisplayname: v.osDisplayName ?? undefined,
    rootdeviceid: v.rootDeviceId, rootdevicetype: 'ROOT', securitygroup: [], password: v.password,
    nic: v.nics.map((n) => vmNicResponse(n, v.uuid)), hypervisor: v.hypervisor, ipaddress: defaultNic?.ipAddress ?? undefined,
    publicip: publicNic?.publicIp ?? undefined, publicipid: publicNic?.publicIpUuid ?? undefined,
    instancename: v.full ? v.instanceName : undefined, details: v.details, keypairs: v.keypairs ?? undefined,
    affinitygroup: v.affinityGroups.map(groupResponse), displayvm: v.displayVm, isdynamicallyscalable: v.dynamicallyScalable, deleteprotection: false,
    servicestate: undefined, bootmode: v.bootMode ?? undefined, boottype: v.bootType ?? undefined, pooltype: v.poolType ?? undefined,
    userdata: v.userData ?? undefined, userdataid: v.userDataUuid ?? undefined, userdataname: v.userDataName ?? undefined,
    vmtype: 'User', arch: v.arch, tags: v.tags.map(tagResponse), hasannotations: false, forvirtualnetwork: undefined,
  };
}

/** A VmMetricsResponse: the VM plus usage totals (the simulator has no usage to report). */
export function vmMetricsResponse(v: VmView): Obj {
  return {
    ...vmResponse(v), cputotal: `${((v.cpuNumber * v.cpuSpeed) / 1000).toFixed(2)} Ghz`, memorytotal: `${(v.memoryMb / 1024).toFixed(2)} GB`,
    networkread: '0.00 MB', networkwrite: '0.00 MB', diskread: '0.00 MB', diskwrite: '0.00 MB', diskiopstotal: 0,
  };
}

/** A MockResponse (configureSimulator, querySimulatorMock): ids are internal, as CloudStack's are. */
export function mockResponse(m: MockInfo): Obj {
  return { id: m.id, zoneid: m.scope.zoneId, podid: m.scope.podId, clusterid: m.scope.clusterId, hostid: m.scope.hostId, name: m.name, count: m.count };
}

registerEntityRenderer('VirtualMachine', (d) => vmResponse(d as VmView));
