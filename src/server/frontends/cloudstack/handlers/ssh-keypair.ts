import { type HandlerMap, list, object } from '../reply.js';
import { createdSshKeyPairResponse, sshKeyPairResponse } from '../views/ssh-keypair.js';

const owner = (args: { string(n: string): string | undefined }) => ({ account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid') });

export const sshKeyPairHandlers: HandlerMap = {
  createSSHKeyPair: async ({ caller, services, args }) =>
    object(createdSshKeyPairResponse(await services.sshKeys.create(caller, { name: args.requireString('name'), ...owner(args) }))),

  registerSSHKeyPair: async ({ caller, services, args }) =>
    object(sshKeyPairResponse(await services.sshKeys.register(caller, { name: args.requireString('name'), publicKey: args.requireString('publickey'), ...owner(args) }))),

  listSSHKeyPairs: async ({ caller, services, args, page }) => {
    const r = await services.sshKeys.list(caller, {
      id: args.string('id'), name: args.string('name'), fingerprint: args.string('fingerprint'), keyword: args.string('keyword'),
      listall: args.bool('listall'), isrecursive: args.bool('isrecursive'), ...owner(args),
    }, page);
    return list({ count: r.count, items: r.items.map(sshKeyPairResponse) });
  },

  deleteSSHKeyPair: async ({ caller, services, args }) => {
    await services.sshKeys.delete(caller, { name: args.requireString('name'), ...owner(args) });
    return { kind: 'success' };
  },
};
