import { describe, expect, it } from "vitest";
import { checkNodeInfo } from "../../../src/music/node-preflight.ts";

const ORDER = ["ytsearch", "ytmsearch", "scsearch"];

const lavalink = (semver: string, sources: string[], plugins: { name: string; version: string }[] = []) => {
  const [major = 0, minor = 0, patch = 0] = semver.split(".").map(Number);
  return { version: { semver, major, minor, patch }, sourceManagers: sources, plugins };
};

/** NodeLink's /v4/info: its own version numbers, sent as strings, and `isNodeLink`. */
const nodeLink = (semver: string, sources: string[]) => {
  const [major = "0", minor = "0", patch = "0"] = semver.split(".");
  return { version: { semver, major, minor, patch }, sourceManagers: sources, plugins: [], isNodeLink: true };
};

describe("checkNodeInfo", () => {
  it.each([
    ["4.2.0", ["youtube", "http"], [], "ytsearch"],
    ["5.0.0", ["youtube"], [], "ytsearch"],
    ["4.1.9", ["youtube", "http"], ["too old"], "ytsearch"],
    ["3.7.12", ["youtube", "http"], ["too old"], "ytsearch"],
    ["4.2.2", ["soundcloud", "http"], [], "scsearch"],
    ["4.2.2", ["http"], ["no search source"], null],
    ["4.2.2", ["local"], ["no source that loads links", "no search source"], null],
    ["4.0.0", [], ["too old", "no source that loads links", "no search source"], null],
  ])("Lavalink %s with %j", (semver, sources, expected, search) => {
    const result = checkNodeInfo(lavalink(semver, sources), ORDER);
    expect(result.ok).toBe(expected.length === 0);
    expect(result.problems).toHaveLength(expected.length);
    for (const [i, fragment] of expected.entries()) expect(result.problems[i]).toContain(fragment);
    expect(result.search).toBe(search);
    expect(result.server).toBe(`Lavalink ${semver}`);
  });

  it("says which source searches use when the configured one is missing", () => {
    const result = checkNodeInfo(lavalink("4.2.2", ["soundcloud", "http"]), ORDER);
    expect(result.notes).toEqual(["searches use SoundCloud: the node has no YouTube source"]);
    expect(result.links).toBe(true);
  });

  it("counts plugin sources (LavaSrc, youtube-plugin) from sourceManagers", () => {
    const result = checkNodeInfo(
      lavalink(
        "4.2.2",
        ["youtube", "spotify", "applemusic", "deezer", "http"],
        [
          { name: "youtube-plugin", version: "1.13.3" },
          { name: "lavasrc-plugin", version: "4.8.1" },
        ],
      ),
      ["spsearch", "ytsearch"],
    );
    expect(result).toMatchObject({ ok: true, search: "spsearch", notes: [] });
  });

  it.each([
    ["2.3.0", ["youtube", "soundcloud", "http", "local"]],
    ["3.0.1", ["soundcloud", "http"]],
  ])("judges NodeLink %s by its own rules (string version numbers, no Lavalink minimum)", (semver, sources) => {
    const result = checkNodeInfo(nodeLink(semver, sources), ORDER);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.server).toBe(`NodeLink ${semver}`);
  });

  it("flags a node that did not describe itself", () => {
    expect(checkNodeInfo(undefined, ORDER)).toMatchObject({
      ok: false,
      problems: [expect.stringContaining("/v4/info")],
    });
  });
});
