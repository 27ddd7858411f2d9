import type { LavalinkManager, Track } from "lavalink-client";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/core/errors.ts";
import { createLogger } from "../../../src/core/logger.ts";
import { Autoplay } from "../../../src/music/autoplay.ts";
import { PlayHistory } from "../../../src/music/history.ts";
import type { LoadedTracks } from "../../../src/music/search.ts";

const G = "1";
const track = (id: string, title: string) =>
  ({
    encoded: `enc-${id}`,
    info: { identifier: id, title, author: "Artist", uri: `https://soundcloud.com/a/${id}`, sourceName: "soundcloud" },
  }) as unknown as Track;

/** A queue that ran out after `seed`; records the player updates that reached the node (`play` for a track start). */
function setup(guard: <T>(fn: () => Promise<T>) => Promise<T>) {
  const node: string[] = [];
  const data = new Map<string, unknown>();
  const player = {
    guildId: G,
    lavalinkVolume: 100,
    queue: {
      current: null as Track | null,
      tracks: [] as Track[],
      previous: [] as Track[],
      async add(t: Track, index?: number) {
        if (index === undefined) player.queue.tracks.push(t);
        else player.queue.tracks.splice(index, 0, t);
      },
      async splice(start: number, count: number) {
        return player.queue.tracks.splice(start, count);
      },
      utils: { async save() {} },
    },
    node: {
      id: "fake",
      connected: true,
      sessionId: "s",
      async rawRequest(_path: string, modify: (r: { method?: string; headers?: object; body?: string }) => void) {
        const r: { method?: string; body?: string } = {};
        modify(r);
        if (r.method === "PATCH" && r.body?.includes('"track"')) node.push("play");
        return { response: new Response(null, { status: 200 }) };
      },
    },
    getData: (key: string) => data.get(key),
    setData: (key: string, value: unknown) => data.set(key, value),
    LavalinkManager: {
      utils: { isUnresolvedTrack: () => false, getTransformedRequester: (r: unknown) => r },
      emit() {},
    },
  };
  const manager = { getPlayer: () => player, utils: { buildTrack: (t: Track) => t } };
  const loaded: LoadedTracks = {
    kind: "search",
    tracks: [track("b", "Related")],
    playlistName: null,
    source: "scsearch",
  };
  const autoplay = new Autoplay({
    manager: manager as unknown as LavalinkManager,
    history: new PlayHistory(),
    load: async () => loaded,
    guard,
    logger: createLogger({ level: "silent" }),
  });
  return { autoplay, player, node };
}

describe("autoplay's node calls go through the guard", () => {
  it("with the guard refusing (breaker open), the related track is not started on the node", async () => {
    const refuse = () => Promise.reject(new UserError("MUSIC_UNAVAILABLE", "Music nodes are unavailable."));
    const { autoplay, node } = setup(refuse);
    await autoplay.setEnabled(G, true);
    await autoplay.onQueueEnd(G, track("a", "Seed"));
    expect(node).toEqual([]);
  });

  it("with the guard letting calls through, the related track starts", async () => {
    const { autoplay, player, node } = setup((fn) => fn());
    await autoplay.setEnabled(G, true);
    await autoplay.onQueueEnd(G, track("a", "Seed"));
    expect(node).toEqual(["play"]);
    expect(player.queue.current?.info.title).toBe("Related");
  });
});
