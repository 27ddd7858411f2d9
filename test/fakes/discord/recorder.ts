interface Waiter<T> {
  pred: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * An append-only log with waiters: `waitFor` resolves on a past or future matching entry and rejects after a timeout
 * with a description of what was recorded, so a failing integration test says what the bot actually did.
 */
export class Recorder<T> {
  readonly items: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();
  readonly #describe: (item: T) => string;
  readonly #label: string;

  constructor(label: string, describe: (item: T) => string) {
    this.#label = label;
    this.#describe = describe;
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
    const past = this.items.find(pred);
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
      this.#waiters.add(waiter);
    });
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
