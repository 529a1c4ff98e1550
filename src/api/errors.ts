// The error catalogue: every domain error kind and how each dialect spells it on the wire.

export type ErrorKind =
  | 'InvalidParameter'
  | 'NotFound'
  | 'PermissionDenied'
  | 'Unauthorized'
  | 'UnsupportedAction'
  | 'InvalidState'
  | 'ResourceLimitExceeded'
  | 'InsufficientCapacity'
  | 'ResourceUnavailable'
  | 'ResourceInUse'
  | 'NetworkRuleConflict'
  | 'Internal';

/** CloudStack `errorcode` (also the HTTP status) and `cserrorcode` per kind. */
export const cloudstackErrors: Record<ErrorKind, { errorcode: number; cserrorcode: number }> = {
  InvalidParameter: { errorcode: 431, cserrorcode: 4350 },
  NotFound: { errorcode: 431, cserrorcode: 4350 },
  PermissionDenied: { errorcode: 531, cserrorcode: 4365 },
  Unauthorized: { errorcode: 401, cserrorcode: 9999 },
  UnsupportedAction: { errorcode: 432, cserrorcode: 9999 },
  InvalidState: { errorcode: 431, cserrorcode: 4350 },
  ResourceLimitExceeded: { errorcode: 535, cserrorcode: 4370 },
  InsufficientCapacity: { errorcode: 533, cserrorcode: 4325 },
  ResourceUnavailable: { errorcode: 534, cserrorcode: 4380 },
  ResourceInUse: { errorcode: 536, cserrorcode: 4375 },
  NetworkRuleConflict: { errorcode: 537, cserrorcode: 4360 },
  Internal: { errorcode: 530, cserrorcode: 4250 },
};
