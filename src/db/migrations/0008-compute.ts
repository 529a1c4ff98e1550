import type { Dialect } from '../schema.js';
import type { AnyDb } from './helpers.js';

// The compute core's additions to `vms`: what the VM was deployed from (kept on the VM, as the
// template may change or go later) and the indexes the list filters and the bench need.
export async function up(db: AnyDb, _dialect: Dialect): Promise<void> {
  const add = (name: string, type: 'text' | 'integer' | 'bigint', dflt?: number | string) =>
    db.schema.alterTable('vms').addColumn(name, type, (c) => (dflt === undefined ? c : c.notNull().defaultTo(dflt))).execute();
  await add('template_uuid', 'text');
  await add('template_name', 'text');
  await add('template_display_text', 'text');
  await add('template_format', 'text');
  await add('template_type', 'text');
  await add('password_enabled', 'integer', 0);
  // JSON {storeUrl, image}: the root disk is a linked clone of it, made at the first start.
  await add('template_image', 'text');
  await add('dynamically_scalable', 'integer', 0);
  await add('arch', 'text', 'x86_64');
  await db.schema.createIndex('vms_domain').on('vms').columns(['domain_id', 'id']).execute();
  await db.schema.createIndex('vms_template').on('vms').columns(['template_id', 'id']).execute();
  await db.schema.createIndex('vms_offering').on('vms').columns(['service_offering_id', 'id']).execute();
  await db.schema.createIndex('vms_account_name').on('vms').columns(['account_id', 'name']).execute();
  await db.schema.createIndex('vms_cluster').on('vms').columns(['cluster_id', 'id']).execute();
  await db.schema.createIndex('volumes_vm_only').on('volumes').columns(['vm_id', 'type']).execute();
}
