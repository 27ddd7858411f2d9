/**
 * The world of the soak and the flood: 500 guilds of 20 members on the fakes. Here: 50 members searching the same
 * words at once, and a flood of distinct searches against the memory monitor (the long soak is in soak-long.ts).
 */
import { FakeDiscord, type GeneratedGuild, generateGuilds } from "../test/fakes/discord/index.ts";
import { FakeLavalink } from "../test/fakes/lavalink/index.ts";
import { catalog } from "../test/helpers/fixtures.ts";
import { type Bot, type BotKind, botEnv, mb, pool, progress, rssOf, sleep, spawnBot } from "./lib.ts";
import { metricIn, metricsText } from "./soak-memory.ts";

// Every member sits in voice, so any of them may search (a precondition of /search).
const SHAPE = { textChannels: 2, voiceChannels: 2, roles: 5, members: 20, inVoice: 20 };

export interface World {
  discord: FakeDiscord;
  node: FakeLavalink;
  bot: Bot;
  guilds: GeneratedGuild[];
  httpPort: number;
  stop(): Promise<void>;
}

/** The fakes and one bot on them: Encore (the default) or the bare discord.js bot, which has no /metrics. */
export async function world(
  guildCount: number,
  env: Record<string, string> = {},
  kind: BotKind = "encore",
): Promise<World> {
  const guilds = generateGuilds(guildCount, SHAPE, 10_000);
  const discord = await FakeDiscord.start({ guilds: guilds.map((g) => g.spec), recommendedShards: 1 });
  // A real node finds something for nearly any words; so does this one.
  const node = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 5000, synthesizeSearchResults: 10 });
  const bot = spawnBot(kind, botEnv(discord, node, env));
  await bot.ready;
  if (kind === "encore") await node.waitForConnection(10_000);
  const portLine = bot.output.join("").match(/"port":(\d+),"msg":"health server listening"/);
  return {
    discord,
    node,
    bot,
    guilds,
    httpPort: Number(portLine?.[1] ?? 0),
    stop: async () => {
      await bot.stop();
      await discord.stop();
      await node.stop();
    },
  };
}

/** The i-th command's guild and member: commands go round the guilds, then round each guild's members. */
function who(w: World, i: number) {
  const g = w.guilds[i % w.guilds.length] as GeneratedGuild;
  const member = g.spec.members[Math.floor(i / w.guilds.length) % g.spec.members.length];
  return { g, userId: member?.user.id ?? g.listenerId };
}

export function slash(w: World, i: number, name: string, query?: string) {
  const { g, userId } = who(w, i);
  return w.discord
    .sendSlash({
      guildId: g.spec.id,
      channelId: g.textChannelId,
      userId,
      name,
      ...(query !== undefined ? { options: [{ name: "query", type: 3, value: query }] } : {}),
    })
    .waitForResponse(30_000);
}

async function metric(w: World, name: string): Promise<number | null> {
  return metricIn(await metricsText(w.httpPort), name);
}

/** 50 members search the same words at once: how many requests reached the node. */
export async function identicalSearches(w: World): Promise<{ searches: number; nodeRequests: number }> {
  const query = "the very same words everyone typed";
  const before = w.node.requests.length;
  const same = await Promise.all(Array.from({ length: 50 }, (_, i) => slash(w, i, "search", query)));
  const nodeRequests = w.node.requests
    .slice(before)
    .filter((r) => r.path === "/v4/loadtracks" && String(r.query.identifier ?? "").includes(query)).length;
  progress(`soak: 50 identical searches → ${nodeRequests} node request(s)`);
  return { searches: same.length, nodeRequests };
}

export interface FloodResult {
  budgetMb: number | null;
  searches: number;
  peakHeapUsedMb: number;
  /** Highest live heap (heap in use after a full collection) Encore's memory monitor read during the flood. */
  peakHeapLiveMb: number;
  finalHeapUsedMb: number;
  peakRssMb: number;
  finalSearchCacheEntries: number | null;
  /** Search cache entries sampled every 250 searches over the second half of the flood (min, median, max). */
  secondHalfCacheEntries: { min: number; median: number; max: number };
  /** After the flood, the last 200 distinct searches asked again: how many the cache answered. */
  recentRepeatsFromCache: number;
  pressureLogs: number;
}

/** Distinct searches with the search cache allowed to grow to 100,000 entries; the monitor on a budget, or not. */
export async function flood(o: { guilds: number; searches: number; budgetMb: number | null }): Promise<FloodResult> {
  progress(`flood: ${o.searches} distinct searches, budget ${o.budgetMb ?? "off"}`);
  const w = await world(o.guilds, {
    SEARCH_CACHE_SIZE: "100000",
    MEMORY_CHECK_INTERVAL_MS: "1000",
    MEMORY_BUDGET_MB: String(o.budgetMb ?? 65_536),
  });
  try {
    let peakHeap = 0;
    let peakLive = 0;
    let peakRss = 0;
    let done = 0;
    const entrySamples: number[] = [];
    const words = (i: number) => `flood query number ${i} with a few more words ${i * 31}`;
    await pool(o.searches, 16, async (i) => {
      await slash(w, i, "search", words(i)).catch(() => null);
      done++;
      if (done % 250 === 0) {
        peakHeap = Math.max(peakHeap, (await metric(w, "nodejs_heap_size_used_bytes")) ?? 0);
        peakLive = Math.max(peakLive, (await metric(w, "encore_memory_heap_live_bytes")) ?? 0);
        peakRss = Math.max(peakRss, rssOf(w.bot.child.pid ?? 0));
        if (done > o.searches / 2) entrySamples.push((await metric(w, 'encore_cache_entries{cache="search"}')) ?? 0);
      }
    });
    await sleep(2500);
    const finalHeap = (await metric(w, "nodejs_heap_size_used_bytes")) ?? 0;
    const entries = await metric(w, 'encore_cache_entries{cache="search"}');
    // The most recent searches asked again, in the same guilds by other members (clear of the rate limit).
    const hitsBefore = (await metric(w, 'encore_cache_hits_total{cache="search"}')) ?? 0;
    const repeats = Math.min(200, o.searches);
    await pool(repeats, 16, async (k) => {
      const i = o.searches - repeats + k;
      await slash(w, i + 7 * o.guilds, "search", words(i)).catch(() => null);
    });
    const recentRepeatsFromCache = ((await metric(w, 'encore_cache_hits_total{cache="search"}')) ?? 0) - hitsBefore;
    const sorted = [...entrySamples].sort((a, b) => a - b);
    const pressureLogs = w.bot.output
      .join("")
      .split("\n")
      .filter((l) => l.includes('"part":"memory"')).length;
    const r = {
      budgetMb: o.budgetMb,
      searches: o.searches,
      peakHeapUsedMb: mb(peakHeap),
      peakHeapLiveMb: mb(peakLive),
      finalHeapUsedMb: mb(finalHeap),
      peakRssMb: mb(peakRss),
      finalSearchCacheEntries: entries,
      secondHalfCacheEntries: {
        min: sorted[0] ?? 0,
        median: sorted[Math.floor(sorted.length / 2)] ?? 0,
        max: sorted.at(-1) ?? 0,
      },
      recentRepeatsFromCache,
      pressureLogs,
    };
    progress(
      `flood (budget ${o.budgetMb ?? "off"}): peak heap ${r.peakHeapUsedMb} MB (live ${r.peakHeapLiveMb}), cache ${entries} entries, ${recentRepeatsFromCache}/${repeats} repeats from cache`,
    );
    return r;
  } finally {
    await w.stop();
  }
}
