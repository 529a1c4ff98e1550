import type { RoleType } from '../api/types.js';

/** Who is making a call: resolved once at the edge from keys or a session. */
export interface Caller {
  readonly userId: number;
  readonly userUuid: string;
  readonly username: string;
  readonly accountId: number;
  readonly accountUuid: string;
  readonly accountName: string;
  readonly accountType: number;
  readonly domainId: number;
  readonly domainUuid: string;
  readonly domainPath: string;
  readonly roleId: number;
  readonly roleType: RoleType;
}

export const isRootAdmin = (c: Caller) => c.roleType === 'Admin';
export const isDomainAdmin = (c: Caller) => c.roleType === 'DomainAdmin' || c.roleType === 'ResourceAdmin';

/** True when `path` is `ancestor` or inside its subtree (paths look like `ROOT/child/`). */
export function pathWithin(path: string, ancestor: string): boolean {
  return path.startsWith(ancestor);
}

/** Account types of CloudStack's Account.Type and the default role each gets. */
export const ACCOUNT_TYPE = { user: 0, admin: 1, domainAdmin: 2, resourceAdmin: 3 } as const;

export function roleTypeOfAccountType(t: number): RoleType {
  switch (t) {
    case 1: return 'Admin';
    case 2: return 'DomainAdmin';
    case 3: return 'ResourceAdmin';
    default: return 'User';
  }
}
