// The desired configuration of a network's or a VPC's router, read from the server's database,
// checked to be what the network driver applied: the applied version is the desired one and the
// hash of the driver's config equals the hash of the desired config.
import type { RouterConfig } from '../../src/drivers/network/types.js';
import '../../src/drivers/network/router-sections.js';
import { openTestDb } from './infra.js';
import type { TestServer } from './server.js';

export async function routerConfig(s: TestServer, of: { network: string } | { vpc: string }): Promise<RouterConfig> {
  const h = openTestDb(s);
  try {
    let q = h.db.selectFrom('routers as r').select(['r.uuid', 'r.config', 'r.config_hash', 'r.config_version', 'r.applied', 'r.applied_version']).where('r.removed', 'is', null);
    q = 'network' in of
      ? q.where('r.network_id', 'in', h.db.selectFrom('networks').select('id').where('uuid', '=', of.network))
      : q.where('r.network_id', 'is', null).where('r.vpc_id', 'in', h.db.selectFrom('vpcs').select('id').where('uuid', '=', of.vpc));
    const r = await q.executeTakeFirst();
    if (!r?.config) throw new Error(`no router with a config for ${JSON.stringify(of)}`);
    if (r.applied_version !== r.config_version) throw new Error(`router ${r.uuid} applied version ${r.applied_version}, desired ${r.config_version}`);
    if (r.applied !== r.config_hash) throw new Error(`router ${r.uuid} applied another config than the desired one`);
    return JSON.parse(r.config) as RouterConfig;
  } finally {
    await h.close();
  }
}
