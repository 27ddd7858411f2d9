import { describe, expect, it } from "vitest";
import { Cooldowns } from "../../../src/commands/cooldowns.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

describe("Cooldowns", () => {
  it("allows once, then reports the time left until the cooldown ends", () => {
    const clock = new FakeClock();
    const c = new Cooldowns(clock);
    expect(c.take("u1:play", 1500)).toBe(0);
    clock.advance(400);
    expect(c.take("u1:play", 1500)).toBe(1100);
    expect(c.take("u2:play", 1500)).toBe(0);
    clock.advance(1100);
    expect(c.take("u1:play", 1500)).toBe(0);
  });

  it("keeps different cooldown lengths apart and never limits a zero cooldown", () => {
    const clock = new FakeClock();
    const c = new Cooldowns(clock);
    expect(c.take("u1:skip", 3000)).toBe(0);
    expect(c.take("u1:play", 1000)).toBe(0);
    clock.advance(1000);
    expect(c.take("u1:play", 1000)).toBe(0);
    expect(c.take("u1:skip", 3000)).toBe(2000);
    for (let i = 0; i < 5; i++) expect(c.take("u1:ping", 0)).toBe(0);
  });
});
