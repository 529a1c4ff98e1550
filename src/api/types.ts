// The contract's vocabulary. Every CloudStack command is one CommandDecl; parsing,
// validation, role checks, listApis and the conformance test all read these.

export type ParamType =
  | 'string' | 'uuid' | 'boolean' | 'integer' | 'long' | 'short' | 'double' | 'date' | 'list' | 'map' | 'object';

export type RoleType = 'Admin' | 'ResourceAdmin' | 'DomainAdmin' | 'User';
export const ROLE_TYPES: readonly RoleType[] = ['Admin', 'ResourceAdmin', 'DomainAdmin', 'User'];

export interface ParamDecl {
  readonly name: string;
  readonly type: ParamType;
  readonly required: boolean;
  readonly description: string;
  readonly collectionType?: ParamType;
  /** Max length for string values (CloudStack's default is 255). */
  readonly length?: number;
  readonly since?: string;
  /** Present only in the root-admin ("Full") variant of the command. */
  readonly adminOnly?: boolean;
}

export interface FieldDecl {
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

export interface ResponseDecl {
  readonly name: string;
  readonly fields: readonly FieldDecl[];
}

export type ResponseShape = 'list' | 'object' | 'success' | 'flat';

export interface CommandDecl {
  readonly name: string;
  readonly description: string;
  readonly since?: string;
  readonly isAsync: boolean;
  /** Key wrapping the whole answer, e.g. `listzonesresponse`. */
  readonly responseName: string;
  readonly shape: ResponseShape;
  /** Key of the item object/array inside the answer (list and object shapes). */
  readonly objectName?: string;
  readonly response: ResponseDecl;
  /** Roles named by the command's own annotation; used when no role rule matches. */
  readonly authorized: readonly RoleType[];
  /** Served before any session, signature or role check (login, logout). */
  readonly preAuth?: boolean;
  /** CloudStack's command class: reported as `cmd` of async jobs. */
  readonly javaClass: string;
  readonly params: readonly ParamDecl[];
}
