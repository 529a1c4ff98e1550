import { copyIso, deleteIso, extractIso } from '../../../../api/cloudstack/iso.js';
import { attachIso, detachIso } from '../../../../api/cloudstack/iso-attach.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { templatePermissionsResponse, templateResponse } from '../views/template.js';
import { listArgs, permissionArgs, updateArgs } from './template-args.js';

export const isoHandlers: HandlerMap = {
  registerIso: async ({ caller, services, args }) => {
    const views = await services.templates.register(caller, {
      name: args.requireString('name'), displayText: args.string('displaytext'), url: args.requireString('url'), zoneId: args.requireString('zoneid'),
      osTypeId: args.string('ostypeid'), bootable: args.bool('bootable'), isExtractable: args.bool('isextractable'), isFeatured: args.bool('isfeatured'),
      isPublic: args.bool('ispublic'), checksum: args.string('checksum'), isDynamicallyScalable: args.bool('isdynamicallyscalable'),
      directDownload: args.bool('directdownload'), passwordEnabled: args.bool('passwordenabled'), arch: args.string('arch'),
      imageStoreUuid: args.string('imagestoreuuid'), account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid'),
    }, true);
    return list({ count: views.length, items: views.map(templateResponse) });
  },

  listIsos: async ({ caller, services, args, page }) => {
    const r = await services.templates.list(caller, {
      ...listArgs(args, true, args.string('isofilter') ?? 'selfexecutable'), bootable: args.bool('bootable'), isPublic: args.bool('ispublic'),
    }, page);
    return list({ count: r.count, items: r.items.map(templateResponse) });
  },

  updateIso: async ({ caller, services, args }) => object(templateResponse(await services.templates.update(caller, args.requireString('id'), updateArgs(args), true))),

  updateIsoPermissions: async ({ caller, services, args }) => {
    await services.templates.updatePermissions(caller, args.requireString('id'), permissionArgs(args), true);
    return { kind: 'success' };
  },

  listIsoPermissions: async ({ caller, services, args }) =>
    object(templatePermissionsResponse(await services.templates.listPermissions(caller, args.requireString('id'), true))),

  copyIso: async ({ caller, services, args }) => job((await services.templates.submitCopy(caller, {
    id: args.requireString('id'), sourceZoneId: args.string('sourcezoneid'), destZoneId: args.string('destzoneid'), destZoneIds: args.list('destzoneids'),
  }, true, copyIso.javaClass)).jobUuid),

  deleteIso: async ({ caller, services, args }) => job((await services.templates.submitDelete(caller, {
    id: args.requireString('id'), zoneId: args.string('zoneid'),
  }, true, deleteIso.javaClass)).jobUuid),

  extractIso: async ({ caller, services, args }) => job((await services.templates.submitExtract(caller, {
    id: args.requireString('id'), mode: args.requireString('mode'), zoneId: args.string('zoneid'), url: args.string('url'),
  }, true, extractIso.javaClass)).jobUuid),

  attachIso: async ({ caller, services, args }) => job((await services.templates.submitAttachIso(caller, {
    isoId: args.requireString('id'), vmId: args.requireString('virtualmachineid'), forced: args.bool('forced'),
  }, attachIso.javaClass)).jobUuid),

  detachIso: async ({ caller, services, args }) =>
    job((await services.templates.submitDetachIso(caller, { vmId: args.requireString('virtualmachineid') }, detachIso.javaClass)).jobUuid),
};
