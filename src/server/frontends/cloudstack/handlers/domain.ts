import { deleteDomain } from '../../../../api/cloudstack/domain.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { domainResponse } from '../views/index.js';

export const domainHandlers: HandlerMap = {
  createDomain: async ({ caller, services, args }) =>
    object(domainResponse(await services.domains.create(caller, {
      name: args.requireString('name'), parentId: args.string('parentdomainid'), networkDomain: args.string('networkdomain'), uuid: args.string('domainid'),
    }))),

  listDomains: async ({ caller, services, args, page }) => {
    const r = await services.domains.list(caller, {
      id: args.string('id'), name: args.string('name'), level: args.number('level'), listall: args.bool('listall'), keyword: args.string('keyword'),
    }, page);
    return list({ count: r.count, items: r.items.map(domainResponse) });
  },

  updateDomain: async ({ caller, services, args }) =>
    object(domainResponse(await services.domains.update(caller, args.requireString('id'), { name: args.string('name'), networkDomain: args.string('networkdomain') }))),

  deleteDomain: async ({ caller, services, args }) => {
    const r = await services.domains.submitDelete(caller, args.requireString('id'), args.bool('cleanup') ?? false, deleteDomain.javaClass);
    return job(r.jobUuid);
  },
};
