// The networking family's vetoes on deleteZone: a zone with guest or physical networks stays.
import type { ZoneService } from './zones.js';

export function guardZones(zones: ZoneService): void {
  zones.deleteGuards.add(async (db, zoneId) => {
    const n = await db.selectFrom('networks').select('name').where('zone_id', '=', zoneId).where('removed', 'is', null).executeTakeFirst();
    return n ? `The zone is not deletable because there are guest networks in it (${n.name})` : undefined;
  });
  zones.deleteGuards.add(async (db, zoneId) => {
    const p = await db.selectFrom('physical_networks').select('name').where('zone_id', '=', zoneId).where('removed', 'is', null).executeTakeFirst();
    return p ? `The zone is not deletable because there are physical networks in it (${p.name})` : undefined;
  });
}
