// The load-balancing section of a router's desired config (router-sections.ts): one frontend
// and backend per LB rule of the network, with its live members, stickiness and health check.
// Computed from the database like the rest of the config; sorted so equal states hash equally.
import { parseIpv4 } from '../core/ipv4.js';
import type { Db } from '../db/schema.js';
import type { LbHealthCheck, LbStickiness, LoadBalancer } from '../drivers/network/router-sections.js';
import type { RouterConfig } from '../drivers/network/types.js';
import { liveMembers } from './lb-views.js';
import type { RouterRow } from './network-refs.js';

const byIp = (a: { ip: string }, b: { ip: string }) => (parseIpv4(a.ip) ?? 0) - (parseIpv4(b.ip) ?? 0);

export async function loadBalancersOf(db: Db, networkId: number): Promise<LoadBalancer[]> {
  const rules = await db.selectFrom('firewall_rules as r').innerJoin('load_balancer_rules as l', 'l.rule_id', 'r.id')
    .innerJoin('public_ip_addresses as ip', 'ip.id', 'r.ip_address_id')
    .selectAll('r').select(['l.name', 'l.algorithm', 'l.lb_protocol', 'ip.address as publicIp'])
    .where('r.network_id', '=', networkId).where('r.purpose', '=', 'LoadBalancing').where('r.state', '!=', 'Revoke').where('ip.state', '=', 'Allocated')
    .orderBy('r.id').execute();
  const out: LoadBalancer[] = [];
  for (const r of rules) {
    const members = await liveMembers(db, r);
    const servers = members.map((m) => ({ vmId: m.vmUuid, ip: m.ip, port: r.dest_start_port! })).sort(byIp);
    const st = await db.selectFrom('lb_stickiness_policies').selectAll().where('rule_id', '=', r.id).executeTakeFirst();
    const hc = await db.selectFrom('lb_healthcheck_policies').selectAll().where('rule_id', '=', r.id).executeTakeFirst();
    const stickiness: LbStickiness | null = st ? { method: st.method as LbStickiness['method'], name: st.name, params: JSON.parse(st.params) as Record<string, string> } : null;
    const healthCheck: LbHealthCheck | null = hc ? {
      pingPath: hc.ping_path, intervalSeconds: hc.interval_time, timeoutSeconds: hc.response_time, healthyThreshold: hc.healthy_threshold,
      unhealthyThreshold: hc.unhealthy_threshold,
    } : null;
    out.push({
      id: r.uuid, name: r.name,
      frontend: { publicIp: r.publicIp, port: r.start_port!, protocol: r.lb_protocol as LoadBalancer['frontend']['protocol'], sourceCidrs: r.source_cidrs ? r.source_cidrs.split(',') : [] },
      backend: { algorithm: r.algorithm as LoadBalancer['backend']['algorithm'], servers, stickiness, healthCheck },
    });
  }
  return out;
}

/**
 * The section added to a network router's config: the key is left out when the network has no
 * LB rules, so routers of networks without load balancing keep exactly the config they had.
 */
export async function withLoadBalancers(db: Db, router: RouterRow, config: RouterConfig): Promise<RouterConfig> {
  if (router.network_id === null) return config;
  const lbs = await loadBalancersOf(db, router.network_id);
  return lbs.length ? { ...config, loadBalancers: lbs } : config;
}
