import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

// Project roles (CloudStack 4.15+): per-project roles with ordered allow/deny rules.

export const ProjectRoleResponse: ResponseDecl = {
  name: 'ProjectRoleResponse',
  fields: [
    f('projectid', 'string', "the id of the project"),
    f('id', 'string', "the ID of the role"),
    f('name', 'string', "the name of the role"),
    f('description', 'string', "the description of the role"),
    f('ispublic', 'boolean', "Indicates whether the role will be visible to all users (public) or only to root admins (private). If this parameter is not specified during the creation of the role its value will be defaulted to true (public)."),
  ],
};

export const ProjectRolePermissionResponse: ResponseDecl = {
  name: 'ProjectRolePermissionResponse',
  fields: [
    f('id', 'string', "the ID of the project role permission"),
    f('projectroleid', 'string', "the ID of the project role to which the role permission belongs"),
    f('projectid', 'string', "the ID of the project"),
    f('projectrolename', 'string', "the name of the project role to which the role permission belongs"),
    f('rule', 'string', "the api name or wildcard rule"),
    f('permission', 'string', "the permission type of the api name or wildcard rule, allow/deny"),
    f('description', 'string', "the description of the role permission"),
  ],
};


export const createProjectRole: CommandDecl = {
  name: 'createProjectRole',
  description: "Creates a Project role",
  since: '4.15.0',
  isAsync: false,
  responseName: 'createprojectroleresponse',
  shape: 'object',
  objectName: 'projectrole',
  response: ProjectRoleResponse,
  authorized: ['Admin','DomainAdmin','ResourceAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.project.CreateProjectRoleCmd',
  params: [
    p('name', 'string', true, "creates a project role with this unique name"),
    p('projectid', 'uuid', true, "ID of project where role is being created"),
    p('description', 'string', false, "The description of the Project role"),
  ],
};

export const listProjectRoles: CommandDecl = {
  name: 'listProjectRoles',
  description: "Lists Project roles in CloudStack",
  since: '4.15.0',
  isAsync: false,
  responseName: 'listprojectrolesresponse',
  shape: 'list',
  objectName: 'projectrole',
  response: ProjectRoleResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.project.ListProjectRolesCmd',
  params: [
    p('projectroleid', 'uuid', false, "List project role by project role ID."),
    p('projectid', 'uuid', true, "List project role by project ID."),
    p('name', 'string', false, "List project role by project role name."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updateProjectRole: CommandDecl = {
  name: 'updateProjectRole',
  description: "Creates a Project role",
  since: '4.15.0',
  isAsync: false,
  responseName: 'updateprojectroleresponse',
  shape: 'object',
  objectName: 'projectrole',
  response: ProjectRoleResponse,
  authorized: ['Admin','DomainAdmin','ResourceAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.project.UpdateProjectRoleCmd',
  params: [
    p('id', 'uuid', true, "ID of the Project role"),
    p('name', 'string', false, "creates a project role with this unique name"),
    p('projectid', 'uuid', true, "ID of project where role is being created"),
    p('description', 'string', false, "The description of the Project role"),
  ],
};

export const deleteProjectRole: CommandDecl = {
  name: 'deleteProjectRole',
  description: "Delete Project roles in CloudStack",
  since: '4.15.0',
  isAsync: false,
  responseName: 'deleteprojectroleresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.project.DeleteProjectRoleCmd',
  params: [
    p('id', 'uuid', true, "ID of the project role to be deleted"),
    p('projectid', 'uuid', true, "ID of the project from where the role is to be deleted"),
  ],
};

export const createProjectRolePermission: CommandDecl = {
  name: 'createProjectRolePermission',
  description: "Adds API permissions to a project role",
  since: '4.15.0',
  isAsync: false,
  responseName: 'createprojectrolepermissionresponse',
  shape: 'object',
  objectName: 'projectrolepermission',
  response: ProjectRolePermissionResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.project.CreateProjectRolePermissionCmd',
  params: [
    p('projectroleid', 'uuid', true, "ID of the project role"),
    p('projectid', 'uuid', true, "ID of project where project role permission is to be created"),
    p('rule', 'string', true, "The API name or wildcard rule such as list*"),
    p('permission', 'string', true, "The rule permission, allow or deny. Default: deny."),
    p('description', 'string', false, "The description of the role permission"),
  ],
};

export const listProjectRolePermissions: CommandDecl = {
  name: 'listProjectRolePermissions',
  description: "Lists a project's project role permissions",
  since: '4.15.0',
  isAsync: false,
  responseName: 'listprojectrolepermissionsresponse',
  shape: 'list',
  objectName: 'projectrolepermission',
  response: ProjectRolePermissionResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.project.ListProjectRolePermissionsCmd',
  params: [
    p('projectid', 'uuid', true, "ID of the project"),
    p('projectroleid', 'uuid', false, "ID of the project role"),
  ],
};

export const updateProjectRolePermission: CommandDecl = {
  name: 'updateProjectRolePermission',
  description: "Updates a project role permission and/or order",
  since: '4.15.0',
  isAsync: false,
  responseName: 'updateprojectrolepermissionresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.project.UpdateProjectRolePermissionCmd',
  params: [
    p('projectroleid', 'uuid', true, "ID of the project role"),
    p('projectid', 'uuid', true, "ID of project where project role permission is to be updated"),
    p('ruleorder', 'list', false, "The parent role permission uuid, use 0 to move this rule at the top of the list", { collectionType: 'uuid' }),
    p('projectrolepermissionid', 'uuid', false, "Project Role permission rule id"),
    p('permission', 'string', false, "Rule permission, can be: allow or deny"),
  ],
};

export const deleteProjectRolePermission: CommandDecl = {
  name: 'deleteProjectRolePermission',
  description: "Deletes a project role permission in the project",
  since: '4.15.0',
  isAsync: false,
  responseName: 'deleteprojectrolepermissionresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.admin.acl.project.DeleteProjectRolePermissionCmd',
  params: [
    p('projectid', 'uuid', true, "ID of the project where the project role permission is to be deleted"),
    p('id', 'uuid', true, "ID of the project role permission to be deleted"),
  ],
};

