import { type Clock, type TimerHandle, unrefTimer } from "./clock.ts";

export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. Default 3. */
  failureThreshold: number;
  /** Milliseconds the breaker stays open before it lets one probe call through (half-open). Default 5000. */
  cooldownMs: number;
  /**
   * A guarded call slower than this many milliseconds rejects with {@link BreakerTimeoutError} and counts as a
   * failure. 0 or Infinity disables the timeout. Default 5000.
   */
  callTimeoutMs: number;
  /**
   * Decides whether a rejection counts against the service. Default: every rejection does. Return false for
   * expected refusals (e.g. a `UserError` for "no matches"): they prove the service answered, so they count as
   * success.
   */
  isFailure: (err: unknown) => boolean;
}

export const DEFAULT_BREAKER_OPTIONS: Readonly<BreakerOptions> = Object.freeze({
  failureThreshold: 3,
  cooldownMs: 5000,
  callTimeoutMs: 5000,
  isFailure: () => true,
});

/** Thrown without calling the guarded function while the breaker is open or its half-open probe is busy. */
export class BreakerOpenError extends Error {
  /** Milliseconds until the breaker will let a probe through; 0 when a probe is already running. */
  readonly retryAfterMs: number;
  /** Why the breaker was opened, when it was forced open with a reason. */
  readonly reason: string | undefined;

  constructor(retryAfterMs: number, reason?: string) {
    super(reason ? `circuit breaker is open: ${reason}` : "circuit breaker is open");
    this.name = "BreakerOpenError";
    this.retryAfterMs = retryAfterMs;
    this.reason = reason;
  }
}

/** A guarded call exceeded `callTimeoutMs`. The underlying operation is not cancelled; its result is ignored. */
export class BreakerTimeoutError extends Error {
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`guarded call timed out after ${timeoutMs} ms`);
    this.name = "BreakerTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Circuit breaker for calls to an external service (Lavalink). Closed: calls pass, consecutive failures are
 * counted. Open: calls fail fast with {@link BreakerOpenError}. After `cooldownMs` it is half-open: exactly one probe
 * call at a time passes; success closes it, failure re-opens it with a fresh cool-down.
 *
 * The open → half-open move happens when the state is next read (no timer), so `onChange` reports it then.
 * `onChange` must not throw.
 */
export class CircuitBreaker {
  private readonly opts: BreakerOptions;
  private readonly clock: Clock;
  private readonly onChange: ((from: BreakerState, to: BreakerState) => void) | undefined;
  private current: BreakerState;
  private failures: number;
  private openedAt: number;
  private openReason: string | undefined;
  private probeRunning: boolean;
  /** Bumped on every transition; outcomes of calls started in an earlier generation are ignored. */
  private generation: number;

  constructor(opts: Partial<BreakerOptions>, clock: Clock, onChange?: (from: BreakerState, to: BreakerState) => void) {
    this.opts = { ...DEFAULT_BREAKER_OPTIONS, ...stripUndefined(opts) };
    if (!Number.isInteger(this.opts.failureThreshold) || this.opts.failureThreshold < 1) {
      throw new RangeError("failureThreshold must be a positive integer");
    }
    if (!(this.opts.cooldownMs >= 0)) throw new RangeError("cooldownMs must be >= 0");
    this.clock = clock;
    this.onChange = onChange;
    this.current = "closed";
    this.failures = 0;
    this.openedAt = 0;
    this.openReason = undefined;
    this.probeRunning = false;
    this.generation = 0;
  }

  get state(): BreakerState {
    if (this.current === "open" && this.clock.now() - this.openedAt >= this.opts.cooldownMs) {
      this.transition("half-open");
    }
    return this.current;
  }

  /** Consecutive failures counted while closed. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether `exec` would run a call right now (closed, or half-open with no probe running). */
  isCallPermitted(): boolean {
    const state = this.state;
    return state === "closed" || (state === "half-open" && !this.probeRunning);
  }

  /**
   * Runs `fn` if the breaker permits it.
   * @throws BreakerOpenError when open, or half-open with a probe already running (fn is not called)
   * @throws BreakerTimeoutError when fn takes longer than `callTimeoutMs`
   * @throws whatever fn rejects with
   */
  async exec<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === "open") {
      throw new BreakerOpenError(Math.max(0, this.openedAt + this.opts.cooldownMs - this.clock.now()), this.openReason);
    }
    const isProbe = state === "half-open";
    if (isProbe) {
      if (this.probeRunning) throw new BreakerOpenError(0, this.openReason);
      this.probeRunning = true;
    }
    const generation = this.generation;
    try {
      const result = await this.withTimeout(fn);
      this.record(generation, isProbe, true);
      return result;
    } catch (err) {
      this.record(generation, isProbe, !this.opts.isFailure(err));
      throw err;
    }
  }

  /** Opens the breaker now (e.g. no Lavalink node is usable); a probe is allowed after the cool-down. */
  forceOpen(reason?: string): void {
    this.open(reason);
  }

  /** Closes the breaker and forgets failures (e.g. a node (re)connected). */
  reset(): void {
    this.failures = 0;
    this.openReason = undefined;
    this.transition("closed");
  }

  private record(generation: number, isProbe: boolean, success: boolean): void {
    if (generation !== this.generation) return;
    if (isProbe) {
      this.probeRunning = false;
      if (success) this.reset();
      else this.open("probe failed");
      return;
    }
    if (success) {
      this.failures = 0;
    } else if (++this.failures >= this.opts.failureThreshold) {
      this.open(`${this.failures} consecutive failures`);
    }
  }

  private open(reason: string | undefined): void {
    this.openedAt = this.clock.now();
    this.openReason = reason;
    this.failures = 0;
    this.transition("open");
  }

  private transition(to: BreakerState): void {
    this.generation++;
    this.probeRunning = false;
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.onChange?.(from, to);
  }

  private withTimeout<T>(fn: () => Promise<T>): Promise<T> {
    const timeoutMs = this.opts.callTimeoutMs;
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return fn();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer: TimerHandle = unrefTimer(
        this.clock.setTimeout(() => {
          if (settled) return;
          settled = true;
          reject(new BreakerTimeoutError(timeoutMs));
        }, timeoutMs),
      );
      const finish = () => {
        settled = true;
        this.clock.clearTimeout(timer);
      };
      new Promise<T>((res) => res(fn())).then(
        (value) => {
          if (settled) return;
          finish();
          resolve(value);
        },
        (err: unknown) => {
          if (settled) return;
          finish();
          reject(err);
        },
      );
    });
  }
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
