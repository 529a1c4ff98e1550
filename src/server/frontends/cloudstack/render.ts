import { XMLBuilder } from 'fast-xml-parser';
import { cloudstackErrors } from '../../../api/errors.js';
import type { CommandDecl } from '../../../api/types.js';
import type { DomainError } from '../../../core/errors.js';
import type { Obj, Reply } from './reply.js';

export const CLOUDSTACK_VERSION = '4.22.0.0';
export type Format = 'json' | 'xml';

const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, suppressBooleanAttributes: false });

/** Drops undefined fields, so absent values are absent on the wire rather than null. */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v as Obj)) if (x !== undefined) out[k] = clean(x);
    return out;
  }
  return v;
}

/** The body under `<responseName>` for a reply. */
export function replyBody(decl: CommandDecl, r: Reply): Obj {
  switch (r.kind) {
    case 'object':
      return { [decl.objectName ?? decl.name.toLowerCase()]: r.data };
    case 'list':
      // CloudStack answers `{}` for an empty list, and `count` comes right before the array.
      return r.count === 0 && r.items.length === 0 ? {} : { count: r.count, [decl.objectName ?? 'item']: r.items };
    case 'success':
      return r.displaytext === undefined ? { success: true } : { success: true, displaytext: r.displaytext };
    case 'flat':
      return r.data;
    case 'job':
      return r.id ? { id: r.id, jobid: r.jobId } : { jobid: r.jobId };
  }
}

export function serialize(responseName: string, body: Obj, format: Format): { contentType: string; payload: string } {
  if (format === 'json') return { contentType: 'application/json; charset=utf-8', payload: JSON.stringify({ [responseName]: clean(body) }) };
  const doc = { [responseName]: { '@_cloud-stack-version': CLOUDSTACK_VERSION, ...(clean(body) as Obj) } };
  return { contentType: 'text/xml; charset=utf-8', payload: '<?xml version="1.0" encoding="UTF-8"?>' + String(xml.build(doc)) };
}

export interface WireError {
  readonly errorcode: number;
  readonly cserrorcode: number;
  readonly errortext: string;
}

export function wireError(e: DomainError): WireError {
  const c = cloudstackErrors[e.kind];
  return { errorcode: c.errorcode, cserrorcode: c.cserrorcode, errortext: e.message };
}

export function errorBody(err: WireError): Obj {
  return { uuidList: [], errorcode: err.errorcode, cserrorcode: err.cserrorcode, errortext: err.errortext };
}
