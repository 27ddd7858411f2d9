/**
 * Collapses concurrent calls with the same key into one: while a call for a key is running, further calls for that
 * key get the same promise. Nothing is cached: once the promise settles the key is free again, and a rejection
 * reaches every caller that joined but is never replayed to later ones.
 */
export class SingleFlight<K, V> {
  private readonly calls: Map<K, Promise<V>>;

  constructor() {
    this.calls = new Map();
  }

  run(key: K, fn: () => Promise<V>): Promise<V> {
    const existing = this.calls.get(key);
    if (existing) return existing;
    // The executor turns a synchronous throw from fn into a rejection instead of escaping run().
    const call = new Promise<V>((resolve) => resolve(fn()));
    this.calls.set(key, call);
    const release = () => {
      if (this.calls.get(key) === call) this.calls.delete(key);
    };
    // Registered before any caller's handler, so the key is free by the time callers observe the result.
    call.then(release, release);
    return call;
  }

  /** Number of keys with a call in progress. */
  inFlight(): number {
    return this.calls.size;
  }
}
