import type { CountView, LimitView, OwnerView } from '../../../../services/resource-limits.js';
import type { Obj } from '../reply.js';
import { domainPath } from './index.js';

function owner(o: OwnerView): Obj {
  return { account: o.accountName, domainid: o.domainUuid, domain: o.domainName, domainpath: domainPath(o.domainPath) };
}

export function resourceLimitResponse(l: LimitView): Obj {
  return { ...owner(l), resourcetype: String(l.type.id), resourcetypename: l.type.name, max: l.max };
}

export function resourceCountResponse(c: CountView): Obj {
  return { ...owner(c), resourcetype: String(c.type.id), resourcetypename: c.type.name, resourcecount: c.count };
}
