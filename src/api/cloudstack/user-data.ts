import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';
import { TemplateResponse } from './template.js';

// Registered user data (4.18+): base64 content, optionally templated with declared params.
export const UserDataResponse: ResponseDecl = {
  name: 'UserDataResponse',
  fields: [
    f('id', 'string', "ID of the User Data"),
    f('name', 'string', "Name of the User Data"),
    f('accountid', 'string', "the owner id of the User Data"),
    f('account', 'string', "the owner of the User Data"),
    f('projectid', 'string', "the project id of the User Data"),
    f('project', 'string', "the project name of the User Data"),
    f('domainid', 'string', "the domain id of the User Data owner"),
    f('domain', 'string', "the domain name of the User Data owner"),
    f('domainpath', 'string', "path of the domain to which the User Data owner belongs"),
    f('userdata', 'string', "base64 encoded User Data content"),
    f('params', 'string', "list of parameters which contains the list of keys or string parameters that are needed to be passed for any variables declared in the User Data"),
    f('hasannotations', 'boolean', "true if the entity/resource has annotations"),
  ],
};

export const registerUserData: CommandDecl = {
  name: 'registerUserData',
  description: "Register a new User Data.",
  since: '4.18',
  isAsync: false,
  responseName: 'registeruserdataresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.user.userdata.RegisterUserDataCmd',
  params: [
    p('userdata', 'string', true, "User data content", { length: 1048576 }),
    p('name', 'string', true, "Name of the user data"),
    p('account', 'string', false, "an optional account for the user data. Must be used with domainId."),
    p('domainid', 'uuid', false, "an optional domainId for the user data. If the account parameter is used, domainId must also be used."),
    p('projectid', 'uuid', false, "an optional project for the user data"),
    p('params', 'string', false, "comma separated list of variables declared in user data content"),
  ],
};

export const listUserData: CommandDecl = {
  name: 'listUserData',
  description: "List registered userdatas",
  since: '4.18',
  isAsync: false,
  responseName: 'listuserdataresponse',
  shape: 'list',
  objectName: 'userdata',
  response: UserDataResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.user.userdata.ListUserDataCmd',
  params: [
    p('id', 'uuid', false, "the ID of the Userdata"),
    p('name', 'string', false, "Userdata name to look for"),
    p('projectid', 'uuid', false, "list objects by project; if projectid=-1 lists All VMs"),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const deleteUserData: CommandDecl = {
  name: 'deleteUserData',
  description: "Deletes a userdata",
  since: '4.18',
  isAsync: false,
  responseName: 'deleteuserdataresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.user.userdata.DeleteUserDataCmd',
  params: [
    p('id', 'uuid', true, "the ID of the Userdata"),
    p('account', 'string', false, "an optional account for the userdata. Must be used with domainId."),
    p('domainid', 'uuid', false, "an optional domainId for the userdata. If the account parameter is used, domainId must also be used."),
    p('projectid', 'uuid', false, "an optional project for the userdata"),
  ],
};

export const linkUserDataToTemplate: CommandDecl = {
  name: 'linkUserDataToTemplate',
  description: "Link or unlink a userdata to a template.",
  since: '4.18.0',
  isAsync: false,
  responseName: 'linkuserdatatotemplateresponse',
  shape: 'object',
  objectName: 'template',
  response: TemplateResponse,
  authorized: ['Admin','ResourceAdmin','DomainAdmin','User'],
  javaClass: 'org.apache.cloudstack.api.command.user.userdata.LinkUserDataToTemplateCmd',
  params: [
    p('templateid', 'uuid', false, "the ID of the template for the virtual machine"),
    p('isoid', 'uuid', false, "the ID of the ISO for the virtual machine"),
    p('userdataid', 'uuid', false, "the ID of the userdata that has to be linked to template/ISO. If not provided existing userdata will be unlinked from the template/ISO"),
    p('userdatapolicy', 'string', false, "an optional override policy of the userdata. Possible values are - ALLOWOVERRIDE, APPEND, DENYOVERRIDE. Default policy is allowoverride"),
  ],
};

