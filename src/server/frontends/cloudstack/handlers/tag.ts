import { createTags, deleteTags } from '../../../../api/cloudstack/tag.js';
import { invalidParam } from '../../../../core/errors.js';
import { type HandlerMap, job, list } from '../reply.js';
import { tagResponse } from '../views/tag.js';

export const tagHandlers: HandlerMap = {
  createTags: async ({ caller, services, args }) => {
    const tags = args.map('tags');
    if (!tags) throw invalidParam('Unable to execute API command createtags due to missing parameter tags');
    const r = await services.tags.submitCreate(caller, {
      resourceType: args.requireString('resourcetype'), resourceIds: args.list('resourceids') ?? [], tags, customer: args.string('customer'),
    }, createTags.javaClass);
    return job(r.jobUuid);
  },

  deleteTags: async ({ caller, services, args }) => {
    const r = await services.tags.submitDelete(caller, {
      resourceType: args.requireString('resourcetype'), resourceIds: args.list('resourceids') ?? [], tags: args.map('tags'),
    }, deleteTags.javaClass);
    return job(r.jobUuid);
  },

  listTags: async ({ caller, services, args, page }) => {
    const r = await services.tags.list(caller, {
      resourceType: args.string('resourcetype'), resourceId: args.string('resourceid'), key: args.string('key'), value: args.string('value'),
      customer: args.string('customer'), keyword: args.string('keyword'), listall: args.bool('listall'), isrecursive: args.bool('isrecursive'),
      account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid'),
    }, page);
    return list({ count: r.count, items: r.items.map(tagResponse) });
  },
};
