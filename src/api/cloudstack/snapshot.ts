import type { CommandDecl, ResponseDecl } from '../types.js';
import { f, p } from './decl.js';
import { SuccessResponse } from './common.js';

// Volume snapshots (backed up into the zone's image store) and recurring snapshot policies.
export const SnapshotResponse: ResponseDecl = {
  name: 'SnapshotResponse',
  fields: [
    f('id', 'string', "ID of the snapshot"),
    f('account', 'string', "the account associated with the snapshot"),
    f('domainid', 'string', "the domain ID of the snapshot's account"),
    f('domain', 'string', "the domain name of the snapshot's account"),
    f('domainpath', 'string', "path of the Domain the snapshot's account belongs to"),
    f('projectid', 'string', "the project id of the snapshot"),
    f('project', 'string', "the project name of the snapshot"),
    f('snapshottype', 'string', "the type of the snapshot"),
    f('volumeid', 'string', "ID of the disk volume"),
    f('volumename', 'string', "name of the disk volume"),
    f('volumetype', 'string', "type of the disk volume"),
    f('volumestate', 'string', "state of the disk volume"),
    f('created', 'date', "  the date the snapshot was created"),
    f('name', 'string', "name of the snapshot"),
    f('intervaltype', 'string', "valid types are hourly, daily, weekly, monthy, template, and none."),
    f('locationtype', 'string', "valid location types are primary and secondary."),
    f('state', 'state', "the state of the snapshot. BackedUp means that snapshot is ready to be used; Creating - the snapshot is being allocated on the primary storage; BackingUp - the snapshot is being backed up on secondary storage"),
    f('status', 'string', "the status of the template"),
    f('physicalsize', 'long', "physical size of backedup snapshot on image store"),
    f('chainsize', 'long', "chain size of snapshot including all parent snapshots. Shown only for incremental snapshots if snapshot.show.chain.size setting is set to true"),
    f('zoneid', 'string', "id of the availability zone"),
    f('zonename', 'string', "name of the availability zone"),
    f('revertable', 'boolean', "indicates whether the underlying storage supports reverting the volume to this snapshot"),
    f('ostypeid', 'string', "id of the os on volume"),
    f('osdisplayname', 'string', "display name of the os on volume"),
    f('virtualsize', 'long', "virtual size of backedup snapshot on image store"),
    f('datastoreid', 'string', "ID of the datastore for the snapshot entry"),
    f('datastorename', 'string', "name of the datastore for the snapshot entry"),
    f('datastorestate', 'string', "state of the snapshot on the datastore"),
    f('datastoretype', 'string', "type of the datastore for the snapshot entry"),
    f('downloaddetails', 'map', "download progress of a snapshot"),
    f('tags', 'list', "the list of resource tags associated"),
    f('hasannotations', 'boolean', "true if the entity/resource has annotations"),
  ],
};

export const SnapshotPolicyResponse: ResponseDecl = {
  name: 'SnapshotPolicyResponse',
  fields: [
    f('id', 'string', "the ID of the snapshot policy"),
    f('volumeid', 'string', "the ID of the disk volume"),
    f('volumename', 'string', "the name of the disk volume"),
    f('schedule', 'string', "time the snapshot is scheduled to be taken."),
    f('intervaltype', 'integer', "the interval type of the snapshot policy"),
    f('maxsnaps', 'integer', "maximum number of snapshots retained"),
    f('timezone', 'string', "the time zone of the snapshot policy"),
    f('fordisplay', 'boolean', "is this policy for display to the regular user"),
    f('zone', 'list', "The list of zones in which snapshot backup is scheduled"),
    f('storage', 'list', "The list of pools in which snapshot backup is scheduled"),
    f('tags', 'list', "the list of resource tags associated"),
    f('hasannotations', 'boolean', "true if the entity/resource has annotations"),
  ],
};


export const createSnapshot: CommandDecl = {
  name: 'createSnapshot',
  description: "Creates an instant snapshot of a volume.",
  isAsync: true,
  responseName: 'createsnapshotresponse',
  shape: 'object',
  objectName: 'snapshot',
  response: SnapshotResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.snapshot.CreateSnapshotCmd',
  params: [
    p('account', 'string', false, "The account of the snapshot. The account parameter must be used with the domainId parameter."),
    p('domainid', 'uuid', false, "The domain ID of the snapshot. If used with the account parameter, specifies a domain for the account associated with the disk volume. If account is NOT provided then snapshot will be assigned to the caller account and domain."),
    p('volumeid', 'uuid', true, "The ID of the disk volume"),
    p('policyid', 'uuid', false, "policy id of the snapshot, if this is null, then use MANUAL_POLICY."),
    p('quiescevm', 'boolean', false, "quiesce vm if true"),
    p('locationtype', 'string', false, "Currently applicable only for managed storage. Valid location types: 'primary', 'secondary'. Default = 'primary'."),
    p('name', 'string', false, "the name of the snapshot"),
    p('asyncbackup', 'boolean', false, "asynchronous backup if true"),
    p('tags', 'map', false, "Map of tags (key/value pairs)"),
    p('zoneids', 'list', false, "A comma-separated list of IDs of the zones in which the snapshot will be made available. The snapshot will always be made available in the zone in which the volume is present.", { collectionType: 'uuid', since: '4.19.0' }),
    p('storageids', 'list', false, "A comma-separated list of IDs of the storage pools in other zones in which the snapshot will be made available. The snapshot will always be made available in the zone in which the volume is present.", { collectionType: 'uuid', since: '4.21.0' }),
    p('usestoragereplication', 'boolean', false, "This parameter enables the option the snapshot to be copied to supported primary storage"),
  ],
};

export const listSnapshots: CommandDecl = {
  name: 'listSnapshots',
  description: "Lists all available snapshots for the account.",
  isAsync: false,
  responseName: 'listsnapshotsresponse',
  shape: 'list',
  objectName: 'snapshot',
  response: SnapshotResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.snapshot.ListSnapshotsCmd',
  params: [
    p('id', 'uuid', false, "lists snapshot by snapshot ID"),
    p('ids', 'list', false, "the IDs of the snapshots, mutually exclusive with id", { collectionType: 'uuid', since: '4.9' }),
    p('intervaltype', 'string', false, "valid values are HOURLY, DAILY, WEEKLY, and MONTHLY."),
    p('name', 'string', false, "lists snapshot by snapshot name"),
    p('snapshottype', 'string', false, "valid values are MANUAL or RECURRING."),
    p('volumeid', 'uuid', false, "the ID of the disk volume"),
    p('zoneid', 'uuid', false, "list snapshots by zone id"),
    p('showunique', 'boolean', false, "If set to false, list templates across zones and their storages", { since: '4.19.0' }),
    p('locationtype', 'string', false, "list snapshots by location type. Used only when showunique=false. Valid location types: 'primary', 'secondary'. Default is empty", { since: '4.19.0' }),
    p('tags', 'map', false, "List resources by tags (key/value pairs)"),
    p('projectid', 'uuid', false, "list objects by project; if projectid=-1 lists All VMs"),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
    p('imagestoreid', 'uuid', false, "ID of the image or image cache store", { since: '4.19', adminOnly: true }),
    p('storageid', 'uuid', false, "ID of the storage pool", { since: '4.19', adminOnly: true }),
  ],
};

export const deleteSnapshot: CommandDecl = {
  name: 'deleteSnapshot',
  description: "Deletes a snapshot of a disk volume.",
  isAsync: true,
  responseName: 'deletesnapshotresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.snapshot.DeleteSnapshotCmd',
  params: [
    p('id', 'uuid', true, "The ID of the snapshot"),
    p('zoneid', 'uuid', false, "The ID of the zone for the snapshot", { since: '4.19.0' }),
  ],
};

export const revertSnapshot: CommandDecl = {
  name: 'revertSnapshot',
  description: "This is supposed to revert a volume snapshot. This command is only supported with KVM so far",
  isAsync: true,
  responseName: 'revertsnapshotresponse',
  shape: 'object',
  objectName: 'snapshot',
  response: SnapshotResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.snapshot.RevertSnapshotCmd',
  params: [
    p('id', 'uuid', true, "The ID of the snapshot"),
  ],
};

export const createSnapshotPolicy: CommandDecl = {
  name: 'createSnapshotPolicy',
  description: "Creates a snapshot policy for the account.",
  isAsync: false,
  responseName: 'createsnapshotpolicyresponse',
  shape: 'object',
  objectName: 'snapshotpolicy',
  response: SnapshotPolicyResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.snapshot.CreateSnapshotPolicyCmd',
  params: [
    p('intervaltype', 'string', true, "valid values are HOURLY, DAILY, WEEKLY, and MONTHLY"),
    p('maxsnaps', 'integer', true, "maximum number of snapshots to retain"),
    p('schedule', 'string', true, "time the snapshot is scheduled to be taken. Format is:* if HOURLY, MM* if DAILY, MM:HH* if WEEKLY, MM:HH:DD (1-7)* if MONTHLY, MM:HH:DD (1-28)"),
    p('timezone', 'string', true, "Specifies a timezone for this command. For more information on the timezone parameter, see Time Zone Format."),
    p('volumeid', 'uuid', true, "the ID of the disk volume"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the policy to the end user or not", { since: '4.4' }),
    p('tags', 'map', false, "Map of tags (key/value pairs)"),
    p('zoneids', 'list', false, "A list of IDs of the zones in which the snapshots will be made available.The snapshots will always be made available in the zone in which the volume is present.", { collectionType: 'uuid' }),
    p('storageids', 'list', false, "A comma-separated list of IDs of the storage pools in other zones in which the snapshot will be made available. The snapshot will always be made available in the zone in which the volume is present.", { collectionType: 'uuid', since: '4.21.0' }),
    p('usestoragereplication', 'boolean', false, "This parameter enables the option the snapshot to be copied to supported primary storage", { since: '4.21.0' }),
  ],
};

export const listSnapshotPolicies: CommandDecl = {
  name: 'listSnapshotPolicies',
  description: "Lists snapshot policies.",
  isAsync: false,
  responseName: 'listsnapshotpoliciesresponse',
  shape: 'list',
  objectName: 'snapshotpolicy',
  response: SnapshotPolicyResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.snapshot.ListSnapshotPoliciesCmd',
  params: [
    p('volumeid', 'uuid', false, "the ID of the disk volume"),
    p('id', 'uuid', false, "the ID of the snapshot policy"),
    p('fordisplay', 'boolean', false, "list resources by display flag; only ROOT admin is eligible to pass this parameter", { since: '4.4' }),
    p('projectid', 'uuid', false, "list objects by project; if projectid=-1 lists All VMs"),
    p('account', 'string', false, "list resources by account. Must be used with the domainId parameter."),
    p('listall', 'boolean', false, "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false. Resources dedicated to a project are listed only if using the projectid parameter."),
    p('domainid', 'uuid', false, "list only resources belonging to the domain specified"),
    p('isrecursive', 'boolean', false, "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves."),
    p('keyword', 'string', false, "List by keyword"),
    p('page', 'integer', false, ""),
    p('pagesize', 'integer', false, ""),
  ],
};

export const updateSnapshotPolicy: CommandDecl = {
  name: 'updateSnapshotPolicy',
  description: "Updates the snapshot policy.",
  isAsync: true,
  responseName: 'updatesnapshotpolicyresponse',
  shape: 'object',
  objectName: 'snapshotpolicy',
  response: SnapshotPolicyResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.snapshot.UpdateSnapshotPolicyCmd',
  params: [
    p('id', 'uuid', false, "the ID of the snapshot policy"),
    p('fordisplay', 'boolean', false, "an optional field, whether to the display the snapshot policy to the end user or not.", { since: '4.4' }),
    p('customid', 'string', false, "an optional field, in case you want to set a custom id to the resource. Allowed to Root Admins only", { since: '4.4' }),
  ],
};

export const deleteSnapshotPolicies: CommandDecl = {
  name: 'deleteSnapshotPolicies',
  description: "Deletes snapshot policies for the account.",
  isAsync: false,
  responseName: 'deletesnapshotpoliciesresponse',
  shape: 'success',
  response: SuccessResponse,
  authorized: [],
  javaClass: 'org.apache.cloudstack.api.command.user.snapshot.DeleteSnapshotPoliciesCmd',
  params: [
    p('id', 'uuid', false, "the Id of the snapshot policy"),
    p('ids', 'list', false, "list of snapshots policy IDs separated by comma", { collectionType: 'uuid' }),
  ],
};

