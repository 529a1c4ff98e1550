import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

// SSH key pairs: createSSHKeyPair generates one (the private key is returned once), registerSSHKeyPair takes a public key.
export const CreateSSHKeyPairResponse: ResponseDecl = {
  name: 'CreateSSHKeyPairResponse',
  fields: [
    f('privatekey', 'string', "Private key"),
    f('id', 'string', "ID of the ssh keypair"),
    f('name', 'string', "Name of the keypair"),
    f('account', 'string', "the owner of the keypair"),
    f('domainid', 'string', "the domain id of the keypair owner"),
    f('domain', 'string', "the domain name of the keypair owner"),
    f('projectid', 'string', "the project id of the keypair owner"),
    f('project', 'string', "the project name of the keypair owner"),
    f('fingerprint', 'string', "Fingerprint of the public key"),
    f('hasannotations', 'boolean', "true if the entity/resource has annotations"),
  ],
};

export const SSHKeyPairResponse: ResponseDecl = {
  name: 'SSHKeyPairResponse',
  fields: [
    f('id', 'string', "ID of the ssh keypair"),
    f('name', 'string', "Name of the keypair"),
    f('account', 'string', "the owner of the keypair"),
    f('domainid', 'string', "the domain id of the keypair owner"),
    f('domain', 'string', "the domain name of the keypair owner"),
    f('projectid', 'string', "the project id of the keypair owner"),
    f('project', 'string', "the project name of the keypair owner"),
    f('fingerprint', 'string', "Fingerprint of the public key"),
    f('hasannotations', 'boolean', "true if the entity/resource has annotations"),
  ],
};

export const createSSHKeyPair: CommandDecl = {
  name: 'createSSHKeyPair',
  description: "Create a new keypair and returns the private key",
  isAsync: false,
  responseName: 'createsshkeypairresponse',
  shape: 'object',
  objectName: 'keypair',
  response: CreateSSHKeyPairResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.ssh.CreateSSHKeyPairCmd',
  params: [
    p('name', 'string', true, "Name of the keypair"),
    p('account', 'string', false, "an optional account for the ssh key. Must be used with domainId."),
    p('domainid', 'uuid', false, "an optional domainId for the ssh key. If the account parameter is used, domainId must also be used."),
    p('projectid', 'uuid', false, "an optional project for the ssh key"),
  ],
};

export const registerSSHKeyPair: CommandDecl = {
  name: 'registerSSHKeyPair',
  description: "Register a public key in a keypair under a certain name",
  isAsync: false,
  responseName: 'registersshkeypairresponse',
  shape: 'object',
  objectName: 'keypair',
  response: SSHKeyPairResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.ssh.RegisterSSHKeyPairCmd',
  params: [
    p('name', 'string', true, "Name of the keypair"),
    p('publickey', 'string', true, "Public key material of the keypair", { length: 5120 }),
    p('account', 'string', false, "an optional account for the ssh key. Must be used with domainId."),
    p('domainid', 'uuid', false, "an optional domainId for the ssh key. If the account parameter is used, domainId must also be used."),
    p('projectid', 'uuid', false, "an optional project for the ssh key"),
  ],
};

export const listSSHKeyPairs: CommandDecl = {
  name: 'listSSHKeyPairs',
  description: "List registered keypairs",
  isAsync: false,
  responseName: 'listsshkeypairsresponse',
  shape: 'list',
  objectName: 'sshkeypair',
  response: SSHKeyPairResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.ssh.ListSSHKeyPairsCmd',
  params: [
    p('id', 'uuid', false, "the ID of the ssh keypair"),
    p('name', 'string', false, "A key pair name to look for"),
    p('fingerprint', 'string', false, "A public key fingerprint to look for"),
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

export const deleteSSHKeyPair: CommandDecl = {
  name: 'deleteSSHKeyPair',
  description: "Deletes a keypair by name",
  isAsync: false,
  responseName: 'deletesshkeypairresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.ssh.DeleteSSHKeyPairCmd',
  params: [
    p('name', 'string', true, "Name of the keypair"),
    p('account', 'string', false, "the account associated with the keypair. Must be used with the domainId parameter."),
    p('domainid', 'uuid', false, "the domain ID associated with the keypair"),
    p('projectid', 'uuid', false, "the project associated with keypair"),
  ],
};

