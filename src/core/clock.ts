/**
 * Time and timers as a seam: services take a {@link Clock} so tests can drive time with a fake instead of sleeping.
 */

/** What a scheduled timer hands back. `unref()` lets the timer not keep the process alive. */
export interface TimerHandle {
  unref?(): unknown;
}

export interface Clock {
  /** Current time in milliseconds since the Unix epoch (like `Date.now()`). */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Runs `fn` every `ms` milliseconds until cleared. */
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/** The real clock: `Date.now()` and the global timer functions. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** Calls `unref()` on a handle when the platform offers it, and returns the handle. */
export function unrefTimer<T extends TimerHandle>(handle: T): T {
  handle.unref?.();
  return handle;
}
