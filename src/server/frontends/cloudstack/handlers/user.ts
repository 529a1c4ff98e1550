import { type HandlerMap, object } from '../reply.js';

export const userHandlers: HandlerMap = {
  registerUserKeys: async ({ caller, services, args }) => {
    const k = await services.auth.registerKeys(caller, args.requireString('id'));
    return object({ apikey: k.apiKey, secretkey: k.secretKey });
  },

  getUserKeys: async ({ caller, services, args }) => {
    const k = await services.auth.getKeys(caller, args.requireString('id'));
    // CloudStack answers `{"userkeys": {}}` for a user without keys.
    return object(k ? { apikey: k.apiKey, secretkey: k.secretKey } : {});
  },
};
