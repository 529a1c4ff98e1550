/** CloudStack's wire date format: `2026-11-29T20:10:00+0000`. */
export function csDate(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  return iso.replace(/\.\d{3}Z$/, '+0000').replace(/Z$/, '+0000');
}

export const nowIso = () => new Date().toISOString();
