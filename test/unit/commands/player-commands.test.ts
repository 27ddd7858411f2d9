import { describe, expect, it } from "vitest";
import { filterValue } from "../../../src/commands/handlers/filter.ts";
import { controlRight, MANAGE_GUILD } from "../../../src/commands/permissions.ts";
import { pageText, parseRange } from "../../../src/commands/replies.ts";
import type { CommandContext, MemberInfo } from "../../../src/commands/types.ts";
import { isUserError } from "../../../src/core/errors.ts";
import { DEFAULT_GUILD_SETTINGS } from "../../../src/store/types.ts";

function ctx(opts: {
  member?: Partial<MemberInfo>;
  userId?: string;
  listeners?: string[];
  requester?: string | null;
  djRoleIds?: string[];
}): CommandContext {
  const member: MemberInfo = { roleIds: [], roleNames: [], permissions: 0n, isOwner: false, ...opts.member };
  const current = opts.requester === null ? null : { requester: { id: opts.requester ?? "requester", username: "r" } };
  return {
    user: { id: opts.userId ?? "me", username: "me" },
    member,
    guildId: "g",
    settings: () => ({ ...DEFAULT_GUILD_SETTINGS, djRoleIds: opts.djRoleIds ?? [] }),
    voice: { userChannelId: () => "v", botChannelId: () => "v", listenerIds: () => opts.listeners ?? ["me", "x"] },
    music: { snapshot: () => ({ current }) },
  } as unknown as CommandContext;
}

describe("controlRight: the one requester-rights rule", () => {
  it.each([
    ["Manage Server", ctx({ member: { permissions: MANAGE_GUILD } }), "admin"],
    ["the owner", ctx({ member: { isOwner: true } }), "admin"],
    ["a role named DJ while no DJ roles are set", ctx({ member: { roleNames: ["DJ"] } }), "dj"],
    ["a DJ role from settings", ctx({ member: { roleIds: ["r1"] }, djRoleIds: ["r1"] }), "dj"],
    ["a role named DJ once DJ roles are set", ctx({ member: { roleNames: ["DJ"] }, djRoleIds: ["r1"] }), null],
    ["alone with the bot", ctx({ listeners: ["me"] }), "alone"],
    ["the requester of the current track", ctx({ requester: "me" }), "requester"],
    ["anyone when nothing plays", ctx({ requester: null }), "idle"],
    ["a listener", ctx({}), null],
  ])("%s → %s", (_label, c, right) => {
    expect(controlRight(c)).toBe(right);
  });
});

describe("command helpers", () => {
  it.each([
    ["3", { from: 3, to: 3 }],
    ["3-7", { from: 3, to: 7 }],
    ["7 - 3", { from: 3, to: 7 }],
    ["2..4", { from: 2, to: 4 }],
    ["0", null],
    ["x", null],
    ["1-", null],
  ])("parseRange(%j)", (text, range) => {
    expect(parseRange(text)).toEqual(range);
  });

  it("pageText splits at line ends and never exceeds the size", () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n");
    const pages = pageText(text, 100);
    expect(pages.every((p) => p.length <= 100)).toBe(true);
    expect(pages.join("\n")).toBe(text);
    expect(pageText("x".repeat(250), 100).map((p) => p.length)).toEqual([100, 100, 50]);
    expect(pageText("", 100)).toEqual([""]);
  });

  it("filterValue validates levels and factors", () => {
    expect(filterValue("bassboost", "HIGH")).toBe("high");
    expect(filterValue("bassboost", undefined)).toBeUndefined();
    expect(filterValue("speed", "1.256")).toBe(1.26);
    expect(filterValue("pitch", "0.5x")).toBe(0.5);
    expect(filterValue("nightcore", "whatever")).toBeUndefined();
    for (const [preset, value] of [
      ["speed", "3"],
      ["rate", ""],
      ["bassboost", "max"],
    ] as const) {
      try {
        filterValue(preset, value);
        expect.unreachable();
      } catch (err) {
        expect(isUserError(err)).toBe(true);
      }
    }
  });
});
