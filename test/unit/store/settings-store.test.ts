import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CacheRegistry, type SweepableCache } from "../../../src/core/cache.ts";
import { isUserError } from "../../../src/core/errors.ts";
import { SqliteDatabase } from "../../../src/store/sqlite/database.ts";
import { SqliteSettingsStore, type SqliteSettingsStoreOptions } from "../../../src/store/sqlite/settings-store.ts";
import { DEFAULT_GUILD_SETTINGS, type GuildSettings } from "../../../src/store/types.ts";
import { FakeClock, flushPromises } from "../../helpers/fake-clock.ts";
import { silentLogger, tempDirs } from "./helpers.ts";

const dirs = tempDirs();
const opened: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close().catch(() => {});
  dirs.cleanup();
});

const G1 = "100000000000000001";
const G2 = "100000000000000002";
const G3 = "100000000000000003";
const ROLE = "200000000000000001";

function setup(opts: SqliteSettingsStoreOptions = {}, file = path.join(dirs.make(), "encore.db")) {
  const clock = new FakeClock();
  const caches = new CacheRegistry();
  const db = new SqliteDatabase({ path: file, logger: silentLogger() });
  const store = new SqliteSettingsStore(opts, { db, clock, caches, logger: silentLogger() });
  db.open();
  store.open();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await store.close();
    db.close();
  };
  opened.push(close);
  const cache = () => caches.list().find((c) => c.name === "settings") as SweepableCache;
  /** The row as stored, read past the store's cache. */
  const row = (guildId: string) => {
    const r = db.connection.prepare("SELECT data FROM guild_settings WHERE guild_id = ?").get(guildId);
    return r ? (JSON.parse(String(r.data)) as Record<string, unknown>) : undefined;
  };
  return { clock, caches, db, store, close, cache, row, file };
}

function badArgument(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isUserError(err) && err.code === "BAD_ARGUMENT") return err.message;
    throw err;
  }
  throw new Error("expected a BAD_ARGUMENT UserError");
}

describe("SqliteSettingsStore", () => {
  it("returns frozen defaults for a guild that never changed anything", () => {
    const { store } = setup();
    const s = store.get(G1);
    expect(s).toEqual(DEFAULT_GUILD_SETTINGS);
    expect(s).toEqual({
      prefix: null,
      djRoleIds: [],
      defaultVolume: null,
      twentyFourSeven: false,
      aloneLeaveSeconds: 120,
      pauseWhenAlone: false,
      queueEndLeaveSeconds: 180,
      announceNowPlaying: true,
      voteSkipRatio: 0.5,
      maxQueueLength: null,
      maxTrackMinutes: null,
      fairQueue: false,
      defaultSource: null,
      djOnly: false,
      maxTracksPerMember: null,
      noDuplicates: false,
      commandChannelIds: [],
      voiceChannelId: null,
      requestChannelId: null,
      requestMessageId: null,
      sponsorBlockCategories: [],
      language: null,
    });
    expect(Object.isFrozen(s)).toBe(true);
    expect(() => s.djRoleIds.push(ROLE)).toThrow(TypeError);
  });

  it("applies a valid patch, returns the new value and serves it to reads at once", () => {
    const { store } = setup();
    const next = store.update(G1, {
      prefix: "?",
      defaultVolume: 80,
      djRoleIds: [ROLE, ROLE],
      defaultSource: "scsearch",
    });
    expect(next).toMatchObject({ prefix: "?", defaultVolume: 80, djRoleIds: [ROLE], defaultSource: "scsearch" });
    expect(next.aloneLeaveSeconds).toBe(120);
    expect(store.get(G1)).toEqual(next);
    expect(store.get(G2)).toEqual(DEFAULT_GUILD_SETTINGS);
    expect(store.update(G1, { prefix: null }).prefix).toBeNull();
  });

  it.each<[Partial<GuildSettings>, string]>([
    [{ defaultVolume: 151 }, 'Setting "defaultVolume" must be a whole number from 0 to 150, or null for the default.'],
    [{ defaultVolume: -1 }, '"defaultVolume" must be a whole number from 0 to 150'],
    [{ defaultVolume: 50.5 }, '"defaultVolume" must be a whole number from 0 to 150'],
    [{ defaultVolume: "50" as unknown as number }, '"defaultVolume" must be a whole number'],
    [{ voteSkipRatio: 1.01 }, 'Setting "voteSkipRatio" must be a number from 0 to 1.'],
    [{ voteSkipRatio: Number.NaN }, '"voteSkipRatio" must be a number from 0 to 1'],
    [{ prefix: "" }, 'Setting "prefix" must be 1 to 10 characters without spaces, or null for the default.'],
    [{ prefix: "a b" }, '"prefix" must be 1 to 10 characters without spaces'],
    [{ prefix: "x".repeat(11) }, '"prefix" must be 1 to 10 characters'],
    [{ djRoleIds: ["not-a-role"] }, 'Setting "djRoleIds" must be a list of at most 25 role ids.'],
    [{ djRoleIds: Array.from({ length: 26 }, (_, i) => `2000000000000000${10 + i}`) }, "at most 25 role ids"],
    [{ aloneLeaveSeconds: -5 }, '"aloneLeaveSeconds" must be a whole number of seconds from 0 to 86400'],
    [{ queueEndLeaveSeconds: 86_401 }, '"queueEndLeaveSeconds" must be a whole number of seconds from 0 to 86400'],
    [{ maxQueueLength: 0 }, '"maxQueueLength" must be a whole number from 1 to 10000, or null for the default'],
    [
      { maxTrackMinutes: 0 },
      '"maxTrackMinutes" must be a whole number of minutes from 1 to 1440, or null for no limit',
    ],
    [{ twentyFourSeven: "yes" as unknown as boolean }, 'Setting "twentyFourSeven" must be true or false.'],
    [{ defaultSource: "spotify" as "ytsearch" }, '"defaultSource" must be one of ytsearch, ytmsearch, scsearch'],
    [{ volume: 5 } as unknown as Partial<GuildSettings>, 'There is no setting called "volume".'],
  ])("refuses %j with BAD_ARGUMENT", (patch, message) => {
    const { store } = setup();
    expect(badArgument(() => store.update(G1, patch))).toContain(message);
    expect(store.pending()).toBe(0);
    expect(store.get(G1)).toEqual(DEFAULT_GUILD_SETTINGS);
  });

  it("applies nothing of a patch with one bad value", () => {
    const { store } = setup();
    badArgument(() => store.update(G1, { prefix: "!", defaultVolume: 999 }));
    expect(store.get(G1).prefix).toBeNull();
  });

  it("serves repeated reads from the cache", async () => {
    const { store, cache, db } = setup();
    store.update(G1, { fairQueue: true });
    await store.flush();
    cache().sweep("hard");
    expect(store.get(G1).fairQueue).toBe(true); // a miss, read from the database
    const before = cache().stats();
    // Proof the next read does not go to the database: remove the row behind the store's back.
    db.connection.prepare("DELETE FROM guild_settings").run();
    expect(store.get(G1).fairQueue).toBe(true);
    expect(cache().stats().hits).toBe(before.hits + 1);
    expect(cache().stats().misses).toBe(before.misses);
  });

  it("caches guilds without a row as defaults too", () => {
    const { store, cache } = setup();
    store.get(G1);
    store.get(G1);
    store.get(G1);
    expect(cache().stats()).toMatchObject({ hits: 2, misses: 1 });
  });

  it("reads a pending write even after the cache was swept", () => {
    const { store, cache } = setup();
    store.update(G1, { announceNowPlaying: false });
    cache().sweep("hard");
    expect(store.get(G1).announceNowPlaying).toBe(false);
  });

  it("coalesces many updates of one guild into one row write", async () => {
    const { store, row } = setup();
    for (let v = 1; v <= 10; v++) store.update(G1, { defaultVolume: v * 10 });
    expect(store.pending()).toBe(1);
    await store.flush();
    expect(store.stats()).toEqual({ flushes: 1, rowsWritten: 1, rowsDeleted: 0 });
    expect(row(G1)?.defaultVolume).toBe(100);
  });

  it("writes several guilds in one transaction", async () => {
    const { store, row } = setup();
    store.update(G1, { prefix: "a" });
    store.update(G2, { prefix: "b" });
    store.update(G3, { prefix: "c" });
    await store.flush();
    expect(store.stats()).toEqual({ flushes: 1, rowsWritten: 3, rowsDeleted: 0 });
    expect([row(G1)?.prefix, row(G2)?.prefix, row(G3)?.prefix]).toEqual(["a", "b", "c"]);
  });

  it("persists within the flush interval, not before", async () => {
    const { store, clock, row } = setup();
    store.update(G1, { twentyFourSeven: true });
    await clock.advanceAsync(1999);
    expect(row(G1)).toBeUndefined();
    expect(store.stats().flushes).toBe(0);
    await clock.advanceAsync(1);
    expect(row(G1)?.twentyFourSeven).toBe(true);
    expect(store.stats().flushes).toBe(1);
  });

  it("honours a custom flush interval", async () => {
    const { store, clock, row } = setup({ flushIntervalMs: 500 });
    store.update(G1, { fairQueue: true });
    await clock.advanceAsync(499);
    expect(row(G1)).toBeUndefined();
    await clock.advanceAsync(1);
    expect(row(G1)?.fairQueue).toBe(true);
  });

  it("flushes early when more guilds than maxPending are waiting", async () => {
    const { store, row } = setup({ maxPending: 2 });
    store.update(G1, { fairQueue: true });
    store.update(G2, { fairQueue: true });
    expect(store.stats().flushes).toBe(0);
    store.update(G3, { fairQueue: true });
    await flushPromises();
    expect(store.stats().flushes).toBe(1);
    expect(row(G3)?.fairQueue).toBe(true);
  });

  it("flushes pending writes on close and reads them back after reopening", async () => {
    const first = setup();
    first.store.update(G1, { prefix: "$", djRoleIds: [ROLE], voteSkipRatio: 0.75 });
    await first.close();
    const second = setup({}, first.file);
    expect(second.store.get(G1)).toMatchObject({ prefix: "$", djRoleIds: [ROLE], voteSkipRatio: 0.75 });
    expect(second.store.get(G1).aloneLeaveSeconds).toBe(120);
  });

  it("unregisters its cache on close and refuses writes after it", async () => {
    const t = setup();
    await t.close();
    expect(t.caches.list()).toEqual([]);
    expect(() => t.store.update(G1, { fairQueue: true })).toThrow("settings store is not open");
  });

  it("resets one setting or all of them", async () => {
    const { store, row } = setup();
    store.update(G1, { prefix: "?", fairQueue: true });
    await store.flush();
    expect(store.reset(G1, "prefix")).toMatchObject({ prefix: null, fairQueue: true });
    await store.flush();
    expect(row(G1)).toMatchObject({ fairQueue: true });
    expect(row(G1)?.prefix ?? null).toBeNull();
    expect(store.reset(G1)).toEqual(DEFAULT_GUILD_SETTINGS);
    expect(store.get(G1)).toEqual(DEFAULT_GUILD_SETTINGS);
    await store.flush();
    expect(row(G1)).toBeUndefined();
    expect(store.stats().rowsDeleted).toBe(1);
    expect(badArgument(() => store.reset(G1, "nope" as keyof GuildSettings))).toBe(
      'There is no setting called "nope".',
    );
  });

  it("finds guilds by predicate across stored rows and pending writes", async () => {
    const { store } = setup();
    store.update(G1, { twentyFourSeven: true });
    store.update(G3, { twentyFourSeven: true });
    await store.flush();
    store.update(G2, { twentyFourSeven: true }); // pending only
    store.reset(G3); // pending removal of a stored 24/7 guild
    expect(store.guildsWith((s) => s.twentyFourSeven).sort()).toEqual([G1, G2]);
    await store.flush();
    expect(store.guildsWith((s) => s.twentyFourSeven).sort()).toEqual([G1, G2]);
    expect(store.guildsWith((s) => s.fairQueue)).toEqual([]);
  });

  it("reads stored JSON forward-compatibly and keeps keys it does not know", async () => {
    const { store, db, row } = setup();
    db.connection
      .prepare("INSERT INTO guild_settings (guild_id, data, updated_at) VALUES (?, ?, 0)")
      .run(G1, JSON.stringify({ twentyFourSeven: true, defaultVolume: 999, futureSetting: { x: 1 }, prefix: 7 }));
    expect(store.get(G1)).toEqual({ ...DEFAULT_GUILD_SETTINGS, twentyFourSeven: true });
    store.update(G1, { fairQueue: true });
    await store.flush();
    expect(row(G1)).toMatchObject({ twentyFourSeven: true, fairQueue: true, futureSetting: { x: 1 } });
  });

  it("reads a row that is not an object as defaults", () => {
    const { store, db } = setup();
    db.connection.prepare("INSERT INTO guild_settings VALUES (?, '[1,2]', 0)").run(G1);
    expect(store.get(G1)).toEqual(DEFAULT_GUILD_SETTINGS);
  });

  it("keeps a failed batch pending and writes it on the next flush", async () => {
    const { store, db, row } = setup();
    store.update(G1, { fairQueue: true });
    db.connection.exec(
      "CREATE TEMP TRIGGER block BEFORE INSERT ON guild_settings BEGIN SELECT RAISE(ABORT, 'no'); END",
    );
    await expect(store.flush()).rejects.toThrow("no");
    expect(store.pending()).toBe(1);
    expect(store.get(G1).fairQueue).toBe(true);
    db.connection.exec("DROP TRIGGER temp.block");
    await store.flush();
    expect(row(G1)?.fairQueue).toBe(true);
  });
});
