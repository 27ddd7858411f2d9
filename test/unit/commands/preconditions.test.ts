import { describe, expect, it } from "vitest";
import { defineCommand } from "../../../src/commands/define.ts";
import { queueCommands, type REMOVE_OPTIONS, type REMOVEUSER_OPTIONS } from "../../../src/commands/defs/queue.ts";
import { MANAGE_GUILD } from "../../../src/commands/permissions.ts";
import {
  checkCommandChannel,
  checkPreconditions,
  preconditions,
  rulesFor,
} from "../../../src/commands/preconditions.ts";
import type {
  Args,
  ArgsOf,
  CommandContext,
  CommandDefinition,
  OptionDef,
  PreconditionArgs,
  PreconditionName,
} from "../../../src/commands/types.ts";
import { isUserError } from "../../../src/core/errors.ts";
import {
  type FakeContextOptions,
  fakeContext,
  fakeMusic,
  fakeSnapshot,
  fakeTrack,
} from "../../helpers/command-context.ts";

/** The refusal code a check throws for this context, or "ok". */
function refusalOf(check: (ctx: CommandContext) => void, opts: FakeContextOptions): string {
  try {
    check(fakeContext(opts));
    return "ok";
  } catch (err) {
    if (!isUserError(err)) throw err;
    return err.code;
  }
}

/** The refusal code a run of checks throws, "ok", or "bug" for anything else. */
function code(fn: () => void): string {
  try {
    fn();
    return "ok";
  } catch (err) {
    return isUserError(err) ? err.code : "bug";
  }
}

/** A check that reads no args. */
function outcome(name: Exclude<PreconditionName, keyof PreconditionArgs>, opts: FakeContextOptions): string {
  return refusalOf((ctx) => preconditions[name](ctx, undefined), opts);
}

/** A check that reads the command's typed args. */
function outcomeWith<N extends keyof PreconditionArgs>(
  name: N,
  opts: FakeContextOptions,
  args: PreconditionArgs[N],
): string {
  return refusalOf(
    (ctx) => (preconditions[name] as (c: CommandContext, a: PreconditionArgs[N]) => void)(ctx, args),
    opts,
  );
}

const admin = { permissions: MANAGE_GUILD };
const dj = { roleNames: ["DJ"] };

describe("each precondition", () => {
  it("guildOnly", () => {
    expect(outcome("guildOnly", {})).toBe("ok");
    expect(outcome("guildOnly", { guildId: null })).toBe("GUILD_ONLY");
  });

  it("inVoice", () => {
    expect(outcome("inVoice", {})).toBe("ok");
    expect(outcome("inVoice", { userVoice: null })).toBe("NOT_IN_VOICE");
  });

  it("sameVoice: only when the bot is somewhere else", () => {
    expect(outcome("sameVoice", {})).toBe("ok");
    expect(outcome("sameVoice", { botVoice: null, userVoice: "v9" })).toBe("ok");
    expect(outcome("sameVoice", { botVoice: "v1", userVoice: "v2" })).toBe("NOT_SAME_VOICE");
  });

  it("playerActive", () => {
    expect(outcome("playerActive", {})).toBe("ok");
    expect(outcome("playerActive", { music: fakeMusic({ snapshot: null }) })).toBe("NO_PLAYER");
    expect(outcome("playerActive", { music: fakeMusic({ snapshot: fakeSnapshot({ current: null }) }) })).toBe(
      "NO_PLAYER",
    );
  });

  it("canControl: staff, alone, requester, idle act; a listener does not", () => {
    expect(outcome("canControl", { member: admin })).toBe("ok");
    expect(outcome("canControl", { member: dj })).toBe("ok");
    expect(outcome("canControl", { listeners: ["u1"] })).toBe("ok");
    const mine = fakeMusic({ snapshot: fakeSnapshot({ current: fakeTrack("Mine", "u1") }) });
    expect(outcome("canControl", { music: mine })).toBe("ok");
    expect(outcome("canControl", {})).toBe("NOT_ALLOWED");
    expect(outcome("canControl", { settings: { djOnly: true }, listeners: ["u1"] })).toBe("NOT_ALLOWED");
  });

  it("djMode: only in DJ-only mode, only for non-DJs", () => {
    expect(outcome("djMode", {})).toBe("ok");
    expect(outcome("djMode", { settings: { djOnly: true } })).toBe("NOT_ALLOWED");
    expect(outcome("djMode", { settings: { djOnly: true }, member: dj })).toBe("ok");
    expect(outcome("djMode", { settings: { djOnly: true }, member: admin })).toBe("ok");
  });

  it("joinable: the guild's voice channel rule and stages the bot cannot speak in", () => {
    expect(outcome("joinable", {})).toBe("ok");
    expect(outcome("joinable", { settings: { voiceChannelId: "v7" } })).toBe("VOICE_CHANNEL_RULE");
    expect(outcome("joinable", { stage: "none" })).toBe("STAGE_NO_SPEAK");
    expect(outcome("joinable", { stage: "request" })).toBe("ok");
  });

  it("manageServer: Manage Server or the owner", () => {
    expect(outcome("manageServer", { member: admin })).toBe("ok");
    expect(outcome("manageServer", { member: { isOwner: true } })).toBe("ok");
    expect(outcome("manageServer", { member: dj })).toBe("NEEDS_MANAGE_SERVER");
    expect(outcome("manageServer", { member: null })).toBe("NEEDS_MANAGE_SERVER");
  });

  it("removeRights: one's own tracks freely, others' with control rights, out-of-range left to the command", () => {
    const music = fakeMusic({
      snapshot: fakeSnapshot({ upcoming: [fakeTrack("A", "u1"), fakeTrack("B", "u2"), fakeTrack("C", "u1")] }),
    });
    expect(outcomeWith("removeRights", { music }, { positions: "1" })).toBe("ok");
    expect(outcomeWith("removeRights", { music }, { positions: "1-2" })).toBe("NOT_ALLOWED");
    expect(outcomeWith("removeRights", { music, member: dj }, { positions: "1-2" })).toBe("ok");
    expect(outcomeWith("removeRights", { music }, { positions: "2-9" })).toBe("ok");
    expect(outcomeWith("removeRights", { music }, { positions: "nonsense" })).toBe("ok");
  });

  it("othersNeedDj: oneself is fine, another member needs a DJ", () => {
    expect(outcomeWith("othersNeedDj", {}, { member: "u1" })).toBe("ok");
    expect(outcomeWith("othersNeedDj", {}, { member: "u2" })).toBe("NOT_ALLOWED");
    expect(outcomeWith("othersNeedDj", { member: dj }, { member: "u2" })).toBe("ok");
  });

  it("remove and removeuser declare the checks their own typed args feed", () => {
    const def = (name: string) => {
      const found = queueCommands.find((c) => c.name === name);
      if (!found) throw new Error(`no ${name}`);
      return found;
    };
    const music = fakeMusic({ snapshot: fakeSnapshot({ upcoming: [fakeTrack("A", "u1"), fakeTrack("B", "u2")] }) });
    const remove = (positions: string) => {
      const args = { positions } satisfies ArgsOf<typeof REMOVE_OPTIONS>;
      return code(() => checkPreconditions(fakeContext({ music }), rulesFor(def("remove"), args), args));
    };
    expect(remove("1")).toBe("ok");
    expect(remove("1-2")).toBe("NOT_ALLOWED");
    const removeuser = (member: string) => {
      const args = { member } satisfies ArgsOf<typeof REMOVEUSER_OPTIONS>;
      return code(() => checkPreconditions(fakeContext(), rulesFor(def("removeuser"), args), args));
    };
    expect(removeuser("u1")).toBe("ok");
    expect(removeuser("u2")).toBe("NOT_ALLOWED");
  });

  it("movingListenersNeedsDj: only moving a playing bot away from listeners", () => {
    expect(outcome("movingListenersNeedsDj", { userVoice: "v2", botVoice: "v1" })).toBe("NOT_ALLOWED");
    expect(outcome("movingListenersNeedsDj", { userVoice: "v2", botVoice: "v1", member: dj })).toBe("ok");
    expect(outcome("movingListenersNeedsDj", { userVoice: "v2", botVoice: "v1", listeners: [] })).toBe("ok");
    expect(
      outcome("movingListenersNeedsDj", { userVoice: "v2", botVoice: "v1", music: fakeMusic({ snapshot: null }) }),
    ).toBe("ok");
    expect(outcome("movingListenersNeedsDj", { userVoice: "v1", botVoice: "v1" })).toBe("ok");
  });
});

describe("checkPreconditions", () => {
  it("implies guildOnly for every other check, and runs checks in the declared order", () => {
    expect(code(() => checkPreconditions(fakeContext({ guildId: null }), ["inVoice"]))).toBe("GUILD_ONLY");
    const ctx = fakeContext({ userVoice: null, music: fakeMusic({ snapshot: null }) });
    expect(code(() => checkPreconditions(ctx, ["inVoice", "playerActive"]))).toBe("NOT_IN_VOICE");
    expect(code(() => checkPreconditions(ctx, ["playerActive", "inVoice"]))).toBe("NO_PLAYER");
  });

  it("applies a conditional rule only when its condition holds for the args", () => {
    const rule = { check: "canControl", when: (a: Args) => a.level !== undefined } as const;
    expect(code(() => checkPreconditions(fakeContext(), [rule], {}))).toBe("ok");
    expect(code(() => checkPreconditions(fakeContext(), [rule], { level: 50 }))).toBe("NOT_ALLOWED");
  });

  it("types a rule by its command's options: `when` reads them, and checks that read args need them", () => {
    const OPTIONS = [
      { name: "level", description: "l", type: "integer", min: 0, max: 150 },
    ] as const satisfies readonly OptionDef[];
    const def = defineCommand({
      name: "probe",
      description: "probe",
      category: "music",
      options: OPTIONS,
      preconditions: [{ check: "canControl", when: (a) => a.level !== undefined && a.level > 100 }],
      load: async () => ({ run: async () => undefined }),
    });
    const rules = rulesFor(def, {});
    expect(code(() => checkPreconditions(fakeContext(), rules, { level: 50 }))).toBe("ok");
    expect(code(() => checkPreconditions(fakeContext(), rules, { level: 120 }))).toBe("NOT_ALLOWED");
    const typeChecks = () => [
      defineCommand({
        name: "probe",
        description: "probe",
        category: "music",
        options: OPTIONS,
        // @ts-expect-error `when` sees the command's typed args: `level` is a number, there is no `nope`
        preconditions: [{ check: "canControl", when: (a) => a.nope === "x" }],
        load: async () => ({ run: async () => undefined }),
      }),
      defineCommand({
        name: "probe",
        description: "probe",
        category: "music",
        options: OPTIONS,
        // @ts-expect-error removeRights reads a `positions` string, which this command's options do not give
        preconditions: ["removeRights"],
        load: async () => ({ run: async () => undefined }),
      }),
      defineCommand({
        name: "probe",
        description: "probe",
        category: "music",
        options: [{ name: "member", description: "m", type: "user", required: false }],
        // @ts-expect-error othersNeedDj needs the member; an optional one may be missing
        preconditions: ["othersNeedDj"],
        load: async () => ({ run: async () => undefined }),
      }),
    ];
    expect(typeChecks).toBeTypeOf("function");
  });

  it("adds the chosen subcommand's rules (and the default subcommand's when none is named)", () => {
    const def = {
      preconditions: [],
      subcommands: [
        { name: "list", description: "l", options: [] },
        { name: "load", description: "l", options: [], preconditions: ["inVoice"] },
      ],
      defaultSubcommand: "load",
    } as unknown as CommandDefinition;
    expect(rulesFor(def, { subcommand: "list" })).toEqual([]);
    expect(rulesFor(def, { subcommand: "load" })).toEqual(["inVoice"]);
    expect(rulesFor(def, {})).toEqual(["inVoice"]);
  });

  it("command channels: refused elsewhere, except for members with Manage Server and outside guilds", () => {
    const settings = { commandChannelIds: ["t9"] };
    expect(code(() => checkCommandChannel(fakeContext({ settings })))).toBe("WRONG_CHANNEL");
    expect(code(() => checkCommandChannel(fakeContext({ settings, channelId: "t9" })))).toBe("ok");
    expect(code(() => checkCommandChannel(fakeContext({ settings, member: admin })))).toBe("ok");
    expect(code(() => checkCommandChannel(fakeContext({ settings, guildId: null })))).toBe("ok");
  });
});
