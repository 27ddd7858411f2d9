import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteDatabase } from "../../../src/store/sqlite/database.ts";
import { SqliteNodeSessionStore } from "../../../src/store/sqlite/node-session-store.ts";
import { SqliteQueueStore } from "../../../src/store/sqlite/queue-store.ts";
import type { PersistedPlayer } from "../../../src/store/types.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";
import { recordingLogger, tempDirs, track, tracks } from "./helpers.ts";

const dirs = tempDirs();
const dbs: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  dirs.cleanup();
});

const G1 = "100000000000000001";
const G2 = "100000000000000002";

function setup(file = path.join(dirs.make(), "encore.db")) {
  const clock = new FakeClock();
  const { logger, lines } = recordingLogger("warn");
  const db = new SqliteDatabase({ path: file, logger });
  const queues = new SqliteQueueStore({ db, clock, logger });
  const sessions = new SqliteNodeSessionStore({ db, clock });
  db.open();
  queues.open();
  sessions.open();
  dbs.push(db);
  return { clock, db, queues, sessions, lines, file };
}

function player(guildId: string, overrides: Partial<PersistedPlayer> = {}): PersistedPlayer {
  return {
    guildId,
    voiceChannelId: "400000000000000001",
    textChannelId: "400000000000000002",
    nodeId: "main",
    nodeSessionId: "sess-1",
    current: track(0, { requester: { id: "1", username: "amy" }, isSeekable: true, artworkUrl: "https://i/x.jpg" }),
    positionMs: 61_234,
    positionAt: 1_700_000_000_500,
    paused: false,
    volume: 85,
    filters: { timescale: { speed: 1.25, pitch: 1, rate: 1 }, equalizer: [{ band: 0, gain: 0.2 }], volume: 0.9 },
    loop: "queue",
    autoplay: true,
    upcoming: tracks(100, 1),
    previous: tracks(3, 200),
    updatedAt: 1_700_000_000_600,
    ...overrides,
  };
}

describe("SqliteQueueStore", () => {
  it("round-trips a player, filters JSON and a 100-track queue included", () => {
    const { queues } = setup();
    const p = player(G1);
    queues.save(p);
    expect(queues.load(G1)).toEqual(p);
    expect(queues.load(G2)).toBeNull();
  });

  it("round-trips nulls, an empty queue and every loop mode", () => {
    const { queues } = setup();
    for (const loop of ["off", "track", "queue"] as const) {
      const p = player(G1, {
        textChannelId: null,
        nodeId: null,
        nodeSessionId: null,
        current: null,
        paused: true,
        autoplay: false,
        loop,
        filters: {},
        upcoming: [],
        previous: [],
      });
      queues.save(p);
      expect(queues.load(G1)).toEqual(p);
    }
  });

  it("stores undefined filters as null", () => {
    const { queues } = setup();
    queues.save(player(G1, { filters: undefined }));
    expect(queues.load(G1)?.filters).toBeNull();
  });

  it("replaces the whole player on save", () => {
    const { queues } = setup();
    queues.save(player(G1));
    queues.save(player(G1, { upcoming: tracks(2, 500), volume: 40 }));
    const loaded = queues.load(G1);
    expect(loaded?.upcoming.map((t) => t.title)).toEqual(["Track 500", "Track 501"]);
    expect(loaded?.volume).toBe(40);
  });

  it("updates only the position, pause state and time on savePosition", () => {
    const { queues, clock, db } = setup();
    const p = player(G1);
    queues.save(p);
    const before = db.connection.prepare("SELECT upcoming FROM player_queues").get()?.upcoming;
    // A position update must not rewrite the queue row.
    db.connection.exec(
      "CREATE TEMP TRIGGER no_queue_write BEFORE UPDATE ON player_queues BEGIN SELECT RAISE(ABORT, 'queue rewritten'); END",
    );
    clock.advance(10_000);
    queues.savePosition(G1, 71_234.4, clock.now() - 5, true);
    expect(queues.load(G1)).toEqual({
      ...p,
      positionMs: 71_234,
      positionAt: clock.now() - 5,
      paused: true,
      updatedAt: clock.now(),
    });
    expect(db.connection.prepare("SELECT upcoming FROM player_queues").get()?.upcoming).toBe(before);
  });

  it("ignores savePosition for a guild without a saved player", () => {
    const { queues } = setup();
    queues.savePosition(G2, 1000, 1, false);
    expect(queues.load(G2)).toBeNull();
    expect(queues.all()).toEqual([]);
  });

  it("lists all players, skipping (and logging) a row it cannot read", () => {
    const { queues, db, lines } = setup();
    queues.save(player(G1));
    queues.save(player(G2));
    expect(queues.all().map((p) => p.guildId)).toEqual([G1, G2]);
    db.connection.prepare('UPDATE player_queues SET upcoming = \'{"not":"a list"}\' WHERE guild_id = ?').run(G2);
    expect(queues.all().map((p) => p.guildId)).toEqual([G1]);
    expect(queues.load(G2)).toBeNull();
    expect(lines.some((l) => l.msg === "skipping an unreadable persisted player" && l.guildId === G2)).toBe(true);
  });

  it("deletes a player with its queue", () => {
    const { queues, db } = setup();
    queues.save(player(G1));
    queues.save(player(G2));
    queues.delete(G1);
    queues.delete(G1);
    expect(queues.load(G1)).toBeNull();
    expect(
      db.connection
        .prepare("SELECT guild_id FROM player_queues")
        .all()
        .map((r) => r.guild_id),
    ).toEqual([G2]);
  });

  it("keeps the queue row when the state is saved again", () => {
    const { queues, db } = setup();
    queues.save(player(G1));
    queues.save(player(G1, { paused: true }));
    expect(db.connection.prepare("SELECT count(*) AS n FROM player_queues").get()?.n).toBe(1);
    expect(queues.load(G1)?.upcoming).toHaveLength(100);
  });

  it("keeps players across close and reopen", () => {
    const first = setup();
    first.queues.save(player(G1));
    first.queues.close();
    first.db.close();
    expect(() => first.queues.load(G1)).toThrow("queue store is not open");
    const second = setup(first.file);
    expect(second.queues.load(G1)).toEqual(player(G1));
  });
});

describe("SqliteNodeSessionStore", () => {
  it("gets, sets, overwrites and lists session ids", () => {
    const { sessions } = setup();
    expect(sessions.get("main")).toBeNull();
    expect(sessions.all()).toEqual(new Map());
    sessions.set("main", "abc");
    sessions.set("backup", "def");
    sessions.set("main", "xyz");
    expect(sessions.get("main")).toBe("xyz");
    expect(sessions.all()).toEqual(
      new Map([
        ["backup", "def"],
        ["main", "xyz"],
      ]),
    );
  });

  it("keeps sessions across close and reopen", () => {
    const first = setup();
    first.sessions.set("main", "abc");
    first.db.close();
    const second = setup(first.file);
    expect(second.sessions.get("main")).toBe("abc");
  });
});

describe("write health", () => {
  it("marks the database unwritable when a write fails at the storage level, until a write works again", () => {
    const { db, queues, sessions } = setup();
    queues.save(player(G1));
    expect(db.lastWriteFailure).toBeNull();
    // SQLite refuses every write on this connection from now on, as for a file that became read-only.
    db.connection.exec("PRAGMA query_only = ON");
    expect(() => queues.save(player(G2))).toThrow(/readonly/);
    expect(db.lastWriteFailure).toMatch(/attempt to write a readonly database/);
    expect(() => queues.savePosition(G1, 1000, 0, false)).toThrow();
    expect(() => sessions.set("main", "s1")).toThrow();
    expect(db.lastWriteFailure).not.toBeNull();
    db.connection.exec("PRAGMA query_only = OFF");
    queues.savePosition(G1, 2000, 0, false);
    expect(db.lastWriteFailure).toBeNull();
  });
});
