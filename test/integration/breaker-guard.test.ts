import { afterEach, describe, expect, it } from "vitest";
import type { GatewayFrame } from "../fakes/discord/index.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { play, slashReply, waitPlaying } from "../helpers/player-driver.ts";

const UNAVAILABLE = "Music nodes are unavailable, retrying… please try again in a moment.";
const isLeave = (f: GatewayFrame) => f.op === 4 && f.d.guild_id === ids.guild && f.d.channel_id === null;
const playerDeletes = (h: Harness) =>
  h.node.requests.filter((r) => r.method === "DELETE" && r.path.endsWith(`/players/${ids.guild}`));

/** Plays a track, then makes the node fail two filter updates in a row: the circuit breaker opens. */
async function openBreaker(h: Harness): Promise<void> {
  await play(h, "despacito");
  await waitPlaying(h, "Despacito");
  h.node.failNext(2, 500, "/v4/sessions");
  for (const preset of ["nightcore", "vaporwave"]) {
    h.elapse(10_000);
    const reply = await slashReply(h, "filter", ids.alice, { preset });
    expect(reply.content).toMatch(/couldn't do that just now/);
  }
}

// The breaker opens after two node failures and stays open for a minute: long enough that nothing here races it.
const env = { BREAKER_FAILURE_THRESHOLD: "2", BREAKER_COOLDOWN_MS: "60000" };

describe("with the circuit breaker open, nothing reaches the node", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("/leave answers at once that the nodes are unavailable, and neither leaves voice half-way nor calls the node", async () => {
    h = await startHarness({ env });
    await openBreaker(h);
    const deletes = playerDeletes(h).length;
    const leavesBefore = h.discord.received.filter(isLeave).length;
    h.elapse(10_000);
    const reply = await slashReply(h, "leave");
    expect(reply.content).toBe(UNAVAILABLE);
    expect(playerDeletes(h)).toHaveLength(deletes);
    expect(h.discord.received.filter(isLeave)).toHaveLength(leavesBefore);
    // The player is still there, so the member can try again once the node is back.
    expect(h.app.music.botVoiceChannel(ids.guild)).not.toBeNull();
  });

  it("the idle rules' leave is refused by the breaker too (and logged), instead of calling the node", async () => {
    h = await startHarness({ env, guildSettings: { [ids.guild]: { aloneLeaveSeconds: 1 } } });
    await openBreaker(h);
    const deletes = playerDeletes(h).length;
    for (const userId of [ids.alice, ids.dj, ids.admin, ids.erin, ids.frank]) {
      h.discord.setVoiceState(ids.guild, userId, null);
    }
    const refused = () => h.logs.some((l) => l.includes("idle leave failed") && l.includes("MUSIC_UNAVAILABLE"));
    await waitUntil(() => refused() || playerDeletes(h).length > deletes, 10_000, "the idle leave");
    expect(refused()).toBe(true);
    expect(playerDeletes(h)).toHaveLength(deletes);
    expect(h.discord.received.some((f) => isLeave(f))).toBe(false);
  });
});
