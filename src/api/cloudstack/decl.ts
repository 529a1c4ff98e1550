import type { FieldDecl, ParamDecl, ParamType } from '../types.js';

type ParamExtra = Pick<ParamDecl, 'collectionType' | 'length' | 'since' | 'adminOnly'>;

/** A parameter declaration, written compactly. */
export function p(name: string, type: ParamType, required: boolean, description: string, extra: ParamExtra = {}): ParamDecl {
  return { name, type, required, description, ...extra };
}

/** A response field declaration. */
export function f(name: string, type: string, description: string): FieldDecl {
  return { name, type, description };
}
