/**
 * Store benchmark: what the embedded SQLite store costs on the operations Encore performs most, and what its two
 * optimisations (cache-aside settings reads, batched settings writes) gain over the plain path.
 *
 * Run with Node 24: `npm exec -- node bench/store.bench.ts`. Prints one JSON object. Absolute numbers vary a lot on
 * shared machines; compare the ratios.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { CacheRegistry } from "../src/core/cache.ts";
import { systemClock } from "../src/core/clock.ts";
import { createLogger } from "../src/core/logger.ts";
import { SqliteDatabase } from "../src/store/sqlite/database.ts";
import { SqlitePlaylistStore } from "../src/store/sqlite/playlist-store.ts";
import { SqliteQueueStore } from "../src/store/sqlite/queue-store.ts";
import { SqliteSettingsStore } from "../src/store/sqlite/settings-store.ts";
import type { PersistedPlayer, StoredTrack } from "../src/store/types.ts";

interface Result {
  ops: number;
  totalMs: number;
  opsPerSec: number;
  usPerOp: number;
}

const GUILDS = 1000;

async function measure(ops: number, fn: (i: number) => void | Promise<void>): Promise<Result> {
  const warm = Math.min(ops, Math.max(10, Math.floor(ops / 10)));
  for (let i = 0; i < warm; i++) await fn(i);
  const start = performance.now();
  for (let i = 0; i < ops; i++) await fn(i);
  const totalMs = performance.now() - start;
  return {
    ops,
    totalMs: round(totalMs),
    opsPerSec: Math.round((ops / totalMs) * 1000),
    usPerOp: round((totalMs * 1000) / ops),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function guildId(i: number): string {
  return (100_000_000_000_000_000n + BigInt(i % GUILDS)).toString();
}

function track(n: number): StoredTrack {
  return {
    // Lavalink's encoded tracks are base64 blobs of a few hundred bytes.
    encoded: Buffer.alloc(240, n % 251).toString("base64"),
    title: `Some fairly typical song title number ${n} (Official Video)`,
    author: `Artist ${n % 50}`,
    uri: `https://www.youtube.com/watch?v=${n.toString(36).padStart(11, "x")}`,
    durationMs: 180_000 + n,
    sourceName: "youtube",
    isStream: false,
    isSeekable: true,
    artworkUrl: `https://i.ytimg.com/vi/${n}/hqdefault.jpg`,
    requester: { id: "300000000000000001", username: "listener" },
  };
}

function player(i: number, upcoming: StoredTrack[]): PersistedPlayer {
  return {
    guildId: guildId(i),
    voiceChannelId: "400000000000000001",
    textChannelId: "400000000000000002",
    nodeId: "main",
    nodeSessionId: "abcdefgh",
    current: track(0),
    positionMs: i * 1000,
    positionAt: Date.now(),
    paused: false,
    volume: 100,
    filters: { timescale: { speed: 1.1, pitch: 1, rate: 1 } },
    loop: "off",
    autoplay: false,
    upcoming,
    previous: [],
    updatedAt: Date.now(),
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "encore-store-bench-"));
  const logger = createLogger({ level: "silent" });
  const db = new SqliteDatabase({ path: path.join(dir, "encore.db"), logger });
  const deps = { db, clock: systemClock, logger };
  const settings = new SqliteSettingsStore(
    { flushIntervalMs: 60_000, maxPending: 10_000 },
    {
      ...deps,
      caches: new CacheRegistry(),
    },
  );
  // Same table, a cache of one entry: reads round-robin over many guilds always miss and go to SQLite.
  const uncachedSettings = new SqliteSettingsStore({ cacheMax: 1 }, { ...deps, caches: new CacheRegistry() });
  const playlists = new SqlitePlaylistStore({ maxPlaylistsPerUser: 100_000 }, deps);
  const queues = new SqliteQueueStore(deps);
  db.open();
  for (const s of [settings, uncachedSettings, playlists, queues]) s.open();

  try {
    for (let i = 0; i < GUILDS; i++) settings.update(guildId(i), { prefix: "?", djRoleIds: ["200000000000000001"] });
    await settings.flush();

    const getCached = await measure(200_000, (i) => {
      settings.get(guildId(i));
    });
    const getUncached = await measure(50_000, (i) => {
      uncachedSettings.get(guildId(i));
    });

    let volume = 0;
    const nextVolume = () => {
      volume = (volume + 1) % 150;
      return volume;
    };
    // One guild changes a setting and it is written at once: the cost without batching.
    const updateFlushEach = await measure(2_000, async (i) => {
      settings.update(guildId(i), { defaultVolume: nextVolume() });
      await settings.flush();
    });
    // 100 guilds change a setting within one flush interval: one transaction for all of them.
    const batched = await measure(100, async (i) => {
      for (let g = 0; g < 100; g++) settings.update(guildId(i * 100 + g), { defaultVolume: nextVolume() });
      await settings.flush();
    });
    const updateBatchedPerUpdateUs = round(batched.usPerOp / 100);
    // 10 changes to one guild before a flush: coalesced into one row write.
    const coalesced = await measure(1_000, async (i) => {
      for (let k = 0; k < 10; k++) settings.update(guildId(i), { defaultVolume: nextVolume() });
      await settings.flush();
    });

    const queue100 = Array.from({ length: 100 }, (_, n) => track(n));
    const queueBytes = JSON.stringify(queue100).length;
    const queueSave = await measure(2_000, (i) => queues.save(player(i, queue100)));
    const savePosition = await measure(20_000, (i) => queues.savePosition(guildId(i), i * 10, Date.now(), false));
    const queueLoad = await measure(2_000, (i) => {
      queues.load(guildId(i));
    });

    const tracks100 = Array.from({ length: 100 }, (_, n) => track(n));
    let owners = 0;
    const playlistAdd = await measure(500, () => {
      const owner = `owner-${owners++}`;
      playlists.create(owner, "bench");
      playlists.addTracks(owner, "bench", tracks100);
    });
    const playlistGet = await measure(500, (i) => {
      playlists.get(`owner-${i}`, "bench");
    });

    const result = {
      node: process.version,
      sqlite: db.connection.prepare("SELECT sqlite_version() AS v").get()?.v,
      settings: {
        getCached,
        getUncached,
        cachedSpeedup: round(getUncached.usPerOp / getCached.usPerOp),
        updateThenFlushEach: updateFlushEach,
        updateBatched100PerFlush: { ...batched, perUpdateUs: updateBatchedPerUpdateUs },
        batchingSpeedupPerUpdate: round(updateFlushEach.usPerOp / updateBatchedPerUpdateUs),
        tenUpdatesOneGuildThenFlush: coalesced,
        writeStats: settings.stats(),
      },
      queues: { trackJsonBytesPer100: queueBytes, save100Tracks: queueSave, savePosition, load100Tracks: queueLoad },
      playlists: { createAndAdd100Tracks: playlistAdd, get100Tracks: playlistGet },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await settings.close();
    await uncachedSettings.close();
    playlists.close();
    queues.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
