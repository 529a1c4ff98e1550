// Later families veto deleting an inventory item they use (a zone with networks, a host with
// VMs, a pool with volumes) by registering a check, without editing the inventory services.
import { resourceInUse } from '../core/errors.js';
import type { Db } from '../db/schema.js';

/** Answers why the item with this internal id cannot go, or undefined when it may. */
export type InUseCheck = (db: Db, id: number) => Promise<string | undefined>;

export class DeleteGuards {
  private readonly checks: InUseCheck[] = [];

  add(check: InUseCheck): void {
    this.checks.push(check);
  }

  /** Runs the built-in checks first, then the registered ones; the first reason wins. */
  async assertFree(db: Db, id: number, builtIn: readonly InUseCheck[] = []): Promise<void> {
    for (const check of [...builtIn, ...this.checks]) {
      const why = await check(db, id);
      if (why !== undefined) throw resourceInUse(why);
    }
  }
}

/** A built-in check: refuses when `rows` finds any row. */
export function refuseIfAny(reason: string, rows: (db: Db, id: number) => Promise<unknown>): InUseCheck {
  return async (db, id) => ((await rows(db, id)) !== undefined ? reason : undefined);
}
