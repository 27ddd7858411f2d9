import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, restartApp, startHarness, waitUntil } from "../helpers/harness.ts";
import { play, playerPatches, prefixReply, slashReply, waitPlaying } from "../helpers/player-driver.ts";

const ROCK = [0.3, 0.25, 0.2, 0.1, 0.05, -0.05, -0.15, -0.2, -0.1, -0.05, 0.05, 0.1, 0.2, 0.25, 0.3];

describe("15-band equalizer and distortion", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  async function filter(value: string, preset = "eq") {
    h.elapse(1000); // a member adjusting the sound, listening to each change for a moment
    const since = h.node.requests.length;
    const reply = await slashReply(h, "filter", ids.alice, value ? { preset, value } : { preset });
    return { reply: reply.content, bodies: playerPatches(h, since).map((r) => r.body) };
  }

  it("presets, band:gain pairs on top of the curve, bass boost added to it, distortion, and off", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");

    const rock = await filter("rock");
    expect(rock.reply).toBe("Filters: eq (rock).");
    expect(rock.bodies).toEqual([{ filters: { equalizer: ROCK.map((gain, band) => ({ band, gain })) } }]);
    expect(h.node.player(ids.guild)?.filters.equalizer).toHaveLength(15);

    // Pairs change single bands of the current curve; a band set to 0 drops out of the payload.
    const tweak = await filter("0:0.5 14:0");
    expect(tweak.reply).toBe("Filters: eq (custom).");
    const bands = tweak.bodies[0].filters.equalizer as { band: number; gain: number }[];
    expect(bands[0]).toEqual({ band: 0, gain: 0.5 });
    expect(bands.find((b) => b.band === 14)).toBeUndefined();
    expect(bands).toHaveLength(14);

    // Bass boost adds to the curve, clamped to Lavalink's range.
    const boosted = await filter("high", "bassboost");
    expect(boosted.reply).toBe("Filters: bass boost (high), eq (custom).");
    const withBass = boosted.bodies[0].filters.equalizer as { band: number; gain: number }[];
    expect(withBass.slice(0, 2)).toEqual([
      { band: 0, gain: 0.8 },
      { band: 1, gain: 0.5 },
    ]);

    const distorted = await filter("", "distortion");
    expect(distorted.reply).toBe("Filters: bass boost (high), eq (custom), distortion.");
    expect(distorted.bodies[0].filters.distortion).toEqual({
      sinOffset: 0,
      sinScale: 1,
      cosOffset: 0,
      cosScale: 1,
      tanOffset: 0,
      tanScale: 1,
      offset: 0,
      scale: 1,
    });

    const prefix = await prefixReply(h, "filter eq off");
    expect(prefix.content).toBe("Filters: bass boost (high), distortion.");
    const off = await filter("", "off");
    expect(off.reply).toBe("Filters are off.");
    expect(off.bodies).toEqual([{ filters: {} }]);
  });

  it("bad equalizer input gets a clear answer and changes nothing", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");
    const since = h.node.requests.length;
    for (const [value, message] of [
      ["15:0.2", "band from 0 to 14"],
      ["3:1.5", "gains go from -0.25 to 1"],
      ["loud", "band:gain with a band from 0 to 14"],
    ] as const) {
      h.elapse(1000);
      const reply = await slashReply(h, "filter", ids.alice, { preset: "eq", value });
      expect(reply.content).toContain(message);
      expect(reply.ephemeral).toBe(true);
    }
    h.elapse(1000);
    const empty = await prefixReply(h, "filter eq");
    expect(empty.content).toContain("Give an equalizer preset (flat, bass, rock, pop, classical");
    expect(playerPatches(h, since)).toEqual([]);
  });

  it("the curve survives a restart with the rest of the player", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");
    await filter("rock");
    await filter("", "distortion");
    await h.app.stop("restart");
    const second = await restartApp(h);
    const previous = h;
    h = {
      ...previous,
      app: second,
      stop: async () => {
        await second.stop();
        await previous.stop();
      },
    };
    await waitUntil(
      () => (second.music.snapshot(ids.guild)?.filters.length ?? 0) > 0,
      5000,
      "the filters to be restored",
    );
    expect(second.music.snapshot(ids.guild)?.filters).toEqual(["eq (rock)", "distortion"]);
    // The node kept the curve while Encore was away (the session resumed).
    expect(h.node.player(ids.guild)?.filters.equalizer).toEqual(ROCK.map((gain, band) => ({ band, gain })));
  });
});
