import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { CacheRegistry } from "../../src/core/cache.ts";
import { systemClock } from "../../src/core/clock.ts";
import { createLogger } from "../../src/core/logger.ts";
import { createSqliteStore } from "../../src/store/index.ts";
import type { FakeGuildSpec, GatewayFrame } from "../fakes/discord/index.ts";
import { guildSpec, ids } from "../helpers/fixtures.ts";
import { type Harness, restartApp, startHarness, waitUntil } from "../helpers/harness.ts";
import { play } from "../helpers/player-driver.ts";

/** Two more servers shaped like the test server (own guild, text and voice channel ids). */
const others = [
  { guild: "900000000000000002", text: "900000000000000030", voice: "900000000000000040" },
  { guild: "900000000000000003", text: "900000000000000050", voice: "900000000000000060" },
];

function otherGuild(o: (typeof others)[number]): FakeGuildSpec {
  const json = JSON.stringify(guildSpec())
    .replaceAll(ids.guild, o.guild)
    .replaceAll(ids.text, o.text)
    .replaceAll(ids.voice, o.voice);
  return JSON.parse(json) as FakeGuildSpec;
}

/** Copies the test server's saved player to the other servers, as if each had been playing at shutdown. */
async function saveInOtherGuilds(path: string): Promise<void> {
  const store = createSqliteStore({
    path,
    clock: systemClock,
    caches: new CacheRegistry(),
    logger: createLogger({ level: "silent" }),
  });
  store.open();
  const saved = store.queues.load(ids.guild);
  if (!saved?.current) throw new Error("the test server's player was not saved");
  for (const o of others) {
    store.queues.save({ ...saved, guildId: o.guild, voiceChannelId: o.voice, textChannelId: o.text });
  }
  await store.close();
}

const savedGuilds = [ids.guild, ...others.map((o) => o.guild)];
const isJoin = (f: GatewayFrame) =>
  f.op === 4 && savedGuilds.includes(String(f.d?.guild_id)) && f.d?.channel_id != null;
const isVoiceUpdate = (f: GatewayFrame) => f.op === 4 && savedGuilds.includes(String(f.d?.guild_id));
const logTime = (line: string) => (JSON.parse(line) as { time: number }).time;

describe("restore retries against a node that keeps failing (production defaults)", () => {
  let h: Harness;
  let second: App | null = null;
  afterEach(async () => {
    await second?.stop();
    second = null;
    await h.stop();
  });

  it("each round joins voice in one saved guild at most, and only when the node is asked to play there; every saved guild comes back once the node recovers", async () => {
    h = await startHarness({ discord: { guilds: [guildSpec(), ...others.map(otherGuild)] } });
    await play(h, "never gonna give");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
    await h.app.stop();
    await saveInOtherGuilds(h.config.databasePath);
    await h.node.restart(); // the node lost its sessions: every saved player is rebuilt from the store
    h.node.failTrackStarts(1000, 503);
    const fromLog = h.logs.length;
    const fromFrame = h.discord.received.length;
    const restartedAt = Date.now();
    second = await restartApp(h);

    const rounds = () => h.logs.slice(fromLog).filter((l) => l.includes('"msg":"saved players restored"'));
    // Five rounds: three failures open the breaker, the later rounds are its half-open probes.
    await waitUntil(() => rounds().length >= 5, 20_000, "five restore rounds");
    const ends = rounds().map(logTime);
    const frames = h.discord.received.slice(fromFrame);
    const perRound = ends.map((end, i) => {
      const start = i === 0 ? 0 : (ends[i - 1] ?? 0);
      const inRound = frames.filter((f) => f.at > start && f.at <= end);
      return { joins: inRound.filter(isJoin).length, voiceUpdates: inRound.filter(isVoiceUpdate).length };
    });
    // Members see the bot join (and leave) one channel per round, not every saved channel in turn.
    for (const round of perRound) {
      expect(round.joins).toBeLessThanOrEqual(1);
      expect(round.voiceUpdates).toBeLessThanOrEqual(2);
    }
    // Each round starts with the guilds that failed longest ago: the first three rounds tried each guild once.
    const joined = frames.filter((f) => isJoin(f) && f.at <= (ends[2] ?? 0)).map((f) => String(f.d?.guild_id));
    expect(new Set(joined)).toEqual(new Set(savedGuilds));
    // Every join was for a player the node was then asked to play (and refused): no join the node could not take.
    const refused = h.node.requests.filter(
      (r) => r.method === "PATCH" && r.body?.track?.encoded && r.status === 503 && r.at >= restartedAt,
    );
    const joinsBeforeLastRound = frames.filter((f) => isJoin(f) && f.at <= (ends.at(-1) ?? 0)).length;
    expect(joinsBeforeLastRound).toBeGreaterThanOrEqual(ends.length - 1);
    expect(refused.filter((r) => r.at <= (ends.at(-1) ?? 0))).toHaveLength(joinsBeforeLastRound);
    const breaker = h.logs.slice(fromLog).filter((l) => l.includes('"msg":"music circuit breaker changed state"'));
    expect(breaker.some((l) => l.includes('"to":"open"'))).toBe(true);

    // The node recovers: the next retry brings every saved guild back with its saved track.
    h.node.clearFailures();
    await waitUntil(
      () => savedGuilds.every((g) => h.node.player(g)?.track?.info.title === "Never Gonna Give You Up"),
      20_000,
      "every saved guild to be restored",
    );
    for (const g of savedGuilds) {
      await waitUntil(() => second?.music.snapshot(g)?.current != null, 5000, `the restored player in ${g}`);
    }
  });
});
