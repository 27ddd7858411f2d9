import type { TtlCache } from "../core/cache.ts";
import { type LocalText, userError } from "../i18n/translate.ts";

/** Search results waiting for a pick from a select menu. */
export interface PendingChoices<T> {
  readonly userId: string;
  readonly tracks: readonly T[];
  readonly source: string | null;
  readonly fellBackFrom: string | null;
  readonly fallbackReason: LocalText | null;
}

/** Remembers offered search results (with a TTL) until the member who searched picks from them. */
export class SearchChoiceStore<T> {
  private readonly cache: TtlCache<string, PendingChoices<T>>;
  private seq = 0;

  constructor(cache: TtlCache<string, PendingChoices<T>>) {
    this.cache = cache;
  }

  /** @returns a short id for the select menu's custom id */
  offer(pending: PendingChoices<T>): string {
    this.seq += 1;
    const id = this.seq.toString(36);
    this.cache.set(id, pending);
    return id;
  }

  /**
   * The picked tracks (0-based indexes) of an offer; the offer is used up.
   * @throws UserError CHOICES_EXPIRED, NOT_YOUR_MENU, BAD_ARGUMENT
   */
  take(id: string, userId: string, indexes: readonly number[]): { picked: T[]; pending: PendingChoices<T> } {
    const pending = this.cache.get(id);
    if (!pending) throw userError("CHOICES_EXPIRED", "music.choicesExpired");
    if (pending.userId !== userId) {
      throw userError("NOT_YOUR_MENU", "music.notYourMenu");
    }
    const picked = [...new Set(indexes)].map((i) => pending.tracks[i]).filter((t): t is T => t !== undefined);
    if (picked.length === 0) throw userError("BAD_ARGUMENT", "search.pickOne");
    this.cache.delete(id);
    return { picked, pending };
  }
}
