import { describe, expect, it } from "vitest";
import { duplicateIndexes, trackKey } from "../../../src/music/track-identity.ts";
import type { TrackView } from "../../../src/music/types.ts";

const track = (over: Partial<TrackView>): TrackView => ({
  encoded: "e",
  title: "t",
  author: "a",
  uri: null,
  durationMs: 1000,
  isStream: false,
  isSeekable: true,
  sourceName: "youtube",
  artworkUrl: null,
  requester: null,
  ...over,
});

describe("track identity", () => {
  it("uses the link first, then the source id, then the encoded form", () => {
    expect(trackKey(track({ uri: "https://Example.com/A " }))).toBe("uri:https://example.com/a");
    expect(trackKey(track({ identifier: "abc" }))).toBe("id:youtube:abc");
    expect(trackKey(track({ encoded: "QUJD" }))).toBe("enc:QUJD");
  });

  it("finds repeats of the current track and of earlier entries, keeping the first", () => {
    const a = track({ uri: "https://x/a" });
    const b = track({ uri: "https://x/b" });
    const c = track({ uri: "https://x/c" });
    expect([...duplicateIndexes(a, [b, a, c, b, b])]).toEqual([1, 3, 4]);
    expect([...duplicateIndexes(null, [a, b, c])]).toEqual([]);
  });
});
