import { describe, expect, it } from "vitest";
import { BreakerOpenError, type BreakerState, BreakerTimeoutError, CircuitBreaker } from "../../../src/core/breaker.ts";
import { UserError } from "../../../src/core/errors.ts";
import { FakeClock, flushPromises } from "../../helpers/fake-clock.ts";

const ok = () => Promise.resolve("ok");
const fail = () => Promise.reject(new Error("node down"));

function setup(opts: ConstructorParameters<typeof CircuitBreaker>[0] = {}) {
  const clock = new FakeClock();
  const changes: Array<[BreakerState, BreakerState]> = [];
  const breaker = new CircuitBreaker(
    { failureThreshold: 3, cooldownMs: 5000, callTimeoutMs: 1000, ...opts },
    clock,
    (from, to) => changes.push([from, to]),
  );
  return { clock, breaker, changes };
}

type Step =
  | { do: "ok" | "fail" | "forceOpen" | "reset" }
  | { do: "advance"; ms: number }
  | { expect: BreakerState; rejectsWith?: "open" };

async function play(steps: Step[]) {
  const ctx = setup();
  for (const step of steps) {
    if ("expect" in step) {
      expect(ctx.breaker.state).toBe(step.expect);
      continue;
    }
    switch (step.do) {
      case "ok":
        await ctx.breaker.exec(ok).catch(() => {});
        break;
      case "fail":
        await ctx.breaker.exec(fail).catch(() => {});
        break;
      case "forceOpen":
        ctx.breaker.forceOpen("no node usable");
        break;
      case "reset":
        ctx.breaker.reset();
        break;
      case "advance":
        ctx.clock.advance(step.ms);
        break;
    }
  }
  return ctx;
}

describe("CircuitBreaker transitions", () => {
  it.each<[string, Step[], Array<[BreakerState, BreakerState]>]>([
    ["stays closed below the threshold", [{ do: "fail" }, { do: "fail" }, { expect: "closed" }], []],
    [
      "a success resets the consecutive count",
      [{ do: "fail" }, { do: "fail" }, { do: "ok" }, { do: "fail" }, { do: "fail" }, { expect: "closed" }],
      [],
    ],
    [
      "opens at the threshold",
      [{ do: "fail" }, { do: "fail" }, { do: "fail" }, { expect: "open" }],
      [["closed", "open"]],
    ],
    [
      "stays open during the cool-down",
      [{ do: "forceOpen" }, { do: "advance", ms: 4999 }, { expect: "open" }],
      [["closed", "open"]],
    ],
    [
      "becomes half-open after the cool-down",
      [{ do: "forceOpen" }, { do: "advance", ms: 5000 }, { expect: "half-open" }],
      [
        ["closed", "open"],
        ["open", "half-open"],
      ],
    ],
    [
      "a successful probe closes it",
      [{ do: "forceOpen" }, { do: "advance", ms: 5000 }, { do: "ok" }, { expect: "closed" }],
      [
        ["closed", "open"],
        ["open", "half-open"],
        ["half-open", "closed"],
      ],
    ],
    [
      "a failed probe re-opens it with a fresh cool-down",
      [
        { do: "forceOpen" },
        { do: "advance", ms: 5000 },
        { do: "fail" },
        { expect: "open" },
        { do: "advance", ms: 4999 },
        { expect: "open" },
        { do: "advance", ms: 1 },
        { expect: "half-open" },
      ],
      [
        ["closed", "open"],
        ["open", "half-open"],
        ["half-open", "open"],
        ["open", "half-open"],
      ],
    ],
    [
      "reset closes it from open",
      [{ do: "forceOpen" }, { do: "reset" }, { expect: "closed" }],
      [
        ["closed", "open"],
        ["open", "closed"],
      ],
    ],
    [
      "after a reset the count starts from zero",
      [{ do: "fail" }, { do: "fail" }, { do: "reset" }, { do: "fail" }, { do: "fail" }, { expect: "closed" }],
      [],
    ],
  ])("%s", async (_name, steps, expectedChanges) => {
    const { changes } = await play(steps);
    expect(changes).toEqual(expectedChanges);
  });
});

describe("CircuitBreaker calls", () => {
  it("fails fast without calling fn while open, with the time left and the reason", async () => {
    const { breaker, clock } = setup();
    breaker.forceOpen("no node usable");
    clock.advance(1000);
    let called = false;
    const err = await breaker
      .exec(async () => {
        called = true;
      })
      .catch((e: unknown) => e);
    expect(called).toBe(false);
    expect(err).toBeInstanceOf(BreakerOpenError);
    expect((err as BreakerOpenError).retryAfterMs).toBe(4000);
    expect((err as BreakerOpenError).reason).toBe("no node usable");
    expect(breaker.isCallPermitted()).toBe(false);
  });

  it("lets exactly one probe through while half-open", async () => {
    const { breaker, clock } = setup();
    breaker.forceOpen();
    clock.advance(5000);
    expect(breaker.isCallPermitted()).toBe(true);
    let release!: (v: string) => void;
    const probe = breaker.exec(() => new Promise<string>((r) => (release = r)));
    expect(breaker.isCallPermitted()).toBe(false);
    await expect(breaker.exec(ok)).rejects.toBeInstanceOf(BreakerOpenError);
    release("done");
    await expect(probe).resolves.toBe("done");
    expect(breaker.state).toBe("closed");
  });

  it("passes results and errors through", async () => {
    const { breaker } = setup();
    await expect(breaker.exec(async () => 5)).resolves.toBe(5);
    await expect(breaker.exec(fail)).rejects.toThrow("node down");
    expect(breaker.consecutiveFailures).toBe(1);
  });

  it("counts a synchronous throw as a failure", async () => {
    const { breaker } = setup({ failureThreshold: 1 });
    await expect(
      breaker.exec(() => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    expect(breaker.state).toBe("open");
  });

  it("rejects a slow call with BreakerTimeoutError and counts it as a failure", async () => {
    const { breaker, clock } = setup({ failureThreshold: 1, callTimeoutMs: 1000 });
    const slow = breaker.exec(() => new Promise<string>(() => {}));
    clock.advance(999);
    await flushPromises();
    expect(breaker.state).toBe("closed");
    clock.advance(1);
    await expect(slow).rejects.toBeInstanceOf(BreakerTimeoutError);
    expect(breaker.state).toBe("open");
  });

  it("clears the timeout timer when the call settles", async () => {
    const { breaker, clock } = setup();
    await breaker.exec(ok);
    await breaker.exec(fail).catch(() => {});
    expect(clock.pending()).toBe(0);
  });

  it("can run without a call timeout", async () => {
    const { breaker, clock } = setup({ callTimeoutMs: 0 });
    const p = breaker.exec(() => new Promise<string>((r) => clock.setTimeout(() => r("late"), 60_000)));
    clock.advance(60_000);
    await expect(p).resolves.toBe("late");
  });

  it("does not count errors the predicate calls expected", async () => {
    const { breaker } = setup({ failureThreshold: 1, isFailure: (e) => !(e instanceof UserError) });
    const refusal = () => Promise.reject(new UserError("NO_MATCHES", "Nothing found."));
    await expect(breaker.exec(refusal)).rejects.toBeInstanceOf(UserError);
    expect(breaker.state).toBe("closed");
  });

  it("an expected error from a half-open probe closes the breaker (the service answered)", async () => {
    const { breaker, clock } = setup({ isFailure: (e) => !(e instanceof UserError) });
    breaker.forceOpen();
    clock.advance(5000);
    await breaker.exec(() => Promise.reject(new UserError("NO_MATCHES", "Nothing found."))).catch(() => {});
    expect(breaker.state).toBe("closed");
  });

  it("ignores the outcome of calls that started before a transition", async () => {
    const { breaker } = setup({ failureThreshold: 1 });
    let release!: (v: string) => void;
    const stale = breaker.exec(() => new Promise<string>((r) => (release = r)));
    breaker.forceOpen("node lost");
    release("late success");
    await expect(stale).resolves.toBe("late success");
    expect(breaker.state).toBe("open");
  });

  it("a forced open during a probe frees the probe slot after the new cool-down", async () => {
    const { breaker, clock } = setup();
    breaker.forceOpen();
    clock.advance(5000);
    const probe = breaker.exec(() => new Promise<string>(() => {})).catch((e: unknown) => e);
    breaker.forceOpen("again");
    clock.advance(5000);
    expect(breaker.isCallPermitted()).toBe(true);
    await expect(breaker.exec(ok)).resolves.toBe("ok");
    expect(breaker.state).toBe("closed");
    // The abandoned probe timed out meanwhile; its failure must not re-open the breaker.
    expect(await probe).toBeInstanceOf(BreakerTimeoutError);
    expect(breaker.state).toBe("closed");
  });

  it.each([{ failureThreshold: 0 }, { failureThreshold: 1.5 }, { cooldownMs: -1 }])("rejects %o", (opts) => {
    expect(() => new CircuitBreaker(opts, new FakeClock())).toThrow(RangeError);
  });

  it("uses documented defaults for omitted options", async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ cooldownMs: undefined }, clock);
    for (let i = 0; i < 3; i++) await breaker.exec(fail).catch(() => {});
    expect(breaker.state).toBe("open");
    clock.advance(4999);
    expect(breaker.state).toBe("open");
    clock.advance(1);
    expect(breaker.state).toBe("half-open");
  });
});
