import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { play, prefixReply, slashReply } from "../helpers/player-driver.ts";

const JAVA_LYRICS = { name: "java-lyrics-plugin", version: "1.6.5" };
const LAVALYRICS = { name: "lavalyrics-plugin", version: "1.0.0" };
const RICK = {
  provider: "YouTube",
  lines: [
    { timestamp: 18_000, line: "We're no strangers to love" },
    { timestamp: 22_000, line: "You know the rules and so do I" },
  ],
};

const lyricsCalls = (h: Harness) =>
  h.node.requests
    .filter((r) => r.path.includes(`/players/${ids.guild}/`) && r.path.endsWith("lyrics"))
    .map((r) => r.path.split("/").slice(-2).join("/"));

describe("lyrics from the node's plugins (production defaults)", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("java-timed-lyrics alone: its own lyrics route, timed lines shown as text", async () => {
    h = await startHarness({ lavalink: { plugins: [JAVA_LYRICS], lyrics: { dQw4w9WgXcQ: RICK } } });
    await play(h, "never gonna give");
    const reply = await slashReply(h, "lyrics");
    expect(reply.embeds[0].title).toBe("Lyrics: Never Gonna Give You Up");
    expect(reply.embeds[0].description).toBe("We're no strangers to love\nYou know the rules and so do I");
    expect(reply.embeds[0].footer.text).toMatch(/^Page 1\/1 · YouTube/);
    expect(lyricsCalls(h)).toEqual([`${ids.guild}/lyrics`]);
    h.elapse(10_000);
    expect((await slashReply(h, "ping")).content).toContain(", plugins: lyrics (java-lyrics)");
  });

  it("LavaLyrics first; when it has nothing, java-timed-lyrics; when neither has any, a clear answer", async () => {
    h = await startHarness({
      lavalink: {
        plugins: [LAVALYRICS, JAVA_LYRICS],
        lyrics: {},
        javaLyrics: { dQw4w9WgXcQ: { provider: "Genius", text: "We're no strangers to love" } },
      },
    });
    await play(h, "never gonna give");
    const found = await prefixReply(h, "lyrics");
    expect(found.embeds[0].description).toBe("We're no strangers to love");
    expect(found.embeds[0].footer.text).toMatch(/ · Genius/);
    expect(lyricsCalls(h)).toEqual(["track/lyrics", `${ids.guild}/lyrics`]);
    h.elapse(10_000);
    await play(h, "despacito");
    await slashReply(h, "skip");
    h.elapse(10_000);
    const none = await slashReply(h, "lyrics");
    expect(none.content).toBe("I couldn't find lyrics for this track.");
  });
});
