// First-start guest OS catalogue: CloudStack's OS categories (setup/db/templates.sql, in its
// order) and a selection of its guest OS types with CloudStack's own descriptions, each mapped
// for KVM under the same name.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/schema.js';

const CATALOGUE: readonly (readonly [string, readonly string[]])[] = [
  ['CentOS', ['CentOS 5.3 (64-bit)', 'CentOS 5.5 (64-bit)', 'CentOS 5.6 (32-bit)', 'CentOS 5.6 (64-bit)', 'CentOS 6.0 (64-bit)', 'CentOS 7', 'Other CentOS (64-bit)']],
  ['Debian', [
    'Debian GNU/Linux 5.0 (32-bit)', 'Debian GNU/Linux 6(32-bit)', 'Debian GNU/Linux 6(64-bit)', 'Debian GNU/Linux 7(64-bit)', 'Debian GNU/Linux 9 (64-bit)',
    'Debian GNU/Linux 10 (64-bit)', 'Debian GNU/Linux 11 (64-bit)', 'Debian GNU/Linux 12 (64-bit)',
  ]],
  ['Oracle', ['Oracle Enterprise Linux 5.5 (64-bit)', 'Oracle Enterprise Linux 6.0 (64-bit)']],
  ['RedHat', ['Red Hat Enterprise Linux 5.5 (64-bit)', 'Red Hat Enterprise Linux 6.0 (64-bit)', 'Red Hat Enterprise Linux 7', 'Fedora 13']],
  ['SUSE', ['SUSE Linux Enterprise Server 11 (64-bit)', 'SUSE Linux Enterprise Server 11 SP1 (64-bit)', 'Other SUSE Linux(64-bit)']],
  ['Windows', [
    'Windows 7 (64-bit)', 'Windows 10 (64-bit)', 'Windows Server 2003 Enterprise Edition(64-bit)', 'Windows Server 2008 R2 (64-bit)',
    'Windows Server 2012 R2 (64-bit)', 'Windows Server 2016 (64-bit)', 'Windows Server 2019 (64-bit)', 'Windows PV',
  ]],
  ['Other', ['Other (32-bit)', 'Other (64-bit)', 'Other Linux (32-bit)', 'Other Linux (64-bit)', 'Other 2.6x Linux (64-bit)', 'Other PV (64-bit)', 'None']],
  ['Novel', ['Novell Netware 6.x']],
  ['Unix', ['FreeBSD (64-bit)', 'Sun Solaris 10(64-bit)']],
  ['Ubuntu', [
    'Ubuntu 10.04 (64-bit)', 'Ubuntu 12.04 (64-bit)', 'Ubuntu 14.04 (64-bit)', 'Ubuntu 16.04 (64-bit)', 'Ubuntu 18.04 LTS', 'Ubuntu 20.04 LTS',
    'Ubuntu 22.04 LTS', 'Other Ubuntu (64-bit)',
  ]],
  ['None', []],
];

/** Seeds the catalogue once; an admin's later changes (deleted categories too) are kept. */
export async function seedGuestOs(db: Db): Promise<void> {
  if (await db.selectFrom('guest_os_categories').select('id').limit(1).executeTakeFirst()) return;
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    let sortKey = 0;
    for (const [category, oses] of CATALOGUE) {
      const c = await tx.insertInto('guest_os_categories').values({ uuid: randomUUID(), name: category, is_featured: 0, sort_key: ++sortKey, created: now })
        .returning('id').executeTakeFirstOrThrow();
      for (const displayName of oses) {
        const os = await tx.insertInto('guest_os').values({
          uuid: randomUUID(), category_id: c.id, name: null, display_name: displayName, is_user_defined: 0, for_display: 1, created: now, removed: null,
        }).returning('id').executeTakeFirstOrThrow();
        await tx.insertInto('guest_os_mappings').values({
          uuid: randomUUID(), guest_os_id: os.id, hypervisor_type: 'KVM', hypervisor_version: 'default', guest_os_name: displayName,
          is_user_defined: 0, created: now, removed: null,
        }).execute();
      }
    }
  });
}
