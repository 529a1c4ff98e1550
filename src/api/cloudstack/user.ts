import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';

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

