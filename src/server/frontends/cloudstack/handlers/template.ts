import { copyTemplate, createTemplate, deleteTemplate, extractTemplate } from '../../../../api/cloudstack/template.js';
import { type HandlerMap, job, list, object } from '../reply.js';
import { templatePermissionsResponse, templateResponse } from '../views/template.js';
import { detailsOf, listArgs, permissionArgs, updateArgs } from './template-args.js';

export const templateHandlers: HandlerMap = {
  registerTemplate: async ({ caller, services, args }) => {
    const views = await services.templates.register(caller, {
      name: args.requireString('name'), displayText: args.string('displaytext'), url: args.requireString('url'), format: args.requireString('format'),
      hypervisor: args.requireString('hypervisor'), zoneId: args.string('zoneid'), zoneIds: args.list('zoneids'), osTypeId: args.string('ostypeid'),
      bits: args.number('bits'), passwordEnabled: args.bool('passwordenabled'), sshKeyEnabled: args.bool('sshkeyenabled'),
      isExtractable: args.bool('isextractable'), isFeatured: args.bool('isfeatured'), isPublic: args.bool('ispublic'), requiresHvm: args.bool('requireshvm'),
      checksum: args.string('checksum'), templateTag: args.string('templatetag'), details: detailsOf(args.map('details')),
      isDynamicallyScalable: args.bool('isdynamicallyscalable'), isRouting: args.bool('isrouting'), directDownload: args.bool('directdownload'),
      deployAsIs: args.bool('deployasis'), templateType: args.string('templatetype'), arch: args.string('arch'), extensionId: args.string('extensionid'),
      account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid'),
    }, false);
    return list({ count: views.length, items: views.map(templateResponse) });
  },

  listTemplates: async ({ caller, services, args, page }) => {
    const r = await services.templates.list(caller, { ...listArgs(args, false, args.requireString('templatefilter')), templateType: args.string('templatetype') }, page);
    return list({ count: r.count, items: r.items.map(templateResponse) });
  },

  updateTemplate: async ({ caller, services, args }) =>
    object(templateResponse(await services.templates.update(caller, args.requireString('id'), {
      ...updateArgs(args), templateType: args.string('templatetype'), templateTag: args.string('templatetag'),
    }, false))),

  updateTemplatePermissions: async ({ caller, services, args }) => {
    await services.templates.updatePermissions(caller, args.requireString('id'), permissionArgs(args), false);
    return { kind: 'success' };
  },

  listTemplatePermissions: async ({ caller, services, args }) =>
    object(templatePermissionsResponse(await services.templates.listPermissions(caller, args.requireString('id'), false))),

  copyTemplate: async ({ caller, services, args }) => job((await services.templates.submitCopy(caller, {
    id: args.requireString('id'), sourceZoneId: args.string('sourcezoneid'), destZoneId: args.string('destzoneid'), destZoneIds: args.list('destzoneids'),
  }, false, copyTemplate.javaClass)).jobUuid),

  deleteTemplate: async ({ caller, services, args }) => job((await services.templates.submitDelete(caller, {
    id: args.requireString('id'), zoneId: args.string('zoneid'), forced: args.bool('forced'), isSystem: args.bool('issystem'),
  }, false, deleteTemplate.javaClass)).jobUuid),

  extractTemplate: async ({ caller, services, args }) => job((await services.templates.submitExtract(caller, {
    id: args.requireString('id'), mode: args.requireString('mode'), zoneId: args.string('zoneid'), url: args.string('url'),
  }, false, extractTemplate.javaClass)).jobUuid),

  createTemplate: async ({ caller, services, args }) => {
    const r = await services.templates.submitCreate(caller, {
      name: args.requireString('name'), displayText: args.string('displaytext'), osTypeId: args.requireString('ostypeid'), volumeId: args.string('volumeid'),
      snapshotId: args.string('snapshotid'), zoneId: args.string('zoneid'), bits: args.number('bits'), isPublic: args.bool('ispublic'),
      isFeatured: args.bool('isfeatured'), passwordEnabled: args.bool('passwordenabled'), sshKeyEnabled: args.bool('sshkeyenabled'),
      requiresHvm: args.bool('requireshvm'), templateTag: args.string('templatetag'), details: detailsOf(args.map('details')),
      isDynamicallyScalable: args.bool('isdynamicallyscalable'), arch: args.string('arch'), virtualMachineId: args.string('virtualmachineid'),
      url: args.string('url'), account: args.string('account'), domainid: args.string('domainid'), projectid: args.string('projectid'),
    }, createTemplate.javaClass);
    return job(r.jobUuid, r.uuid);
  },
};
