// First-start templates (DESIGN.md §6): CloudStack's simulator templates (create-schema-simulator.sql),
// owned by the system account and cross-zone. Only the records: their images are made in every
// simulator image store through the storage driver once the services exist
// (TemplateService.syncSeedCopies), so volumes can be cloned from them.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/schema.js';

export const SIM_TEMPLATE = {
  uniqueName: 'simulator-Centos', name: 'CentOS 5.6 (64-bit) no GUI (Simulator)', os: 'CentOS 5.6 (64-bit)', type: 'BUILTIN', isPublic: 1, isFeatured: 1,
  url: 'http://nfs1.lab.vmops.com/templates/centos53-x86_64/latest/f59f18fb-ae94-4f97-afd2-f84755767aca.vhd.bz2',
} as const;
export const SIM_SYSTEM_TEMPLATE = {
  uniqueName: 'simulator-domR', name: 'SystemVM Template (simulator)', os: 'Debian GNU/Linux 5.0 (32-bit)', type: 'SYSTEM', isPublic: 0, isFeatured: 0,
  url: 'http://nfs1.lab.vmops.com/templates/routing/debian/latest/systemvm.vhd.bz2',
} as const;

/** What a seeded simulator image holds (CloudStack reports 2 GiB for its simulator templates). */
export const SEED_IMAGE_BYTES = 2 * 1024 ** 3;

/** Idempotent: each seeded template is made once; one an admin deleted stays deleted. */
export async function seedTemplates(db: Db): Promise<void> {
  const system = await db.selectFrom('accounts').select(['id', 'domain_id']).where('name', '=', 'system').orderBy('id').executeTakeFirst();
  if (!system) return;
  for (const s of [SIM_TEMPLATE, SIM_SYSTEM_TEMPLATE]) {
    if (await db.selectFrom('templates').select('id').where('unique_name', '=', s.uniqueName).executeTakeFirst()) continue;
    const os = await db.selectFrom('guest_os').select('id').where('display_name', '=', s.os).orderBy('id').executeTakeFirst();
    await db.insertInto('templates').values({
      uuid: randomUUID(), name: s.name, display_text: s.name, unique_name: s.uniqueName, account_id: system.id, domain_id: system.domain_id, format: 'VHD',
      type: s.type, hypervisor: 'Simulator', guest_os_id: os?.id ?? null, bits: 64, url: s.url, checksum: null, is_public: s.isPublic, is_featured: s.isFeatured,
      is_extractable: s.type === 'SYSTEM' ? 0 : 1, password_enabled: 0, sshkey_enabled: 0, requires_hvm: 0, bootable: 1, cross_zones: 1, dynamically_scalable: 0,
      template_tag: null, source_template_id: null, arch: 'x86_64', sort_key: 0, details: '{}', state: 'Active', created: new Date().toISOString(), removed: null,
    }).execute();
  }
}
