import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

export const RoleResponse: ResponseDecl = {
  name: 'RoleResponse',
  fields: [
    f('type', 'string', "the type of the role"),
    f('isdefault', 'boolean', "true if role is default, false otherwise"),
    f('state', 'string', "the state of the role"),
    f('id', 'string', "the ID of the role"),
    f('name', 'string', "the name of the role"),
    f('description', 'string', "the description of the role"),
    f('ispublic', 'boolean', "Indicates whether the role will be visible to all users (public) or only to root admins (private). If this parameter is not specified during the creation of the role its value will be defaulted to true (public)."),
  ],
};

export const RolePermissionResponse: ResponseDecl = {
  name: 'RolePermissionResponse',
  fields: [
    f('id', 'string', "the ID of the role permission"),
    f('roleid', 'string', "the ID of the role to which the role permission belongs"),
    f('rolename', 'string', "the name of the role to which the role permission belongs"),
    f('rule', 'string', "the api name or wildcard rule"),
    f('permission', 'string', "the permission type of the api name or wildcard rule, allow/deny"),
    f('description', 'string', "the description of the role permission"),
  ],
};


export const createRole: CommandDecl = {
  name: 'createRole',
  description: "Creates a role",
  since: '4.9.0',
  isAsync: false,
  responseName: 'createroleresponse',
  shape: 'object',
  objectName: 'role',
  response: RoleResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.CreateRoleCmd',
  params: [
    p('name', 'string', true, "Creates a role with this unique name"),
    p('roleid', 'uuid', false, "ID of the role to be cloned from. Either roleid or type must be passed in"),
    p('ispublic', 'boolean', false, "Indicates whether the role will be visible to all users (public) or only to root admins (private). Default is true."),
    p('type', 'string', false, "The type of the role, valid options are: Admin, ResourceAdmin, DomainAdmin, User"),
    p('description', 'string', false, "The description of the role"),
  ],
};

export const listRoles: CommandDecl = {
  name: 'listRoles',
  description: "Lists dynamic roles in CloudStack",
  since: '4.9.0',
  isAsync: false,
  responseName: 'listrolesresponse',
  shape: 'list',
  objectName: 'role',
  response: RoleResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.ListRolesCmd',
  params: [
    p('id', 'uuid', false, "List role by role ID."),
    p('name', 'string', false, "List role by role name."),
    p('type', 'string', false, "List role by role type, valid options are: Admin, ResourceAdmin, DomainAdmin, User."),
    p('state', 'string', false, "List role by role type status, valid options are: enabled, disabled"),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updateRole: CommandDecl = {
  name: 'updateRole',
  description: "Updates a role",
  since: '4.9.0',
  isAsync: false,
  responseName: 'updateroleresponse',
  shape: 'object',
  objectName: 'role',
  response: RoleResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.UpdateRoleCmd',
  params: [
    p('id', 'uuid', true, "ID of the role"),
    p('name', 'string', false, "creates a role with this unique name"),
    p('description', 'string', false, "The description of the role"),
    p('ispublic', 'boolean', false, "Indicates whether the role will be visible to all users (public) or only to root admins (private)."),
    p('type', 'string', false, "The type of the role, valid options are: Admin, ResourceAdmin, DomainAdmin, User"),
  ],
};

export const deleteRole: CommandDecl = {
  name: 'deleteRole',
  description: "Deletes a role",
  since: '4.9.0',
  isAsync: false,
  responseName: 'deleteroleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.DeleteRoleCmd',
  params: [
    p('id', 'uuid', true, "ID of the role"),
  ],
};

export const enableRole: CommandDecl = {
  name: 'enableRole',
  description: "Enables a role",
  since: '4.20.0',
  isAsync: false,
  responseName: 'enableroleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.EnableRoleCmd',
  params: [
    p('id', 'uuid', true, "ID of the role"),
  ],
};

export const disableRole: CommandDecl = {
  name: 'disableRole',
  description: "Disables a role",
  since: '4.20.0',
  isAsync: false,
  responseName: 'disableroleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.DisableRoleCmd',
  params: [
    p('id', 'uuid', true, "ID of the role"),
  ],
};

export const importRole: CommandDecl = {
  name: 'importRole',
  description: "Imports a role based on provided map of rule permissions",
  since: '4.15.0',
  isAsync: false,
  responseName: 'importroleresponse',
  shape: 'object',
  objectName: 'role',
  response: RoleResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.ImportRoleCmd',
  params: [
    p('name', 'string', true, "Creates a role with this unique name"),
    p('rules', 'map', true, "Rules param list, rule and permission is must. Example: rules[0].rule=create*&rules[0].permission=allow&rules[0].description=create%20rule&rules[1].rule=list*&rules[1].permission=allow&rules[1].description=listing"),
    p('forced', 'boolean', false, "Force create a role with the same name. This overrides the role type, description and rule permissions for the existing role. Default is false."),
    p('ispublic', 'boolean', false, "Indicates whether the role will be visible to all users (public) or only to root admins (private). If this parameter is not specified during the creation of the role its value will be defaulted to true (public)."),
    p('type', 'string', false, "The type of the role, valid options are: Admin, ResourceAdmin, DomainAdmin, User"),
    p('description', 'string', false, "The description of the role"),
  ],
};

export const createRolePermission: CommandDecl = {
  name: 'createRolePermission',
  description: "Adds an API permission to a role",
  since: '4.9.0',
  isAsync: false,
  responseName: 'createrolepermissionresponse',
  shape: 'object',
  objectName: 'rolepermission',
  response: RolePermissionResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.CreateRolePermissionCmd',
  params: [
    p('roleid', 'uuid', true, "ID of the role"),
    p('rule', 'string', true, "The API name or wildcard rule such as list*"),
    p('permission', 'string', true, "The rule permission, allow or deny. Default: deny."),
    p('description', 'string', false, "The description of the role permission"),
  ],
};

export const listRolePermissions: CommandDecl = {
  name: 'listRolePermissions',
  description: "Lists role permissions",
  since: '4.9.0',
  isAsync: false,
  responseName: 'listrolepermissionsresponse',
  shape: 'list',
  objectName: 'rolepermission',
  response: RolePermissionResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.ListRolePermissionsCmd',
  params: [
    p('roleid', 'uuid', false, "ID of the role"),
  ],
};

export const updateRolePermission: CommandDecl = {
  name: 'updateRolePermission',
  description: "Updates a role permission order",
  since: '4.9.0',
  isAsync: false,
  responseName: 'updaterolepermissionresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.UpdateRolePermissionCmd',
  params: [
    p('roleid', 'uuid', true, "ID of the role"),
    p('ruleorder', 'list', false, "The parent role permission uuid, use 0 to move this rule at the top of the list", { collectionType: 'uuid' }),
    p('ruleid', 'uuid', false, "Role permission rule id", { since: '4.11' }),
    p('permission', 'string', false, "Rule permission, can be: allow or deny", { since: '4.11' }),
  ],
};

export const deleteRolePermission: CommandDecl = {
  name: 'deleteRolePermission',
  description: "Deletes a role permission",
  since: '4.9.0',
  isAsync: false,
  responseName: 'deleterolepermissionresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.DeleteRolePermissionCmd',
  params: [
    p('id', 'uuid', true, "ID of the role permission"),
  ],
};

