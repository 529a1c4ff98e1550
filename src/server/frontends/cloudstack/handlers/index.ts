import type { HandlerMap } from '../reply.js';
import { accountHandlers } from './account.js';
import { roleHandlers } from './role.js';
import { discoveryHandlers } from './discovery.js';
import { diskOfferingHandlers } from './disk-offering.js';
import { domainHandlers } from './domain.js';
import { eventHandlers } from './event.js';
import { jobHandlers } from './job.js';
import { networkOfferingHandlers } from './network-offering.js';
import { serviceOfferingHandlers } from './service-offering.js';
import { userHandlers } from './user.js';
import { configurationHandlers } from './configuration.js';
import { guestOsHandlers } from './guest-os.js';
import { hypervisorHandlers } from './hypervisor.js';
import { resourceLimitHandlers } from './resource-limit.js';
import { capacityHandlers } from './capacity.js';
import { clusterHandlers } from './cluster.js';
import { hostHandlers } from './host.js';
import { imageStoreHandlers } from './image-store.js';
import { podHandlers } from './pod.js';
import { storagePoolHandlers } from './storage-pool.js';
import { vlanHandlers } from './vlan.js';
import { zoneHandlers } from './zone.js';
import { projectHandlers } from './project.js';
import { projectRoleHandlers } from './project-role.js';
import { sshKeyPairHandlers } from './ssh-keypair.js';
import { userDataHandlers } from './user-data.js';
import { tagHandlers } from './tag.js';
import { affinityGroupHandlers } from './affinity-group.js';
import { templateHandlers } from './template.js';
import { isoHandlers } from './iso.js';
import { vmHandlers } from './vm.js';
import { simulatorHandlers } from './simulator.js';
import { addressHandlers } from './address.js';
import { firewallHandlers } from './firewall.js';
import { networkHandlers } from './network.js';
import { nicHandlers } from './nic.js';
import { routerHandlers } from './router.js';
import { volumeHandlers } from './volume.js';
import { snapshotHandlers } from './snapshot.js';
import { vmSnapshotHandlers } from './vm-snapshot.js';
import { loadBalancerHandlers } from './load-balancer.js';
import { vpcHandlers } from './vpc.js';
import { networkAclHandlers } from './network-acl.js';
import { securityGroupHandlers } from './security-group.js';

/** Every served command; login and logout are served by the route itself (they set cookies). */
export const handlers: HandlerMap = {
  ...accountHandlers,
  ...roleHandlers,
  ...discoveryHandlers,
  ...domainHandlers,
  ...eventHandlers,
  ...jobHandlers,
  ...userHandlers,
  ...serviceOfferingHandlers,
  ...diskOfferingHandlers,
  ...networkOfferingHandlers,
  ...configurationHandlers,
  ...guestOsHandlers,
  ...hypervisorHandlers,
  ...resourceLimitHandlers,
  ...capacityHandlers,
  ...clusterHandlers,
  ...hostHandlers,
  ...imageStoreHandlers,
  ...podHandlers,
  ...storagePoolHandlers,
  ...vlanHandlers,
  ...zoneHandlers,
  ...projectHandlers,
  ...projectRoleHandlers,
  ...sshKeyPairHandlers,
  ...userDataHandlers,
  ...tagHandlers,
  ...affinityGroupHandlers,
  ...templateHandlers,
  ...isoHandlers,
  ...vmHandlers,
  ...simulatorHandlers,
  ...networkHandlers,
  ...nicHandlers,
  ...routerHandlers,
  ...addressHandlers,
  ...firewallHandlers,
  ...volumeHandlers,
  ...snapshotHandlers,
  ...vmSnapshotHandlers,
  ...loadBalancerHandlers,
  ...vpcHandlers,
  ...networkAclHandlers,
  ...securityGroupHandlers,
};
