import type { CommandDecl } from '../../../api/types.js';
import type { Caller } from '../../../core/caller.js';
import type { Page } from '../../../services/query.js';
import type { Services } from '../../../services/index.js';
import type { Args } from './args.js';

export type Obj = Record<string, unknown>;

/** What a handler answers; the renderer adds CloudStack's wrappers. */
export type Reply =
  | { readonly kind: 'object'; readonly data: Obj }
  | { readonly kind: 'list'; readonly count: number; readonly items: readonly Obj[] }
  | { readonly kind: 'success'; readonly displaytext?: string }
  | { readonly kind: 'flat'; readonly data: Obj }
  | { readonly kind: 'job'; readonly jobId: string; readonly id?: string };

export interface HandlerCtx {
  readonly caller: Caller;
  readonly services: Services;
  readonly decl: CommandDecl;
  readonly args: Args;
  readonly page: Page;
}

export type Handler = (ctx: HandlerCtx) => Promise<Reply>;
export type HandlerMap = Readonly<Record<string, Handler>>;

export const list = (r: { count: number; items: readonly Obj[] }): Reply => ({ kind: 'list', count: r.count, items: r.items });
export const object = (data: Obj): Reply => ({ kind: 'object', data });
export const job = (jobId: string, id?: string): Reply => ({ kind: 'job', jobId, ...(id ? { id } : {}) });
