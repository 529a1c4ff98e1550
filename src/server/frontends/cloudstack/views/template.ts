import { csDate } from '../../../../core/time.js';
import type { ExtractView, IsoVmView, PermissionsView, TemplateView } from '../../../../services/templates.js';
import type { Obj } from '../reply.js';
import { domainPath, registerEntityRenderer } from './index.js';
import { tagResponse } from './tag.js';

/** A TemplateResponse, for templates (TemplateJoinDaoImpl.newTemplateResponse) and ISOs (newIsoResponse). */
export function templateResponse(v: TemplateView): Obj {
  const owner = v.projectUuid !== null ? { projectid: v.projectUuid, project: v.projectName ?? undefined } : { account: v.account, accountid: v.accountUuid };
  const templateOnly = v.isIso ? {} : {
    hypervisor: v.hypervisor, templatetype: v.type, requireshvm: v.requiresHvm, sshkeyenabled: v.sshKeyEnabled, templatetag: v.templateTag ?? undefined,
    sourcetemplateid: v.sourceTemplateUuid ?? undefined, deployasis: false, forcks: false,
  };
  return {
    id: v.uuid, name: v.name, displaytext: v.displayText, ispublic: v.isPublic, created: csDate(v.created), removed: csDate(v.removed), isready: v.ready,
    passwordenabled: v.passwordEnabled, format: v.format, bootable: v.bootable, isfeatured: v.isFeatured, crossZones: v.crossZones,
    ostypeid: v.osTypeUuid ?? undefined, ostypename: v.osTypeName ?? undefined, ...owner, domainid: v.domainUuid, domain: v.domainName,
    domainpath: domainPath(v.domainPath), zoneid: v.zoneUuid ?? undefined, zonename: v.zoneName ?? undefined,
    // Download state and source URL are for root admins, the owner and project templates (as CloudStack shows them).
    status: v.showsDownload ? (v.status ?? undefined) : undefined, url: v.showsDownload ? (v.url ?? undefined) : undefined,
    downloaddetails: v.showsDownload && v.copies.length
      ? v.copies.map((c) => ({ datastore: c.storeName, datastoreId: c.storeUuid, downloadPercent: String(c.downloadPct), downloadState: c.downloadState }))
      : undefined,
    size: v.sizeBytes ?? undefined, physicalsize: v.physicalBytes ?? undefined, isextractable: v.isExtractable && v.type !== 'SYSTEM',
    checksum: v.checksum ?? undefined, details: Object.keys(v.details).length ? v.details : undefined, arch: v.arch, bits: v.bits,
    isdynamicallyscalable: v.dynamicallyScalable, directdownload: false, ...templateOnly, tags: (v.tags ?? []).map(tagResponse),
  };
}

export function templatePermissionsResponse(p: PermissionsView): Obj {
  return { id: p.uuid, ispublic: p.isPublic, domainid: p.domainUuid, account: p.accounts, projectids: p.projectUuids };
}

export function extractResponse(e: ExtractView): Obj {
  return {
    id: e.uuid, name: e.name, accountid: e.accountUuid, zoneid: e.zoneUuid ?? undefined, zonename: e.zoneName ?? undefined, extractMode: e.mode, url: e.url,
    state: e.state, status: e.state, created: csDate(e.created),
  };
}

/** The VM fields attach/detach answer when the VM family has not bound its own VM response. */
export function isoVmResponse(v: IsoVmView): Obj {
  return {
    id: v.uuid, name: v.name, displayname: v.displayName, state: v.state, zoneid: v.zoneUuid, zonename: v.zoneName, isoid: v.isoUuid ?? undefined,
    isoname: v.isoName ?? undefined, isodisplaytext: v.isoDisplayText ?? undefined,
  };
}

registerEntityRenderer('Template', (d) => templateResponse(d as TemplateView));
registerEntityRenderer('Iso', (d) => templateResponse(d as TemplateView));
registerEntityRenderer('Extract', (d) => extractResponse(d as ExtractView));
registerEntityRenderer('IsoVm', (d) => isoVmResponse(d as IsoVmView));
