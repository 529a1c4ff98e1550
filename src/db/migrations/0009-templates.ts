import type { Dialect } from '../schema.js';
import { type AnyDb, entityTable } from './helpers.js';

// Templates and ISOs (CloudStack's vm_template; an ISO is a template of format ISO), the copy
// of each in an image store (template_store_ref, which also says which zones have it), and the
// accounts a private one is shared with (launch_permission).
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await entityTable(db, dialect, 'templates')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_text', 'text', (c) => c.notNull())
    .addColumn('unique_name', 'text')
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull()) // QCOW2 | RAW | VHD | VMDK | OVA | TAR | ISO
    .addColumn('type', 'text', (c) => c.notNull()) // USER | BUILTIN | SYSTEM | ROUTING
    .addColumn('hypervisor', 'text', (c) => c.notNull()) // None for ISOs
    .addColumn('guest_os_id', 'integer')
    .addColumn('bits', 'integer', (c) => c.notNull().defaultTo(64))
    .addColumn('url', 'text')
    .addColumn('checksum', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('is_featured', 'integer', (c) => c.notNull())
    .addColumn('is_extractable', 'integer', (c) => c.notNull())
    .addColumn('password_enabled', 'integer', (c) => c.notNull())
    .addColumn('sshkey_enabled', 'integer', (c) => c.notNull())
    .addColumn('requires_hvm', 'integer', (c) => c.notNull())
    .addColumn('bootable', 'integer', (c) => c.notNull())
    .addColumn('cross_zones', 'integer', (c) => c.notNull())
    .addColumn('dynamically_scalable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('template_tag', 'text')
    .addColumn('source_template_id', 'integer')
    .addColumn('arch', 'text', (c) => c.notNull().defaultTo('x86_64'))
    .addColumn('sort_key', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON object: the template's details map.
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('state', 'text', (c) => c.notNull()) // Active | Inactive
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .execute();
  await db.schema.createIndex('templates_account').on('templates').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('templates_public').on('templates').columns(['is_public', 'is_featured']).execute();

  const numbered = (name: string) =>
    dialect === 'postgres'
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await numbered('template_stores')
    .addColumn('template_id', 'integer', (c) => c.notNull())
    .addColumn('store_id', 'integer', (c) => c.notNull())
    .addColumn('zone_id', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // Allocated | Creating | Ready | Failed
    .addColumn('download_state', 'text', (c) => c.notNull()) // NOT_DOWNLOADED | DOWNLOAD_IN_PROGRESS | DOWNLOADED | DOWNLOAD_ERROR
    .addColumn('download_pct', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_str', 'text')
    .addColumn('install_path', 'text')
    .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('physical_size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('md5', 'text')
    .addColumn('format', 'text')
    // Secondary storage counted against the owner for this copy, so deleting it gives back exactly that.
    .addColumn('counted_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('extract_token', 'text')
    .addColumn('extract_created', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text')
    .addUniqueConstraint('template_stores_unique', ['template_id', 'store_id'])
    .execute();
  await db.schema.createIndex('template_stores_zone').on('template_stores').columns(['zone_id', 'template_id']).execute();
  await db.schema.createIndex('template_stores_store').on('template_stores').column('store_id').execute();
  await db.schema.createIndex('template_stores_extract').on('template_stores').column('extract_token').execute();

  await db.schema
    .createTable('template_permissions')
    .addColumn('template_id', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('template_permissions_pk', ['template_id', 'account_id'])
    .execute();
  await db.schema.createIndex('template_permissions_account').on('template_permissions').column('account_id').execute();
}
