import { describe, expect, it } from "vitest";
import { buildQueueFile, parseQueueFile } from "../../../src/music/queue-file.ts";
import type { TrackView } from "../../../src/music/types.ts";

const view = (uri: string | null): TrackView => ({
  encoded: "QUFB",
  title: "T",
  author: "A",
  uri,
  durationMs: 1500.4,
  isStream: false,
  isSeekable: true,
  sourceName: "youtube",
  artworkUrl: null,
  requester: { id: "1", username: "u" },
});

describe("queue file", () => {
  it("round-trips links only: no encoded tracks, no requesters; tracks without a link are counted", () => {
    const { file, skipped } = buildQueueFile([view("https://x.example/a"), view(null)], 0);
    expect(skipped).toBe(1);
    expect(file).toEqual({
      format: "encore.queue",
      version: 1,
      exportedAt: "1970-01-01T00:00:00.000Z",
      tracks: [
        {
          title: "T",
          author: "A",
          uri: "https://x.example/a",
          durationMs: 1500,
          sourceName: "youtube",
          isStream: false,
        },
      ],
    });
    expect(parseQueueFile(Buffer.from(JSON.stringify(file)), 10)).toEqual(file);
  });

  it("refuses more tracks than allowed", () => {
    const { file } = buildQueueFile([view("https://x.example/a"), view("https://x.example/b")], 0);
    expect(() => parseQueueFile(Buffer.from(JSON.stringify(file)), 1)).toThrow("it has more than 1 tracks");
  });
});
