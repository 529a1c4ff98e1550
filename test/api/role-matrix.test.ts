// The role matrix: root admin, domain admin and user × every implemented command. With the
// default roles, a command the reference's default rules refuse answers 432; one they allow
// gets past the role check (any answer but 432/401). Table-driven from the reference.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { commands } from '../../src/api/cloudstack/index.js';
import type { CsClient } from '../helpers/cs-client.js';
import { newAccount } from '../helpers/accounts.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

const refPath = new URL('../../../shared/reference/cloudstack/api.json', import.meta.url);
assert.ok(existsSync(refPath), 'the role matrix needs ../shared/reference beside the checkout');
const ref = JSON.parse(readFileSync(refPath, 'utf8')) as { commands: { name: string; defaultRoles: string[] }[] };
const allowedBy = new Map(ref.commands.map((c) => [c.name, new Set(c.defaultRoles)]));

describe('role matrix (default roles × every command)', () => {
  let s: TestServer;
  const clients = new Map<string, CsClient>();
  before(async () => {
    s = await startTestServer();
    const child = (await s.admin.ok('createDomain', { name: 'matrix' })).domain as { id: string };
    clients.set('Admin', s.admin);
    clients.set('DomainAdmin', (await newAccount(s, { type: 'domainadmin', domainId: child.id })).client);
    clients.set('User', (await newAccount(s, { type: 'user', domainId: child.id })).client);
  });
  after(async () => s.close());

  for (const role of ['Admin', 'DomainAdmin', 'User'] as const) {
    it(`as ${role}`, async () => {
      const client = clients.get(role)!;
      const wrong: string[] = [];
      for (const c of commands) {
        if (c.preAuth) continue;
        const expectAllowed = role === 'Admin' || (allowedBy.get(c.name)?.has(role) ?? false);
        // No arguments: required ones are missing, so allowed commands stop at validation.
        const r = await client.call(c.name, {});
        const denied = r.status === 432;
        if (r.status === 401 || denied === expectAllowed) wrong.push(`${c.name}: ${r.status} (expected ${expectAllowed ? 'allowed' : '432'})`);
      }
      assert.deepEqual(wrong, [], `role ${role}`);
    });
  }
});
