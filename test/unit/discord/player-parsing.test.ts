import { describe, expect, it } from "vitest";
import type { OptionDef } from "../../../src/commands/types.ts";
import { parsePrefixArgs } from "../../../src/discord/prefix-parser.ts";
import { english, say } from "../../../src/i18n/translate.ts";
import { componentId, parseComponentId } from "../../../src/render/component-id.ts";

const move: OptionDef[] = [
  { name: "from", description: "d", type: "integer", required: true, min: 1 },
  { name: "to", description: "d", type: "integer", required: true, min: 1 },
];
const skip: OptionDef[] = [{ name: "to", description: "d", type: "integer", min: 1 }];
const play: OptionDef[] = [{ name: "query", description: "d", type: "string", required: true, rest: true }];

describe("named prefix arguments", () => {
  it.each([
    [skip, "to 3", { to: 3 }],
    [skip, "3", { to: 3 }],
    [move, "4 1", { from: 4, to: 1 }],
    [move, "from 4 to 1", { from: 4, to: 1 }],
    [move, "to 1 from 4", { from: 4, to: 1 }],
    [move, "to 1 4", { from: 4, to: 1 }],
    [play, "to the moon", { query: "to the moon" }],
  ])("%#: %s", (options, input, args) => {
    expect(parsePrefixArgs(options, input)).toEqual({ ok: true, args });
  });

  it("still refuses bad values and extra words", () => {
    const said = (parsed: ReturnType<typeof parsePrefixArgs>) =>
      parsed.ok ? "(parsed)" : say(english, parsed.problem);
    expect(said(parsePrefixArgs(skip, "to soon"))).toBe("to must be a number");
    expect(said(parsePrefixArgs(move, "1 2 3"))).toBe("Too many arguments");
  });
});

describe("component ids", () => {
  it("round-trips names and args and refuses junk", () => {
    expect(componentId("skip")).toBe("cmd:skip");
    const id = componentId("queue", { page: 2, b: "next", t: 1 });
    expect(parseComponentId(id)).toEqual({ name: "queue", args: { page: 2, b: "next", t: 1 } });
    expect(parseComponentId("cmd:queue:{bad")).toBeNull();
    expect(parseComponentId("cmd:queue:[1]")).toBeNull();
    expect(parseComponentId("other:thing")).toBeNull();
    expect(() => componentId("x", { long: "y".repeat(100) })).toThrow(/100 characters/);
  });
});
