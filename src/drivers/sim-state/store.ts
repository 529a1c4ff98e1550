import SQLite from 'better-sqlite3';

/**
 * Durable state of simulated hosts and storage. A real host keeps its disks and running
 * guests when the management server dies, so the simulator keeps its world in its own
 * SQLite file (in the data dir) rather than in memory. With no file it lives in memory.
 */
export class SimStore {
  private readonly db: SQLite.Database;
  private readonly getStmt: SQLite.Statement<[string, string], { value: string }>;
  private readonly putStmt: SQLite.Statement<[string, string, string]>;
  private readonly delStmt: SQLite.Statement<[string, string]>;
  private readonly listStmt: SQLite.Statement<[string, string], { key: string; value: string }>;

  constructor(file?: string) {
    this.db = new SQLite(file ?? ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS sim (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key))');
    this.getStmt = this.db.prepare('SELECT value FROM sim WHERE kind = ? AND key = ?');
    this.putStmt = this.db.prepare('INSERT INTO sim (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value');
    this.delStmt = this.db.prepare('DELETE FROM sim WHERE kind = ? AND key = ?');
    this.listStmt = this.db.prepare("SELECT key, value FROM sim WHERE kind = ? AND key LIKE ? ESCAPE '\\'");
  }

  get<T>(kind: string, key: string): T | undefined {
    const r = this.getStmt.get(kind, key);
    return r ? (JSON.parse(r.value) as T) : undefined;
  }
  put(kind: string, key: string, value: unknown): void {
    this.putStmt.run(kind, key, JSON.stringify(value));
  }
  delete(kind: string, key: string): void {
    this.delStmt.run(kind, key);
  }
  /** Entries whose key starts with `prefix`. */
  list<T>(kind: string, prefix = ''): { key: string; value: T }[] {
    const like = prefix.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
    return this.listStmt.all(kind, like).map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
  }
  close(): void {
    this.db.close();
  }
}
