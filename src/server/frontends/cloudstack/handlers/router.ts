import type { RouterAction } from '../../../../services/routers.js';
import { type HandlerCtx, type HandlerMap, job, list } from '../reply.js';
import { routerResponse } from '../views/router.js';

const act = (action: RouterAction) => async ({ caller, services, args, decl }: HandlerCtx) =>
  job((await services.routers.submit(caller, action, args.requireString('id'), decl.javaClass)).jobUuid);

export const routerHandlers: HandlerMap = {
  listRouters: async ({ caller, services, args, page }) => {
    const r = await services.routers.list(caller, {
      id: args.string('id'), name: args.string('name'), state: args.string('state'), zoneId: args.string('zoneid'), podId: args.string('podid'),
      hostId: args.string('hostid'), clusterId: args.string('clusterid'), networkId: args.string('networkid'), vpcId: args.string('vpcid'), forVpc: args.bool('forvpc'),
      version: args.string('version'), healthChecksFailed: args.bool('healthchecksfailed'), arch: args.string('arch'), keyword: args.string('keyword'),
      listall: args.bool('listall'), domainid: args.string('domainid'), account: args.string('account'), isrecursive: args.bool('isrecursive'), projectid: args.string('projectid'),
    }, page);
    return list({ count: r.count, items: r.items.map(routerResponse) });
  },
  startRouter: act('startRouter'),
  stopRouter: act('stopRouter'),
  rebootRouter: act('rebootRouter'),
  destroyRouter: act('destroyRouter'),
};
