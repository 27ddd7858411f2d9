import type { Clock, TimerHandle } from "./clock.ts";

export interface TimerOptions {
  /** Let the timer not keep the process alive. Default false. */
  unref?: boolean;
}

type Kind = "timeout" | "interval";

/**
 * Keeps track of every timer a service owns so `stop()` can clear them all with {@link TrackedTimers.clearAll}.
 * A timeout forgets itself when it fires.
 */
export class TrackedTimers {
  private readonly clock: Clock;
  private readonly live: Map<TimerHandle, Kind>;

  constructor(clock: Clock) {
    this.clock = clock;
    this.live = new Map();
  }

  setTimeout(fn: () => void, ms: number, opts?: TimerOptions): TimerHandle {
    const handle = this.clock.setTimeout(() => {
      this.live.delete(handle);
      fn();
    }, ms);
    return this.track(handle, "timeout", opts);
  }

  setInterval(fn: () => void, ms: number, opts?: TimerOptions): TimerHandle {
    return this.track(this.clock.setInterval(fn, ms), "interval", opts);
  }

  /** Clears one timer created here; unknown or already finished handles are ignored. */
  clear(handle: TimerHandle): void {
    const kind = this.live.get(handle);
    if (!kind) return;
    this.live.delete(handle);
    this.cancel(handle, kind);
  }

  clearAll(): void {
    for (const [handle, kind] of this.live) this.cancel(handle, kind);
    this.live.clear();
  }

  /** Timers still scheduled. */
  count(): number {
    return this.live.size;
  }

  private track(handle: TimerHandle, kind: Kind, opts: TimerOptions | undefined): TimerHandle {
    if (opts?.unref) handle.unref?.();
    this.live.set(handle, kind);
    return handle;
  }

  private cancel(handle: TimerHandle, kind: Kind): void {
    if (kind === "timeout") this.clock.clearTimeout(handle);
    else this.clock.clearInterval(handle);
  }
}
