import { type HandlerMap, list, object } from '../reply.js';
import { podResponse } from '../views/pod.js';

export const podHandlers: HandlerMap = {
  createPod: async ({ caller, services, args }) =>
    object(podResponse(await services.pods.create(caller, {
      name: args.requireString('name'), zoneId: args.requireString('zoneid'), gateway: args.string('gateway'), netmask: args.string('netmask'),
      startIp: args.string('startip'), endIp: args.string('endip'), allocationState: args.string('allocationstate'),
    }))),

  listPods: async ({ services, args, page }) => {
    const r = await services.pods.list({
      id: args.string('id'), name: args.string('name'), zoneId: args.string('zoneid'), allocationState: args.string('allocationstate'), keyword: args.string('keyword'),
    }, page);
    const withCapacity = args.bool('showcapacities') === true;
    const items = [];
    for (const p of r.items) items.push(podResponse(p, withCapacity ? await services.capacity.forPod(p.id) : undefined));
    return list({ count: r.count, items });
  },

  updatePod: async ({ caller, services, args }) =>
    object(podResponse(await services.pods.update(caller, args.requireString('id'), {
      name: args.string('name'), gateway: args.string('gateway'), netmask: args.string('netmask'), startIp: args.string('startip'),
      endIp: args.string('endip'), allocationState: args.string('allocationstate'),
    }))),

  deletePod: async ({ caller, services, args }) => {
    await services.pods.delete(caller, args.requireString('id'));
    return { kind: 'success' };
  },
};
