import { type HandlerMap, list } from '../reply.js';
import { userDataResponse } from '../views/user-data.js';

const owner = (args: { string(n: string): string | undefined }) => ({ account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid') });

export const userDataHandlers: HandlerMap = {
  // The reference declares a SuccessResponse (the annotation's class), so that is the answer.
  registerUserData: async ({ caller, services, args }) => {
    await services.userData.register(caller, { name: args.requireString('name'), userData: args.requireString('userdata'), params: args.string('params'), ...owner(args) });
    return { kind: 'success' };
  },

  listUserData: async ({ caller, services, args, page }) => {
    const r = await services.userData.list(caller, {
      id: args.string('id'), name: args.string('name'), keyword: args.string('keyword'), listall: args.bool('listall'), isrecursive: args.bool('isrecursive'), ...owner(args),
    }, page);
    return list({ count: r.count, items: r.items.map(userDataResponse) });
  },

  deleteUserData: async ({ caller, services, args }) => {
    await services.userData.delete(caller, { id: args.requireString('id'), ...owner(args) });
    return { kind: 'success' };
  },
};
