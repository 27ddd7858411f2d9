/**
 * Encore alone over 500 guilds of 20 members: 50 members searching the same words at once, a long soak of
 * everyday commands with RSS sampled along the way, and a flood of distinct searches against the memory monitor.
 */
import { FakeDiscord, type GeneratedGuild, generateGuilds } from "../test/fakes/discord/index.ts";
import { FakeLavalink } from "../test/fakes/lavalink/index.ts";
import { catalog } from "../test/helpers/fixtures.ts";
import { type Bot, botEnv, mb, pool, progress, rssOf, sleep, spawnBot } from "./lib.ts";

// Every member sits in voice, so any of them may search (a precondition of /search).
const SHAPE = { textChannels: 2, voiceChannels: 2, roles: 5, members: 20, inVoice: 20 };

interface World {
  discord: FakeDiscord;
  node: FakeLavalink;
  bot: Bot;
  guilds: GeneratedGuild[];
  httpPort: number;
  stop(): Promise<void>;
}

async function world(guildCount: number, env: Record<string, string> = {}): Promise<World> {
  const guilds = generateGuilds(guildCount, SHAPE, 10_000);
  const discord = await FakeDiscord.start({ guilds: guilds.map((g) => g.spec), recommendedShards: 1 });
  // A real node finds something for nearly any words; so does this one.
  const node = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 5000, synthesizeSearchResults: 10 });
  const bot = spawnBot("encore", botEnv(discord, node, env));
  await bot.ready;
  await node.waitForConnection(10_000);
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

function slash(w: World, i: number, name: string, query?: string) {
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
  try {
    const text = await (await fetch(`http://127.0.0.1:${w.httpPort}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith(name));
    return line ? Number(line.split(" ").at(-1)) : null;
  } catch {
    return null;
  }
}

export interface SoakResult {
  identicalSearches: number;
  identicalNodeRequests: number;
  commands: number;
  answered: number;
  seconds: number;
  rssSamplesMb: number[];
  firstHalfGrowthMb: number;
  secondHalfGrowthMb: number;
}

export async function soak(o: { guilds: number; commands: number; concurrency: number }): Promise<SoakResult> {
  progress(`soak: ${o.guilds} guilds, ${o.commands} commands`);
  const w = await world(o.guilds);
  try {
    const query = "the very same words everyone typed";
    const before = w.node.requests.length;
    const same = await Promise.all(Array.from({ length: 50 }, (_, i) => slash(w, i, "search", query)));
    const identicalNodeRequests = w.node.requests
      .slice(before)
      .filter((r) => r.path === "/v4/loadtracks" && String(r.query.identifier ?? "").includes(query)).length;
    progress(`soak: 50 identical searches → ${identicalNodeRequests} node request(s)`);
    await sleep(2000);

    const names = ["ping", "queue", "nowplaying"];
    const samples: number[] = [mb(rssOf(w.bot.child.pid ?? 0))];
    const every = Math.max(1, Math.floor(o.commands / 20));
    let answered = 0;
    let done = 0;
    const start = performance.now();
    await pool(o.commands, o.concurrency, async (i) => {
      const r = await slash(w, 100 + i, names[i % names.length] as string).catch(() => null);
      if (r) answered++;
      done++;
      if (done % every === 0) {
        samples.push(mb(rssOf(w.bot.child.pid ?? 0)));
        progress(`soak: ${done}/${o.commands}, RSS ${samples.at(-1)} MB`);
      }
    });
    const seconds = Math.round((performance.now() - start) / 100) / 10;
    const mid = samples[Math.floor(samples.length / 2)] ?? 0;
    return {
      identicalSearches: same.length,
      identicalNodeRequests,
      commands: o.commands,
      answered,
      seconds,
      rssSamplesMb: samples,
      firstHalfGrowthMb: Math.round((mid - (samples[1] ?? mid)) * 10) / 10,
      secondHalfGrowthMb: Math.round(((samples.at(-1) ?? mid) - mid) * 10) / 10,
    };
  } finally {
    await w.stop();
  }
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
