import type { TagView } from '../../../../services/tags.js';
import type { Obj } from '../reply.js';
import { ownerFields } from './owner.js';

/** A ResourceTagResponse; other families' views use it for their `tags` field. */
export function tagResponse(t: TagView): Obj {
  return {
    key: t.key, value: t.value, resourcetype: t.resourceType, resourceid: t.resourceUuid, ...ownerFields(t.owner, true),
    customer: t.customer ?? undefined,
  };
}
