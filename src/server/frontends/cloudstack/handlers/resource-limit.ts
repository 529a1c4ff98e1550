import { type HandlerMap, list, object } from '../reply.js';
import { resourceCountResponse, resourceLimitResponse } from '../views/resource-limit.js';

export const resourceLimitHandlers: HandlerMap = {
  listResourceLimits: async ({ caller, services, args, page }) => {
    const r = await services.resourceLimits.list(caller, {
      id: args.number('id'), resourceType: args.number('resourcetype'), resourceTypeName: args.string('resourcetypename'), account: args.string('account'),
      domainId: args.string('domainid'), projectId: args.string('projectid'), tag: args.string('tag'),
    }, page);
    return list({ count: r.count, items: r.items.map(resourceLimitResponse) });
  },

  updateResourceLimit: async ({ caller, services, args }) =>
    object(resourceLimitResponse(await services.resourceLimits.update(caller, {
      resourceType: args.number('resourcetype')!, max: args.number('max'), account: args.string('account'), domainId: args.string('domainid'),
      projectId: args.string('projectid'), tag: args.string('tag'),
    }))),

  updateResourceCount: async ({ caller, services, args }) => {
    const counts = await services.resourceLimits.recalculate(caller, {
      domainId: args.requireString('domainid'), account: args.string('account'), resourceType: args.number('resourcetype'),
      projectId: args.string('projectid'), tag: args.string('tag'),
    });
    return list({ count: counts.length, items: counts.map(resourceCountResponse) });
  },
};
