import { describe, expect, it } from "vitest";
import { replayKeys } from "../../../src/music/autoplay.ts";

const yt = (identifier: string | undefined, uri: string | null) => ({
  identifier,
  uri,
  sourceName: "youtube",
  title: "Song",
  author: "Artist",
});
const same = (a: ReturnType<typeof yt>, b: ReturnType<typeof yt>) =>
  replayKeys(a).some((k) => replayKeys(b).includes(k));

describe("replayKeys: the same song under different links", () => {
  it.each([
    [yt("abc", "https://music.youtube.com/watch?v=abc"), yt("abc", "https://www.youtube.com/watch?v=abc")],
    [yt(undefined, "https://youtu.be/abc"), yt(undefined, "https://www.youtube.com/watch?v=abc&list=RDabc&index=1")],
    [yt(undefined, "https://m.youtube.com/watch?v=abc"), yt("abc", null)],
    [yt(undefined, "https://www.youtube.com/shorts/abc"), yt("abc", null)],
    [yt(undefined, "HTTPS://CDN.EXAMPLE.ORG/a.mp3"), yt(undefined, "https://cdn.example.org/a.mp3")],
  ])("%j is %j", (a, b) => expect(same(a, b)).toBe(true));

  it.each([
    [yt("abc", "https://www.youtube.com/watch?v=abc"), yt("abd", "https://www.youtube.com/watch?v=abd")],
    [yt("abc", null), { ...yt("abc", null), sourceName: "soundcloud" }],
  ])("%j is not %j", (a, b) => expect(same(a, b)).toBe(false));
});
