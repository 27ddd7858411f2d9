import { describe, expect, it } from "vitest";
import { slowDownMessage, UserRateLimit } from "../../../src/commands/rate-limit.ts";
import { english } from "../../../src/i18n/translate.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

const defaults = { burst: 10, refillMs: 1000, autocompleteBurst: 20, autocompleteRefillMs: 200 };

describe("UserRateLimit", () => {
  it("lets a burst through, then one command per refill interval", () => {
    const clock = new FakeClock();
    const limit = new UserRateLimit(defaults, clock);
    const kinds = Array.from({ length: 11 }, () => limit.admit("alice").kind);
    expect(kinds.filter((k) => k === "run")).toHaveLength(10);
    expect(kinds[10]).toBe("refuse");
    clock.advance(1000);
    expect(limit.admit("alice").kind).toBe("run");
    expect(limit.admit("alice").kind).toBe("refuse");
  });

  it("tells a flooding member once per window (the time the bucket takes to fill), then refuses silently", () => {
    const clock = new FakeClock();
    const limit = new UserRateLimit(defaults, clock);
    const refusals = [];
    for (let i = 0; i < 30; i++) {
      const a = limit.admit("alice");
      if (a.kind === "refuse") refusals.push(a);
      clock.advance(66); // 30 messages in 2 s
    }
    expect(refusals.filter((r) => r.notify)).toHaveLength(1);
    expect(refusals[0]?.notify).toBe(true);
    expect(refusals.length).toBeGreaterThanOrEqual(18);
    // A whole window later, a member who is still over the limit is told again.
    clock.advance(10_000);
    for (let i = 0; i < 10; i++) limit.admit("alice");
    const again = limit.admit("alice");
    expect(again).toMatchObject({ kind: "refuse", notify: true });
  });

  it("keeps members apart", () => {
    const clock = new FakeClock();
    const limit = new UserRateLimit(defaults, clock);
    for (let i = 0; i < 50; i++) limit.admit("alice");
    expect(limit.admit("bob").kind).toBe("run");
  });

  it("limits autocomplete separately from commands", () => {
    const clock = new FakeClock();
    const limit = new UserRateLimit(defaults, clock);
    for (let i = 0; i < 20; i++) expect(limit.admitAutocomplete("alice")).toBe(true);
    expect(limit.admitAutocomplete("alice")).toBe(false);
    expect(limit.admit("alice").kind).toBe("run");
    clock.advance(200);
    expect(limit.admitAutocomplete("alice")).toBe(true);
  });

  it("says how long to wait in whole seconds", () => {
    expect(slowDownMessage(english, 1)).toContain("1s");
    expect(slowDownMessage(english, 2500)).toContain("3s");
  });
});
