import { templateViewsAllZones } from '../../../../services/template-views.js';
import { type HandlerMap, list, object } from '../reply.js';
import { templateResponse } from '../views/template.js';
import { templateUserDataFields, userDataResponse } from '../views/user-data.js';

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

  // Answers the template (or ISO) as the templates family renders it, plus its user data link.
  linkUserDataToTemplate: async ({ caller, services, args }) => {
    const id = await services.userData.linkToTemplate(caller, {
      templateId: args.string('templateid'), isoId: args.string('isoid'), userDataId: args.string('userdataid'), policy: args.string('userdatapolicy'),
    });
    const [view] = await templateViewsAllZones(services.db, caller, id);
    if (!view) throw new Error(`template ${id} has no view`);
    const tags = (await services.tags.tagsOf(view.isIso ? 'ISO' : 'Template', [id])).get(id);
    const link = (await services.userData.linksOf([id])).get(id);
    return object({ ...templateResponse({ ...view, tags }), ...templateUserDataFields(link) });
  },
};
