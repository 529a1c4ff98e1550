import type { Db } from '../../db/schema.js';

/**
 * First-start defaults of each resource family (DESIGN.md §6), run in this order after the
 * identity seed on every start. Each must be idempotent: do nothing if its rows exist.
 */
export const familySeeds: readonly ((db: Db) => Promise<void>)[] = [];
