import { userError } from "../i18n/translate.ts";
import { trackKey } from "./track-identity.ts";
import type { TrackView } from "./types.ts";

export interface QueueRuleInput<T> {
  /** The playing track, if any. */
  readonly current: TrackView | null;
  readonly upcoming: readonly TrackView[];
  /** Tracks asked for, in the order they would be added. */
  readonly incoming: readonly T[];
  readonly view: (t: T) => TrackView;
  readonly requesterId: string;
  /** Free places left under the queue length limit. */
  readonly room: number;
  /** Refuse tracks already playing or queued (and repeats within `incoming`). */
  readonly noDuplicates?: boolean;
  /** Most upcoming tracks one member may have queued. */
  readonly maxPerRequester?: number;
}

export interface QueueRuleOutcome<T> {
  readonly accepted: T[];
  /** Left out because they were already in the queue. */
  readonly duplicates: number;
  /** Left out because the member reached their limit. */
  readonly overMemberLimit: number;
}

/**
 * A server's queue rules applied to tracks about to be added: no duplicates, then the per-member limit, then the
 * queue length. Engine-independent. @throws UserError DUPLICATE when every track is already queued, MEMBER_LIMIT
 * when the member has no room left
 */
export function applyQueueRules<T>(input: QueueRuleInput<T>): QueueRuleOutcome<T> {
  let candidates = [...input.incoming];
  let duplicates = 0;
  if (input.noDuplicates) {
    const seen = new Set([input.current, ...input.upcoming].filter((t) => t !== null).map(trackKey));
    candidates = candidates.filter((t) => {
      const key = trackKey(input.view(t));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    duplicates = input.incoming.length - candidates.length;
    if (candidates.length === 0) {
      throw userError("DUPLICATE", input.incoming.length === 1 ? "music.duplicate" : "music.duplicates");
    }
  }
  let overMemberLimit = 0;
  if (input.maxPerRequester !== undefined) {
    const mine = input.upcoming.filter((t) => t.requester?.id === input.requesterId).length;
    const memberRoom = Math.max(0, input.maxPerRequester - mine);
    if (memberRoom === 0) {
      throw userError("MEMBER_LIMIT", "music.memberLimit", { count: mine });
    }
    overMemberLimit = Math.max(0, candidates.length - memberRoom);
    candidates = candidates.slice(0, memberRoom);
  }
  return { accepted: candidates.slice(0, Math.max(0, input.room)), duplicates, overMemberLimit };
}
