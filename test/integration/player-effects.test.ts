import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { play, playerPatches, prefixReply, slashReply, waitPlaying } from "../helpers/player-driver.ts";

const LYRICS_PLUGINS = [
  { name: "lavalyrics-plugin", version: "1.0.0" },
  { name: "lavasrc-plugin", version: "4.3.0" },
];

describe("filters and lyrics", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  async function filter(preset: string, value?: string) {
    h.elapse(1000); // a member trying presets one after another, listening to each for a moment
    const since = h.node.requests.length;
    const reply = await slashReply(h, "filter", ids.alice, value ? { preset, value } : { preset });
    return { reply: reply.content, bodies: playerPatches(h, since).map((r) => r.body) };
  }

  it("each preset sends the complete Lavalink filter set in one PATCH", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");
    expect(await filter("bassboost", "high")).toEqual({
      reply: "Filters: bass boost (high).",
      bodies: [
        {
          filters: {
            equalizer: [
              { band: 0, gain: 0.3 },
              { band: 1, gain: 0.25 },
              { band: 2, gain: 0.2 },
              { band: 3, gain: 0.1 },
              { band: 4, gain: 0.05 },
            ],
          },
        },
      ],
    });
    const nightcore = await filter("nightcore");
    expect(nightcore.reply).toBe("Filters: bass boost (high), nightcore.");
    expect(nightcore.bodies[0].filters.timescale).toEqual({ speed: 1.2, pitch: 1.2, rate: 1 });
    expect(nightcore.bodies[0].filters.equalizer).toHaveLength(5);
    expect(h.node.player(ids.guild)?.filters.timescale).toEqual({ speed: 1.2, pitch: 1.2, rate: 1 });
    const off = await filter("nightcore");
    expect(off.bodies[0].filters.timescale).toBeUndefined();
    expect((await filter("vaporwave")).bodies[0].filters.timescale).toEqual({ speed: 0.85, pitch: 0.8, rate: 1 });
    expect((await filter("8d")).bodies[0].filters.rotation).toEqual({ rotationHz: 0.2 });
    expect((await filter("karaoke")).bodies[0].filters.karaoke).toEqual({
      level: 1,
      monoLevel: 1,
      filterBand: 220,
      filterWidth: 100,
    });
    expect((await filter("tremolo")).bodies[0].filters.tremolo).toEqual({ frequency: 4, depth: 0.75 });
    expect((await filter("vibrato")).bodies[0].filters.vibrato).toEqual({ frequency: 4, depth: 0.75 });
    const lowpass = await filter("lowpass");
    expect(lowpass.bodies[0].filters.lowPass).toEqual({ smoothing: 20 });
    expect(lowpass.reply).toBe("Filters: bass boost (high), vaporwave, 8d, karaoke, tremolo, vibrato, lowpass.");
    const speed = await filter("speed", "1.25");
    expect(speed.bodies[0].filters.timescale).toEqual({ speed: 1.25, pitch: 1, rate: 1 });
    expect((await filter("pitch", "0.9")).bodies[0].filters.timescale).toEqual({ speed: 1.25, pitch: 0.9, rate: 1 });
    expect((await filter("rate", "1.1")).reply).toContain("speed 1.25×, pitch 0.9×, rate 1.1×");
    const np = await slashReply(h, "nowplaying");
    expect(np.embeds[0].description).toContain("Filters: bass boost (high), speed 1.25×");
    expect(await filter("off")).toEqual({ reply: "Filters are off.", bodies: [{ filters: {} }] });
  });

  it("bad filter values are refused before touching the node", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    const since = h.node.requests.length;
    expect((await prefixReply(h, "filter speed 9")).content).toBe("Give speed a value from 0.5 to 2, e.g. 1.25.");
    expect((await prefixReply(h, "filter bassboost loud")).content).toBe(
      "Bass boost level must be low, medium or high.",
    );
    expect((await prefixReply(h, "filter echo")).content).toMatch(/^Preset must be one of: bassboost, nightcore/);
    expect((await prefixReply(h, "fx bassboost low")).content).toBe("Filters: bass boost (low).");
    expect(playerPatches(h, since)).toHaveLength(1);
  });

  it("a node that fails the filter PATCH gets a clear answer, not a silent success", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    h.node.failNext(1, 500, "/v4/sessions");
    const reply = await slashReply(h, "filter", ids.alice, { preset: "nightcore" });
    expect(reply.content).toBe("The music node couldn't do that just now. Please try again.");
    expect((await slashReply(h, "nowplaying")).embeds[0].description).not.toContain("Filters:");
  });

  it("lyrics come from the node's LavaLyrics plugin, paged when long", async () => {
    const verse = Array.from({ length: 120 }, (_, i) => `Never gonna give you up, line ${i + 1}`).join("\n");
    h = await startHarness({ lavalink: { plugins: LYRICS_PLUGINS, lyrics: { dQw4w9WgXcQ: { text: verse } } } });
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");
    const first = await slashReply(h, "lyrics");
    const req = await h.node.waitForRequest((r) => r.path.endsWith(`/players/${ids.guild}/track/lyrics`));
    expect(req.query.skipTrackSource).toBe("false");
    expect(first.embeds[0].title).toBe("Lyrics: Never Gonna Give You Up");
    expect(first.embeds[0].description).toMatch(/^Never gonna give you up, line 1\n/);
    expect(first.embeds[0].footer.text).toMatch(/^Page 1\/3 · fake-lyrics/);
    const third = await prefixReply(h, "lyrics 3");
    expect(third.embeds[0].description).toContain("line 120");
  });

  it("lyrics say so when the node has no lyrics source, or no lyrics for the track", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    const none = await slashReply(h, "lyrics");
    expect(none.content).toBe(
      "The music node has no lyrics source: it needs the LavaLyrics plugin (with LavaSrc or java-lyrics), or the java-lyrics plugin.",
    );
    expect(h.node.requests.some((r) => r.path.endsWith("/lyrics"))).toBe(false);
    await h.stop();
    h = await startHarness({ lavalink: { plugins: LYRICS_PLUGINS, lyrics: {} } });
    await play(h, "never gonna give");
    expect((await slashReply(h, "lyrics")).content).toBe("I couldn't find lyrics for this track.");
  });
});
