import { type HandlerMap, list, object } from '../reply.js';
import { imageStoreResponse } from '../views/storage.js';

export const imageStoreHandlers: HandlerMap = {
  addImageStore: async ({ caller, services, args }) =>
    object(imageStoreResponse(await services.imageStores.add(caller, {
      name: args.string('name'), url: args.string('url'), zoneId: args.string('zoneid'), provider: args.requireString('provider'),
    }))),

  addSecondaryStorage: async ({ caller, services, args }) =>
    object(imageStoreResponse(await services.imageStores.addSecondary(caller, { url: args.requireString('url'), zoneId: args.string('zoneid') }))),

  listImageStores: async ({ services, args, page }) => {
    const r = await services.imageStores.list({
      id: args.string('id'), name: args.string('name'), zoneId: args.string('zoneid'), protocol: args.string('protocol'),
      provider: args.string('provider'), readonly: args.bool('readonly'), keyword: args.string('keyword'),
    }, page);
    return list({ count: r.count, items: r.items.map(imageStoreResponse) });
  },

  deleteImageStore: async ({ caller, services, args }) => {
    await services.imageStores.delete(caller, args.requireString('id'));
    return { kind: 'success' };
  },
};
