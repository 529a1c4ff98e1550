import { EVENT_TYPES } from '../../../../core/event-types.js';
import { resolveId } from '../../../../services/lookup.js';
import { listScope } from '../../../../services/scope.js';
import { type HandlerMap, list } from '../reply.js';
import { eventResponse } from '../views/index.js';

export const eventHandlers: HandlerMap = {
  listEvents: async ({ caller, services, args, page }) => {
    const scope = await listScope(services.db, caller, {
      listall: args.bool('listall'), domainid: args.string('domainid'), account: args.string('account'), isrecursive: args.bool('isrecursive'),
      projectid: args.string('projectid'),
    });
    const idArg = args.string('id');
    let id: number | undefined;
    if (idArg !== undefined) id = (await resolveId(services.db, 'events', idArg)) ?? -1;
    const duration = args.number('duration');
    const startDate = duration !== undefined ? new Date(Date.now() - duration * 1000).toISOString() : args.string('startdate');
    const r = await services.events.list(scope, {
      id, type: args.string('type'), level: args.string('level'), state: args.string('state'), resourceId: args.string('resourceid'),
      resourceType: args.string('resourcetype'), startDate, endDate: args.string('enddate'), keyword: args.string('keyword'),
      archived: args.bool('archived'),
    }, page);
    return list({ count: r.count, items: r.items.map(eventResponse) });
  },

  listEventTypes: async () => list({ count: EVENT_TYPES.length, items: EVENT_TYPES.map((name) => ({ name })) }),
};
