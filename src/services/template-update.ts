// updateTemplate/updateIso (TemplateManagerImpl.updateTemplateOrIso) and the launch
// permissions: updateTemplatePermissions/updateIsoPermissions, listTemplatePermissions/listIsoPermissions.
import { type Caller, isRootAdmin } from '../core/caller.js';
import { invalidParam, permissionDenied } from '../core/errors.js';
import { PROJECT_ACCOUNT_TYPE } from '../core/project.js';
import { checkTemplateName, parseArch, parseTemplateFormat } from '../core/template-rules.js';
import type { Db } from '../db/schema.js';
import { resolveId } from './lookup.js';
import { canAccessProject, findProject } from './project-access.js';
import type { TemplateDeps } from './template-deps.js';
import { type TemplateRow, checkOperate, checkSee, findTemplate } from './template-access.js';

export interface UpdateArgs {
  readonly name?: string;
  readonly displayText?: string;
  readonly format?: string;
  readonly osTypeId?: string;
  readonly passwordEnabled?: boolean;
  readonly sshKeyEnabled?: boolean;
  readonly bootable?: boolean;
  readonly requiresHvm?: boolean;
  readonly sortKey?: number;
  readonly isDynamicallyScalable?: boolean;
  readonly isRouting?: boolean;
  readonly templateType?: string;
  readonly templateTag?: string;
  readonly arch?: string;
  readonly details?: Readonly<Record<string, string>>;
  readonly cleanupDetails?: boolean;
}

const TYPES = ['USER', 'VNF', 'SYSTEM', 'ROUTING', 'BUILTIN'];

/** Applies an update; answers the template's id (the handler renders its views). */
export async function updateImage(deps: TemplateDeps, caller: Caller, idOrUuid: string, a: UpdateArgs, iso: boolean): Promise<TemplateRow> {
  const { db } = deps;
  const t = await findTemplate(db, idOrUuid, iso).catch(() => {
    throw invalidParam('Unable to find Template/ISO with specified id');
  });
  await checkOperate(db, caller, t);
  if (a.isRouting !== undefined && !isRootAdmin(caller)) throw permissionDenied('Parameter isrouting can only be specified by a Root Admin, permission denied');
  if (a.templateTag !== undefined && !isRootAdmin(caller)) throw permissionDenied('Parameter templatetag can only be specified by a Root Admin, permission denied');
  let type: string | undefined;
  if (!iso && a.templateType !== undefined) {
    type = TYPES.find((x) => x === a.templateType!.trim().toUpperCase());
    if (!type) throw invalidParam(`Please specify a valid templatetype: ${TYPES.join(',')}`);
    if (a.isRouting !== undefined && (type === 'ROUTING') !== a.isRouting) throw invalidParam('Please specify a valid templatetype (consistent with isrouting parameter).');
    if ((type === 'SYSTEM' || type === 'BUILTIN') && t.cross_zones !== 1) throw invalidParam('System and Builtin templates must be cross zone.');
    if (type !== 'USER' && type !== 'VNF' && caller.roleType === 'User') throw invalidParam(`Parameter templatetype can only be specified as USER or VNF, not ${type}.`);
  }
  if (a.isRouting !== undefined) type = a.isRouting ? 'ROUTING' : (type ?? 'USER');
  if (a.name !== undefined) checkTemplateName(a.name);
  let format: string | undefined;
  if (a.format !== undefined) format = iso ? (a.format.trim().toUpperCase() === 'ISO' ? 'ISO' : undefined) : parseTemplateFormat(a.format);
  if (a.format !== undefined && format === undefined) throw invalidParam(`Image format: ${a.format} is incorrect for an ISO`);
  let osId: number | undefined;
  if (a.osTypeId !== undefined) {
    const id = await resolveId(db, 'guest_os', a.osTypeId);
    const os = id === undefined ? undefined : await db.selectFrom('guest_os').select('id').where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
    if (!os) throw invalidParam('Please specify a valid guest OS ID.');
    osId = os.id;
  }
  const arch = a.arch !== undefined ? parseArch(a.arch) : undefined;
  let details: string | undefined;
  if (a.cleanupDetails === true) details = '{}';
  else if (a.details !== undefined) details = JSON.stringify({ ...(JSON.parse(t.details) as Record<string, string>), ...a.details });

  const set = {
    ...(a.name !== undefined ? { name: a.name } : {}),
    ...(a.displayText !== undefined ? { display_text: a.displayText } : {}),
    ...(format !== undefined ? { format } : {}),
    ...(osId !== undefined ? { guest_os_id: osId } : {}),
    ...(a.passwordEnabled !== undefined ? { password_enabled: a.passwordEnabled ? 1 : 0 } : {}),
    ...(a.sshKeyEnabled !== undefined ? { sshkey_enabled: a.sshKeyEnabled ? 1 : 0 } : {}),
    ...(a.bootable !== undefined ? { bootable: a.bootable ? 1 : 0 } : {}),
    ...(a.requiresHvm !== undefined ? { requires_hvm: a.requiresHvm ? 1 : 0 } : {}),
    ...(a.sortKey !== undefined ? { sort_key: a.sortKey } : {}),
    ...(a.isDynamicallyScalable !== undefined ? { dynamically_scalable: a.isDynamicallyScalable ? 1 : 0 } : {}),
    ...(type !== undefined ? { type } : {}),
    ...(a.templateTag !== undefined ? { template_tag: a.templateTag } : {}),
    ...(arch !== undefined ? { arch } : {}),
    ...(details !== undefined ? { details } : {}),
  };
  if (Object.keys(set).length === 0) return t;
  await db.updateTable('templates').set(set).where('id', '=', t.id).where('removed', 'is', null).execute();
  // A changed OS type follows into the VMs deployed from the template (CloudStack does the same).
  if (osId !== undefined && osId !== t.guest_os_id) {
    await db.updateTable('vms').set({ guest_os_id: osId }).where('template_id', '=', t.id).where('removed', 'is', null).execute();
  }
  await deps.events.record(caller, {
    type: iso ? 'ISO.UPDATE' : 'TEMPLATE.UPDATE', description: `Updated ${iso ? 'ISO' : 'template'} ${t.name}`, resourceType: iso ? 'Iso' : 'Template',
    resourceId: t.uuid, resourceName: a.name ?? t.name,
  });
  return t;
}

export interface PermissionArgs {
  readonly accounts?: readonly string[];
  readonly projectIds?: readonly string[];
  readonly isFeatured?: boolean;
  readonly isPublic?: boolean;
  readonly isExtractable?: boolean;
  readonly op?: string;
}

/** Resolves every name first, so a bad one changes nothing. */
async function accountIdsIn(db: Db, names: readonly string[], domain: { id: number; uuid: string }, op: string): Promise<number[]> {
  const ids: number[] = [];
  for (const n of names) {
    const acct = await db.selectFrom('accounts').select('id').where('name', '=', n).where('domain_id', '=', domain.id).where('removed', 'is', null).executeTakeFirst();
    if (acct) ids.push(acct.id);
    else if (op === 'add') {
      throw invalidParam(`Unable to grant a launch permission to account ${n} in domain id=${domain.uuid}, account not found.  No permissions updated, please verify the account names and retry.`);
    }
  }
  return ids;
}

export async function updatePermissions(deps: TemplateDeps, caller: Caller, idOrUuid: string, a: PermissionArgs, iso: boolean): Promise<void> {
  const { db } = deps;
  const kind = iso ? 'ISO' : 'Template';
  const t = await findTemplate(db, idOrUuid, iso).catch(() => {
    throw invalidParam(`Please provide a valid ${kind}`);
  });
  const names = [...(a.accounts ?? [])];
  for (const ref of a.projectIds ?? []) {
    const p = await findProject(db, ref);
    if (!(await canAccessProject(db, caller, p))) throw invalidParam(`Account ${caller.accountName} can't access project id=${p.uuid}`);
    const pa = await db.selectFrom('accounts').select('name').where('id', '=', p.accountId).executeTakeFirstOrThrow();
    names.push(pa.name);
  }
  await checkOperate(db, caller, t);
  const callerIsAdmin = caller.roleType !== 'User';
  if (a.isPublic === true && !callerIsAdmin && !(await deps.settings.getBool('allow.public.user.templates', 'account', t.account_id))) {
    throw invalidParam(`Only private ${kind.toLowerCase()}s can be created.`);
  }
  const op = a.op?.trim().toLowerCase();
  const listed = a.accounts !== undefined || a.projectIds !== undefined;
  if (listed && op !== 'add' && op !== 'remove' && op !== 'reset') {
    throw invalidParam(`Invalid operation on accounts, the operation must be either 'add' or 'remove' in order to modify launch permissions.  Given operation is: '${a.op ?? 'null'}'`);
  }
  if (op !== undefined && op !== 'add' && op !== 'remove' && op !== 'reset') throw invalidParam(`Invalid permission operator ${a.op}: use add, remove or reset`);
  if (listed && op === 'reset') throw invalidParam(`Unable to reset permissions for ${kind.toLowerCase()} ${t.uuid}: reset is given without accounts or projects`);
  if ((op === 'add' || op === 'remove') && !listed) throw invalidParam(`Operation ${op} requires accounts or projectids to be passed in`);
  if (t.account_id !== caller.accountId && !callerIsAdmin) {
    throw invalidParam(`Unable to grant permission to account ${caller.accountName} as it is neither admin nor owner of the ${kind.toLowerCase()}`);
  }
  if (a.isFeatured === true && !isRootAdmin(caller)) throw permissionDenied(`Only root admins may mark a ${kind.toLowerCase()} featured`);
  if (a.isExtractable !== undefined && !iso && !isRootAdmin(caller) && t.account_id !== caller.accountId) {
    throw invalidParam('Only ROOT admins and template owners are allowed to modify isExtractable attribute.');
  }
  // Launch permissions stay inside the owner's domain (CloudStack derives it from the owner).
  const domain = await db.selectFrom('domains').select(['id', 'uuid']).where('id', '=', t.domain_id).executeTakeFirstOrThrow();
  const ids = op === 'add' || op === 'remove' ? await accountIdsIn(db, names, domain, op) : [];

  await db.transaction().execute(async (tx) => {
    const set = {
      ...(a.isPublic !== undefined ? { is_public: a.isPublic ? 1 : 0 } : {}),
      ...(a.isFeatured !== undefined ? { is_featured: a.isFeatured ? 1 : 0 } : {}),
      ...(a.isExtractable !== undefined ? { is_extractable: a.isExtractable ? 1 : 0 } : {}),
      ...(op === 'reset' ? { is_public: 0, is_featured: 0 } : {}),
    };
    if (Object.keys(set).length) await tx.updateTable('templates').set(set).where('id', '=', t.id).execute();
    if (op === 'add') {
      for (const id of ids.filter((x) => x !== t.account_id)) {
        await tx.insertInto('template_permissions').values({ template_id: t.id, account_id: id }).onConflict((oc) => oc.doNothing()).execute();
      }
    } else if (op === 'remove' && ids.length) {
      await tx.deleteFrom('template_permissions').where('template_id', '=', t.id).where('account_id', 'in', ids).execute();
    } else if (op === 'reset') {
      await tx.deleteFrom('template_permissions').where('template_id', '=', t.id).execute();
    }
  });
  await deps.events.record(caller, {
    type: iso ? 'ISO.UPDATE' : 'TEMPLATE.UPDATE', description: `Updated permissions of ${kind.toLowerCase()} ${t.name}${op ? ` (${op}${names.length ? ` ${names.join(',')}` : ''})` : ''}`,
    resourceType: iso ? 'Iso' : 'Template', resourceId: t.uuid, resourceName: t.name,
  });
}

export interface PermissionsView {
  readonly uuid: string;
  readonly isPublic: boolean;
  readonly domainUuid: string;
  readonly accounts: readonly string[];
  readonly projectUuids: readonly string[];
}

/** listTemplatePermissions: the accounts it is shared with (and, when private, its owner). */
export async function listPermissions(deps: TemplateDeps, caller: Caller, idOrUuid: string, iso: boolean): Promise<PermissionsView> {
  const { db } = deps;
  const t = await findTemplate(db, idOrUuid, iso).catch(() => {
    throw invalidParam(`Please provide a valid ${iso ? 'ISO' : 'Template'}`);
  });
  if (t.is_public !== 1) await checkSee(db, deps.settings, caller, t);
  const rows = await db.selectFrom('template_permissions as lp').innerJoin('accounts as a', 'a.id', 'lp.account_id')
    .leftJoin('projects as p', 'p.project_account_id', 'a.id').select(['a.name', 'a.type', 'p.uuid as projectUuid'])
    .where('lp.template_id', '=', t.id).orderBy('a.id').execute();
  const accounts = rows.filter((r) => r.type !== PROJECT_ACCOUNT_TYPE).map((r) => r.name);
  if (t.is_public !== 1 && t.accountType !== PROJECT_ACCOUNT_TYPE) accounts.push(t.accountName);
  return {
    uuid: t.uuid, isPublic: t.is_public === 1, domainUuid: t.domainUuid, accounts,
    projectUuids: rows.map((r) => r.projectUuid).filter((x): x is string => x !== null),
  };
}
