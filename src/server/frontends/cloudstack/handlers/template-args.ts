// Argument reading shared by the template and ISO handlers.
import type { TemplateListArgs } from '../../../../services/template-list.js';
import type { Args, MapEntry } from '../args.js';

/** `details[0].key=k&details[0].value=v`, or CloudStack's usual `details[0].k=v`. */
export function detailsOf(entries: readonly MapEntry[] | undefined): Record<string, string> | undefined {
  if (!entries) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (e.key !== undefined && e.value !== undefined && Object.keys(e).length === 2) out[e.key] = e.value;
    else Object.assign(out, e);
  }
  return out;
}

/** The list filters listTemplates and listIsos share. */
export function listArgs(args: Args, iso: boolean, filter: string): TemplateListArgs {
  return {
    iso, filter, id: args.string('id'), ids: args.list('ids'), name: args.string('name'), keyword: args.string('keyword'), zoneId: args.string('zoneid'),
    hypervisor: args.string('hypervisor'), showRemoved: args.bool('showremoved'), showUnique: args.bool('showunique'), isReady: args.bool('isready'),
    arch: args.string('arch'), osCategoryId: args.string('oscategoryid'), imageStoreId: args.string('imagestoreid'), tags: args.map('tags'),
    listall: args.bool('listall'), domainid: args.string('domainid'), account: args.string('account'), isrecursive: args.bool('isrecursive'),
    projectid: args.string('projectid'),
  };
}

/** The fields updateTemplate and updateIso share. */
export function updateArgs(args: Args) {
  return {
    name: args.string('name'), displayText: args.string('displaytext'), format: args.string('format'), osTypeId: args.string('ostypeid'),
    passwordEnabled: args.bool('passwordenabled'), sshKeyEnabled: args.bool('sshkeyenabled'), bootable: args.bool('bootable'),
    requiresHvm: args.bool('requireshvm'), sortKey: args.number('sortkey'), isDynamicallyScalable: args.bool('isdynamicallyscalable'),
    isRouting: args.bool('isrouting'), arch: args.string('arch'), details: detailsOf(args.map('details')), cleanupDetails: args.bool('cleanupdetails'),
  };
}

/** The fields updateTemplatePermissions and updateIsoPermissions share. */
export function permissionArgs(args: Args) {
  return {
    accounts: args.list('accounts'), projectIds: args.list('projectids'), isFeatured: args.bool('isfeatured'), isPublic: args.bool('ispublic'),
    isExtractable: args.bool('isextractable'), op: args.string('op'),
  };
}
