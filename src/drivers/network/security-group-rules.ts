// What a host enforces for a VM in a security-group network (CloudStack's per-VM iptables/
// ebtables chains): the management server computes one rule set per VM from its groups, with
// group references expanded to the member VMs' addresses, and versions it. The Linux driver
// turns it into nftables on the VM's tap; the simulator's view is the stored desired state.

export interface SgRule {
  /** tcp, udp, icmp, all, or an IP protocol number as text. */
  readonly protocol: string;
  readonly startPort: number | null;
  readonly endPort: number | null;
  readonly icmpType: number | null;
  readonly icmpCode: number | null;
  /** Ingress: allowed sources; egress: allowed destinations (group members as /32). */
  readonly cidrs: readonly string[];
}

export interface SgVmRuleSet {
  readonly vmId: string;
  readonly instanceName: string;
  /** The host that runs the VM (its UUID), null while it runs nowhere. */
  readonly hostId: string | null;
  /** The VM's NICs in security-group networks: anti-spoofing binds MAC and address. */
  readonly nics: readonly { readonly mac: string; readonly ip: string | null }[];
  /** Ingress is dropped unless a rule accepts it. */
  readonly ingress: readonly SgRule[];
  /** CloudStack: with no egress rule everything leaves; with some, only what they accept. */
  readonly egressDefault: 'allow' | 'deny';
  readonly egress: readonly SgRule[];
}
