import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CacheRegistry } from "../../../src/core/cache.ts";
import { createSqliteStore, DEFAULT_GUILD_SETTINGS, type Store, StoreError } from "../../../src/store/index.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";
import { sidecars, silentLogger, tempDirs, tracks } from "./helpers.ts";

const dirs = tempDirs();
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => {});
  dirs.cleanup();
});

const GUILD = "100000000000000001";
const USER = "300000000000000001";

function build(file: string, extra: { maxTracksPerPlaylist?: number; settingsFlushMs?: number } = {}) {
  const clock = new FakeClock();
  const caches = new CacheRegistry();
  const store = createSqliteStore({ path: file, clock, caches, logger: silentLogger(), ...extra });
  stores.push(store);
  return { store, clock, caches };
}

describe("createSqliteStore", () => {
  it("touches nothing until open()", () => {
    const dir = path.join(dirs.make(), "data");
    const { caches } = build(path.join(dir, "encore.db"));
    expect(fs.existsSync(dir)).toBe(false);
    expect(caches.list()).toEqual([]);
  });

  it("keeps settings, playlists, queues and sessions across close and reopen", async () => {
    const file = path.join(dirs.make(), "data", "encore.db");
    const first = build(file, { maxTracksPerPlaylist: 10 });
    first.store.open();
    expect(first.caches.list().map((c) => c.name)).toEqual(["settings"]);
    first.store.settings.update(GUILD, { twentyFourSeven: true, prefix: "?" });
    first.store.playlists.create(USER, "Favourites");
    expect(first.store.playlists.addTracks(USER, "favourites", tracks(12))).toEqual({ added: 10, total: 10 });
    first.store.queues.save({
      guildId: GUILD,
      voiceChannelId: "400000000000000001",
      textChannelId: null,
      nodeId: "main",
      nodeSessionId: "s1",
      current: null,
      positionMs: 0,
      positionAt: first.clock.now(),
      paused: false,
      volume: 100,
      filters: { karaoke: { level: 1 } },
      loop: "off",
      autoplay: false,
      upcoming: tracks(5),
      previous: [],
      updatedAt: first.clock.now(),
    });
    first.store.sessions.set("main", "s1");
    // The settings change is still pending: close() must flush it before closing the database.
    await first.store.close();
    expect(first.caches.list()).toEqual([]);
    expect(sidecars(file)).toEqual([]);

    const second = build(file);
    second.store.open();
    expect(second.store.settings.get(GUILD)).toEqual({ ...DEFAULT_GUILD_SETTINGS, twentyFourSeven: true, prefix: "?" });
    expect(second.store.settings.guildsWith((s) => s.twentyFourSeven)).toEqual([GUILD]);
    expect(second.store.playlists.list(USER)).toEqual([
      { name: "Favourites", trackCount: 10, updatedAt: first.clock.now() },
    ]);
    expect(second.store.queues.load(GUILD)?.filters).toEqual({ karaoke: { level: 1 } });
    expect(second.store.queues.all()).toHaveLength(1);
    expect(second.store.sessions.all()).toEqual(new Map([["main", "s1"]]));
  });

  it("stops with a StoreError on a corrupt file and registers nothing", () => {
    const file = path.join(dirs.make(), "encore.db");
    fs.writeFileSync(file, "not a database at all, just some text\n".repeat(200));
    const { store, caches } = build(file);
    expect(() => store.open()).toThrow(StoreError);
    expect(() => store.open()).toThrow(/is not a valid SQLite database \(file is not a database\)/);
    expect(caches.list()).toEqual([]);
    return expect(store.close()).resolves.toBeUndefined();
  });

  it("can be closed twice", async () => {
    const { store } = build(path.join(dirs.make(), "encore.db"));
    store.open();
    await store.close();
    await store.close();
    expect(() => store.settings.get(GUILD)).toThrow("not open");
  });
});
