import type { RolePermissionView, RoleRow } from '../../../../services/role-admin.js';
import type { Obj } from '../reply.js';

export function roleResponse(r: RoleRow): Obj {
  return {
    id: r.uuid, name: r.name, type: r.type, description: r.description || undefined, isdefault: r.isDefault, ispublic: r.isPublic, state: r.state,
  };
}

/** RolePermissionResponse; CloudStack prints the permission in lower case. */
export function rolePermissionResponse(p: RolePermissionView): Obj {
  return {
    id: p.uuid, roleid: p.roleUuid, rolename: p.roleName, rule: p.rule, permission: p.permission.toLowerCase(), description: p.description || undefined,
  };
}
