import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

export const RegisterResponse: ResponseDecl = {
  name: 'RegisterResponse',
  fields: [
    f('apikey', 'string', "the api key of the registered user"),
    f('secretkey', 'string', "the secret key of the registered user"),
    f('apikeyaccess', 'boolean', "whether api key access is allowed or not"),
  ],
};

export const registerUserKeys: CommandDecl = {
  name: 'registerUserKeys',
  description: "This command allows a user to register for the developer API, returning a secret key and an API key. This request is made through the integration API port, so it is a privileged command and must be made on behalf of a user. It is up to the implementer just how the username and password are entered, and then how that translates to an integration API request. Both secret key and API key should be returned to the user",
  isAsync: false,
  responseName: 'registeruserkeysresponse',
  shape: 'object',
  objectName: 'userkeys',
  response: RegisterResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.user.RegisterCmd',
  params: [
    p('id', 'uuid', true, "User id"),
  ],
};

export const getUserKeys: CommandDecl = {
  name: 'getUserKeys',
  description: "This command allows the user to query the seceret and API keys for the account",
  since: '4.10.0',
  isAsync: false,
  responseName: 'getuserkeysresponse',
  shape: 'object',
  objectName: 'userkeys',
  response: RegisterResponse,
  authorized: ['User','Admin','DomainAdmin','ResourceAdmin'],
  javaClass: 'org.apache.cloudstack.api.command.admin.user.GetUserKeysCmd',
  params: [
    p('id', 'uuid', true, "ID of the user whose keys are required"),
  ],
};


export const UserResponse: ResponseDecl = {
  name: 'UserResponse',
  fields: [
    f('id', 'string', "the user ID"),
    f('username', 'string', "the user name"),
    f('firstname', 'string', "the user firstname"),
    f('lastname', 'string', "the user lastname"),
    f('email', 'string', "the user email address"),
    f('created', 'date', "the date and time the user account was created"),
    f('state', 'string', "the user state"),
    f('account', 'string', "the account name of the user"),
    f('accounttype', 'integer', "the account type of the user"),
    f('usersource', 'string', "the source type of the user in lowercase, such as native, ldap, saml2"),
    f('roleid', 'string', "the ID of the role"),
    f('roletype', 'string', "the type of the role"),
    f('rolename', 'string', "the name of the role"),
    f('domainid', 'string', "the domain ID of the user"),
    f('domain', 'string', "the domain name of the user"),
    f('timezone', 'string', "the timezone user was created in"),
    f('apikey', 'string', "the api key of the user"),
    f('secretkey', 'string', "the secret key of the user"),
    f('accountid', 'string', "the account ID of the user"),
    f('iscallerchilddomain', 'boolean', "the boolean value representing if the updating target is in caller's child domain"),
    f('isdefault', 'boolean', "true if user is default, false otherwise"),
    f('icon', 'object', "Base64 string representation of the resource icon"),
    f('is2faenabled', 'boolean', "true if user has two factor authentication enabled"),
    f('is2famandated', 'boolean', "true if user has two factor authentication is mandated"),
    f('apikeyaccess', 'apikeyaccess', "whether api key access is Enabled, Disabled or set to Inherit (it inherits the value from the parent)"),
  ],
};

export const createUser: CommandDecl = {
  name: 'createUser',
  description: "Creates a user for an account that already exists",
  isAsync: false,
  responseName: 'createuserresponse',
  shape: 'object',
  objectName: 'user',
  response: UserResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.user.CreateUserCmd',
  params: [
    p('account', 'string', true, "Creates the user under the specified account. If no account is specified, the username will be used as the account name."),
    p('domainid', 'uuid', false, "Creates the user under the specified domain. Has to be accompanied with the account parameter"),
    p('email', 'string', true, "email"),
    p('firstname', 'string', true, "firstname"),
    p('lastname', 'string', true, "lastname"),
    p('password', 'string', true, "Clear text password (Default hashed to SHA256SALT). If you wish to use any other hashing algorithm, you would need to write a custom authentication adapter See Docs section."),
    p('timezone', 'string', false, "Specifies a timezone for this command. For more information on the timezone parameter, see Time Zone Format."),
    p('username', 'string', true, "Unique username."),
    p('userid', 'string', false, "User UUID, required for adding account from external provisioning system"),
  ],
};

export const listUsers: CommandDecl = {
  name: 'listUsers',
  description: "Lists user accounts",
  isAsync: false,
  responseName: 'listusersresponse',
  shape: 'list',
  objectName: 'user',
  response: UserResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.user.ListUsersCmd',
  params: [
    p('accounttype', 'integer', false, "List users by account type. Valid types include admin, domain-admin, read-only-admin, or user."),
    p('id', 'uuid', false, "List user by ID."),
    p('state', 'string', false, "List users by state of the user account."),
    p('username', 'string', false, "List user by the username"),
    p('apikeyaccess', 'string', false, "List users by the Api key access value", { since: '4.20.1.0' }),
    p('showicon', 'boolean', false, "flag to display the resource icon for users"),
    p('usersource', 'string', false, "List users by their authentication source. Valid values are: native, ldap, saml2 and saml2disabled.", { since: '4.21.0.0' }),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const getUser: CommandDecl = {
  name: 'getUser',
  description: "Find user account by API key",
  isAsync: false,
  responseName: 'getuserresponse',
  shape: 'object',
  objectName: 'user',
  response: UserResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.user.GetUserCmd',
  params: [
    p('userapikey', 'string', true, "API key of the user"),
  ],
};

export const updateUser: CommandDecl = {
  name: 'updateUser',
  description: "Updates a user account",
  isAsync: false,
  responseName: 'updateuserresponse',
  shape: 'object',
  objectName: 'user',
  response: UserResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.user.UpdateUserCmd',
  params: [
    p('userapikey', 'string', false, "The API key for the user. Must be specified with userSecretKey"),
    p('email', 'string', false, "email"),
    p('firstname', 'string', false, "first name"),
    p('id', 'uuid', true, "User uuid"),
    p('lastname', 'string', false, "last name"),
    p('password', 'string', false, "Clear text password (default hashed to SHA256SALT). If you wish to use any other hashing algorithm, you would need to write a custom authentication adapter. Can't be passed when command is executed via integration.api.port"),
    p('currentpassword', 'string', false, "Current password that was being used by the user. You must inform the current password when updating the password."),
    p('usersecretkey', 'string', false, "The secret key for the user. Must be specified with userApiKey"),
    p('apikeyaccess', 'string', false, "Determines if Api key access for this user is enabled, disabled or inherits the value from its parent, the owning account", { since: '4.20.1.0' }),
    p('timezone', 'string', false, "Specifies a timezone for this command. For more information on the timezone parameter, see Time Zone Format."),
    p('username', 'string', false, "Unique username"),
    p('mandate2fa', 'boolean', false, "Provide true to mandate the user to use two factor authentication has to be enabled.This parameter is only used to mandate 2FA, not to disable 2FA", { since: '4.18.0.0' }),
  ],
};

export const deleteUser: CommandDecl = {
  name: 'deleteUser',
  description: "Deletes a user for an account",
  isAsync: false,
  responseName: 'deleteuserresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.user.DeleteUserCmd',
  params: [
    p('id', 'uuid', true, "id of the user to be deleted"),
  ],
};

export const disableUser: CommandDecl = {
  name: 'disableUser',
  description: "Disables a user account",
  isAsync: true,
  responseName: 'disableuserresponse',
  shape: 'object',
  objectName: 'user',
  response: UserResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.user.DisableUserCmd',
  params: [
    p('id', 'uuid', true, "Disables user by user ID."),
  ],
};

export const enableUser: CommandDecl = {
  name: 'enableUser',
  description: "Enables a user account",
  isAsync: false,
  responseName: 'enableuserresponse',
  shape: 'object',
  objectName: 'user',
  response: UserResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.user.EnableUserCmd',
  params: [
    p('id', 'uuid', true, "Enables user by user ID."),
  ],
};

export const lockUser: CommandDecl = {
  name: 'lockUser',
  description: "Locks a user account",
  isAsync: false,
  responseName: 'lockuserresponse',
  shape: 'object',
  objectName: 'user',
  response: UserResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.admin.user.LockUserCmd',
  params: [
    p('id', 'uuid', true, "Locks user by user ID."),
  ],
};
