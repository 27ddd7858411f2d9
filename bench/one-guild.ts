/** One guild, side by side: start→ready, idle RSS and slash command round trips of Encore and the bare bot. */
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
}

export async function oneGuild(kind: BotKind, o: { slashes: number; settleMs: number }): Promise<OneGuildSample> {
  const [g] = generateGuilds(1, { textChannels: 1, voiceChannels: 1, roles: 0, members: 25, inVoice: 1 });
  if (!g) throw new Error("no guild");
  const discord = await FakeDiscord.start({ guilds: [g.spec] });
  const node = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 5000 });
  const t0 = performance.now();
  const bot = spawnBot(kind, botEnv(discord, node));
  try {
    await bot.ready;
    const readyMs = performance.now() - t0;
    const readyCpuMs = cpuMsOf(bot.child.pid ?? 0);
    if (kind === "encore") await node.waitForConnection(10_000);
    await sleep(o.settleMs);
    const idleRssMb = mb(rssOf(bot.child.pid ?? 0));
    const times: number[] = [];
    // Members take turns (one member alone would meet Encore's per-member rate limit, which is not measured here).
    const members = g.spec.members.map((m) => m.user.id);
    for (let i = 0; i < o.slashes; i++) {
      const start = performance.now();
      await discord
        .sendSlash({
          guildId: g.spec.id,
          channelId: g.textChannelId,
          userId: members[i % members.length] as string,
          name: "ping",
        })
        .waitForResponse(10_000);
      times.push(performance.now() - start);
    }
    const sample = {
      readyMs,
      readyCpuMs,
      idleRssMb,
      slashP50Ms: percentile(times, 0.5),
      slashP99Ms: percentile(times, 0.99),
    };
    progress(
      `one guild, ${kind}: ready ${Math.round(readyMs)} ms (CPU ${readyCpuMs} ms), idle ${idleRssMb} MB, p99 ${sample.slashP99Ms.toFixed(2)} ms`,
    );
    return sample;
  } finally {
    await bot.stop();
    await discord.stop();
    await node.stop();
  }
}
