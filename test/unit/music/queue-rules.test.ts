import { describe, expect, it } from "vitest";
import { applyQueueRules } from "../../../src/music/queue-rules.ts";
import type { TrackView } from "../../../src/music/types.ts";

const t = (uri: string, requester = "a"): TrackView => ({
  encoded: uri,
  title: uri,
  author: "x",
  uri,
  durationMs: 1000,
  isStream: false,
  isSeekable: true,
  sourceName: "http",
  artworkUrl: null,
  requester: { id: requester, username: requester },
});
const base = { view: (x: TrackView) => x, requesterId: "a", room: 100 };

describe("queue rules", () => {
  it("passes everything through when no rule is on, up to the room left", () => {
    const out = applyQueueRules({ ...base, room: 2, current: null, upcoming: [], incoming: [t("1"), t("2"), t("3")] });
    expect(out.accepted.map((x) => x.uri)).toEqual(["1", "2"]);
    expect(out).toMatchObject({ duplicates: 0, overMemberLimit: 0 });
  });

  it("drops tracks already playing, queued or repeated in the batch", () => {
    const out = applyQueueRules({
      ...base,
      noDuplicates: true,
      current: t("1"),
      upcoming: [t("2")],
      incoming: [t("1"), t("3"), t("2"), t("3"), t("4")],
    });
    expect(out.accepted.map((x) => x.uri)).toEqual(["3", "4"]);
    expect(out.duplicates).toBe(3);
    expect(() =>
      applyQueueRules({ ...base, noDuplicates: true, current: t("1"), upcoming: [], incoming: [t("1")] }),
    ).toThrow(/already in the queue/);
  });

  it("counts only the member's own upcoming tracks against their limit", () => {
    const upcoming = [t("1", "a"), t("2", "b"), t("3", "b")];
    const out = applyQueueRules({
      ...base,
      maxPerRequester: 3,
      current: null,
      upcoming,
      incoming: [t("4"), t("5"), t("6")],
    });
    expect(out.accepted.map((x) => x.uri)).toEqual(["4", "5"]);
    expect(out.overMemberLimit).toBe(1);
    expect(() => applyQueueRules({ ...base, maxPerRequester: 1, current: null, upcoming, incoming: [t("9")] })).toThrow(
      "You already have 1 track in the queue, this server's limit per member.",
    );
  });
});
