import { describe, expect, it } from "vitest";
import { fairOrder } from "../../../src/music/fair-queue.ts";
import { filterLabels, filterPayload, NO_FILTERS, nextFilterState } from "../../../src/music/filters.ts";
import { HISTORY_SIZE, PlayHistory } from "../../../src/music/history.ts";
import type { TrackView } from "../../../src/music/types.ts";
import { neededVotes, SkipVotes } from "../../../src/music/vote-skip.ts";

describe("fairOrder", () => {
  const by = (t: string) => t.split(":")[0] ?? "";
  it.each([
    [["a:1", "a:2", "b:1"], null, ["a:1", "b:1", "a:2"]],
    [["a:1", "a:2", "a:3", "b:1", "c:1"], null, ["a:1", "b:1", "c:1", "a:2", "a:3"]],
    [["a:1", "a:2", "b:1"], "a", ["b:1", "a:1", "a:2"]],
    [["b:1", "b:2", "a:1"], "c", ["b:1", "a:1", "b:2"]],
    [[], "a", []],
  ])("orders %j (playing %s) as %j", (input, playing, expected) => {
    expect(fairOrder(input, by, playing)).toEqual(expected);
  });
});

describe("filter presets", () => {
  it("toggles on/off presets and keeps the rest", () => {
    let s = nextFilterState(NO_FILTERS, "karaoke");
    s = nextFilterState(s, "bassboost", "low");
    expect(filterLabels(s)).toEqual(["bass boost (low)", "karaoke"]);
    s = nextFilterState(s, "karaoke");
    expect(filterLabels(s)).toEqual(["bass boost (low)"]);
    s = nextFilterState(s, "bassboost", "low");
    expect(filterPayload(s)).toEqual({});
  });

  it("nightcore, vaporwave and speed/pitch/rate share the timescale", () => {
    let s = nextFilterState(NO_FILTERS, "nightcore");
    s = nextFilterState(s, "vaporwave");
    expect(filterPayload(s)).toEqual({ timescale: { speed: 0.85, pitch: 0.8, rate: 1 } });
    s = nextFilterState(s, "speed", 1.5);
    expect(filterPayload(s)).toEqual({ timescale: { speed: 1.5, pitch: 1, rate: 1 } });
    s = nextFilterState(s, "speed", 1);
    expect(filterPayload(s)).toEqual({});
    expect(nextFilterState(nextFilterState(NO_FILTERS, "8d"), "off")).toBe(NO_FILTERS);
  });
});

describe("skip votes", () => {
  it.each([
    [1, 0.5, 1],
    [2, 0.5, 1],
    [3, 0.5, 2],
    [5, 0.5, 3],
    [4, 0.75, 3],
    [4, 0, 1],
  ])("%i listeners at %f need %i votes", (listeners, ratio, needed) => {
    expect(neededVotes(listeners, ratio)).toBe(needed);
  });

  it("counts only current listeners, once each, per track", () => {
    const votes = new SkipVotes();
    expect(votes.vote("g", "t1", "a", ["a", "b", "c"], 0.5)).toEqual({
      votes: 1,
      needed: 2,
      passed: false,
      repeated: false,
    });
    expect(votes.vote("g", "t1", "a", ["a", "b", "c"], 0.5).repeated).toBe(true);
    expect(votes.vote("g", "t1", "b", ["b", "c"], 0.5)).toMatchObject({ votes: 1, needed: 1, passed: true });
    expect(votes.vote("g", "t2", "c", ["a", "b", "c"], 0.5)).toMatchObject({ votes: 1, passed: false });
    votes.reset("g");
    expect(votes.vote("g", "t2", "a", ["a", "b", "c"], 0.5).votes).toBe(1);
  });
});

describe("play history", () => {
  const track = (n: number): TrackView => ({
    encoded: `e${n}`,
    title: `Track ${n}`,
    author: "A",
    uri: `https://example.com/${n}`,
    durationMs: 1000,
    isStream: false,
    isSeekable: true,
    sourceName: "http",
    artworkUrl: null,
    requester: null,
  });
  it(`keeps the last ${HISTORY_SIZE}, most recent first`, () => {
    const history = new PlayHistory();
    for (let i = 1; i <= 60; i++) history.record("g", track(i));
    const list = history.list("g");
    expect(list).toHaveLength(HISTORY_SIZE);
    expect(list[0]?.title).toBe("Track 60");
    expect(history.has("g", track(11))).toBe(true);
    expect(history.has("g", track(10))).toBe(false);
    expect(history.list("other")).toEqual([]);
  });
});
