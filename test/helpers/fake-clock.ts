import type { Clock, TimerHandle } from "../../src/core/clock.ts";

class FakeTimer implements TimerHandle {
  readonly id: number;
  refed = true;

  constructor(id: number) {
    this.id = id;
  }

  unref(): this {
    this.refed = false;
    return this;
  }
}

interface Scheduled {
  timer: FakeTimer;
  fn: () => void;
  dueAt: number;
  /** Order among timers due at the same instant: earlier scheduling runs first. */
  seq: number;
  intervalMs?: number;
}

/** Node clamps delays below 1 ms (and non-numbers) to 1 ms; the fake does the same. */
function clampDelay(ms: number): number {
  return Number.isFinite(ms) && ms >= 1 ? ms : 1;
}

/**
 * A manually driven {@link Clock}. Time only moves through {@link FakeClock.advance} (or `advanceAsync`), which
 * runs every timer that falls due, in due order, with `now()` set to each timer's due time while it runs.
 */
export class FakeClock implements Clock {
  private current: number;
  private nextId: number;
  private nextSeq: number;
  private readonly timers: Map<number, Scheduled>;

  /** @param startMs initial `now()`; defaults to a realistic epoch time so "0 means unset" checks stay honest. */
  constructor(startMs = 1_700_000_000_000) {
    this.current = startMs;
    this.nextId = 1;
    this.nextSeq = 0;
    this.timers = new Map();
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.schedule(fn, clampDelay(ms));
  }

  clearTimeout(handle: TimerHandle): void {
    this.cancel(handle);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const delay = clampDelay(ms);
    return this.schedule(fn, delay, delay);
  }

  clearInterval(handle: TimerHandle): void {
    this.cancel(handle);
  }

  /** Moves time forward by `ms`, running due timers synchronously (timers they schedule run too, if due). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.fire(next);
    }
    this.current = target;
  }

  /**
   * Like {@link advance}, but lets pending promise callbacks run after each timer, so async work a timer starts
   * (a flush, a retry) completes before the next timer fires.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushPromises();
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.fire(next);
      await flushPromises();
    }
    this.current = target;
    await flushPromises();
  }

  /** Number of scheduled timers (timeouts not yet fired plus live intervals). */
  pending(): number {
    return this.timers.size;
  }

  /** Number of scheduled timers that would keep a real process alive (not `unref()`'d). */
  pendingRefed(): number {
    let count = 0;
    for (const s of this.timers.values()) if (s.timer.refed) count++;
    return count;
  }

  private schedule(fn: () => void, delay: number, intervalMs?: number): FakeTimer {
    const timer = new FakeTimer(this.nextId++);
    const entry: Scheduled = { timer, fn, dueAt: this.current + delay, seq: this.nextSeq++ };
    if (intervalMs !== undefined) entry.intervalMs = intervalMs;
    this.timers.set(timer.id, entry);
    return timer;
  }

  private cancel(handle: TimerHandle): void {
    if (handle instanceof FakeTimer) this.timers.delete(handle.id);
  }

  private nextDue(target: number): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const s of this.timers.values()) {
      if (s.dueAt > target) continue;
      if (!best || s.dueAt < best.dueAt || (s.dueAt === best.dueAt && s.seq < best.seq)) best = s;
    }
    return best;
  }

  private fire(entry: Scheduled): void {
    this.current = entry.dueAt;
    if (entry.intervalMs === undefined) {
      this.timers.delete(entry.timer.id);
    } else {
      entry.dueAt += entry.intervalMs;
      entry.seq = this.nextSeq++;
    }
    entry.fn();
  }
}

/** Resolves after every promise callback queued so far (and those they queue) has run. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
