import { type HandlerMap, list } from '../reply.js';
import { capacityResponse } from '../views/capacity.js';

export const capacityHandlers: HandlerMap = {
  listCapacity: async ({ services, args, page }) => {
    const r = await services.capacity.list({
      zoneId: args.string('zoneid'), podId: args.string('podid'), clusterId: args.string('clusterid'), type: args.number('type'), sortBy: args.string('sortby'),
    }, page);
    return list({ count: r.count, items: r.items.map(capacityResponse) });
  },
};
