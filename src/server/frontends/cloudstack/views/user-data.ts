import type { TemplateUserDataLink, UserDataView } from '../../../../services/user-data.js';
import type { Obj } from '../reply.js';
import { ownerFields } from './owner.js';

export function userDataResponse(u: UserDataView): Obj {
  return {
    id: u.uuid, name: u.name, accountid: u.owner.accountUuid, ...ownerFields(u.owner, true), userdata: u.userData,
    params: u.params.length ? u.params.join(',') : undefined, hasannotations: false,
  };
}

/** The TemplateResponse fields of a template's linked user data (for the templates family's views too). */
export function templateUserDataFields(link: TemplateUserDataLink | undefined): Obj {
  if (!link) return {};
  return {
    userdataid: link.userDataUuid, userdataname: link.userDataName, userdatapolicy: link.policy,
    userdataparams: link.params.length ? link.params.join(',') : undefined,
  };
}
