// Affinity group types and the placement constraint they produce (CloudStack's
// HostAntiAffinityProcessor and HostAffinityProcessor), as pure logic.

export const AFFINITY_GROUP_TYPES = ['host anti-affinity', 'host affinity'] as const;
export type AffinityGroupType = (typeof AFFINITY_GROUP_TYPES)[number];

export function isAffinityGroupType(t: string): t is AffinityGroupType {
  return (AFFINITY_GROUP_TYPES as readonly string[]).includes(t);
}

/** VM states whose host counts as in use by the group: the VM is on it or about to be. */
export const HOST_HOLDING_STATES = ['Starting', 'Running', 'Stopping', 'Migrating'] as const;

export interface Placement {
  /** Hosts a new member must not land on. */
  readonly avoidHosts: Set<number>;
  /** When set, the only hosts a new member may land on (host affinity with a member placed). */
  readonly onlyHosts?: Set<number>;
}

/**
 * The constraint for a VM joining `groups`, each with the hosts its other members hold.
 * Anti-affinity: avoid every such host. Affinity: stay on the group's host(s) once one is
 * in use; several affinity groups intersect (an empty set means nowhere fits).
 */
export function placementFor(groups: readonly { type: AffinityGroupType; hosts: ReadonlySet<number> }[]): Placement {
  const avoidHosts = new Set<number>();
  let onlyHosts: Set<number> | undefined;
  for (const g of groups) {
    if (g.type === 'host anti-affinity') {
      for (const h of g.hosts) avoidHosts.add(h);
    } else if (g.hosts.size > 0) {
      onlyHosts = onlyHosts === undefined ? new Set(g.hosts) : new Set([...onlyHosts].filter((h) => g.hosts.has(h)));
    }
  }
  return onlyHosts === undefined ? { avoidHosts } : { avoidHosts, onlyHosts };
}
