import { createHash } from "node:crypto";
import type { Json } from "./types.ts";

interface Bucket {
  hash: string;
  count: number;
  resetAt: number;
  blockedUntil: number;
}

interface ForcedLimit {
  pathPrefix: string;
  method: string | undefined;
  retryAfterSeconds: number;
}

export interface RateLimitOutcome {
  headers: Record<string, string>;
  /** Set when the request must be answered with 429. */
  limited: { retryAfterSeconds: number; body: Json } | null;
}

const WINDOW_MS = 1000;

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/**
 * Per-route buckets in Discord's style: each success carries X-RateLimit-* headers; exceeding the bucket, or a
 * 429 forced by a test, yields a 429 with Retry-After and `{ message, retry_after, global: false }`, and the bucket stays
 * closed until the retry time has passed (so a client that ignores Retry-After is caught).
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #forced: ForcedLimit[] = [];

  constructor(limitPerWindow: number) {
    this.#limit = limitPerWindow;
  }

  forceNext(pathPrefix: string, retryAfterSeconds: number, method?: string): void {
    this.#forced.push({ pathPrefix, method: method?.toUpperCase(), retryAfterSeconds });
  }

  /** `route` is the route template (e.g. "/channels/:channelId/messages"), `major` its major parameter value. */
  check(method: string, path: string, route: string, major: string, now: number): RateLimitOutcome {
    const key = `${method} ${route} ${major}`;
    let bucket = this.#buckets.get(key);
    if (!bucket || (now >= bucket.resetAt && now >= bucket.blockedUntil)) {
      const hash = createHash("sha1").update(`${method} ${route}`).digest("hex").slice(0, 32);
      bucket = { hash, count: 0, resetAt: now + WINDOW_MS, blockedUntil: 0 };
      this.#buckets.set(key, bucket);
    }
    const forcedIndex = this.#forced.findIndex(
      (f) => path.startsWith(f.pathPrefix) && (f.method === undefined || f.method === method),
    );
    if (forcedIndex >= 0) {
      const [forced] = this.#forced.splice(forcedIndex, 1);
      const retry = forced?.retryAfterSeconds ?? 1;
      bucket.blockedUntil = now + retry * 1000;
      bucket.resetAt = Math.max(bucket.resetAt, bucket.blockedUntil);
      return this.#limited(bucket, retry, now);
    }
    if (now < bucket.blockedUntil) return this.#limited(bucket, (bucket.blockedUntil - now) / 1000, now);
    if (bucket.count >= this.#limit) {
      bucket.blockedUntil = bucket.resetAt;
      return this.#limited(bucket, (bucket.resetAt - now) / 1000, now);
    }
    bucket.count += 1;
    return {
      headers: {
        "X-RateLimit-Limit": String(this.#limit),
        "X-RateLimit-Remaining": String(this.#limit - bucket.count),
        "X-RateLimit-Reset": seconds(bucket.resetAt),
        "X-RateLimit-Reset-After": seconds(bucket.resetAt - now),
        "X-RateLimit-Bucket": bucket.hash,
      },
      limited: null,
    };
  }

  #limited(bucket: Bucket, retryAfterSeconds: number, now: number): RateLimitOutcome {
    const retry = Number(retryAfterSeconds.toFixed(3));
    return {
      headers: {
        "Retry-After": String(retry),
        "X-RateLimit-Limit": String(this.#limit),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": seconds(now + retry * 1000),
        "X-RateLimit-Reset-After": String(retry),
        "X-RateLimit-Bucket": bucket.hash,
        "X-RateLimit-Scope": "user",
      },
      limited: {
        retryAfterSeconds: retry,
        body: { message: "You are being rate limited.", retry_after: retry, global: false },
      },
    };
  }
}
