import { describe, expect, it } from "vitest";
import { checkNodeInfo } from "../../../src/music/node-preflight.ts";

const info = (semver: string, sources: string[]) => {
  const [major = 0, minor = 0, patch = 0] = semver.split(".").map(Number);
  return { version: { semver, major, minor, patch }, sourceManagers: sources } as never;
};

describe("checkNodeInfo", () => {
  it.each([
    ["4.2.0", ["youtube", "http"], []],
    ["5.0.0", ["youtube"], []],
    ["4.1.9", ["youtube"], ["too old"]],
    ["3.7.12", ["youtube"], ["too old"]],
    ["4.2.2", ["soundcloud", "http"], ["no YouTube source"]],
    ["4.0.0", [], ["too old", "no YouTube source"]],
  ])("Lavalink %s with %j", (semver, sources, expected) => {
    const result = checkNodeInfo(info(semver, sources));
    expect(result.ok).toBe(expected.length === 0);
    expect(result.problems).toHaveLength(expected.length);
    for (const [i, fragment] of expected.entries()) expect(result.problems[i]).toContain(fragment);
  });

  it("flags a node that did not describe itself", () => {
    expect(checkNodeInfo(undefined as never)).toEqual({ ok: false, problems: [expect.stringContaining("/v4/info")] });
  });
});
