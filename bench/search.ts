/** The search cache in-process: cached lookups' latency, and identical concurrent searches sharing one node call. */
import type { Track } from "lavalink-client";
import { TtlCache } from "../src/core/cache.ts";
import { createLogger } from "../src/core/logger.ts";
import { SingleFlight } from "../src/core/single-flight.ts";
import type { NodeLoadResult } from "../src/music/node-load.ts";
import { NodeSources } from "../src/music/node-sources.ts";
import { type LoadedTracks, SearchService } from "../src/music/search.ts";
import { percentile, round3, sleep } from "./lib.ts";

export async function cachedSearch(o: {
  lookups: number;
}): Promise<{ cachedP50Ms: number; cachedP99Ms: number; nodeCalls: number }> {
  let nodeCalls = 0;
  const search = new SearchService(
    { defaultSource: "ytsearch", fallbackSources: ["ytmsearch", "scsearch"], allowPrivateUrls: false },
    {
      cache: new TtlCache<string, LoadedTracks>({ name: "search", max: 500, ttlMs: 600_000 }),
      flights: new SingleFlight(),
      resolve: async () => [{ address: "93.184.216.34", family: 4 }],
      logger: createLogger({ level: "silent" }),
      loader: {
        capabilities: () => new NodeSources({ sourceManagers: ["youtube", "soundcloud"] }),
        load: async (text): Promise<NodeLoadResult> => {
          nodeCalls++;
          await sleep(5);
          const tracks = Array.from(
            { length: 10 },
            (_, i) => ({ info: { title: `${text} ${i}` } }) as unknown as Track,
          );
          return { loadType: "search", tracks, playlistName: null, errorMessage: null };
        },
      },
    },
  );
  const queries = Array.from({ length: 400 }, (_, i) => `artist ${i} song title ${i * 7}`);
  for (const q of queries) await search.load(q);
  const times: number[] = [];
  for (let i = 0; i < o.lookups; i++) {
    const q = queries[(i * 7919) % queries.length] as string;
    const start = performance.now();
    await search.load(q);
    times.push(performance.now() - start);
  }
  return { cachedP50Ms: round3(percentile(times, 0.5)), cachedP99Ms: round3(percentile(times, 0.99)), nodeCalls };
}
