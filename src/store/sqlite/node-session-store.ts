import type { StatementSync } from "node:sqlite";
import type { Clock } from "../../core/clock.ts";
import type { NodeSessionStore } from "../types.ts";
import type { SqliteDatabase } from "./database.ts";

export interface SqliteNodeSessionStoreDeps {
  db: SqliteDatabase;
  clock: Clock;
}

interface Statements {
  select: StatementSync;
  selectAll: StatementSync;
  upsert: StatementSync;
}

/** Lavalink session ids per node id, in SQLite. */
export class SqliteNodeSessionStore implements NodeSessionStore {
  private readonly deps: SqliteNodeSessionStoreDeps;
  private statements: Statements | undefined;

  constructor(deps: SqliteNodeSessionStoreDeps) {
    this.deps = deps;
    this.statements = undefined;
  }

  /** Prepares statements. Call after the database is open. */
  open(): void {
    const db = this.deps.db.connection;
    this.statements = {
      select: db.prepare("SELECT session_id FROM node_sessions WHERE node_id = ?"),
      selectAll: db.prepare("SELECT node_id, session_id FROM node_sessions ORDER BY node_id"),
      upsert: db.prepare(
        `INSERT INTO node_sessions (node_id, session_id, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (node_id) DO UPDATE SET session_id = excluded.session_id, updated_at = excluded.updated_at`,
      ),
    };
  }

  /** Drops the prepared statements; later calls throw. Call before the database closes. */
  close(): void {
    this.statements = undefined;
  }

  get(nodeId: string): string | null {
    const row = this.stmts().select.get(nodeId);
    return row ? String(row.session_id) : null;
  }

  set(nodeId: string, sessionId: string): void {
    this.deps.db.write(() => this.stmts().upsert.run(nodeId, sessionId, this.deps.clock.now()));
  }

  all(): Map<string, string> {
    const sessions = new Map<string, string>();
    for (const row of this.stmts().selectAll.iterate()) sessions.set(String(row.node_id), String(row.session_id));
    return sessions;
  }

  private stmts(): Statements {
    if (!this.statements) throw new Error("node session store is not open");
    return this.statements;
  }
}
