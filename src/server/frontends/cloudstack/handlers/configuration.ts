import type { Args } from '../args.js';
import { type HandlerMap, list, object } from '../reply.js';
import { configurationGroupResponse, configurationResponse } from '../views/configuration.js';

const scopeIds = (args: Args) => ({
  zoneId: args.string('zoneid'), clusterId: args.string('clusterid'), storageId: args.string('storageid'), accountId: args.string('accountid'),
  domainId: args.string('domainid'), imageStoreId: args.string('imagestoreuuid') ?? args.string('imagestoreid'),
});

export const configurationHandlers: HandlerMap = {
  listConfigurations: async ({ caller, services, args, page }) => {
    const r = await services.configurations.list(caller, scopeIds(args), {
      name: args.string('name'), category: args.string('category'), keyword: args.string('keyword'),
      group: args.string('group'), subgroup: args.string('subgroup'), parent: args.string('parent'),
    }, page);
    return list({ count: r.count, items: r.items.map(configurationResponse) });
  },

  updateConfiguration: async ({ caller, services, args }) =>
    object(configurationResponse(await services.configurations.update(caller, args.requireString('name'), args.string('value'), scopeIds(args)))),

  resetConfiguration: async ({ caller, services, args }) =>
    object(configurationResponse(await services.configurations.reset(caller, args.requireString('name'), scopeIds(args)))),

  listConfigurationGroups: async ({ services, args, page }) => {
    const r = services.configurations.groups(args.string('group'), page);
    return list({ count: r.count, items: r.items.map(configurationGroupResponse) });
  },
};
