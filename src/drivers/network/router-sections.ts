// The router config sections of the second networking family: load balancing (every router
// whose network has LB rules) and the VPC (a VPC's router). They extend RouterConfig (types.ts)
// by declaration merging, so a driver reads one config type; routers without such rules simply
// lack the keys, and their configs (and hashes) stay what they were.
import type { Protocol } from './types.js';

/** One public listener (haproxy `frontend`): where clients connect. */
export interface LbFrontend {
  readonly publicIp: string;
  readonly port: number;
  /** `tcp-proxy` adds the PROXY protocol header towards the backends. */
  readonly protocol: 'tcp' | 'udp' | 'tcp-proxy';
  /** Only these sources may connect. */
  readonly sourceCidrs: readonly string[];
}

export interface LbServer {
  /** The VM's UUID (haproxy `server` name). */
  readonly vmId: string;
  readonly ip: string;
  readonly port: number;
}

/** Session stickiness (haproxy `stick`/`cookie`), CloudStack's three methods and their parameters. */
export interface LbStickiness {
  readonly method: 'LbCookie' | 'AppCookie' | 'SourceBased';
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
}

/** An HTTP health check of the servers (haproxy `option httpchk` + `inter`/`rise`/`fall`). */
export interface LbHealthCheck {
  readonly pingPath: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

/** Where a frontend's connections go (haproxy `backend`). */
export interface LbBackend {
  readonly algorithm: 'roundrobin' | 'leastconn' | 'source';
  readonly servers: readonly LbServer[];
  readonly stickiness: LbStickiness | null;
  readonly healthCheck: LbHealthCheck | null;
}

/** One load-balancing rule: a frontend and its backend. Sorted by id. */
export interface LoadBalancer {
  readonly id: string;
  readonly name: string;
  readonly frontend: LbFrontend;
  readonly backend: LbBackend;
}

/** A network ACL rule; `number` orders evaluation (lowest first, first match wins). */
export interface AclRule {
  readonly id: string;
  readonly number: number;
  readonly action: 'allow' | 'deny';
  /** A protocol name, or an IP protocol number as text ("47"). */
  readonly protocol: Protocol | string;
  readonly startPort: number | null;
  readonly endPort: number | null;
  readonly icmpType: number | null;
  readonly icmpCode: number | null;
  /** Ingress: the sources; egress: the destinations. */
  readonly cidrs: readonly string[];
}

/** An ACL list as a tier or gateway enforces it, each direction sorted by number. */
export interface AclConfig {
  readonly id: string;
  readonly name: string;
  readonly ingress: readonly AclRule[];
  readonly egress: readonly AclRule[];
}

/** A guest interface of the VPC router: one per implemented tier, its gateway address. */
export interface VpcTier {
  readonly networkKey: string;
  readonly broadcastUri: string;
  readonly ip: string;
  readonly mac: string;
  readonly cidr: string;
  readonly netmask: string;
  readonly mtu: number;
  /**
   * Traffic into and out of the tier passes this ACL (first matching rule by number decides;
   * unmatched traffic is dropped). Without one, as CloudStack: ingress dropped, egress allowed.
   */
  readonly acl: AclConfig | null;
}

export interface VpcPrivateGateway {
  readonly id: string;
  readonly ip: string;
  readonly gateway: string;
  readonly netmask: string;
  /** `vlan://<id>` of the private network. */
  readonly broadcastUri: string;
  /** Whether the VPC's traffic leaving through this gateway is source-NATed to `ip`. */
  readonly sourceNat: boolean;
  readonly acl: AclConfig | null;
}

export interface VpcStaticRoute {
  readonly id: string;
  readonly cidr: string;
  readonly nextHop: string;
}

/**
 * A VPC router's own section. For such a router `guest` (types.ts) names the VPC as a whole
 * (networkKey = the VPC's UUID, cidr = the VPC's CIDR, ip = its first tier's gateway or the
 * CIDR's first host): it is no interface; the interfaces are `tiers`. DHCP, DNS, metadata and
 * passwords cover the VMs of every tier; `firewall` stays empty, ACLs take its place.
 */
export interface VpcConfig {
  readonly id: string;
  readonly cidr: string;
  readonly tiers: readonly VpcTier[];
  readonly privateGateways: readonly VpcPrivateGateway[];
  readonly staticRoutes: readonly VpcStaticRoute[];
}

declare module './types.js' {
  interface RouterConfig {
    /** Load-balancing rules of the network's public addresses; absent when there are none. */
    readonly loadBalancers?: readonly LoadBalancer[];
    /** Present only on a VPC's router. */
    readonly vpc?: VpcConfig;
  }
}
