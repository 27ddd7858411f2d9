import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/store/errors.ts";
import { SqliteDatabase } from "../../../src/store/sqlite/database.ts";
import { latestSchemaVersion, MIGRATIONS, type Migration } from "../../../src/store/sqlite/migrations.ts";
import { recordingLogger, sidecars, silentLogger, tempDirs } from "./helpers.ts";

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

function openDb(file: string, migrations?: readonly Migration[], fullCheckMaxBytes?: number): SqliteDatabase {
  const db = new SqliteDatabase({
    path: file,
    logger: silentLogger(),
    ...(migrations ? { migrations } : {}),
    ...(fullCheckMaxBytes === undefined ? {} : { fullCheckMaxBytes }),
  });
  db.open();
  return db;
}

function tableNames(db: SqliteDatabase): string[] {
  return db.connection
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => String(r.name));
}

function expectStoreError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error("expected a StoreError");
}

describe("SqliteDatabase", () => {
  it("runs on Node 24 (node:sqlite is not available on the system Node 20)", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(24);
  });

  it("applies every migration to a fresh file and configures the connection", () => {
    const file = path.join(dirs.make(), "encore.db");
    const db = openDb(file);
    expect(db.schemaVersion()).toBe(latestSchemaVersion());
    expect(latestSchemaVersion()).toBe(MIGRATIONS.length);
    expect(tableNames(db)).toEqual([
      "guild_settings",
      "node_sessions",
      "player_queues",
      "player_states",
      "playlist_tracks",
      "playlists",
    ]);
    const pragma = (name: string) => Object.values(db.connection.prepare(`PRAGMA ${name}`).get() ?? {})[0];
    expect(pragma("journal_mode")).toBe("wal");
    expect(pragma("synchronous")).toBe(1); // NORMAL
    expect(pragma("foreign_keys")).toBe(1);
    expect(pragma("busy_timeout")).toBe(5000);
    db.close();
  });

  it("is idempotent on reopen: no migration runs twice and data stays", () => {
    const file = path.join(dirs.make(), "encore.db");
    const first = recordingLogger();
    const db1 = new SqliteDatabase({ path: file, logger: first.logger });
    db1.open();
    db1.connection.prepare("INSERT INTO node_sessions VALUES ('main', 'abc', 1)").run();
    db1.close();
    expect(first.lines.filter((l) => l.msg === "database migration applied")).toHaveLength(MIGRATIONS.length);

    const second = recordingLogger();
    const db2 = new SqliteDatabase({ path: file, logger: second.logger });
    db2.open();
    expect(second.lines.filter((l) => l.msg === "database migration applied")).toHaveLength(0);
    expect(db2.schemaVersion()).toBe(latestSchemaVersion());
    expect(db2.connection.prepare("SELECT session_id FROM node_sessions").get()?.session_id).toBe("abc");
    db2.close();
  });

  it("applies only the migrations newer than the file", () => {
    const file = path.join(dirs.make(), "encore.db");
    openDb(file).close();
    const next: Migration = { version: 2, name: "extra", up: "CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT;" };
    const db = openDb(file, [...MIGRATIONS, next]);
    expect(db.schemaVersion()).toBe(2);
    expect(tableNames(db)).toContain("extra");
    db.close();
  });

  it("rolls a failing migration back and stops with a StoreError", () => {
    const file = path.join(dirs.make(), "encore.db");
    openDb(file).close();
    const broken: Migration = {
      version: 2,
      name: "broken",
      up: "CREATE TABLE half_done (id INTEGER) STRICT; CREATE TABLE oops (x NOSUCHTYPE) STRICT;",
    };
    const err = expectStoreError(() => openDb(file, [...MIGRATIONS, broken]));
    expect(err.reason).toBe("migration");
    expect(err.message).toContain("to schema 2 (broken)");
    expect(err.message).toContain("stays at schema 1");
    const db = openDb(file);
    expect(db.schemaVersion()).toBe(1);
    expect(tableNames(db)).not.toContain("half_done");
    db.close();
  });

  it("creates missing parent directories", () => {
    const file = path.join(dirs.make(), "a", "b", "c", "encore.db");
    openDb(file).close();
    expect(fs.statSync(file).isFile()).toBe(true);
  });

  it.each([
    ["random bytes", () => randomBytes(16 * 1024)],
    ["a text file", () => Buffer.from("DATABASE_PATH=./data/encore.db\nthis is not sqlite\n".repeat(50))],
  ])("refuses %s as corrupt and leaves the file exactly as it was", (_label, content) => {
    const file = path.join(dirs.make(), "encore.db");
    const bytes = content();
    fs.writeFileSync(file, bytes);
    const err = expectStoreError(() => openDb(file));
    expect(err.reason).toBe("corrupt");
    expect(err.path).toBe(file);
    expect(err.message).toBe(
      `Database file ${file} is not a valid SQLite database (file is not a database). ` +
        "Restore it from a backup or move it away; Encore will not overwrite it.",
    );
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(sidecars(file)).toEqual([]);
  });

  it.each([
    ["integrity_check", undefined],
    ["quick_check", 0],
  ])("refuses a database whose pages are damaged (%s), without touching it", (_check, fullCheckMaxBytes) => {
    const file = path.join(dirs.make(), "encore.db");
    const raw = new DatabaseSync(file);
    raw.exec("PRAGMA page_size = 4096; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);");
    const insert = raw.prepare("INSERT INTO t (v) VALUES (?)");
    raw.exec("BEGIN");
    for (let i = 0; i < 2000; i++) insert.run(`value ${i} `.repeat(5));
    raw.exec("COMMIT");
    raw.close();
    const bytes = fs.readFileSync(file);
    // Page 1 (header and schema) stays intact; page 2 onwards, the table's b-tree, is overwritten.
    randomBytes(8192).copy(bytes, 4096);
    fs.writeFileSync(file, bytes);

    const err = expectStoreError(() => openDb(file, undefined, fullCheckMaxBytes));
    expect(err.reason).toBe("corrupt");
    expect(err.message).toMatch(/^Database file .* is (corrupt|not a valid SQLite database)/);
    expect(err.message).not.toContain("\n");
    expect(err.message).toContain("Encore will not overwrite it.");
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(sidecars(file)).toEqual([]);
  });

  it("refuses a schema written by a newer Encore, without touching the file", () => {
    const file = path.join(dirs.make(), "encore.db");
    const raw = new DatabaseSync(file);
    raw.exec("CREATE TABLE future (id INTEGER); PRAGMA user_version = 999;");
    raw.close();
    const bytes = fs.readFileSync(file);

    const err = expectStoreError(() => openDb(file));
    expect(err.reason).toBe("newer-schema");
    expect(err.message).toContain(`Database file ${file} was created by a newer Encore`);
    expect(err.message).toContain(`(schema 999, this build knows ${latestSchemaVersion()})`);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(sidecars(file)).toEqual([]);
  });

  it("names the directory it cannot create", () => {
    const dir = dirs.make();
    fs.writeFileSync(path.join(dir, "blocker"), "a file where a directory should be");
    const target = path.join(dir, "blocker", "data");
    const err = expectStoreError(() => openDb(path.join(target, "encore.db")));
    expect(err.reason).toBe("io");
    expect(err.path).toBe(target);
    expect(err.message).toMatch(new RegExp(`^Cannot create the database directory ${target} \\(E[A-Z]+: .+\\)\\.`));
  });

  it("refuses a path that is a directory", () => {
    const dir = dirs.make();
    const err = expectStoreError(() => openDb(dir));
    expect(err.reason).toBe("io");
    expect(err.message).toBe(`Database path ${dir} is a directory; DATABASE_PATH must name a file.`);
  });

  it("rolls back a failed transaction and rethrows", () => {
    const db = openDb(path.join(dirs.make(), "encore.db"));
    const insert = db.connection.prepare("INSERT INTO node_sessions VALUES (?, ?, 1)");
    expect(() =>
      db.transaction(() => {
        insert.run("a", "1");
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(db.connection.isTransaction).toBe(false);
    expect(db.connection.prepare("SELECT count(*) AS n FROM node_sessions").get()?.n).toBe(0);
    expect(db.transaction(() => insert.run("b", "2").changes)).toBe(1);
    db.close();
  });

  it("can be closed twice and refuses use after close", () => {
    const db = openDb(path.join(dirs.make(), "encore.db"));
    db.close();
    db.close();
    expect(db.isOpen).toBe(false);
    expect(() => db.connection).toThrow("database is not open");
  });

  it("opens a healthy database with the quick check too", () => {
    const file = path.join(dirs.make(), "encore.db");
    openDb(file).close();
    const db = openDb(file, undefined, 0);
    expect(db.schemaVersion()).toBe(latestSchemaVersion());
    db.close();
  });

  it("opens an in-memory database", () => {
    const db = openDb(":memory:");
    expect(db.schemaVersion()).toBe(latestSchemaVersion());
    db.close();
  });
});
