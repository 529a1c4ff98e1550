import type { CommandDecl } from '../../../api/types.js';
import { internalError } from '../../../core/errors.js';
import type { Reply } from './reply.js';

// In tests (NUBO_STRICT_RESPONSES=1) every answer is checked against the command's declared
// response fields, so a view can never emit a key the CloudStack contract does not have.
const strict = process.env.NUBO_STRICT_RESPONSES === '1';

export function checkResponseKeys(decl: CommandDecl, r: Reply): void {
  if (!strict) return;
  // Every CloudStack response inherits jobid and jobstatus from BaseResponse.
  const allowed = new Set(['jobid', 'jobstatus', ...decl.response.fields.map((f) => f.name)]);
  const objs = r.kind === 'list' ? r.items : r.kind === 'object' || r.kind === 'flat' ? [r.data] : [];
  for (const o of objs) {
    for (const [k, v] of Object.entries(o)) {
      if (v !== undefined && !allowed.has(k)) throw internalError(`response of ${decl.name} has undeclared field ${k}`);
    }
  }
}
