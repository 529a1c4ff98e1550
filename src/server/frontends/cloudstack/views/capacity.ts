import { type CapacityFigure, percentUsed } from '../../../../core/capacity.js';
import type { CapacityView } from '../../../../services/capacity.js';
import type { Obj } from '../reply.js';

// Reservations are what CloudStack calls "allocated" for these types; for the others the
// allocated figure has no meaning and is left out.
const ALLOCATED = new Set(['MEMORY', 'CPU', 'STORAGE_ALLOCATED']);

/** A CapacityResponse: totals and use as numbers, the percentage as CloudStack's string. */
export function capacityResponse(c: CapacityFigure & Partial<Omit<CapacityView, keyof CapacityFigure>>): Obj {
  return {
    type: c.type, name: c.name, zoneid: c.zoneUuid, zonename: c.zoneName, podid: c.podUuid, podname: c.podName,
    clusterid: c.clusterUuid, clustername: c.clusterName, capacityallocated: ALLOCATED.has(c.name) ? c.used : undefined,
    capacityused: c.used, capacitytotal: c.total, percentused: percentUsed(c.used, c.total),
  };
}
