import { cloudstackErrors } from '../../../../api/errors.js';
import { findCommand } from '../../../../api/cloudstack/index.js';
import type { CommandDecl } from '../../../../api/types.js';
import { csDate } from '../../../../core/time.js';
import type { DomainView } from '../../../../services/domains.js';
import type { EventView } from '../../../../services/events.js';
import type { JobView } from '../../../../services/jobs.js';
import type { Obj } from '../reply.js';

/** `/child/` → `ROOT/child`, as CloudStack prints domain paths. */
export const domainPath = (p: string) => ('ROOT' + p).replace(/\/$/, '');

export function domainResponse(d: DomainView): Obj {
  return {
    id: d.uuid, name: d.name, level: d.level, parentdomainid: d.parentUuid ?? undefined, parentdomainname: d.parentName ?? undefined,
    haschild: d.hasChild, networkdomain: d.networkDomain ?? undefined, path: domainPath(d.path), state: d.state, created: csDate(d.created),
  };
}

export function eventResponse(e: EventView): Obj {
  return {
    id: e.uuid, username: e.username, type: e.type, level: e.level, description: e.description, account: e.account,
    domainid: e.domainUuid, domain: e.domain, domainpath: domainPath(e.domainPath), resourceid: e.resourceId ?? undefined,
    resourcetype: e.resourceType ?? undefined, resourcename: e.resourceName ?? undefined, created: csDate(e.created),
    state: e.state, parentid: e.parentUuid ?? undefined, archived: e.archived,
  };
}

/** Renders entity snapshots stored in job results; families add theirs. */
const entityRenderers = new Map<string, (data: unknown) => Obj>([['Domain', (d) => domainResponse(d as DomainView)]]);

export function registerEntityRenderer(entity: string, render: (data: unknown) => Obj): void {
  entityRenderers.set(entity, render);
}

function jobResult(j: JobView, decl: CommandDecl | undefined): Obj | undefined {
  const r = j.result;
  if (!r) return undefined;
  if ('error' in r) return { errorcode: cloudstackErrors[r.error.kind].errorcode, errortext: r.error.message };
  if (r.type === 'success') return { success: true };
  const render = entityRenderers.get(r.entity);
  const key = decl?.objectName ?? r.entity.toLowerCase();
  return { [key]: render ? render(r.data) : r.data };
}

export function jobResponse(j: JobView): Obj {
  const decl = findCommand(j.cmd);
  const failed = j.result !== null && 'error' in j.result;
  return {
    accountid: j.accountUuid, account: j.account, domainid: j.domainUuid, domainpath: domainPath(j.domainPath), userid: j.userUuid,
    cmd: j.javaClass, jobstatus: j.status, jobprocstatus: 0,
    jobresultcode: j.status === 2 && failed ? 530 : 0,
    jobresulttype: 'object', jobresult: jobResult(j, decl),
    jobinstancetype: j.instanceType ?? undefined, jobinstanceid: j.instanceId ?? undefined,
    created: csDate(j.created), completed: csDate(j.completed), jobid: j.uuid,
  };
}

export function apiResponse(c: CommandDecl, isRootAdmin: boolean): Obj {
  return {
    name: c.name, description: c.description, isasync: c.isAsync, since: c.since, related: '',
    params: c.params.filter((p) => isRootAdmin || !p.adminOnly).map((p) => ({
      name: p.name, description: p.description, type: p.type, length: p.length ?? 255, required: p.required, since: p.since, related: '',
    })),
    response: c.response.fields.map((f) => ({ name: f.name, description: f.description, type: f.type })),
  };
}
