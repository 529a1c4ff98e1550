// Network domain names (zone `domain`, CloudStack's NetUtils.verifyDomainName).

const LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** Labels of letters, digits and inner hyphens, each at most 63 characters, 253 in all. */
export function isValidDomainName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((l) => LABEL.test(l));
}
