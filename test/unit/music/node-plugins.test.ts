import { describe, expect, it } from "vitest";
import { pluginFeatures } from "../../../src/music/node-plugins.ts";

const plugin = (name: string) => ({ name, version: "1.0.0" });

describe("what a node's plugins add (for /ping)", () => {
  it("names LavaSrc's services that are turned on, SponsorBlock and the lyrics source", () => {
    expect(
      pluginFeatures({
        sourceManagers: ["youtube", "spotify", "deezer", "http"],
        plugins: [plugin("lavasrc-plugin"), plugin("sponsorblock-plugin"), plugin("lavalyrics-plugin")],
      }),
    ).toEqual(["Spotify, Deezer (LavaSrc)", "SponsorBlock", "lyrics (LavaLyrics)"]);
  });

  it("LavaLyrics without a provider serves nothing; java-timed-lyrics on its own does", () => {
    expect(pluginFeatures({ sourceManagers: ["http"], plugins: [plugin("lavalyrics-plugin")] })).toEqual([]);
    expect(pluginFeatures({ sourceManagers: ["http"], plugins: [plugin("java-lyrics-plugin")] })).toEqual([
      "lyrics (java-lyrics)",
    ]);
    expect(
      pluginFeatures({ sourceManagers: ["http"], plugins: [plugin("lavalyrics-plugin"), plugin("java-lavalyrics")] }),
    ).toEqual(["lyrics (LavaLyrics)"]);
  });

  it("a stock node, or one not described yet, adds nothing", () => {
    expect(pluginFeatures({ sourceManagers: ["youtube", "soundcloud", "http"], plugins: [] })).toEqual([]);
    expect(pluginFeatures(null)).toEqual([]);
  });
});
