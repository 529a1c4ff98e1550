// The seeded simulator templates must really be in every simulator image store (the simulator
// storage driver refuses to clone a volume from an image it does not hold). Nothing can be
// downloaded from their CloudStack URLs here, so each image is made through the driver: a
// blank volume of the template's size, exported into the store with volumeToImage.
import type { ImageFormat } from '../drivers/storage/types.js';
import type { Db } from '../db/schema.js';
import { SEED_IMAGE_BYTES } from './seeds/templates.js';
import type { StorageFor } from './template-downloads.js';

/** Where the blank volumes are made for a moment; no pool record stands behind it. */
const SCRATCH_POOL = 'sim://nubo-seed/scratch';

/** Cross-zone simulator templates of the system account × simulator stores (only those without a record, unless `all`). */
async function pairs(db: Db, all: boolean) {
  let q = db.selectFrom('templates as t').innerJoin('accounts as a', 'a.id', 't.account_id').innerJoin('image_stores as s', (j) => j.onTrue())
    .select(['t.id as templateId', 't.uuid', 't.format', 's.id as storeId', 's.zone_id as zoneId', 's.url', 's.provider'])
    .where('t.unique_name', 'is not', null).where('t.cross_zones', '=', 1).where('t.hypervisor', '=', 'Simulator').where('t.removed', 'is', null)
    .where('a.name', '=', 'system').where('s.provider', '=', 'Simulator').where('s.removed', 'is', null).where('s.zone_id', 'is not', null);
  if (!all) q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('template_stores as ts').select('ts.id').whereRef('ts.template_id', '=', 't.id').whereRef('ts.store_id', '=', 's.id'))));
  return q.execute();
}

/**
 * Makes every missing seeded image and records it Ready; cheap (one query) when nothing is
 * missing. With `all` (at start) it also remakes images a simulator store lost (its sim.db gone).
 */
export async function syncSeedCopies(db: Db, storageFor: StorageFor, all = false): Promise<number> {
  const todo = await pairs(db, all);
  for (const m of todo) {
    const driver = storageFor({ url: m.url, provider: m.provider });
    const volume = `seed-${m.uuid}`;
    await driver.createVolume(SCRATCH_POOL, { name: volume, sizeBytes: SEED_IMAGE_BYTES });
    const info = await driver.volumeToImage(SCRATCH_POOL, volume, m.url, m.uuid, m.format as ImageFormat);
    await driver.deleteVolume(SCRATCH_POOL, volume);
    const now = new Date().toISOString();
    // Another server may have recorded it meanwhile: the unique (template, store) pair decides.
    await db.insertInto('template_stores').values({
      template_id: m.templateId, store_id: m.storeId, zone_id: m.zoneId!, state: 'Ready', download_state: 'DOWNLOADED', download_pct: 100, error_str: null,
      install_path: info.path, size: info.sizeBytes, physical_size: info.physicalBytes, md5: info.md5, format: info.format, extract_token: null,
      extract_created: null, created: now, updated: null,
    }).onConflict((oc) => oc.columns(['template_id', 'store_id']).doNothing()).execute();
  }
  return todo.length;
}
