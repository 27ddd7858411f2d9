import { describe, expect, it } from "vitest";
import { WriteBatcher } from "../../../src/core/write-batcher.ts";
import { FakeClock, flushPromises } from "../../helpers/fake-clock.ts";

function setup(opts: { flushIntervalMs?: number; maxPending?: number } = {}) {
  const clock = new FakeClock();
  const writes: Array<Array<[string, number]>> = [];
  const errors: unknown[] = [];
  let failNext = 0;
  let gate: Promise<void> | undefined;
  const batcher = new WriteBatcher<string, number>(
    {
      flushIntervalMs: 2000,
      maxPending: 100,
      ...opts,
      write: async (entries) => {
        if (gate) await gate;
        if (failNext > 0) {
          failNext--;
          throw new Error("disk full");
        }
        writes.push([...entries]);
      },
      onError: (err) => errors.push(err),
    },
    clock,
  );
  return {
    clock,
    batcher,
    writes,
    errors,
    failNext: (n = 1) => {
      failNext = n;
    },
    hold: () => {
      let open!: () => void;
      gate = new Promise<void>((r) => (open = r));
      return () => {
        gate = undefined;
        open();
      };
    },
  };
}

describe("WriteBatcher", () => {
  it("coalesces writes per key and flushes once the interval after the first write", async () => {
    const t = setup();
    t.batcher.set("a", 1);
    await t.clock.advanceAsync(1500);
    t.batcher.set("a", 2);
    t.batcher.set("b", 3);
    expect(t.batcher.pending()).toBe(2);
    expect(t.clock.pending()).toBe(1);
    await t.clock.advanceAsync(499);
    expect(t.writes).toEqual([]);
    await t.clock.advanceAsync(1);
    expect(t.writes).toEqual([
      [
        ["a", 2],
        ["b", 3],
      ],
    ]);
    expect(t.batcher.pending()).toBe(0);
    expect(t.clock.pending()).toBe(0);
  });

  it("uses an unref'd timer", () => {
    const t = setup();
    t.batcher.set("a", 1);
    expect(t.clock.pendingRefed()).toBe(0);
  });

  it("serves pending values for read-your-writes, including during the write", async () => {
    const t = setup();
    t.batcher.set("a", 1);
    expect(t.batcher.get("a")).toBe(1);
    const release = t.hold();
    const flushing = t.batcher.flush();
    await flushPromises();
    expect(t.batcher.pending()).toBe(0);
    expect(t.batcher.get("a")).toBe(1);
    release();
    await flushing;
    expect(t.batcher.get("a")).toBeUndefined();
  });

  it("flushes immediately when more than maxPending keys wait", async () => {
    const t = setup({ maxPending: 3 });
    for (const k of ["a", "b", "c"]) t.batcher.set(k, 1);
    await flushPromises();
    expect(t.writes).toHaveLength(0);
    t.batcher.set("d", 1);
    await flushPromises();
    expect(t.writes).toHaveLength(1);
    expect(t.writes[0]).toHaveLength(4);
  });

  it("keeps a failed batch, reports it, and retries on the next interval", async () => {
    const t = setup();
    t.failNext();
    t.batcher.set("a", 1);
    t.batcher.set("b", 1);
    await t.clock.advanceAsync(2000);
    expect(t.errors).toHaveLength(1);
    expect(t.batcher.pending()).toBe(2);
    await t.clock.advanceAsync(2000);
    expect(t.writes).toEqual([
      [
        ["a", 1],
        ["b", 1],
      ],
    ]);
  });

  it("a newer value written during a failed write wins over the failed one", async () => {
    const t = setup();
    t.batcher.set("a", 1);
    t.batcher.set("b", 1);
    t.failNext();
    const release = t.hold();
    const flushing = t.batcher.flush();
    await flushPromises();
    t.batcher.set("a", 2);
    release();
    await expect(flushing).rejects.toThrow("disk full");
    expect(t.batcher.get("a")).toBe(2);
    expect(t.batcher.get("b")).toBe(1);
    await t.batcher.flush();
    expect(t.writes).toEqual([
      [
        ["a", 2],
        ["b", 1],
      ],
    ]);
  });

  it("never runs two writes at once", async () => {
    const clock = new FakeClock();
    let active = 0;
    let maxActive = 0;
    const batcher = new WriteBatcher<string, number>(
      {
        write: async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await flushPromises();
          active--;
        },
      },
      clock,
    );
    const flushes: Array<Promise<void>> = [];
    for (let i = 0; i < 5; i++) {
      batcher.set(`k${i}`, i);
      flushes.push(batcher.flush());
    }
    await Promise.all(flushes);
    expect(maxActive).toBe(1);
  });

  it("explicit flush rejects on failure instead of calling onError", async () => {
    const t = setup();
    t.failNext();
    t.batcher.set("a", 1);
    await expect(t.batcher.flush()).rejects.toThrow("disk full");
    expect(t.errors).toEqual([]);
  });

  it("stop makes a final flush, clears the timer and refuses new writes", async () => {
    const t = setup();
    t.batcher.set("a", 1);
    await t.batcher.stop();
    expect(t.writes).toEqual([[["a", 1]]]);
    expect(t.clock.pending()).toBe(0);
    expect(() => t.batcher.set("b", 1)).toThrow(/stopped/);
  });

  it("flush with nothing pending does not write", async () => {
    const t = setup();
    await t.batcher.flush();
    expect(t.writes).toEqual([]);
  });

  it("accepts a synchronous write function", async () => {
    const clock = new FakeClock();
    const seen: Array<Map<string, number>> = [];
    const batcher = new WriteBatcher<string, number>({ write: (entries) => void seen.push(entries) }, clock);
    batcher.set("x", 1);
    await clock.advanceAsync(2000);
    expect(seen).toHaveLength(1);
  });
});
