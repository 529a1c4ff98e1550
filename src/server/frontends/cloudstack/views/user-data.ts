import type { UserDataView } from '../../../../services/user-data.js';
import type { Obj } from '../reply.js';
import { ownerFields } from './owner.js';

export function userDataResponse(u: UserDataView): Obj {
  return {
    id: u.uuid, name: u.name, accountid: u.owner.accountUuid, ...ownerFields(u.owner, true), userdata: u.userData,
    params: u.params.length ? u.params.join(',') : undefined, hasannotations: false,
  };
}
