import { describe, expect, it } from "vitest";
import { isUserError, UserError } from "../../../src/core/errors.ts";

describe("UserError", () => {
  it("carries a stable code and a user-facing message", () => {
    const err = new UserError("NOT_IN_VOICE", "Join a voice channel first.");
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe("NOT_IN_VOICE");
    expect(err.message).toBe("Join a voice channel first.");
    expect(err.name).toBe("UserError");
  });

  it("keeps a cause for logs", () => {
    const cause = new Error("socket hang up");
    const err = new UserError("MUSIC_UNAVAILABLE", "Music is unavailable right now.", { cause });
    expect(err.cause).toBe(cause);
  });

  it.each([
    [new UserError("BAD_ARGUMENT", "Volume must be 0–200."), true],
    [new Error("boom"), false],
    [{ code: "BAD_ARGUMENT", message: "look-alike" }, false],
    [undefined, false],
    ["BAD_ARGUMENT", false],
  ])("isUserError(%o) is %s", (value, expected) => {
    expect(isUserError(value)).toBe(expected);
  });
});
