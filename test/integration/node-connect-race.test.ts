import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { slashReply } from "../helpers/player-driver.ts";

describe("a command right after the node connects", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("a player created while the new session is still being set up is kept, not dropped as stale", async () => {
    h = await startHarness({ start: false });
    const harness = h;
    // A slow node: the session update Encore sends once connected takes a while to be answered.
    harness.node.setLatency(300);
    await harness.app.start();
    // Usable as soon as the node answered /v4/info; the session update (resuming) is still in flight.
    await waitUntil(() => harness.app.music.nodesAvailable(), 10_000, "the node to be usable");
    const joined = await slashReply(harness, "join");
    expect(joined.content).toBe(`Joined <#${ids.voice}>.`);
    // Encore has finished setting up the node's new session (after which it restores saved players).
    await waitUntil(() => harness.logs.some((l) => l.includes("saved players restored")), 10_000, "session set-up");
    expect((await slashReply(harness, "join")).content).toBe(`I'm already in <#${ids.voice}>.`);
    expect(harness.discord.voiceChannelOf(ids.guild, harness.discord.botUser.id)).toBe(ids.voice);
    expect(harness.discord.received.filter((f) => f.op === 4 && f.d?.channel_id === null)).toEqual([]);
  });
});
