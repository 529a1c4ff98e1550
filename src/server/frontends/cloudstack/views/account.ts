import { csDate } from '../../../../core/time.js';
import type { AccountView } from '../../../../services/identity-views.js';
import type { Obj } from '../reply.js';
import { domainPath, registerEntityRenderer } from './index.js';
import { userResponse } from './user.js';

/** AccountResponse without the resource-limit fields (the limits family adds those). */
export function accountResponse(a: AccountView): Obj {
  return {
    id: a.uuid, name: a.name, accounttype: a.type, roleid: a.roleUuid, roletype: a.roleType, rolename: a.roleName,
    domainid: a.domainUuid, domain: a.domainName, domainpath: domainPath(a.domainPath), state: a.state, iscleanuprequired: false,
    created: csDate(a.created), user: a.users.map(userResponse), networkdomain: a.networkDomain ?? undefined,
    accountdetails: Object.keys(a.details).length ? a.details : undefined, isdefault: a.isDefault,
  };
}

registerEntityRenderer('Account', (d) => accountResponse(d as AccountView));
