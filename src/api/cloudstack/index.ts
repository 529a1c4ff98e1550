// Every implemented CloudStack command, gathered from the per-family files.
import type { CommandDecl } from '../types.js';
import * as account from './account.js';
import * as role from './role.js';
import * as auth from './auth.js';
import * as discovery from './discovery.js';
import * as diskOffering from './disk-offering.js';
import * as domain from './domain.js';
import * as event from './event.js';
import * as infra from './infra.js';
import * as job from './job.js';
import * as networkOffering from './network-offering.js';
import * as serviceOffering from './service-offering.js';
import * as user from './user.js';
import * as configuration from './configuration.js';
import * as guestOs from './guest-os.js';
import * as hypervisor from './hypervisor.js';
import * as resourceLimit from './resource-limit.js';
import * as project from './project.js';
import * as projectRole from './project-role.js';
import * as sshKeyPair from './ssh-keypair.js';
import * as userData from './user-data.js';
import * as tag from './tag.js';
import * as affinityGroup from './affinity-group.js';
import * as template from './template.js';
import * as iso from './iso.js';
import * as isoAttach from './iso-attach.js';
import * as networking from './networking.js';
import * as vm from './vm.js';
import * as simulator from './simulator.js';
import * as volume from './volume.js';
import * as snapshot from './snapshot.js';
import * as vmSnapshot from './vm-snapshot.js';
import * as loadBalancer from './load-balancer.js';
import * as lbPolicy from './lb-policy.js';
import * as vpc from './vpc.js';
import * as networkAcl from './network-acl.js';
import * as vpcGateway from './vpc-gateway.js';
import * as securityGroup from './security-group.js';

const families: readonly Record<string, unknown>[] = [account, role, auth, discovery, domain, event, job, user, serviceOffering, diskOffering, networkOffering, infra, configuration, guestOs, hypervisor, resourceLimit, project, projectRole, sshKeyPair, userData, tag, affinityGroup, template, iso, isoAttach, networking, vm, simulator, volume, snapshot, vmSnapshot, loadBalancer, lbPolicy, vpc, networkAcl, vpcGateway, securityGroup];

function isCommand(v: unknown): v is CommandDecl {
  return typeof v === 'object' && v !== null && 'params' in v && 'responseName' in v;
}

export const commands: readonly CommandDecl[] = families
  .flatMap((m) => Object.values(m).filter(isCommand))
  .sort((a, b) => a.name.localeCompare(b.name));

const byLowerName = new Map(commands.map((c) => [c.name.toLowerCase(), c]));

/** CloudStack matches command names exactly; we also accept any letter case. */
export function findCommand(name: string): CommandDecl | undefined {
  return byLowerName.get(name.toLowerCase());
}
