import { afterEach, describe, expect, it } from "vitest";
import { type GeneratedGuild, generateGuilds, shardOf } from "../fakes/discord/index.ts";
import { catalog, longPlaylist, playlists } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";

const mix = longPlaylist(50);

async function startTogether(h: Harness, guilds: GeneratedGuild[]): Promise<void> {
  const interactions = guilds.map((g) =>
    h.discord.sendSlash({
      guildId: g.spec.id,
      channelId: g.textChannelId,
      userId: g.listenerId,
      name: "play",
      options: [{ name: "query", type: 3, value: mix.playlist.url }],
    }),
  );
  // Interaction tokens live 15 minutes: a join that waits on Discord's gateway budget is still answered.
  const replies = await Promise.all(interactions.map((i) => i.waitForResponse(100_000))).catch((err) => {
    if (process.env.MANY_DEBUG)
      for (const l of h.logs.filter((x) => /"level":(40|50)/.test(x)).slice(0, 8)) console.log(l);
    throw err;
  });
  expect(replies.filter((r) => !r.content.includes("Party Mix")).map((r) => r.content)).toEqual([]);

  const notPlaying = () => guilds.filter((g) => !h.node.player(g.spec.id)?.track).map((g) => g.spec.id);
  await waitUntil(() => notPlaying().length === 0, 30_000, "every guild's player to have a track").catch(() => {});
  expect(notPlaying()).toEqual([]);
  for (const g of guilds) {
    expect(h.node.player(g.spec.id)?.track?.info.title).toBe("Party Mix Track 1");
    expect(h.discord.voiceChannelOf(g.spec.id, h.discord.botUser.id)).toBe(g.voiceChannelId);
  }
  expect(h.app.music.available()).toBe(true);
}

describe("many guilds starting playback at the same moment", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const boot = (guilds: GeneratedGuild[], env: Record<string, string> = {}) =>
    startHarness({
      // Dozens of commands arriving in the same instant on a shared test machine can take Encore past Discord's
      // 3 s first-answer deadline; that deadline is not what these tests are about.
      discord: { guilds: guilds.map((g) => g.spec), interactionDeadlineMs: 15_000 },
      lavalink: { catalog: [...catalog, ...mix.tracks], playlists: [...playlists, mix.playlist] },
      env,
    });

  it("60 guilds each /play a 50-track playlist at once: every one is answered and every player plays", async () => {
    const guilds = generateGuilds(60);
    h = await boot(guilds);
    expect(h.app.client.ws.shards.size).toBe(2);
    await startTogether(h, guilds);
    // Each guild's voice join went out on the shard Discord routes that guild to.
    for (const g of guilds) {
      const join = h.discord.received.find((f) => f.op === 4 && f.d?.guild_id === g.spec.id);
      expect(join?.shard).toBe(shardOf(g.spec.id, 2));
    }
  }, 120_000);

  // discord.js sends at most 115 gateway payloads per minute on one shard (Discord closes a connection that
  // exceeds 120). Voice joins past that wait for the next window; they must not count as node failures, trip
  // the circuit breaker or time out while still queued.
  it("130 joins on one shard, more than one minute's gateway budget: all answered, all playing", async () => {
    const guilds = generateGuilds(130);
    h = await boot(guilds, { SHARD_COUNT: "1" });
    await startTogether(h, guilds);
    const joins = h.discord.received.filter((f) => f.op === 4 && f.d?.channel_id);
    expect(joins).toHaveLength(130);
  }, 240_000);
});
