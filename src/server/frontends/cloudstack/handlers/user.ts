import { disableUser } from '../../../../api/cloudstack/user.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { userResponse } from '../views/user.js';

export const userHandlers: HandlerMap = {
  registerUserKeys: async ({ caller, services, args }) => {
    await services.users.checkKeyAccess(caller, args.requireString('id'));
    const k = await services.auth.registerKeys(caller, args.requireString('id'));
    return object({ apikey: k.apiKey, secretkey: k.secretKey });
  },

  getUserKeys: async ({ caller, services, args }) => {
    await services.users.checkKeyAccess(caller, args.requireString('id'));
    const k = await services.auth.getKeys(caller, args.requireString('id'));
    // CloudStack answers `{"userkeys": {}}` for a user without keys.
    return object(k ? { apikey: k.apiKey, secretkey: k.secretKey } : {});
  },

  createUser: async ({ caller, services, args }) =>
    object(userResponse(await services.users.create(caller, {
      account: args.requireString('account'), domainId: args.string('domainid'), username: args.requireString('username'),
      password: args.requireString('password'), email: args.requireString('email'), firstname: args.requireString('firstname'),
      lastname: args.requireString('lastname'), timezone: args.string('timezone'), userUuid: args.string('userid'),
    }))),

  listUsers: async ({ caller, services, args, page }) => {
    const r = await services.users.list(caller, {
      id: args.string('id'), username: args.string('username'), accountType: args.number('accounttype'), state: args.string('state'),
      keyword: args.string('keyword'), userSource: args.string('usersource'), account: args.string('account'), domainId: args.string('domainid'),
      isRecursive: args.bool('isrecursive'), listAll: args.bool('listall'),
    }, page);
    return list({ count: r.count, items: r.items.map(userResponse) });
  },

  getUser: async ({ caller, services, args }) => object(userResponse(await services.users.byApiKey(caller, args.requireString('userapikey')))),

  updateUser: async ({ caller, services, args }) =>
    object(userResponse(await services.users.update(caller, args.requireString('id'), {
      username: args.string('username'), firstname: args.string('firstname'), lastname: args.string('lastname'), email: args.string('email'),
      timezone: args.string('timezone'), password: args.string('password'), currentPassword: args.string('currentpassword'),
      apiKey: args.string('userapikey'), secretKey: args.string('usersecretkey'),
    }))),

  deleteUser: async ({ caller, services, args }) => {
    await services.users.delete(caller, args.requireString('id'));
    return { kind: 'success' };
  },

  disableUser: async ({ caller, services, args }) => job((await services.users.submitDisable(caller, args.requireString('id'), disableUser.javaClass)).jobUuid),

  enableUser: async ({ caller, services, args }) => object(userResponse(await services.users.enable(caller, args.requireString('id')))),

  lockUser: async ({ caller, services, args }) => object(userResponse(await services.users.lock(caller, args.requireString('id')))),
};
