// The network driver contract. The management server computes, from its database, everything
// a guest network's virtual router must do (RouterConfig) and pushes it, versioned, to the
// network driver of the host running the router. A driver makes the host match the config:
// the simulator records it; the Linux driver builds a bridge per guest network (tagged with
// the VLAN/VNI of broadcastUri on the physical uplink), a network namespace per router with a
// veth into the guest bridge and one into the public bridge, dnsmasq for DHCP/DNS, nftables
// for NAT and firewalls, and a metadata/password server on 169.254.169.254 and the router IP.
// Every operation is idempotent, so a job step can be retried and a restart can re-apply.

/** A router's identity towards the driver: stable for the router's life (its UUID). */
export type RouterKey = string;

export interface RouterGuestInterface {
  /** The guest network's UUID: the driver's name for its bridge. */
  readonly networkKey: string;
  /** `vlan://<id>`, `vxlan://<id>` or `vlan://untagged`: how the bridge reaches other hosts. */
  readonly broadcastUri: string;
  /** The router's address on the guest network, which is the guests' gateway. */
  readonly ip: string;
  readonly mac: string;
  readonly cidr: string;
  readonly netmask: string;
  readonly mtu: number;
}

export interface RouterPublicInterface {
  /** The source NAT address; other public addresses of the network are added as aliases. */
  readonly ip: string;
  readonly mac: string;
  readonly netmask: string;
  readonly gateway: string;
  readonly broadcastUri: string;
  /** Every public address the router answers for (source NAT, static NAT, forwarding). */
  readonly aliases: readonly string[];
}

export interface DhcpLease {
  readonly mac: string;
  readonly ip: string;
  readonly hostname: string;
  /** Whether this lease hands out the router as default gateway (a VM's default NIC). */
  readonly defaultGateway: boolean;
}

export interface DnsRecord {
  readonly name: string;
  readonly ip: string;
}

export interface DhcpDnsConfig {
  /** Search domain and the suffix of every guest's DNS name. */
  readonly domain: string;
  /** Resolvers the router forwards to (the zone's DNS servers). */
  readonly upstream: readonly string[];
  readonly leases: readonly DhcpLease[];
  readonly records: readonly DnsRecord[];
}

/** SNAT of the guest CIDR to the source NAT address. */
export interface SourceNat {
  readonly publicIp: string;
  readonly guestCidr: string;
}

/** One-to-one NAT between a public address and a guest address. */
export interface StaticNat {
  readonly publicIp: string;
  readonly guestIp: string;
}

export type Protocol = 'tcp' | 'udp' | 'icmp' | 'all';

/** DNAT of a public port range to a guest port range (same size). */
export interface PortForward {
  readonly id: string;
  readonly publicIp: string;
  readonly protocol: 'tcp' | 'udp';
  readonly publicStartPort: number;
  readonly publicEndPort: number;
  readonly guestIp: string;
  readonly guestStartPort: number;
  readonly guestEndPort: number;
  /** Only these sources may use the forward. */
  readonly sourceCidrs: readonly string[];
}

/** An accept rule; ports are null for "all ports", ICMP type/code -1 for "any". */
export interface FirewallRule {
  readonly id: string;
  readonly protocol: Protocol;
  readonly startPort: number | null;
  readonly endPort: number | null;
  readonly icmpType: number | null;
  readonly icmpCode: number | null;
  readonly sourceCidrs: readonly string[];
}

export interface IngressRule extends FirewallRule {
  /** The public address the rule opens. */
  readonly publicIp: string;
}

export interface EgressRule extends FirewallRule {
  readonly destCidrs: readonly string[];
}

export interface FirewallConfig {
  /** Ingress to public addresses is dropped unless a rule accepts it. */
  readonly ingress: readonly IngressRule[];
  /**
   * Egress from the guest network. With `allow` the rules are exceptions that drop; with
   * `deny` they are the only traffic accepted (CloudStack's egress default policy).
   */
  readonly egressDefault: 'allow' | 'deny';
  readonly egress: readonly EgressRule[];
}

/** What the metadata server answers a guest (by its source address) and the password server serves once. */
export interface VmMetadata {
  readonly guestIp: string;
  readonly mac: string;
  readonly instanceId: string;
  readonly vmId: string;
  readonly localHostname: string;
  readonly serviceOffering: string;
  readonly availabilityZone: string;
  readonly publicIp: string | null;
  /** Base64, as the API received it; null when the VM has none. */
  readonly userData: string | null;
  readonly publicKeys: readonly string[];
}

export interface PasswordEntry {
  readonly guestIp: string;
  readonly password: string;
}

/** Everything a router does. Arrays are sorted, so equal configs serialise identically. */
export interface RouterConfig {
  readonly schema: 1;
  readonly routerName: string;
  readonly guest: RouterGuestInterface;
  /** Absent for routers without a public side (shared networks, isolated without source NAT yet). */
  readonly public: RouterPublicInterface | null;
  readonly dhcp: DhcpDnsConfig;
  readonly sourceNat: SourceNat | null;
  readonly staticNat: readonly StaticNat[];
  readonly portForwards: readonly PortForward[];
  readonly firewall: FirewallConfig;
  readonly metadata: readonly VmMetadata[];
  readonly passwords: readonly PasswordEntry[];
}

export type RouterPowerState = 'Running' | 'Stopped';

/** What the driver reports about a router. */
export interface RouterReport {
  readonly key: RouterKey;
  readonly power: RouterPowerState;
  /** The highest config version applied (0 before any). */
  readonly appliedVersion: number;
  readonly appliedConfig: RouterConfig | null;
}

export interface NetworkDriver {
  /** Brings the router up (or leaves it up); a stopped router keeps its last config. */
  startRouter(key: RouterKey, name: string): Promise<RouterReport>;
  stopRouter(key: RouterKey): Promise<RouterReport>;
  /** Removes the router and everything it set up; unknown keys are fine. */
  destroyRouter(key: RouterKey): Promise<void>;
  /**
   * Makes the router match `config`. Idempotent: applying a version again changes nothing,
   * and a version older than the one applied is ignored (a late, superseded push).
   */
  applyRouterConfig(key: RouterKey, config: RouterConfig, version: number): Promise<RouterReport>;
  /** What the router has now, or undefined for an unknown router. */
  routerReport(key: RouterKey): Promise<RouterReport | undefined>;
  /** Every router the driver knows (reconciliation after a restart). */
  listRouters(): Promise<RouterReport[]>;
}
