import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

function tableName(n: OperationNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.kind === 'TableNode') return (n as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  if (n.kind === 'AliasNode') return tableName((n as unknown as { node: OperationNode }).node);
  return undefined;
}

function writtenTables(node: RootOperationNode): string[] {
  switch (node.kind) {
    case 'InsertQueryNode':
      return [tableName(node.into)].filter((t): t is string => t !== undefined);
    case 'UpdateQueryNode':
      return [tableName(node.table)].filter((t): t is string => t !== undefined);
    case 'DeleteQueryNode':
      return node.from.froms.map(tableName).filter((t): t is string => t !== undefined);
    default:
      return [];
  }
}

/**
 * Counts writes per table as they pass through Kysely, so in-process caches (API keys →
 * callers, role rules) can tell cheaply whether what they hold may be stale. Bumped before
 * and after each write, so a reader racing the write never caches old data as current.
 */
export class WriteObserver implements KyselyPlugin {
  private readonly versions = new Map<string, number>();
  private readonly pending = new WeakMap<object, string[]>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const tables = writtenTables(args.node);
    if (tables.length) {
      for (const t of tables) this.versions.set(t, (this.versions.get(t) ?? 0) + 1);
      this.pending.set(args.queryId, tables);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const tables = this.pending.get(args.queryId);
    if (tables) for (const t of tables) this.versions.set(t, (this.versions.get(t) ?? 0) + 1);
    return args.result;
  }

  /** A number that changes whenever any of `tables` is written. */
  version(tables: readonly string[]): number {
    let v = 0;
    for (const t of tables) v += this.versions.get(t) ?? 0;
    return v;
  }
}
