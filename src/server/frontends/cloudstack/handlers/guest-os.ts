import {
  addGuestOs, addGuestOsMapping, removeGuestOs, removeGuestOsMapping, updateGuestOs, updateGuestOsMapping,
} from '../../../../api/cloudstack/guest-os.js';
import type { MapEntry } from '../args.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { guestOsMappingResponse, guestOsResponse, osCategoryResponse } from '../views/guest-os.js';

/** details[0].key=k&details[0].value=v (CloudStack's form), or details[0].k=v. */
function detailsOf(entries: readonly MapEntry[] | undefined): Record<string, string> | undefined {
  if (!entries) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (e.key !== undefined && e.value !== undefined) out[e.key] = e.value;
    else Object.assign(out, e);
  }
  return out;
}

export const guestOsHandlers: HandlerMap = {
  listOsCategories: async ({ services, args, page }) => {
    const r = await services.guestOs.listCategories({ id: args.string('id'), name: args.string('name'), isFeatured: args.bool('isfeatured'), keyword: args.string('keyword') }, page);
    return list({ count: r.count, items: r.items.map(osCategoryResponse) });
  },

  addOsCategory: async ({ caller, services, args }) =>
    object(osCategoryResponse(await services.guestOs.addCategory(caller, { name: args.requireString('name'), isFeatured: args.bool('isfeatured') }))),

  updateOsCategory: async ({ caller, services, args }) =>
    object(osCategoryResponse(await services.guestOs.updateCategory(caller, args.requireString('id'), {
      name: args.string('name'), isFeatured: args.bool('isfeatured'), sortKey: args.number('sortkey'),
    }))),

  deleteOsCategory: async ({ caller, services, args }) => {
    await services.guestOs.deleteCategory(caller, args.requireString('id'));
    return { kind: 'success' };
  },

  listOsTypes: async ({ caller, services, args, page }) => {
    const r = await services.guestOs.listOsTypes(caller, {
      id: args.string('id'), categoryId: args.string('oscategoryid'), description: args.string('description'), keyword: args.string('keyword'),
      forDisplay: args.bool('fordisplay'),
    }, page);
    return list({ count: r.count, items: r.items.map(guestOsResponse) });
  },

  addGuestOs: async ({ caller, services, args }) => {
    const r = await services.guestOs.submitAdd(caller, {
      categoryId: args.requireString('oscategoryid'), displayName: args.requireString('osdisplayname'), name: args.string('name'),
      details: detailsOf(args.map('details')), forDisplay: args.bool('forDisplay'),
    }, addGuestOs.javaClass);
    return job(r.jobUuid);
  },

  updateGuestOs: async ({ caller, services, args }) => {
    const r = await services.guestOs.submitUpdate(caller, args.requireString('id'), {
      displayName: args.string('osdisplayname'), categoryId: args.string('oscategoryid'), details: detailsOf(args.map('details')), forDisplay: args.bool('forDisplay'),
    }, updateGuestOs.javaClass);
    return job(r.jobUuid);
  },

  removeGuestOs: async ({ caller, services, args }) => job((await services.guestOs.submitRemove(caller, args.requireString('id'), removeGuestOs.javaClass)).jobUuid),

  listGuestOsMapping: async ({ services, args, page }) => {
    const r = await services.guestOs.listMappings({
      id: args.string('id'), osTypeId: args.string('ostypeid'), osDisplayName: args.string('osdisplayname'), osNameForHypervisor: args.string('osnameforhypervisor'),
      hypervisor: args.string('hypervisor'), hypervisorVersion: args.string('hypervisorversion'), keyword: args.string('keyword'),
    }, page);
    return list({ count: r.count, items: r.items.map(guestOsMappingResponse) });
  },

  addGuestOsMapping: async ({ caller, services, args }) => {
    const r = await services.guestOs.submitAddMapping(caller, {
      osTypeId: args.string('ostypeid'), osDisplayName: args.string('osdisplayname'), hypervisor: args.requireString('hypervisor'),
      hypervisorVersion: args.requireString('hypervisorversion'), osNameForHypervisor: args.requireString('osnameforhypervisor'),
      checkEnabled: args.bool('osmappingcheckenabled'), forced: args.bool('forced'),
    }, addGuestOsMapping.javaClass);
    return job(r.jobUuid);
  },

  updateGuestOsMapping: async ({ caller, services, args }) => {
    const r = await services.guestOs.submitUpdateMapping(caller, args.requireString('id'), {
      osNameForHypervisor: args.requireString('osnameforhypervisor'), checkEnabled: args.bool('osmappingcheckenabled'),
    }, updateGuestOsMapping.javaClass);
    return job(r.jobUuid);
  },

  removeGuestOsMapping: async ({ caller, services, args }) =>
    job((await services.guestOs.submitRemoveMapping(caller, args.requireString('id'), removeGuestOsMapping.javaClass)).jobUuid),
};
