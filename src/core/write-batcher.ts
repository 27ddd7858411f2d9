import { type Clock, type TimerHandle, unrefTimer } from "./clock.ts";

export interface WriteBatcherOptions<K, V> {
  /** A pending write is flushed at most this many milliseconds after the first write of a batch. Default 2000. */
  flushIntervalMs: number;
  /** When more keys than this are pending, flush without waiting for the timer. Default 100. */
  maxPending: number;
  /** Persists one batch. A throw or rejection keeps the batch pending for the next flush. */
  write: (entries: Map<K, V>) => void | Promise<void>;
  /** Receives failures of flushes the batcher starts itself (timer, overflow). Explicit `flush()` rejects instead. */
  onError?: (err: unknown) => void;
}

type RequiredKeys<K, V> = Pick<WriteBatcherOptions<K, V>, "write">;

const DEFAULTS = { flushIntervalMs: 2000, maxPending: 100 };

/**
 * Coalesces writes per key (the last value wins) and persists them in batches: one timer per batch, one write in
 * flight at a time. Values not yet persisted stay readable through {@link WriteBatcher.get}.
 */
export class WriteBatcher<K, V> {
  private readonly flushIntervalMs: number;
  private readonly maxPending: number;
  private readonly write: (entries: Map<K, V>) => void | Promise<void>;
  private readonly onError: ((err: unknown) => void) | undefined;
  private readonly clock: Clock;
  private waiting: Map<K, V>;
  /** The batch currently being written, still visible to readers until the write succeeds. */
  private writing: Map<K, V> | undefined;
  private timer: TimerHandle | undefined;
  /** Tail of the flush chain; each flush starts after the previous one settles. */
  private tail: Promise<void>;
  private overflowQueued: boolean;
  private stopped: boolean;

  constructor(opts: RequiredKeys<K, V> & Partial<WriteBatcherOptions<K, V>>, clock: Clock) {
    this.flushIntervalMs = opts.flushIntervalMs ?? DEFAULTS.flushIntervalMs;
    this.maxPending = opts.maxPending ?? DEFAULTS.maxPending;
    this.write = opts.write;
    this.onError = opts.onError;
    this.clock = clock;
    this.waiting = new Map();
    this.writing = undefined;
    this.timer = undefined;
    this.tail = Promise.resolve();
    this.overflowQueued = false;
    this.stopped = false;
  }

  /**
   * Queues `value` for `key`, replacing any pending value.
   * @throws Error after {@link WriteBatcher.stop}
   */
  set(key: K, value: V): void {
    if (this.stopped) throw new Error("write batcher is stopped");
    this.waiting.set(key, value);
    if (this.waiting.size > this.maxPending) {
      if (!this.overflowQueued) {
        this.overflowQueued = true;
        this.flushInBackground();
      }
    } else {
      this.arm();
    }
  }

  /** Number of keys waiting for a write that has not started yet. */
  pending(): number {
    return this.waiting.size;
  }

  /** The newest value for `key` not yet persisted (waiting or being written), for read-your-writes. */
  get(key: K): V | undefined {
    if (this.waiting.has(key)) return this.waiting.get(key);
    return this.writing?.get(key);
  }

  /**
   * Writes everything pending now, after any flush already running.
   * @throws whatever `write` throws; the entries stay pending and a retry is scheduled
   */
  flush(): Promise<void> {
    const run = this.tail.then(() => this.flushOnce());
    this.tail = run.catch(() => {});
    return run;
  }

  /** Stops the timer and makes a final flush. @throws whatever the final `write` throws */
  async stop(): Promise<void> {
    this.stopped = true;
    this.disarm();
    await this.flush();
  }

  private async flushOnce(): Promise<void> {
    this.overflowQueued = false;
    this.disarm();
    if (this.waiting.size === 0) return;
    const batch = this.waiting;
    this.waiting = new Map();
    this.writing = batch;
    try {
      await this.write(batch);
    } catch (err) {
      // Keep the failed values unless a newer value for the key arrived meanwhile; preserve their original order.
      const merged = new Map(batch);
      for (const [key, value] of this.waiting) merged.set(key, value);
      this.waiting = merged;
      this.arm();
      throw err;
    } finally {
      this.writing = undefined;
    }
  }

  private flushInBackground(): void {
    this.flush().catch((err: unknown) => this.onError?.(err));
  }

  private arm(): void {
    if (this.timer || this.stopped || this.waiting.size === 0) return;
    this.timer = unrefTimer(
      this.clock.setTimeout(() => {
        this.timer = undefined;
        this.flushInBackground();
      }, this.flushIntervalMs),
    );
  }

  private disarm(): void {
    if (!this.timer) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
