import {
  deployVirtualMachine, destroyVirtualMachine, expungeVirtualMachine, migrateVirtualMachine, rebootVirtualMachine, resetPasswordForVirtualMachine,
  resetSSHKeyForVirtualMachine, scaleVirtualMachine, startVirtualMachine, stopVirtualMachine,
} from '../../../../api/cloudstack/vm.js';
import type { VmFilter } from '../../../../services/vm-list.js';
import type { Args, MapEntry } from '../args.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { vmMetricsResponse, vmResponse } from '../views/vm.js';

/** `details[0].cpuNumber=2&details[0].memory=512` (or one key per index): one flat map. */
function mergedMap(entries: readonly MapEntry[] | undefined): Record<string, string> {
  return Object.assign({}, ...(entries ?? [])) as Record<string, string>;
}

function vmFilter(args: Args): VmFilter {
  const on = (name: string) => args.bool(name) === true;
  return {
    id: args.string('id'), ids: args.list('ids'), name: args.string('name'), state: args.string('state'), zoneId: args.string('zoneid'),
    hostId: args.string('hostid'), podId: args.string('podid'), clusterId: args.string('clusterid'), storageId: args.string('storageid'),
    templateId: args.string('templateid'), isoId: args.string('isoid'), serviceOfferingId: args.string('serviceofferingid'), keypair: args.string('keypair'),
    affinityGroupId: args.string('affinitygroupid'), networkId: args.string('networkid'), keyword: args.string('keyword'), userId: args.string('userid'),
    groupId: args.string('groupid'), hypervisor: args.string('hypervisor'), haEnable: args.bool('haenable'), displayVm: args.bool('displayvm'),
    userDataId: args.string('userdataid'), arch: args.string('arch'), tags: args.map('tags'),
    listall: args.bool('listall'), domainid: args.string('domainid'), account: args.string('account'), isrecursive: args.bool('isrecursive'),
    projectid: args.string('projectid'),
    // Nothing here is in a VPC, a security group, an autoscale group, a backup offering, leased, a VNF or on a GPU.
    matchesNothing: args.has('vpcid') || args.has('securitygroupid') || args.has('autoscalevmgroupid') || args.has('backupofferingid')
      || args.has('extensionid') || on('leased') || on('gpuenabled') || on('isvnf'),
  };
}

export const vmHandlers: HandlerMap = {
  deployVirtualMachine: async ({ caller, services, args }) => {
    const r = await services.vms.deploy(caller, {
      zoneId: args.requireString('zoneid'), serviceOfferingId: args.requireString('serviceofferingid'), templateId: args.string('templateid'),
      volumeId: args.string('volumeid'), snapshotId: args.string('snapshotid'), name: args.string('name'), displayName: args.string('displayname'),
      password: args.string('password'), account: args.string('account'), domainId: args.string('domainid'), projectId: args.string('projectid'),
      networkIds: args.list('networkids'), ipAddress: args.string('ipaddress'), macAddress: args.string('macaddress'), ipToNetwork: args.map('iptonetworklist'),
      diskOfferingId: args.string('diskofferingid'), size: args.number('size'), rootDiskSize: args.number('rootdisksize'), group: args.string('group'),
      hypervisor: args.string('hypervisor'), userData: args.string('userdata'), userDataId: args.string('userdataid'), keypair: args.string('keypair'),
      keypairs: args.list('keypairs'), hostId: args.string('hostid'), podId: args.string('podid'), clusterId: args.string('clusterid'),
      securityGroups: Boolean(args.list('securitygroupids')?.length || args.list('securitygroupnames')?.length), startVm: args.bool('startvm'),
      affinityGroupIds: args.list('affinitygroupids'), affinityGroupNames: args.list('affinitygroupnames'), displayVm: args.bool('displayvm'),
      details: args.map('details') ? mergedMap(args.map('details')) : undefined, bootType: args.string('boottype'), bootMode: args.string('bootmode'),
      dynamicScalingEnabled: args.bool('dynamicscalingenabled'),
    }, deployVirtualMachine.javaClass);
    return job(r.jobUuid, r.vmUuid);
  },

  startVirtualMachine: async ({ caller, services, args }) =>
    job((await services.vms.start(caller, args.requireString('id'), {
      hostId: args.string('hostid'), podId: args.string('podid'), clusterId: args.string('clusterid'),
    }, startVirtualMachine.javaClass)).jobUuid),

  stopVirtualMachine: async ({ caller, services, args }) =>
    job((await services.vms.stop(caller, args.requireString('id'), args.bool('forced') ?? false, stopVirtualMachine.javaClass)).jobUuid),

  rebootVirtualMachine: async ({ caller, services, args }) =>
    job((await services.vms.reboot(caller, args.requireString('id'), rebootVirtualMachine.javaClass)).jobUuid),

  destroyVirtualMachine: async ({ caller, services, args }) =>
    job((await services.vms.destroy(caller, args.requireString('id'), { expunge: args.bool('expunge'), volumeIds: args.list('volumeids') }, destroyVirtualMachine.javaClass)).jobUuid),

  recoverVirtualMachine: async ({ caller, services, args }) => object(vmResponse(await services.vms.recover(caller, args.requireString('id')))),

  expungeVirtualMachine: async ({ caller, services, args }) =>
    job((await services.vms.expunge(caller, args.requireString('id'), expungeVirtualMachine.javaClass)).jobUuid),

  scaleVirtualMachine: async ({ caller, services, args }) =>
    job((await services.vms.scale(caller, args.requireString('id'), args.requireString('serviceofferingid'), mergedMap(args.map('details')), scaleVirtualMachine.javaClass)).jobUuid),

  changeServiceForVirtualMachine: async ({ caller, services, args }) =>
    object(vmResponse(await services.vms.changeService(caller, args.requireString('id'), args.requireString('serviceofferingid'), mergedMap(args.map('details'))))),

  updateVirtualMachine: async ({ caller, services, args }) =>
    object(vmResponse(await services.vms.update(caller, args.requireString('id'), {
      displayName: args.string('displayname'), name: args.string('name'), group: args.string('group'), haEnable: args.bool('haenable'),
      osTypeId: args.string('ostypeid'), userData: args.string('userdata'), userDataId: args.string('userdataid'), displayVm: args.bool('displayvm'),
      isDynamicallyScalable: args.bool('isdynamicallyscalable'), details: args.map('details') ? mergedMap(args.map('details')) : undefined,
      cleanupDetails: args.bool('cleanupdetails'), instanceName: args.string('instancename'),
      securityGroups: Boolean(args.list('securitygroupids')?.length || args.list('securitygroupnames')?.length),
    }))),

  resetPasswordForVirtualMachine: async ({ caller, services, args }) =>
    job((await services.vms.resetPassword(caller, args.requireString('id'), args.string('password'), resetPasswordForVirtualMachine.javaClass)).jobUuid),

  resetSSHKeyForVirtualMachine: async ({ caller, services, args }) => {
    const names = args.list('keypairs')?.length ? args.list('keypairs')! : args.string('keypair') !== undefined ? [args.string('keypair')!] : [];
    return job((await services.vms.resetSshKey(caller, args.requireString('id'), names, resetSSHKeyForVirtualMachine.javaClass)).jobUuid);
  },

  migrateVirtualMachine: async ({ caller, services, args }) =>
    job((await services.vms.migrate(caller, args.requireString('virtualmachineid'), { hostId: args.string('hostid'), storageId: args.string('storageid') }, migrateVirtualMachine.javaClass)).jobUuid),

  listVirtualMachines: async ({ caller, services, args, page }) => {
    const r = await services.vms.list(caller, vmFilter(args), page, { userData: args.bool('userdata') });
    return list({ count: r.count, items: args.bool('retrieveonlyresourcecount') ? [] : r.items.map(vmResponse) });
  },

  listVirtualMachinesMetrics: async ({ caller, services, args, page }) => {
    const r = await services.vms.list(caller, vmFilter(args), page, { userData: args.bool('userdata') });
    return list({ count: r.count, items: r.items.map(vmMetricsResponse) });
  },

  getVirtualMachineUserData: async ({ caller, services, args }) => {
    const r = await services.vms.userData(caller, args.requireString('virtualmachineid'));
    return object({ virtualmachineid: r.vmUuid, userdata: r.userData ?? undefined });
  },

  getVMPassword: async ({ caller, services, args }) => object({ encryptedpassword: await services.vms.encryptedPassword(caller, args.requireString('id')) }),
};
