import type { CapacityFigure } from '../../../../core/capacity.js';
import type { ZoneView } from '../../../../services/zones.js';
import type { Obj } from '../reply.js';
import { capacityResponse } from './capacity.js';

/**
 * A ZoneResponse. `full` is CloudStack's root-admin view; everybody else gets the
 * restricted one, without DNS servers, the guest CIDR and the zone token.
 */
export function zoneResponse(z: ZoneView, o: { full: boolean; capacity?: readonly CapacityFigure[] }): Obj {
  const admin = o.full
    ? {
        dns1: z.dns1, dns2: z.dns2 ?? undefined, ip6dns1: z.ip6Dns1 ?? undefined, ip6dns2: z.ip6Dns2 ?? undefined,
        internaldns1: z.internalDns1, internaldns2: z.internalDns2 ?? undefined, guestcidraddress: z.guestCidr ?? undefined,
        zonetoken: z.zoneToken,
      }
    : {};
  return {
    id: z.uuid, name: z.name, description: z.description ?? undefined, ...admin, domain: z.networkDomain ?? undefined,
    domainid: z.domainUuid ?? undefined, domainname: z.domainName ?? undefined, networktype: z.networkType,
    securitygroupsenabled: z.securityGroupEnabled, allocationstate: z.allocationState, dhcpprovider: z.dhcpProvider,
    capacity: o.capacity?.map((c) => capacityResponse({ ...c, zoneUuid: z.uuid, zoneName: z.name })),
    localstorageenabled: z.localStorageEnabled, tags: [], type: z.isEdge ? 'Edge' : 'Core', isnsxenabled: false,
    allowuserspecifyvrmtu: false, ismultiarch: false, routedmodeenabled: false, hasannotations: false,
  };
}
