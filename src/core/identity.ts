import type { RoleType } from '../api/types.js';

// Pure rules of CloudStack's identity model (accounts, roles).

/** Account.Type of each role type (RoleType.getAccountTypeByRole). */
export const ACCOUNT_TYPE_OF_ROLE: Readonly<Record<RoleType, number>> = { Admin: 1, DomainAdmin: 2, ResourceAdmin: 3, User: 0 };

/** The default role id of each account type (RoleType.getRoleByAccountType); the seed gives the default roles these ids. */
export const DEFAULT_ROLE_ID: Readonly<Record<number, number>> = { 0: 4, 1: 1, 2: 3, 3: 2 };

/** NetUtils.verifyDomainName. */
export function validNetworkDomain(s: string): boolean {
  if (s.length > 190) return false;
  return s.split('.').every((l) => /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(l));
}

export const NETWORK_DOMAIN_RULES = "Invalid network domain. Total length shouldn't exceed 190 chars. Each domain label must be between 1 and 63 characters long, can contain ASCII letters 'a' through 'z', the digits '0' through '9', and the hyphen ('-'); can't start or end with \"-\"";
