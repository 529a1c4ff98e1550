import { type HandlerMap, job, list } from '../reply.js';
import { nicResponse } from '../views/nic.js';

export const nicHandlers: HandlerMap = {
  listNics: async ({ caller, services, args, page }) => {
    const r = await services.networks.nics.list(caller, {
      vmId: args.requireString('virtualmachineid'), nicId: args.string('nicid'), networkId: args.string('networkid'), keyword: args.string('keyword'),
    }, page);
    return list({ count: r.count, items: r.items.map(nicResponse) });
  },

  addNicToVirtualMachine: async ({ caller, services, args, decl }) =>
    job((await services.networks.nics.submitAdd(caller, {
      vmId: args.requireString('virtualmachineid'), networkId: args.requireString('networkid'), ipAddress: args.string('ipaddress'), macAddress: args.string('macaddress'),
    }, decl.javaClass)).jobUuid),

  removeNicFromVirtualMachine: async ({ caller, services, args, decl }) =>
    job((await services.networks.nics.submitRemove(caller, { vmId: args.requireString('virtualmachineid'), nicId: args.requireString('nicid') }, decl.javaClass)).jobUuid),

  updateDefaultNicForVirtualMachine: async ({ caller, services, args, decl }) =>
    job((await services.networks.nics.submitSetDefault(caller, { vmId: args.requireString('virtualmachineid'), nicId: args.requireString('nicid') }, decl.javaClass)).jobUuid),

  addIpToNic: async ({ caller, services, args, decl }) =>
    job((await services.networks.nics.submitAddIp(caller, { nicId: args.requireString('nicid'), ipAddress: args.string('ipaddress') }, decl.javaClass)).jobUuid),

  removeIpFromNic: async ({ caller, services, args, decl }) =>
    job((await services.networks.nics.submitRemoveIp(caller, args.requireString('id'), decl.javaClass)).jobUuid),
};
