import type { OwnerView } from '../../../../services/owned-access.js';
import type { Obj } from '../reply.js';
import { domainPath } from './index.js';

/**
 * The owner fields of an owned resource's response (ApiResponseHelper.populateOwner): a
 * project's resources name the project instead of its account. `withPath` for responses that
 * declare `domainpath`.
 */
export function ownerFields(o: OwnerView, withPath: boolean): Obj {
  const who = o.projectUuid !== null ? { projectid: o.projectUuid, project: o.projectName ?? undefined } : { account: o.accountName };
  return { ...who, domainid: o.domainUuid, domain: o.domainName, ...(withPath ? { domainpath: domainPath(o.domainPath) } : {}) };
}
