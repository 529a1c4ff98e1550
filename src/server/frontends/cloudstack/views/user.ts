import { csDate } from '../../../../core/time.js';
import type { UserView } from '../../../../services/identity-views.js';
import type { Obj } from '../reply.js';
import { registerEntityRenderer } from './index.js';

/** UserResponse. The API key is shown to whoever may see the user (itself or its admins), never the secret. */
export function userResponse(u: UserView): Obj {
  return {
    id: u.uuid, username: u.username, firstname: u.firstname, lastname: u.lastname, email: u.email ?? undefined, created: csDate(u.created),
    state: u.state, account: u.accountName, accounttype: u.accountType, usersource: 'native',
    roleid: u.roleUuid, roletype: u.roleType, rolename: u.roleName, domainid: u.domainUuid, domain: u.domainName,
    timezone: u.timezone ?? undefined, apikey: u.apiKey ?? undefined, accountid: u.accountUuid, isdefault: u.isDefault,
    is2faenabled: false, is2famandated: false,
  };
}

registerEntityRenderer('User', (d) => userResponse(d as UserView));
