import { commands, findCommand } from '../../../../api/cloudstack/index.js';
import { isRootAdmin } from '../../../../core/caller.js';
import { invalidParam } from '../../../../core/errors.js';
import { type HandlerMap, list, object } from '../reply.js';
import { CLOUDSTACK_VERSION } from '../render.js';
import { apiResponse } from '../views/index.js';

export const discoveryHandlers: HandlerMap = {
  listApis: async ({ caller, services, args }) => {
    const role = { id: caller.roleId, type: caller.roleType };
    const name = args.string('name');
    const candidates = name === undefined ? commands : [findCommand(name)].filter((c) => c !== undefined);
    const allowed = [];
    for (const c of candidates) if (await services.roles.allows(role, c)) allowed.push(c);
    if (name !== undefined && allowed.length === 0) throw invalidParam(`Api Discovery plugin was unable to find an api by that name or process any apis: ${name}`);
    return list({ count: allowed.length, items: allowed.map((c) => apiResponse(c, isRootAdmin(caller))) });
  },

  listCapabilities: async ({ services: { settings } }) => {
    const bool = async (n: string) => (await settings.get(n)) === 'true';
    return object({
      securitygroupsenabled: await bool('security.groups.enabled'),
      dynamicrolesenabled: true,
      cloudstackversion: CLOUDSTACK_VERSION,
      userpublictemplateenabled: true,
      supportELB: 'false',
      projectinviterequired: false,
      allowusercreateprojects: await bool('allow.user.create.projects'),
      customdiskofferingminsize: await settings.getNumber('custom.diskoffering.size.min'),
      customdiskofferingmaxsize: await settings.getNumber('custom.diskoffering.size.max'),
      regionsecondaryenabled: false,
      kvmsnapshotenabled: true,
      allowuserviewdestroyedvm: await bool('allow.user.view.destroyed.vm'),
      allowuserexpungerecovervm: await bool('allow.user.expunge.recover.vm'),
      allowuserexpungerecovervolume: true,
      allowuserviewalldomainaccounts: false,
      allowuserforcestopvm: true,
      kubernetesserviceenabled: false,
      kubernetesclusterexperimentalfeaturesenabled: false,
      defaultuipagesize: 20,
      instancesstatsretentiontime: 720,
      instancesstatsuseronly: false,
      instancesdisksstatsretentionenabled: false,
      instancesdisksstatsretentiontime: 720,
      instanceleaseenabled: false,
      dynamicscalingenabled: true,
      additionalconfigenabled: false,
    });
  },
};
