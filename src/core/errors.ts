import type { ErrorKind } from '../api/errors.js';

/** A typed domain error: services throw these, each frontend translates them once. */
export class DomainError extends Error {
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
    this.name = kind;
  }
}

export const invalidParam = (msg: string) => new DomainError('InvalidParameter', msg);
export const notFound = (msg: string) => new DomainError('NotFound', msg);
export const permissionDenied = (msg: string) => new DomainError('PermissionDenied', msg);
export const invalidState = (msg: string) => new DomainError('InvalidState', msg);
export const resourceInUse = (msg: string) => new DomainError('ResourceInUse', msg);
export const internalError = (msg: string) => new DomainError('Internal', msg);
