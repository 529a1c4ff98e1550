// Every implemented CloudStack command, gathered from the per-family files.
import type { CommandDecl } from '../types.js';
import * as auth from './auth.js';
import * as discovery from './discovery.js';
import * as domain from './domain.js';
import * as event from './event.js';
import * as job from './job.js';
import * as user from './user.js';

const families: readonly Record<string, unknown>[] = [auth, discovery, domain, event, job, user];

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
