import type { TrackView } from "./types.ts";

/**
 * What makes two queue entries "the same track": the link when there is one, else the source's own id, else the
 * encoded form. Search results of one song from different sources are different tracks.
 */
export function trackKey(t: Pick<TrackView, "uri" | "identifier" | "sourceName" | "encoded">): string {
  if (t.uri) return `uri:${t.uri.trim().toLowerCase()}`;
  if (t.identifier) return `id:${t.sourceName}:${t.identifier}`;
  return `enc:${t.encoded}`;
}

/** 0-based indexes of upcoming tracks that repeat the current track or an earlier upcoming one. */
export function duplicateIndexes(current: TrackView | null, upcoming: readonly TrackView[]): Set<number> {
  const seen = new Set<string>(current ? [trackKey(current)] : []);
  const dupes = new Set<number>();
  upcoming.forEach((t, i) => {
    const key = trackKey(t);
    if (seen.has(key)) dupes.add(i);
    else seen.add(key);
  });
  return dupes;
}
