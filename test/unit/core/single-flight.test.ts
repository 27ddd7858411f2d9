import { describe, expect, it } from "vitest";
import { SingleFlight } from "../../../src/core/single-flight.ts";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("SingleFlight", () => {
  it("shares one call among concurrent callers with the same key", async () => {
    const sf = new SingleFlight<string, number>();
    const d = deferred<number>();
    let calls = 0;
    const fn = () => {
      calls++;
      return d.promise;
    };
    const a = sf.run("k", fn);
    const b = sf.run("k", fn);
    expect(sf.inFlight()).toBe(1);
    d.resolve(42);
    expect(await Promise.all([a, b])).toEqual([42, 42]);
    expect(calls).toBe(1);
    expect(sf.inFlight()).toBe(0);
  });

  it("runs different keys independently", async () => {
    const sf = new SingleFlight<string, string>();
    const results = await Promise.all([sf.run("a", async () => "A"), sf.run("b", async () => "B")]);
    expect(results).toEqual(["A", "B"]);
  });

  it("propagates a rejection to every waiter and does not cache it", async () => {
    const sf = new SingleFlight<string, number>();
    const d = deferred<number>();
    const a = sf.run("k", () => d.promise);
    const b = sf.run("k", () => d.promise);
    d.reject(new Error("node down"));
    await expect(a).rejects.toThrow("node down");
    await expect(b).rejects.toThrow("node down");
    expect(sf.inFlight()).toBe(0);
    await expect(sf.run("k", async () => 7)).resolves.toBe(7);
  });

  it("frees the key before callers see the result, so a retry inside a catch runs fresh", async () => {
    const sf = new SingleFlight<string, number>();
    let calls = 0;
    const retried = await sf
      .run("k", async () => {
        calls++;
        throw new Error("first");
      })
      .catch(() => sf.run("k", async () => ++calls));
    expect(retried).toBe(2);
  });

  it("turns a synchronous throw into a rejection", async () => {
    const sf = new SingleFlight<string, number>();
    const p = sf.run("k", () => {
      throw new Error("sync");
    });
    await expect(p).rejects.toThrow("sync");
    expect(sf.inFlight()).toBe(0);
  });
});
