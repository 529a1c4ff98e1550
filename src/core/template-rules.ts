// Pure rules of templates and ISOs: formats, hypervisor names, list filters, and the
// download status text CloudStack shows (TemplateJoinDaoImpl.getTemplateStatus).
import { invalidParam } from './errors.js';

/** Image formats a template may have (CloudStack's Storage.ImageFormat that Nubo stores). */
export const TEMPLATE_FORMATS = ['QCOW2', 'RAW', 'VHD', 'VHDX', 'VMDK', 'OVA', 'TAR'] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];

/** CloudStack's Hypervisor.HypervisorType names, without None. */
export const TEMPLATE_HYPERVISORS = [
  'XenServer', 'KVM', 'VMware', 'Hyperv', 'VirtualBox', 'Parralels', 'BareMetal', 'Simulator', 'Ovm', 'Ovm3', 'LXC', 'Custom', 'External',
] as const;

/** The hypervisor an ISO records: it boots on any. */
export const ISO_HYPERVISOR = 'None';

export type DownloadState = 'NOT_DOWNLOADED' | 'DOWNLOAD_IN_PROGRESS' | 'DOWNLOADED' | 'DOWNLOAD_ERROR';
/**
 * The copy's state in its store (ObjectInDataStoreStateMachine.State, the ones Nubo uses).
 * Destroyed rows are kept only for seeded templates deleted from one zone, so they do not
 * come back there.
 */
export type StoreState = 'Allocated' | 'Creating' | 'Ready' | 'Failed' | 'Destroyed';

export type TemplateFilter = 'featured' | 'self' | 'selfexecutable' | 'sharedexecutable' | 'executable' | 'community' | 'all';
const FILTERS: readonly TemplateFilter[] = ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'];

export function parseTemplateFilter(s: string): TemplateFilter {
  const f = FILTERS.find((x) => x === s.trim().toLowerCase());
  if (!f) throw invalidParam(`Invalid template filter ${s}: possible values are ${FILTERS.join(', ')}`);
  return f;
}

/** Filters that list only what is ready to deploy (ListTemplatesCmd.listInReadyState). */
export function filterListsOnlyReady(f: TemplateFilter, adminForAccount: boolean): boolean {
  return f === 'featured' || f === 'selfexecutable' || f === 'sharedexecutable' || f === 'community' || (f === 'executable' && adminForAccount);
}

export function parseTemplateFormat(s: string): TemplateFormat {
  const f = TEMPLATE_FORMATS.find((x) => x === s.trim().toUpperCase());
  if (f) return f;
  if (s.trim().toUpperCase() === 'ISO') throw invalidParam('Image format ISO is for ISOs: use registerIso');
  throw invalidParam(`Image format: ${s} is incorrect. Supported formats are ${TEMPLATE_FORMATS.join(', ')}`);
}

export function parseHypervisor(s: string): (typeof TEMPLATE_HYPERVISORS)[number] {
  const h = TEMPLATE_HYPERVISORS.find((x) => x.toLowerCase() === s.trim().toLowerCase());
  if (!h) throw invalidParam(`Hypervisor Type: ${s} is invalid. Supported Hypervisor types are: ${TEMPLATE_HYPERVISORS.join(', ')}`);
  return h;
}

export function parseArch(s: string | undefined): string {
  if (s === undefined) return 'x86_64';
  const a = s.trim().toLowerCase();
  if (a !== 'x86_64' && a !== 'aarch64') throw invalidParam(`Invalid arch ${s}: valid options are x86_64, aarch64`);
  return a;
}

/** The `status` text of one copy, as CloudStack words it. */
export function downloadStatus(c: { downloadState: DownloadState; downloadPct: number; error: string | null; templateState: string }): string {
  switch (c.downloadState) {
    case 'DOWNLOADED':
      return 'Download Complete';
    case 'DOWNLOAD_IN_PROGRESS':
      return c.downloadPct >= 100 ? 'Installing Template' : `${c.downloadPct}% Downloaded`;
    case 'DOWNLOAD_ERROR':
      return c.error?.trim() || 'Download Failed';
    case 'NOT_DOWNLOADED':
      // Queued: the download has not reported any progress yet.
      return c.error?.trim() || 'Downloading';
  }
}

/** Extraction modes of extractTemplate/extractIso (Upload.Mode). */
export function parseExtractMode(s: string): 'HTTP_DOWNLOAD' {
  const m = s.trim().toUpperCase();
  if (m === 'HTTP_DOWNLOAD') return m;
  if (m === 'FTP_UPLOAD') throw invalidParam('Extraction mode FTP_UPLOAD is not supported: use HTTP_DOWNLOAD');
  throw invalidParam(`Please specify a valid extract Mode: ${s} (supported: HTTP_DOWNLOAD)`);
}

/** A template or ISO name: CloudStack refuses blanks and more than 255 characters. */
export function checkTemplateName(name: string): string {
  if (!name.trim() || name.length > 255) throw invalidParam('Template name cannot be null and cannot be more 255 characters');
  return name;
}
