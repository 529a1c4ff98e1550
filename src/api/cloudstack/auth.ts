import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';

export const LoginCmdResponse: ResponseDecl = {
  name: 'LoginCmdResponse',
  fields: [
    f('username', 'string', "Username"),
    f('userid', 'string', "User ID"),
    f('domainid', 'string', "Domain ID that the user belongs to"),
    f('timeout', 'integer', "the time period before the session has expired"),
    f('account', 'string', "the account name the user belongs to"),
    f('firstname', 'string', "first name of the user"),
    f('lastname', 'string', "last name of the user"),
    f('type', 'string', "the account type (admin, domain-admin, read-only-admin, user)"),
    f('timezone', 'string', "user time zone"),
    f('timezoneoffset', 'string', "user time zoneoffset"),
    f('registered', 'string', "Is user registered"),
    f('sessionkey', 'string', "Session key that can be passed in subsequent Query command calls"),
    f('is2faenabled', 'string', "Is two factor authentication enabled"),
    f('is2faverified', 'string', "Is two factor authentication verified"),
    f('providerfor2fa', 'string', "Two factor authentication provider"),
    f('issuerfor2fa', 'string', "Two factor authentication issuer"),
    f('managementserverid', 'string', "Management Server ID that the user logged to"),
  ],
};

export const LogoutCmdResponse: ResponseDecl = {
  name: 'LogoutCmdResponse',
  fields: [
    f('description', 'string', "Response description"),
  ],
};

export const login: CommandDecl = {
  name: 'login',
  description: "Logs a user into the CloudStack. A successful login attempt will generate a JSESSIONID cookie value that can be passed in subsequent Query command calls until the \"logout\" command has been issued or the session has expired.",
  isAsync: false,
  responseName: 'loginresponse',
  shape: 'flat',
  response: LoginCmdResponse,
  authorized: [],
  preAuth: true,
  javaClass: 'com.cloud.api.auth.DefaultLoginAPIAuthenticatorCmd',
  params: [
    p('username', 'string', true, "Username"),
    p('password', 'string', true, "Hashed password (Default is MD5). If you wish to use any other hashing algorithm, you would need to write a custom authentication adapter See Docs section."),
    p('domain', 'string', false, "Path of the domain that the user belongs to. Example: domain=/com/cloud/internal. If no domain is passed in, the ROOT (/) domain is assumed."),
    p('domainId', 'long', false, "The id of the domain that the user belongs to. If both domain and domainId are passed in, \"domainId\" parameter takes precedence."),
  ],
};

export const logout: CommandDecl = {
  name: 'logout',
  description: "Logs out the user",
  isAsync: false,
  responseName: 'logoutresponse',
  shape: 'flat',
  response: LogoutCmdResponse,
  authorized: [],
  preAuth: true,
  javaClass: 'com.cloud.api.auth.DefaultLogoutAPIAuthenticatorCmd',
  params: [

  ],
};

