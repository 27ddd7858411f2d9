import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Logger } from "../../core/logger.ts";
import { StoreError } from "../errors.ts";
import { latestSchemaVersion, MIGRATIONS, type Migration } from "./migrations.ts";

export interface SqliteDatabaseOptions {
  /** Database file, or ":memory:". Its directory is created when missing. */
  path: string;
  logger: Logger;
  /** How long a statement waits for another connection's lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * Files up to this size get the full `integrity_check` at open; larger ones the faster `quick_check`.
   * Default 64 MiB.
   */
  fullCheckMaxBytes?: number;
  /** Defaults to Encore's schema. */
  migrations?: readonly Migration[];
}

/** SQLite result codes (primary, without extended bits) that mean the file is not a usable database. */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

const KEEP_FILE = "Restore it from a backup or move it away; Encore will not overwrite it.";

/**
 * One connection to Encore's SQLite file. `open()` refuses, with a {@link StoreError}, a file that is not a database,
 * is corrupt, or was written by a newer schema, and does so before anything is written to it: the checks only read,
 * and WAL mode (whose switch writes the header) is set after them.
 */
export class SqliteDatabase {
  readonly path: string;
  private readonly logger: Logger;
  private readonly busyTimeoutMs: number;
  private readonly fullCheckMaxBytes: number;
  private readonly migrations: readonly Migration[];
  private db: DatabaseSync | undefined;
  private writeFailure: string | null = null;

  constructor(opts: SqliteDatabaseOptions) {
    this.path = opts.path;
    this.logger = opts.logger;
    this.busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
    this.fullCheckMaxBytes = opts.fullCheckMaxBytes ?? 64 * 1024 * 1024;
    this.migrations = [...(opts.migrations ?? MIGRATIONS)].sort((a, b) => a.version - b.version);
    this.db = undefined;
  }

  /**
   * Opens the file (creating it and its directory when missing), checks it, configures the connection and applies
   * pending migrations.
   * @throws StoreError when the file cannot be used; the file is left as it was
   */
  open(): void {
    if (this.db) throw new Error("database is already open");
    assertConsecutive(this.migrations);
    const db = this.connect();
    try {
      this.checkIntegrity(db);
      const version = this.readVersion(db);
      this.configure(db);
      this.migrate(db, version);
      this.probeWrite(db);
    } catch (err) {
      db.close();
      throw err;
    }
    this.db = db;
  }

  /** Closes the connection (checkpointing the WAL). Safe to call twice. */
  close(): void {
    const db = this.db;
    if (!db) return;
    this.db = undefined;
    try {
      db.exec("PRAGMA optimize");
    } catch (err) {
      this.logger.warn({ err }, "database optimize before close failed");
    }
    db.close();
  }

  get isOpen(): boolean {
    return this.db !== undefined;
  }

  /** The open connection. @throws Error before `open()` or after `close()` */
  get connection(): DatabaseSync {
    if (!this.db) throw new Error("database is not open");
    return this.db;
  }

  /** Runs `fn` in a write transaction; rolls back and rethrows when it throws. Not reentrant. */
  transaction<T>(fn: () => T): T {
    return this.write(() => {
      const db = this.connection;
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = fn();
        db.exec("COMMIT");
        return result;
      } catch (err) {
        if (db.isTransaction) db.exec("ROLLBACK");
        throw err;
      }
    });
  }

  /**
   * Runs a write and keeps track of whether writes work: a failure that is the disk's or the file's (read-only,
   * I/O error, disk full, file gone) marks the database unwritable until a later write succeeds. Rethrows.
   */
  write<T>(fn: () => T): T {
    try {
      const result = fn();
      if (this.writeFailure) {
        this.writeFailure = null;
        this.logger.info({ path: this.path }, "database writes work again");
      }
      return result;
    } catch (err) {
      if (isStorageFailure(err)) {
        if (!this.writeFailure)
          this.logger.error({ path: this.path, err }, "database write failed; reporting not ready");
        this.writeFailure = describe(err);
      }
      throw err;
    }
  }

  /** Why the last write failed at the storage level; null while writes work. */
  get lastWriteFailure(): string | null {
    return this.writeFailure;
  }

  /** `PRAGMA user_version`: the last migration applied. */
  schemaVersion(): number {
    return readUserVersion(this.connection);
  }

  private get inMemory(): boolean {
    return this.path === ":memory:" || this.path === "";
  }

  private connect(): DatabaseSync {
    if (!this.inMemory) {
      const dir = dirname(this.path);
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        throw new StoreError(
          "io",
          dir,
          `Cannot create the database directory ${dir} (${describe(err)}). ` +
            "Check DATABASE_PATH and the permissions of its parent directory.",
          { cause: err },
        );
      }
      if (isDirectory(this.path)) {
        throw new StoreError(
          "io",
          this.path,
          `Database path ${this.path} is a directory; DATABASE_PATH must name a file.`,
        );
      }
    }
    try {
      return new DatabaseSync(this.path, { timeout: this.busyTimeoutMs, enableForeignKeyConstraints: true });
    } catch (err) {
      throw new StoreError(
        "io",
        this.path,
        `Cannot open database file ${this.path} (${describe(err)}). ` +
          "Check DATABASE_PATH and that Encore can read and write the file and its directory.",
        { cause: err },
      );
    }
  }

  /** Reads the header and the schema, then runs SQLite's consistency check. Writes nothing. */
  private checkIntegrity(db: DatabaseSync): void {
    let problems: string[];
    try {
      db.prepare("SELECT count(*) FROM sqlite_schema").get();
      const pages = Number(db.prepare("PRAGMA page_count").get()?.page_count ?? 0);
      const pageSize = Number(db.prepare("PRAGMA page_size").get()?.page_size ?? 0);
      const check = pages * pageSize <= this.fullCheckMaxBytes ? "integrity_check" : "quick_check";
      problems = db
        .prepare(`PRAGMA ${check}(5)`)
        .all()
        .map((row) => String(Object.values(row)[0]));
    } catch (err) {
      if (isCorruption(err)) {
        throw new StoreError(
          "corrupt",
          this.path,
          `Database file ${this.path} is not a valid SQLite database (${describe(err)}). ${KEEP_FILE}`,
          { cause: err },
        );
      }
      throw this.readFailure(err);
    }
    if (problems.length !== 1 || problems[0] !== "ok") {
      const summary = problems
        .flatMap((p) => p.split("\n"))
        .filter((line) => line.trim() !== "" && !line.startsWith("***"))
        .slice(0, 3)
        .join("; ");
      throw new StoreError(
        "corrupt",
        this.path,
        `Database file ${this.path} is corrupt (integrity check: ${summary}). ${KEEP_FILE}`,
      );
    }
  }

  private readVersion(db: DatabaseSync): number {
    let version: number;
    try {
      version = readUserVersion(db);
    } catch (err) {
      throw this.readFailure(err);
    }
    const latest = latestSchemaVersion(this.migrations);
    if (version > latest) {
      throw new StoreError(
        "newer-schema",
        this.path,
        `Database file ${this.path} was created by a newer Encore (schema ${version}, this build knows ${latest}). ` +
          "Run that newer Encore, or restore a backup made with this one; Encore will not modify the file.",
      );
    }
    return version;
  }

  private configure(db: DatabaseSync): void {
    try {
      const mode = String(db.prepare("PRAGMA journal_mode = WAL").get()?.journal_mode ?? "");
      if (mode !== "wal" && !this.inMemory) {
        this.logger.warn({ path: this.path, journalMode: mode }, "database could not switch to WAL mode");
      }
      db.exec("PRAGMA synchronous = NORMAL");
      db.exec("PRAGMA foreign_keys = ON");
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(this.busyTimeoutMs))}`);
    } catch (err) {
      if (isReadOnly(err)) throw this.notWritable(err);
      throw new StoreError(
        "io",
        this.path,
        `Cannot configure database file ${this.path} (${describe(err)}). ` +
          "Check that Encore can write the file and its directory.",
        { cause: err },
      );
    }
  }

  private migrate(db: DatabaseSync, from: number): void {
    for (const m of this.migrations) {
      if (m.version <= from) continue;
      try {
        db.exec("BEGIN IMMEDIATE");
        db.exec(m.up);
        db.exec(`PRAGMA user_version = ${m.version}`);
        db.exec("COMMIT");
      } catch (err) {
        if (db.isTransaction) db.exec("ROLLBACK");
        throw new StoreError(
          "migration",
          this.path,
          `Cannot upgrade database file ${this.path} to schema ${m.version} (${m.name}): ${describe(err)}. ` +
            `The change was rolled back; the file stays at schema ${readUserVersion(db)}.`,
          { cause: err },
        );
      }
      this.logger.info({ path: this.path, version: m.version, migration: m.name }, "database migration applied");
    }
  }

  /**
   * Proves the file can be written before Encore takes any command: SQLite opens a file it may not write read-only
   * without complaint, and every later write would be lost. A transaction that is rolled back leaves no trace.
   */
  private probeWrite(db: DatabaseSync): void {
    if (this.inMemory) return;
    try {
      db.exec("BEGIN IMMEDIATE");
      db.exec("CREATE TABLE encore_write_probe (x); DROP TABLE encore_write_probe;");
    } catch (err) {
      throw this.notWritable(err);
    } finally {
      if (db.isTransaction) db.exec("ROLLBACK");
    }
  }

  private notWritable(err: unknown): StoreError {
    return new StoreError(
      "read-only",
      this.path,
      `Database file ${this.path} or its folder is not writable (${describe(err)}). ` +
        "Give the user Encore runs as write access to both (in Docker, mount a volume at /data).",
      { cause: err },
    );
  }

  private readFailure(err: unknown): StoreError {
    if (isReadOnly(err)) return this.notWritable(err);
    return new StoreError(
      "io",
      this.path,
      `Cannot read database file ${this.path} (${describe(err)}). ` +
        "Check that Encore can read and write the file and its directory.",
      { cause: err },
    );
  }
}

function readUserVersion(db: DatabaseSync): number {
  return Number(db.prepare("PRAGMA user_version").get()?.user_version ?? 0);
}

function assertConsecutive(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
  });
}

function isCorruption(err: unknown): boolean {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  if (typeof code !== "number") return false;
  const primary = code & 0xff;
  return primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB;
}

const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;

function isReadOnly(err: unknown): boolean {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === "number" && (code & 0xff) === SQLITE_READONLY;
}

/** A write failed because of the file or the disk, not because of the statement or its data. */
function isStorageFailure(err: unknown): boolean {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  if (typeof code !== "number") return false;
  const primary = code & 0xff;
  return [SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_CORRUPT, SQLITE_NOTADB].includes(primary);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A short, single-line reason from an fs or SQLite error, e.g. "ENOTDIR: not a directory" or "file is not a database". */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const sys = err as Error & { code?: unknown; errstr?: unknown };
  if (typeof sys.code === "string" && sys.code.startsWith("E") && !sys.code.startsWith("ERR_")) {
    const detail = sys.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
    return `${sys.code}: ${detail}`;
  }
  return err.message.split("\n")[0] ?? err.message;
}
