import { describe, expect, it } from "vitest";
import { TrackedTimers } from "../../../src/core/tracked-timers.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

describe("TrackedTimers", () => {
  it("tracks timeouts until they fire", () => {
    const clock = new FakeClock();
    const timers = new TrackedTimers(clock);
    let fired = 0;
    timers.setTimeout(() => fired++, 10);
    expect(timers.count()).toBe(1);
    clock.advance(10);
    expect(fired).toBe(1);
    expect(timers.count()).toBe(0);
  });

  it("clearAll cancels every timeout and interval", () => {
    const clock = new FakeClock();
    const timers = new TrackedTimers(clock);
    let fired = 0;
    timers.setTimeout(() => fired++, 10);
    timers.setInterval(() => fired++, 5);
    timers.clearAll();
    clock.advance(100);
    expect(fired).toBe(0);
    expect(timers.count()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it("clear cancels one timer and ignores unknown handles", () => {
    const clock = new FakeClock();
    const timers = new TrackedTimers(clock);
    let ticks = 0;
    const interval = timers.setInterval(() => ticks++, 5);
    timers.setTimeout(() => {}, 50);
    clock.advance(10);
    timers.clear(interval);
    timers.clear(interval);
    timers.clear(clock.setTimeout(() => {}, 1));
    clock.advance(10);
    expect(ticks).toBe(2);
    expect(timers.count()).toBe(1);
  });

  it("unrefs only when asked", () => {
    const clock = new FakeClock();
    const timers = new TrackedTimers(clock);
    timers.setTimeout(() => {}, 10, { unref: true });
    timers.setInterval(() => {}, 10);
    expect(clock.pendingRefed()).toBe(1);
  });
});
