import { describe, expect, it } from "vitest";
import { defineCommand } from "../../../src/commands/define.ts";
import { commandManifest } from "../../../src/commands/manifest.ts";
import type { CommandOutcome } from "../../../src/commands/pipeline.ts";
import type { Admission } from "../../../src/commands/rate-limit.ts";
import { UserRateLimit } from "../../../src/commands/rate-limit.ts";
import { CommandRegistry } from "../../../src/commands/registry.ts";
import type { Args, ArgValue, CommandDefinition, CommandHandler, FocusedOption } from "../../../src/commands/types.ts";
import {
  type ArgsRead,
  dispatch,
  RESTARTING,
  type Route,
  routeComponent,
  routeMessage,
  routeSlash,
  STALE_COMPONENT,
  suggest,
} from "../../../src/discord/routing.ts";
import { english, say, text } from "../../../src/i18n/translate.ts";
import type { RateLimitGate } from "../../../src/ops/refusals.ts";
import { componentId } from "../../../src/render/component-id.ts";
import { fakeContext, fakeMusic, fakeSnapshot, fakeTrack, replyText } from "../../helpers/command-context.ts";
import { FakeClock, flushPromises } from "../../helpers/fake-clock.ts";

const registry = new CommandRegistry(commandManifest());

/** The command and args a route leads to; fails the test for any other route. */
function ran(route: Route): { name: string; args: Record<string, unknown> } {
  if (route.kind !== "command") throw new Error(`expected a command, got ${route.kind}`);
  if (!route.args.ok) throw new Error(`expected args, got the answer "${say(english, route.args.answer)}"`);
  return { name: route.def.name, args: route.args.args };
}

/** The answer a route gives instead of running; fails the test when it runs or is not a command. */
function answered(route: Route): string {
  if (route.kind !== "command") throw new Error(`expected a command, got ${route.kind}`);
  if (route.args.ok) throw new Error(`expected an answer, got args ${JSON.stringify(route.args.args)}`);
  return say(english, route.args.answer);
}

const slash = (commandName: string, options: Record<string, unknown> = {}, subcommand: string | null = null) =>
  routeSlash(registry, { commandName, subcommand, option: (name) => options[name] });

const button = (customId: string) => routeComponent(registry, { source: "button", customId });

const message = (content: string, over: { plainIsPlay?: boolean; attachmentIds?: string[]; prefix?: string } = {}) =>
  routeMessage(registry, {
    content,
    prefix: over.prefix ?? "!",
    botId: "999999999999999999",
    plainIsPlay: over.plainIsPlay ?? false,
    attachmentIds: over.attachmentIds ?? [],
  });

describe("routing a slash command", () => {
  it("names the command and coerces its options", () => {
    expect(ran(slash("move", { from: 4, to: 1 }))).toEqual({ name: "move", args: { from: 4, to: 1 } });
    expect(ran(slash("seek", { time: "1:30" }))).toEqual({ name: "seek", args: { time: 90_000 } });
    expect(ran(slash("loop", { mode: "TRACK" }))).toEqual({ name: "loop", args: { mode: "track" } });
  });

  it("a command Encore no longer has is its own route (answered by the router)", () => {
    expect(slash("no-such-command").kind).toBe("unknown-command");
  });

  it("a forged or stale payload is answered with the problem and the usage, never run half-filled", () => {
    expect(answered(slash("move", { from: 4 }))).toBe("Missing to. Usage: `/move <from> <to>`");
    expect(answered(slash("volume", { level: 500 }))).toBe("Level must be at most 150. Usage: `/volume [level]`");
    expect(answered(slash("loop", { mode: "sometimes" }))).toMatch(/^Mode must be one of: off, track, queue\./);
  });

  it("reads the subcommand's own options, the default subcommand when none is named, and refuses an unknown one", () => {
    expect(ran(slash("playlist", { name: "mix", page: 2 }, "show"))).toEqual({
      name: "playlist",
      args: { subcommand: "show", name: "mix", page: 2 },
    });
    expect(ran(slash("settings"))).toEqual({ name: "settings", args: { subcommand: "show" } });
    expect(answered(slash("playlist", {}, "explode"))).toMatch(/^Pick one of: create, add, remove/);
  });
});

describe("routing a button or select menu", () => {
  it("runs the command in the custom id with its options coerced and page tokens passed through", () => {
    expect(ran(button(componentId("pause")))).toEqual({ name: "pause", args: {} });
    expect(ran(button(componentId("queue", { page: 3, b: "last", t: 5 })))).toEqual({
      name: "queue",
      args: { page: 3, b: "last", t: 5 },
    });
  });

  it("a custom id that is not Encore's, is malformed, or names no command is stale (answered by the router)", () => {
    expect(button("some-other-bot:click").kind).toBe("stale");
    expect(button("cmd:queue:{not json").kind).toBe("stale");
    expect(button('cmd:queue:["array"]').kind).toBe("stale");
    expect(button("cmd:teleport").kind).toBe("stale");
  });

  it("a forged option out of bounds, or a required option missing, is answered as stale instead of running", () => {
    expect(answered(button('cmd:volume:{"level":9000}'))).toBe(STALE_COMPONENT);
    expect(answered(button('cmd:move:{"from":2}'))).toBe(STALE_COMPONENT);
    expect(answered(button('cmd:skipto:{"position":"abc"}'))).toBe(STALE_COMPONENT);
  });

  it("drops values that are not scalars", () => {
    expect(ran(button('cmd:queue:{"page":2,"x":{"nested":true},"y":[1]}'))).toEqual({
      name: "queue",
      args: { page: 2 },
    });
  });

  it("a button for a command with subcommands is read against the subcommand it names (or the default)", () => {
    expect(ran(button("cmd:playlist"))).toEqual({ name: "playlist", args: { subcommand: "list" } });
    expect(ran(button('cmd:playlist:{"subcommand":"show","name":"mix","page":"2"}'))).toEqual({
      name: "playlist",
      args: { subcommand: "show", name: "mix", page: 2 },
    });
    expect(answered(button('cmd:playlist:{"subcommand":"delete"}'))).toBe(STALE_COMPONENT);
    expect(answered(button('cmd:playlist:{"subcommand":"explode","name":"mix"}'))).toBe(STALE_COMPONENT);
  });

  it("a select menu reaches only a command that offers one, with the picked values one a line", () => {
    const pick = routeComponent(registry, {
      source: "select",
      customId: componentId("search", { pick: "offer-1" }),
      values: ["0", "3"],
    });
    expect(ran(pick)).toEqual({ name: "search", args: { pick: "offer-1", values: "0\n3" } });
    const forged = routeComponent(registry, { source: "select", customId: componentId("remove"), values: ["1"] });
    expect(answered(forged)).toBe(STALE_COMPONENT);
  });
});

describe("routing a message", () => {
  it("runs a prefix command by name or alias, and a command after Encore's mention", () => {
    expect(ran(message("!move 4 1"))).toEqual({ name: "move", args: { from: 4, to: 1 } });
    expect(ran(message("!mv from 4 to 1"))).toEqual({ name: "move", args: { from: 4, to: 1 } });
    expect(ran(message("<@999999999999999999> skip to 3"))).toEqual({ name: "skip", args: { to: 3 } });
    expect(ran(message("<@!999999999999999999>pause"))).toEqual({ name: "pause", args: {} });
    expect(ran(message("?pause", { prefix: "?" }))).toEqual({ name: "pause", args: {} });
  });

  it("ignores chat, other bots' mentions, a bare prefix and unknown commands", () => {
    expect(message("hello there").kind).toBe("ignore");
    expect(message("<@123456789012345678> pause").kind).toBe("ignore");
    expect(message("!").kind).toBe("ignore");
    expect(message("!teleport now").kind).toBe("ignore");
    expect(message("?pause").kind).toBe("ignore");
  });

  it("in a request channel any other text is a play request; commands still run as commands", () => {
    expect(ran(message("never gonna give you up", { plainIsPlay: true }))).toEqual({
      name: "play",
      args: { query: "never gonna give you up" },
    });
    expect(ran(message("!pause", { plainIsPlay: true }))).toEqual({ name: "pause", args: {} });
    expect(message("   ", { plainIsPlay: true }).kind).toBe("ignore");
  });

  it("bad arguments are answered with the problem and the usage in the server's prefix", () => {
    expect(answered(message("?move 4", { prefix: "?" }))).toBe("Missing to. Usage: `?move <from> <to>`");
    expect(answered(message("!volume loud"))).toBe("Level must be a number. Usage: `!volume [level]`");
  });

  it("a file option takes the message's first attachment; a required one missing is asked for", () => {
    const id = "123456789012345678";
    expect(ran(message("!import", { attachmentIds: [id, "223456789012345678"] }))).toEqual({
      name: "import",
      args: { file: id },
    });
    expect(answered(message("!import"))).toBe("Attach the file. Usage: `!import <attached file>`");
    expect(ran(message("!play", { attachmentIds: [id] }))).toEqual({ name: "play", args: { file: id } });
    expect(ran(message("!play some song"))).toEqual({ name: "play", args: { query: "some song" } });
  });
});

/** A gate that admits or refuses as scripted. */
function gate(admissions: Admission[] = [], autocomplete = true): RateLimitGate & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    admit(userId) {
      asked.push(userId);
      return admissions.shift() ?? { kind: "run" };
    },
    admitAutocomplete: () => autocomplete,
  };
}

/** Dispatch deps over a probe command whose handler records its runs, next to the real commands. */
function dispatcher(opts: { rateLimit?: RateLimitGate; accepting?: boolean } = {}) {
  const runs: Args[] = [];
  const probe = defineCommand({
    name: "probe",
    description: "probe",
    category: "info",
    load: async (): Promise<CommandHandler> => ({
      run: async (ctx, args) => {
        runs.push(args);
        await ctx.reply("ran");
      },
    }),
  });
  const outcomes: [string, CommandOutcome][] = [];
  const deps = {
    registry: new CommandRegistry([...commandManifest(), probe]),
    logger: fakeContext().logger,
    onOutcome: (name: string, outcome: CommandOutcome) => outcomes.push([name, outcome]),
    rateLimit: opts.rateLimit ?? gate(),
    accepting: () => opts.accepting ?? true,
  };
  return { deps, runs, outcomes, probe };
}

const ok = (args: Record<string, ArgValue> = {}): ArgsRead => ({ ok: true, args });

describe("dispatching a routed command", () => {
  it("runs the handler through the pipeline with the routed args", async () => {
    const { deps, runs, outcomes, probe } = dispatcher();
    const ctx = fakeContext({ command: probe });
    await dispatch(deps, ctx, ok({ n: "1" }));
    expect(runs).toEqual([{ n: "1" }]);
    expect(ctx.replies).toEqual(["ran"]);
    expect(outcomes).toEqual([["probe", "ok"]]);
  });

  it("while shutting down nothing runs: interactions are told privately, prefix commands in the channel", async () => {
    const { deps, runs, probe } = dispatcher({ accepting: false });
    const slashCtx = fakeContext({ command: probe, source: "button" });
    const prefixCtx = fakeContext({ command: probe, source: "prefix" });
    await dispatch(deps, slashCtx, ok());
    await dispatch(deps, prefixCtx, ok());
    expect(runs).toEqual([]);
    expect(slashCtx.replies).toEqual([{ content: RESTARTING, ephemeral: true }]);
    expect(prefixCtx.replies).toEqual([RESTARTING]);
  });

  it("an argument problem is answered (privately for interactions) and nothing runs", async () => {
    const { deps, runs, probe } = dispatcher();
    const slashCtx = fakeContext({ command: probe, source: "slash" });
    const prefixCtx = fakeContext({ command: probe, source: "prefix" });
    const missing = text("router.usage", { problem: "Missing to", usage: "!move <from> <to>" });
    await dispatch(deps, slashCtx, { ok: false, answer: missing });
    await dispatch(deps, prefixCtx, { ok: false, answer: missing });
    expect(runs).toEqual([]);
    const said = "Missing to. Usage: `!move <from> <to>`";
    expect(slashCtx.replies).toEqual([{ content: said, ephemeral: true }]);
    expect(prefixCtx.replies).toEqual([said]);
  });

  it("the rate limit comes first: a refused interaction is always answered, a refused prefix command only when told to", async () => {
    const refuse = (notify: boolean): Admission => ({ kind: "refuse", notify, retryAfterMs: 2500 });
    const rateLimit = gate([refuse(false), refuse(true), refuse(false)]);
    const { deps, runs, outcomes, probe } = dispatcher({ rateLimit });
    const interaction = fakeContext({ command: probe, source: "select", userId: "u7" });
    const told = fakeContext({ command: probe, source: "prefix" });
    const silent = fakeContext({ command: probe, source: "prefix" });
    await dispatch(deps, interaction, { ok: false, answer: text("router.stale") });
    await dispatch(deps, told, ok());
    await dispatch(deps, silent, ok());
    expect(runs).toEqual([]);
    expect(rateLimit.asked[0]).toBe("u7");
    const slowDown = {
      content: "Slow down: you are sending commands faster than Encore takes them. Try again in 3s.",
      ephemeral: true,
    };
    expect(interaction.replies).toEqual([slowDown]);
    expect(told.replies).toEqual([slowDown]);
    expect(silent.replies).toEqual([]);
    expect(outcomes).toEqual([
      ["probe", "rate-limited"],
      ["probe", "rate-limited"],
      ["probe", "rate-limited"],
    ]);
  });

  it("with the real limiter a burst runs, the next command is refused, and it runs again after the refill", async () => {
    const clock = new FakeClock();
    const limiter = new UserRateLimit(
      { burst: 2, refillMs: 1000, autocompleteBurst: 5, autocompleteRefillMs: 100 },
      clock,
    );
    const { deps, runs, probe } = dispatcher({ rateLimit: limiter });
    for (let i = 0; i < 3; i++) await dispatch(deps, fakeContext({ command: probe }), ok({ i }));
    expect(runs).toEqual([{ i: 0 }, { i: 1 }]);
    clock.advance(1000);
    await dispatch(deps, fakeContext({ command: probe }), ok({ i: 3 }));
    expect(runs).toEqual([{ i: 0 }, { i: 1 }, { i: 3 }]);
  });

  it("permissions are the pipeline's, the same for every way a command arrives", async () => {
    const { deps } = dispatcher();
    // A member who neither requested the track nor is a DJ, with another listener: setting the volume needs control.
    const snapshot = fakeSnapshot({ current: fakeTrack("Now", "u2") });
    const routes = {
      slash: slash("volume", { level: 40 }),
      button: button(componentId("volume", { level: 40 })),
      prefix: message("!volume 40"),
    };
    for (const [source, r] of Object.entries(routes) as [keyof typeof routes, Route][]) {
      if (r.kind !== "command") throw new Error(`volume did not route from ${source}`);
      const music = fakeMusic({ snapshot });
      const ctx = fakeContext({ command: r.def, source, music, listeners: ["u1", "u2"] });
      await dispatch(deps, ctx, r.args);
      expect(replyText(ctx.replies[0]), source).toMatch(/^Only a DJ, a member with Manage Server/);
      expect(music.calls.map((c) => c.name)).not.toContain("setVolume");

      const dj = fakeMusic({ snapshot });
      const djCtx = fakeContext({ command: r.def, source, music: dj, member: { roleNames: ["DJ"] } });
      await dispatch(deps, djCtx, r.args);
      expect(dj.calls.find((c) => c.name === "setVolume")?.args, source).toEqual(["g1", 40]);
      expect(replyText(djCtx.replies[0]), source).toBe("Volume set to 40%.");
    }
  });
});

describe("autocomplete", () => {
  function suggester(handler: Partial<CommandHandler>, over: { admitted?: boolean; accepting?: boolean } = {}) {
    const clock = new FakeClock();
    const def: CommandDefinition = defineCommand({
      name: "probe",
      description: "probe",
      category: "info",
      load: async () => ({ run: async () => {}, ...handler }),
    });
    const deps = {
      registry: new CommandRegistry([def]),
      rateLimit: gate([], over.admitted ?? true),
      accepting: () => over.accepting ?? true,
      clock,
      timeoutMs: 2500,
      logger: fakeContext().logger,
    };
    const ask = (focused: { name: string; value: unknown } | null, commandName = "probe") =>
      suggest(deps, { commandName, userId: "u1", focused, subcommand: "add" }, (d) => fakeContext({ command: d }));
    return { clock, ask };
  }
  const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, value: `v${i}` }));

  it("asks the handler with the focused option and subcommand, and gives at most 25 suggestions", async () => {
    const seen: FocusedOption[] = [];
    const { ask } = suggester({
      autocomplete: async (_ctx, focused) => {
        seen.push(focused);
        return choices(30);
      },
    });
    const got = await ask({ name: "name", value: "mi" });
    expect(seen).toEqual([{ name: "name", value: "mi", subcommand: "add" }]);
    expect(got).toEqual(choices(25));
  });

  it("gives nothing for an unknown command, a member over the limit, while shutting down, or no text option", async () => {
    const handler = { autocomplete: async () => choices(3) };
    expect(await suggester(handler).ask({ name: "q", value: "x" }, "nope")).toEqual([]);
    expect(await suggester(handler, { admitted: false }).ask({ name: "q", value: "x" })).toEqual([]);
    expect(await suggester(handler, { accepting: false }).ask({ name: "q", value: "x" })).toEqual([]);
    expect(await suggester(handler).ask(null)).toEqual([]);
    expect(await suggester(handler).ask({ name: "q", value: 3 })).toEqual([]);
    expect(await suggester({}).ask({ name: "q", value: "x" })).toEqual([]);
    expect(await suggester(handler).ask({ name: "q", value: "x" })).toEqual(choices(3));
  });

  it("a failing handler gives nothing; a slow one is given up after the timeout", async () => {
    expect(
      await suggester({
        autocomplete: async () => {
          throw new Error("node down");
        },
      }).ask({ name: "q", value: "x" }),
    ).toEqual([]);
    const slow = suggester({ autocomplete: () => new Promise(() => {}) });
    let result: unknown = null;
    void slow.ask({ name: "q", value: "x" }).then((r) => {
      result = r;
    });
    await flushPromises();
    expect(result).toBeNull();
    slow.clock.advance(2500);
    await flushPromises();
    expect(result).toEqual([]);
  });
});
