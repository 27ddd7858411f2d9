import type { Clock } from "../core/clock.ts";
import { KeyedRateLimiter } from "../core/rate-limiter.ts";
import type { Translate } from "../i18n/translate.ts";

export interface UserRateLimitOptions {
  /** Commands (slash, prefix, buttons and menus together) a member may send back to back. */
  burst: number;
  /** Milliseconds to regain one command: the sustained rate is one command per this interval. */
  refillMs: number;
  /** Autocomplete requests a member may send back to back (Discord sends one per keystroke). */
  autocompleteBurst: number;
  /** Milliseconds to regain one autocomplete request. */
  autocompleteRefillMs: number;
  /** Members tracked at once (least recently active forgotten first). Default 10000. */
  maxUsers?: number;
}

/**
 * What to do with a command: run it; refuse it and tell the member (once per window); or refuse it silently.
 * Interactions must always be answered, so the router answers `silent` interactions too (privately).
 */
export type Admission = { kind: "run" } | { kind: "refuse"; notify: boolean; retryAfterMs: number };

/**
 * One per-member rate limit across every way a command arrives: a token bucket that allows a burst of
 * `burst` commands and then one per `refillMs`. A member over the limit is told once per window (the time the
 * bucket takes to fill up again); further refusals in that window are silent, so a flood cannot make Encore flood
 * the channel in turn. Autocomplete has its own, looser bucket: it fires per keystroke and never posts anything.
 */
export class UserRateLimit {
  private readonly commands: KeyedRateLimiter;
  private readonly notices: KeyedRateLimiter;
  private readonly autocompletes: KeyedRateLimiter;

  constructor(opts: UserRateLimitOptions, clock: Clock) {
    const maxKeys = opts.maxUsers ?? 10_000;
    this.commands = new KeyedRateLimiter({ capacity: opts.burst, refillIntervalMs: opts.refillMs, maxKeys }, clock);
    this.notices = new KeyedRateLimiter({ capacity: 1, refillIntervalMs: opts.burst * opts.refillMs, maxKeys }, clock);
    this.autocompletes = new KeyedRateLimiter(
      { capacity: opts.autocompleteBurst, refillIntervalMs: opts.autocompleteRefillMs, maxKeys },
      clock,
    );
  }

  /** Spends one command token for `userId`. */
  admit(userId: string): Admission {
    const taken = this.commands.take(userId);
    if (taken.ok) return { kind: "run" };
    return { kind: "refuse", notify: this.notices.take(userId).ok, retryAfterMs: taken.retryAfterMs };
  }

  /** Spends one autocomplete token for `userId`; false when the member is over the autocomplete limit. */
  admitAutocomplete(userId: string): boolean {
    return this.autocompletes.take(userId).ok;
  }
}

/** The refusal a member sees. */
export function slowDownMessage(t: Translate, retryAfterMs: number): string {
  return t("router.slowDown", { seconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
}
