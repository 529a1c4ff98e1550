// Names are checked before inserting, but two requests can race past the check; the unique
// index then decides, and its error must still reach the client as a 431, not a 530.
import { invalidParam } from '../core/errors.js';

/** True for a unique-constraint violation on SQLite or PostgreSQL. */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || !('code' in e)) return false;
  const code = String((e as { code: unknown }).code);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs an insert; a unique violation becomes a 431 with `message`. */
export async function insertUnique<T>(message: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isUniqueViolation(e)) throw invalidParam(message);
    throw e;
  }
}
