import { listScope } from '../../../../services/scope.js';
import { type HandlerMap, list } from '../reply.js';
import { jobResponse } from '../views/index.js';

export const jobHandlers: HandlerMap = {
  queryAsyncJobResult: async ({ caller, services, args }) => ({
    kind: 'flat',
    data: jobResponse(await services.jobQuery.get(caller, args.requireString('jobid'))),
  }),

  listAsyncJobs: async ({ caller, services, args, page }) => {
    const scope = await listScope(services.db, caller, {
      listall: args.bool('listall'), domainid: args.string('domainid'), account: args.string('account'), isrecursive: args.bool('isrecursive'),
    });
    const r = await services.jobQuery.list(scope, { startDate: args.string('startdate'), keyword: args.string('keyword') }, page);
    return list({ count: r.count, items: r.items.map(jobResponse) });
  },
};
