// Every implemented command's declaration must match CloudStack's reference data:
// names, async-ness, response wrapper and object names, params (names, types, required),
// response keys, annotation roles, and the resulting default-role permissions.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultRoles } from '../../src/api/cloudstack/default-roles.js';
import { commands } from '../../src/api/cloudstack/index.js';
import type { RoleType } from '../../src/api/types.js';
import { roleAllows } from '../../src/core/role-rules.js';
import { handlers } from '../../src/server/frontends/cloudstack/handlers/index.js';

const refPath = new URL('../../../shared/reference/cloudstack/api.json', import.meta.url);
assert.ok(existsSync(refPath), `CloudStack reference missing at ${refPath.pathname}: the conformance test needs ../shared beside the checkout`);

interface RefParam { name: string; type: string; required: boolean; internal?: boolean; expose?: boolean; fullViewOnly?: boolean; collectionType?: string }
interface RefCommand {
  name: string; isAsync: boolean; responseName: string; responseShape: string; objectName?: string; responseObject: string;
  actualResponseObject?: string; authorized: string[]; params: RefParam[]; defaultRoles: string[]; preAuth?: boolean; package: string; class: string;
}
const ref = JSON.parse(readFileSync(refPath, 'utf8')) as {
  commands: RefCommand[];
  responses: Record<string, { fields: { name: string }[] }>;
};
const refByName = new Map(ref.commands.map((c) => [c.name, c]));

/** Deliberate, documented departures from what the extractor could see. */
const shapeOverrides: Record<string, { shape: string; objectName: string; why: string }> = {
  listAsyncJobs: { shape: 'list', objectName: 'asyncjobs', why: 'CloudStack sets the name at run time (ApiResponseHelper)' },
};

describe('declarations conform to the CloudStack reference', () => {
  it('declares at least the foundation commands', () => {
    for (const n of ['login', 'logout', 'listApis', 'listCapabilities', 'queryAsyncJobResult', 'listAsyncJobs', 'listEvents', 'listEventTypes']) {
      assert.ok(commands.some((c) => c.name === n), `${n} declared`);
    }
  });

  for (const c of commands) {
    it(c.name, () => {
      const r = refByName.get(c.name);
      assert.ok(r, `${c.name} exists in CloudStack`);
      assert.equal(c.isAsync, r.isAsync, 'isAsync');
      assert.equal(c.responseName, r.responseName, 'responseName');
      const o = shapeOverrides[c.name];
      assert.equal(c.shape, o?.shape ?? r.responseShape, 'response shape');
      if (c.shape === 'list' || c.shape === 'object') assert.equal(c.objectName, o?.objectName ?? r.objectName, 'objectName');
      assert.equal(c.javaClass, `${r.package}.${r.class}`, 'javaClass');
      assert.deepEqual([...c.authorized].sort(), [...r.authorized].sort(), 'annotation roles');
      assert.equal(c.preAuth ?? false, r.preAuth ?? false, 'preAuth');

      const refParams = r.params.filter((p) => !p.internal && p.expose !== false);
      assert.deepEqual(c.params.map((p) => p.name).sort(), refParams.map((p) => p.name).sort(), 'param names');
      for (const p of c.params) {
        const rp = refParams.find((x) => x.name === p.name)!;
        assert.equal(p.type, rp.type, `type of ${p.name}`);
        assert.equal(p.required, rp.required, `required flag of ${p.name}`);
        assert.equal(p.adminOnly ?? false, rp.fullViewOnly ?? false, `admin-only flag of ${p.name}`);
        if (rp.collectionType) assert.equal(p.collectionType, rp.collectionType.toLowerCase(), `collection type of ${p.name}`);
      }

      const respClass = r.actualResponseObject ?? r.responseObject;
      assert.equal(c.response.name, respClass, 'response class');
      const refFields = ref.responses[respClass]!.fields.map((f) => f.name).filter((n) => n !== 'jobid' && n !== 'jobstatus');
      assert.deepEqual(c.response.fields.map((f) => f.name).sort(), [...new Set(refFields)].sort(), 'response keys');

      for (const role of c.preAuth ? [] : defaultRoles) {
        const ours = roleAllows({ id: role.id, type: role.type }, role.rules.map(([rule, permission]) => ({ rule, permission })), c);
        assert.equal(ours, r.defaultRoles.includes(role.type as RoleType), `default permission of ${role.name}`);
      }
      if (!c.preAuth) assert.ok(handlers[c.name], `${c.name} has a handler`);
    });
  }

  it('has no handler without a declaration', () => {
    const declared = new Set(commands.map((c) => c.name));
    for (const h of Object.keys(handlers)) assert.ok(declared.has(h), `handler ${h} is declared`);
  });
});
