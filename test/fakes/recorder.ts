interface Waiter<T> {
  pred: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface RecorderOptions {
  /** A predicate that throws counts as "no match" instead of failing the wait (for raw wire traffic). */
  readonly skipThrowingPredicates?: boolean;
  /** Timeout timers do not keep the process alive. */
  readonly unrefTimers?: boolean;
}

/**
 * An append-only log with waiters, shared by every fake (Discord, Lavalink, voice): `waitFor` resolves on a past or
 * future matching entry and rejects after a timeout with a description of what was recorded, so a failing
 * integration test says what the bot actually did.
 */
export class Recorder<T> {
  readonly items: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();
  readonly #describe: (item: T) => string;
  readonly #label: string;
  readonly #options: RecorderOptions;

  constructor(label: string, describe: (item: T) => string, options: RecorderOptions = {}) {
    this.#label = label;
    this.#describe = describe;
    this.#options = options;
  }

  push(item: T): void {
    this.items.push(item);
    this.notify(item);
  }

  /** Re-offers an entry that changed in place to the current waiters. */
  notify(item: T): void {
    for (const waiter of [...this.#waiters]) {
      let matched = false;
      try {
        matched = waiter.pred(item);
      } catch (error) {
        if (this.#options.skipThrowingPredicates) continue;
        this.#settle(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (matched) {
        this.#settle(waiter);
        waiter.resolve(item);
      }
    }
  }

  waitFor(pred: (item: T) => boolean, timeoutMs: number, what = "a matching entry"): Promise<T> {
    const past = this.items.find((item) => this.#matches(pred, item));
    if (past !== undefined) return Promise.resolve(past);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        pred,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#settle(waiter);
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what} in ${this.#label}.\n${this.recent()}`));
        }, timeoutMs),
      };
      if (this.#options.unrefTimers) waiter.timer.unref();
      this.#waiters.add(waiter);
    });
  }

  #matches(pred: (item: T) => boolean, item: T): boolean {
    if (!this.#options.skipThrowingPredicates) return pred(item);
    try {
      return pred(item);
    } catch {
      return false;
    }
  }

  /** The last entries, one a line, for error messages. */
  recent(count = 15): string {
    if (this.items.length === 0) return `  (${this.#label}: nothing recorded)`;
    const tail = this.items.slice(-count).map((item) => `  ${this.#describe(item)}`);
    return `Last ${tail.length} of ${this.items.length} in ${this.#label}:\n${tail.join("\n")}`;
  }

  rejectAll(reason: string): void {
    for (const waiter of [...this.#waiters]) {
      this.#settle(waiter);
      waiter.reject(new Error(reason));
    }
  }

  #settle(waiter: Waiter<T>): void {
    clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
  }
}
