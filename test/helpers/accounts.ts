// Accounts of each role for tests: created by the root admin through the API, with API keys.
import { CsClient, type Json } from './cs-client.js';
import type { TestServer } from './server.js';

export interface TestAccount {
  client: CsClient;
  name: string;
  accountId: string;
  userId: string;
  domainId: string;
  roleType: 'Admin' | 'DomainAdmin' | 'User';
}

export const TEST_PASSWORD = 'Secret-pw-1';

const ACCOUNT_TYPE = { user: 0, admin: 1, domainadmin: 2 } as const;
const ROLE_TYPE = { user: 'User', admin: 'Admin', domainadmin: 'DomainAdmin' } as const;
let seq = 0;

/** A unique name, safe to use as an account or user name. */
export function uniqueName(prefix = 'acct'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++seq}`;
}

/**
 * Creates an account (default: a plain user in ROOT) as the root admin, registers API keys
 * for its first user and returns a signed client for it. Admin accounts live in ROOT only.
 */
export async function newAccount(
  s: TestServer,
  opts: { type?: 'user' | 'domainadmin' | 'admin'; domainId?: string; name?: string } = {},
): Promise<TestAccount> {
  const type = opts.type ?? 'user';
  const name = opts.name ?? uniqueName(type);
  const params: Record<string, string | number> = {
    accounttype: ACCOUNT_TYPE[type], account: name, username: name, password: TEST_PASSWORD,
    email: `${name}@example.test`, firstname: name, lastname: 'Test',
  };
  if (opts.domainId) params.domainid = opts.domainId;
  const created = (await s.admin.ok('createAccount', params)).account as Json;
  const user = (created.user as Json[])[0]!;
  const keys = (await s.admin.ok('registerUserKeys', { id: String(user.id) })).userkeys as Json;
  return {
    client: new CsClient(s.url, String(keys.apikey), String(keys.secretkey)),
    name,
    accountId: String(created.id),
    userId: String(user.id),
    domainId: String(created.domainid),
    roleType: ROLE_TYPE[type],
  };
}
