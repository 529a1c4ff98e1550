// The networking family's services, built together (they share the router service and a
// limit service), with their account-delete clean-up and the zone delete vetoes.
import type { Db } from '../db/schema.js';
import type { NetworkDriver } from '../drivers/network/types.js';
import type { JobRunner } from '../jobs/runner.js';
import type { AccountService } from './accounts.js';
import type { EventService } from './events.js';
import { FirewallRuleService } from './firewall-rules.js';
import { NetworkService } from './networks.js';
import { PhysicalNetworkService } from './physical-networks.js';
import { PortForwardingService } from './port-forwarding.js';
import { PublicIpService } from './public-ips.js';
import { ResourceLimitService } from './resource-limits.js';
import { RouterService } from './routers.js';
import type { SettingsService } from './settings.js';

export interface NetworkingServices {
  readonly networks: NetworkService;
  readonly physicalNetworks: PhysicalNetworkService;
  readonly routers: RouterService;
  readonly publicIps: PublicIpService;
  readonly firewallRules: FirewallRuleService;
  readonly portForwarding: PortForwardingService;
}

export function createNetworking(
  db: Db, events: EventService, jobs: JobRunner, settings: SettingsService, accounts: AccountService, driver: NetworkDriver | undefined,
): NetworkingServices {
  const limits = new ResourceLimitService(db, settings, events);
  const routers = new RouterService(db, events, jobs, driver);
  const networks = new NetworkService(db, events, jobs, settings, limits, routers);
  const publicIps = new PublicIpService(db, events, jobs, limits, routers);
  // What a deleted account owns goes: its networks (with their routers, rules and addresses), then stray addresses.
  accounts.onDelete(async (accountId, owner) => {
    await networks.removeAccount(accountId, owner);
    await publicIps.removeAccount(accountId, owner);
  });
  return {
    networks,
    physicalNetworks: new PhysicalNetworkService(db, events, jobs),
    routers,
    publicIps,
    firewallRules: new FirewallRuleService(db, events, jobs, routers),
    portForwarding: new PortForwardingService(db, events, jobs, routers),
  };
}
