/** One guild, side by side: start→ready, idle RSS and slash command round trips of Encore and the bare bot. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeDiscord, generateGuilds } from "../test/fakes/discord/index.ts";
import { FakeLavalink } from "../test/fakes/lavalink/index.ts";
import { catalog } from "../test/helpers/fixtures.ts";
import { type BotKind, botEnv, cpuMsOf, mb, percentile, progress, rssOf, sleep, spawnBot } from "./lib.ts";

export interface OneGuildSample {
  readyMs: number;
  /** CPU time (user + system) the process used from its start to ready: less swayed by a busy machine. */
  readyCpuMs: number;
  idleRssMb: number;
  slashP50Ms: number;
  slashP99Ms: number;
  /** The first command after ready (warm-up, not in the percentiles): Encore loads the command's handler then. */
  firstSlashMs: number;
  /** Every measured round trip (warm-up excluded), for a p99 over all rounds. */
  slashMs: number[];
}

/**
 * How Encore's module compile cache stands when it starts: `cold` (an empty cache directory: the first start, or
 * the first after an upgrade; Encore fills it) or `warm` (the directory a previous start filled: a normal restart).
 * Ignored for the bare bot.
 */
export interface CompileCache {
  state: "cold" | "warm" | "off";
  directory: string;
}

export const newCompileCacheDir = () => mkdtempSync(join(tmpdir(), "encore-bench-cc-"));

export async function oneGuild(
  kind: BotKind,
  o: { slashes: number; warmup: number; settleMs: number; compileCache?: CompileCache },
): Promise<OneGuildSample> {
  const [g] = generateGuilds(1, { textChannels: 1, voiceChannels: 1, roles: 0, members: 120, inVoice: 1 });
  if (!g) throw new Error("no guild");
  const discord = await FakeDiscord.start({ guilds: [g.spec] });
  const node = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 5000 });
  const cache = o.compileCache;
  const extra: Record<string, string> =
    kind === "encore" && cache
      ? cache.state === "off"
        ? { COMPILE_CACHE: "false" }
        : { COMPILE_CACHE_DIR: cache.directory }
      : {};
  const t0 = performance.now();
  const bot = spawnBot(kind, botEnv(discord, node, extra));
  try {
    await bot.ready;
    const readyMs = performance.now() - t0;
    const readyCpuMs = cpuMsOf(bot.child.pid ?? 0);
    if (kind === "encore") await node.waitForConnection(10_000);
    await sleep(o.settleMs);
    const idleRssMb = mb(rssOf(bot.child.pid ?? 0));
    const times: number[] = [];
    let firstSlashMs = 0;
    // Members take turns, each well within Encore's per-member rate limit (10 at once, one more a second), which is
    // not what is measured here: 120 members, at most 9 commands each.
    const members = g.spec.members.map((m) => m.user.id);
    // The first commands load the handler and warm the code paths of both bots: not measured.
    for (let i = 0; i < o.warmup + o.slashes; i++) {
      const start = performance.now();
      await discord
        .sendSlash({
          guildId: g.spec.id,
          channelId: g.textChannelId,
          userId: members[i % members.length] as string,
          name: "ping",
        })
        .waitForResponse(10_000);
      if (i === 0) firstSlashMs = performance.now() - start;
      if (i >= o.warmup) times.push(performance.now() - start);
    }
    const sample = {
      readyMs,
      readyCpuMs,
      idleRssMb,
      slashP50Ms: percentile(times, 0.5),
      slashP99Ms: percentile(times, 0.99),
      firstSlashMs,
      slashMs: times,
    };
    const label = kind === "encore" && cache ? `${kind} (compile cache ${cache.state})` : kind;
    progress(
      `one guild, ${label}: ready ${Math.round(readyMs)} ms (CPU ${readyCpuMs} ms), idle ${idleRssMb} MB, p50 ${sample.slashP50Ms.toFixed(2)} ms, p99 ${sample.slashP99Ms.toFixed(2)} ms`,
    );
    return sample;
  } finally {
    await bot.stop();
    await discord.stop();
    await node.stop();
  }
}
