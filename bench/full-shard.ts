/**
 * The full shard: 2,500 community-sized guilds (15 text + 15 voice channels, 27 roles, 20 members), the bare bot and
 * Encore each logged in on their own; then 250 of Encore's guilds start a 50-track playlist at the same moment.
 */
import { COMMUNITY_GUILD, FakeDiscord, generateGuilds } from "../test/fakes/discord/index.ts";
import { FakeLavalink } from "../test/fakes/lavalink/index.ts";
import { catalog, longPlaylist } from "../test/helpers/fixtures.ts";
import { type HeapBreakdown, writeHeapBreakdown } from "./heap-breakdown.ts";
import { type Bot, type BotKind, botEnv, cpuMsOf, mb, progress, rssOf, sleep, spawnBot } from "./lib.ts";
import { type MemoryMap, memoryMap } from "./smaps.ts";

export interface FullShardOptions {
  guilds: number;
  playing: number;
  settleMs: number;
  /** Seconds after the playing reading at which RSS, /metrics and smaps are read again (the 250 keep playing). */
  settledAtS: number[];
  /** Write a heap snapshot of Encore while playing and summarise it by object type. */
  heapSnapshot: boolean;
}

export interface FullShardSample {
  readyMs: number;
  /** CPU time (user + system) the process used from its start to ready: steadier than wall time on a busy machine. */
  readyCpuMs: number;
  idleRssMb: number;
  playingRssMb?: number;
  playAnswered?: number;
  playersPlaying?: number;
  mbPerPlayer?: number;
  playStartAllMs?: number;
  heap?: HeapBreakdown;
  /** Resident memory by mapping (smaps), idle and while playing. */
  idleMap?: MemoryMap;
  playingMap?: MemoryMap;
  /** RSS and the heap while the 250 keep playing, read again after each of settledAtS. */
  settled?: {
    atS: number;
    rssMb: number;
    heapCommitted: number;
    heapUsed: number;
    newSpaceCommitted: number;
    oldSpaceCommitted: number;
    outsideHeap: number;
    map: MemoryMap;
  }[];
  /** Where the playing RSS sits, from Encore's own /metrics: V8 heap (committed, used), Buffers, the rest. */
  memoryMb?: {
    rss: number;
    heapTotal: number;
    heapUsed: number;
    /** Heap in use after V8's latest full collection (Encore's memory monitor reading). */
    heapLive: number;
    external: number;
    outsideHeap: number;
    /** Each V8 heap space: committed and in use (garbage included). */
    spaces: Record<string, { committed: number; used: number }>;
    /** Time spent in garbage collection since Encore started, seconds, by kind (minor, major, ...). */
    gcSeconds: Record<string, number>;
  };
}

async function processMemory(bot: Bot): Promise<FullShardSample["memoryMb"]> {
  const port = bot.output.join("").match(/"port":(\d+),"msg":"health server listening"/)?.[1];
  if (!port) return undefined;
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const read = (name: string) =>
    Number(
      text
        .split("\n")
        .find((l) => l.startsWith(`${name} `))
        ?.split(" ")[1] ?? 0,
    );
  const rss = mb(rssOf(bot.child.pid ?? 0));
  const heapTotal = mb(read("nodejs_heap_size_total_bytes"));
  const external = mb(read("nodejs_external_memory_bytes"));
  const spaces: Record<string, { committed: number; used: number }> = {};
  for (const m of text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="([^"]+)"\} (\S+)$/gm)) {
    const space = m[1] as string;
    spaces[space] = {
      committed: mb(Number(m[2])),
      used: mb(read(`nodejs_heap_space_size_used_bytes{space="${space}"}`)),
    };
  }
  const gcSeconds: Record<string, number> = {};
  for (const m of text.matchAll(/^nodejs_gc_duration_seconds_sum\{kind="([^"]+)"\} (\S+)$/gm)) {
    gcSeconds[m[1] as string] = Math.round(Number(m[2]) * 1000) / 1000;
  }
  return {
    rss,
    gcSeconds,
    heapTotal,
    heapUsed: mb(read("nodejs_heap_size_used_bytes")),
    heapLive: mb(read("encore_memory_heap_live_bytes")),
    external,
    outsideHeap: Math.round((rss - heapTotal - external) * 10) / 10,
    spaces,
  };
}

const mix = longPlaylist(50);

export async function fullShard(kind: BotKind, o: FullShardOptions): Promise<FullShardSample> {
  progress(`full shard, ${kind}: ${o.guilds} guilds`);
  const guilds = generateGuilds(o.guilds, COMMUNITY_GUILD);
  // Discord recommends about one shard per 1,000 guilds; a bot this size is allowed 16 identifies at once.
  const discord = await FakeDiscord.start({
    guilds: guilds.map((g) => g.spec),
    recommendedShards: Math.max(1, Math.ceil(o.guilds / 1000)),
    maxConcurrency: 16,
    heartbeatIntervalMs: 41_250,
  });
  const node = await FakeLavalink.start({
    catalog: [...catalog, ...mix.tracks],
    playlists: [mix.playlist],
    playerUpdateIntervalMs: 5000,
  });
  // The bench machine has no DNS: the URL guard's host lookup for the playlist link is skipped (ALLOW_PRIVATE_URLS).
  const env = botEnv(discord, node, { BASELINE_SHARDS: "auto", ALLOW_PRIVATE_URLS: "true" });
  const t0 = performance.now();
  const bot = spawnBot(kind, env, o.heapSnapshot && kind === "encore" ? ["--heapsnapshot-signal=SIGUSR2"] : []);
  try {
    await bot.ready;
    const readyMs = performance.now() - t0;
    const readyCpuMs = cpuMsOf(bot.child.pid ?? 0);
    if (kind === "encore") await node.waitForConnection(30_000);
    await sleep(o.settleMs);
    const sample: FullShardSample = { readyMs, readyCpuMs, idleRssMb: mb(rssOf(bot.child.pid ?? 0)) };
    sample.idleMap = memoryMap(bot.child.pid ?? 0);
    progress(`full shard, ${kind}: ready in ${Math.round(readyMs)} ms, idle ${sample.idleRssMb} MB`);
    if (kind === "baseline") return sample;

    const players = guilds.slice(0, o.playing);
    const started = performance.now();
    const replies = await Promise.all(
      players.map((g) =>
        discord
          .sendSlash({
            guildId: g.spec.id,
            channelId: g.textChannelId,
            userId: g.listenerId,
            name: "play",
            options: [{ name: "query", type: 3, value: mix.playlist.url }],
          })
          .waitForResponse(300_000)
          .catch(() => null),
      ),
    );
    sample.playAnswered = replies.filter((r) => r?.content.includes("Party Mix")).length;
    const playingNow = () => players.filter((g) => node.player(g.spec.id)?.track).length;
    const deadline = Date.now() + 120_000;
    while (playingNow() < players.length && Date.now() < deadline) await sleep(250);
    sample.playStartAllMs = Math.round(performance.now() - started);
    sample.playersPlaying = playingNow();
    await sleep(o.settleMs);
    sample.playingRssMb = mb(rssOf(bot.child.pid ?? 0));
    sample.mbPerPlayer = Math.round(((sample.playingRssMb - sample.idleRssMb) / players.length) * 100) / 100;
    progress(
      `full shard, encore: ${sample.playersPlaying}/${players.length} playing, ${sample.playingRssMb} MB (${sample.mbPerPlayer} MB per player)`,
    );
    sample.memoryMb = await processMemory(bot);
    sample.playingMap = memoryMap(bot.child.pid ?? 0);
    sample.settled = [];
    let waitedS = 0;
    for (const atS of o.settledAtS) {
      await sleep((atS - waitedS) * 1000);
      waitedS = atS;
      const m = await processMemory(bot);
      if (!m) break;
      const settled = {
        atS,
        rssMb: m.rss,
        heapCommitted: m.heapTotal,
        heapUsed: m.heapUsed,
        newSpaceCommitted: m.spaces.new?.committed ?? 0,
        oldSpaceCommitted: m.spaces.old?.committed ?? 0,
        outsideHeap: m.outsideHeap,
        map: memoryMap(bot.child.pid ?? 0),
      };
      sample.settled.push(settled);
      progress(
        `full shard, encore: +${atS} s playing: ${m.rss} MB (heap ${m.heapTotal} committed, new space ${settled.newSpaceCommitted})`,
      );
    }
    if (o.heapSnapshot) sample.heap = await writeHeapBreakdown(bot);
    return sample;
  } finally {
    await bot.stop();
    await discord.stop();
    await node.stop();
  }
}
