import { deleteAccount, disableAccount } from '../../../../api/cloudstack/account.js';
import type { AccountRef } from '../../../../services/accounts.js';
import type { Args } from '../args.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { accountResponse } from '../views/account.js';

/** `accountdetails[0].key=value` (CloudStack reads the first group; we merge them all). */
export function detailsArg(args: Args, name: string): Record<string, string> | undefined {
  const m = args.map(name);
  return m ? Object.assign({}, ...m) as Record<string, string> : undefined;
}

const ref = (args: Args): AccountRef => ({ id: args.string('id'), account: args.string('account'), domainId: args.string('domainid') });

export const accountHandlers: HandlerMap = {
  createAccount: async ({ caller, services, args }) =>
    object(accountResponse(await services.accounts.create(caller, {
      username: args.requireString('username'), password: args.requireString('password'), email: args.requireString('email'),
      firstname: args.requireString('firstname'), lastname: args.requireString('lastname'), timezone: args.string('timezone'),
      account: args.string('account'), accountType: args.number('accounttype'), roleId: args.string('roleid'), domainId: args.string('domainid'),
      networkDomain: args.string('networkdomain'), details: detailsArg(args, 'accountdetails'), accountUuid: args.string('accountid'), userUuid: args.string('userid'),
    }))),

  listAccounts: async ({ caller, services, args, page }) => {
    const r = await services.accounts.list(caller, {
      id: args.string('id'), name: args.string('name'), accountType: args.number('accounttype'), state: args.string('state'),
      keyword: args.string('keyword'), domainId: args.string('domainid'), isRecursive: args.bool('isrecursive'), listAll: args.bool('listall'),
      cleanupRequired: args.bool('iscleanuprequired'),
    }, page);
    return list({ count: r.count, items: r.items.map(accountResponse) });
  },

  updateAccount: async ({ caller, services, args }) =>
    object(accountResponse(await services.accounts.update(caller, ref(args), {
      newName: args.string('newname'), networkDomain: args.string('networkdomain'), roleId: args.string('roleid'), details: detailsArg(args, 'accountdetails'),
    }))),

  deleteAccount: async ({ caller, services, args }) =>
    job((await services.accounts.submitDelete(caller, args.requireString('id'), deleteAccount.javaClass)).jobUuid),

  disableAccount: async ({ caller, services, args }) => {
    // `lock` is required, so the edge has already refused a missing or non-boolean value.
    const r = await services.accounts.submitDisable(caller, ref(args), args.bool('lock') === true, disableAccount.javaClass);
    return job(r.jobUuid);
  },

  enableAccount: async ({ caller, services, args }) => object(accountResponse(await services.accounts.enable(caller, ref(args)))),

  lockAccount: async ({ caller, services, args }) =>
    object(accountResponse(await services.accounts.lock(caller, { account: args.requireString('account'), domainId: args.requireString('domainid') }))),
};
