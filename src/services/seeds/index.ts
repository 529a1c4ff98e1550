import type { Db } from '../../db/schema.js';
import { seedGuestOs } from './guest-os.js';
import { seedHypervisorCapabilities } from './hypervisors.js';
import { seedInfra } from './infra.js';
import { seedOfferings } from './offerings.js';
import { seedTemplates } from './templates.js';
import { seedNetworks } from './networks.js';
import { seedVpc } from './vpc.js';

/**
 * First-start defaults of each resource family (DESIGN.md §6), run in this order after the
 * identity seed on every start. Each must be idempotent: do nothing if its rows exist.
 */
export const familySeeds: readonly ((db: Db) => Promise<void>)[] = [
  seedGuestOs,
  seedHypervisorCapabilities,
  seedOfferings,
  seedInfra,
  seedTemplates,
  seedNetworks,
  seedVpc,
];
