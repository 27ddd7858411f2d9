/**
 * Append-only log of wire traffic with "wait until something matching shows up" (past or future), so tests
 * synchronise on recorded traffic instead of sleeping.
 */

interface Waiter<T> {
  pred: (item: T) => boolean;
  resolve: (item: T) => void;
}

export class TrafficLog<T> {
  readonly items: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();
  readonly #describe: (item: T) => string;
  readonly #what: string;

  /**
   * @param what noun used in timeout messages ("request", "ws op", …)
   * @param describe one-line summary of an item for timeout messages
   */
  constructor(what: string, describe: (item: T) => string) {
    this.#what = what;
    this.#describe = describe;
  }

  push(item: T): void {
    this.items.push(item);
    for (const waiter of [...this.#waiters]) {
      if (safeMatch(waiter.pred, item)) {
        this.#waiters.delete(waiter);
        waiter.resolve(item);
      }
    }
  }

  /** Resolves with the first matching item already logged, else the next one; rejects after `timeoutMs`. */
  waitFor(pred: (item: T) => boolean, timeoutMs: number): Promise<T> {
    const past = this.items.find((item) => safeMatch(pred, item));
    if (past !== undefined) return Promise.resolve(past);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        pred,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const recent = this.items.slice(-15).map((item) => `  ${this.#describe(item)}`);
        reject(
          new Error(
            `no matching ${this.#what} within ${timeoutMs} ms; last ${recent.length} of ${this.items.length}:\n${recent.join("\n") || "  (none)"}`,
          ),
        );
      }, timeoutMs);
      timer.unref();
      this.#waiters.add(waiter);
    });
  }
}

function safeMatch<T>(pred: (item: T) => boolean, item: T): boolean {
  try {
    return pred(item);
  } catch {
    return false;
  }
}
