import { describe, expect, it } from "vitest";
import { defineCommand } from "../../../src/commands/define.ts";
import { type CommandOutcome, GENERIC_ERROR, runCommand } from "../../../src/commands/pipeline.ts";
import { CommandRegistry } from "../../../src/commands/registry.ts";
import type { Args, CommandContext, CommandHandler, DeclaredRule } from "../../../src/commands/types.ts";
import { UserError } from "../../../src/core/errors.ts";
import { type FakeContextOptions, fakeContext, replyText } from "../../helpers/command-context.ts";

/** A command whose handler records its runs; `behaviour` decides what run does. */
function setup(
  preconditions: DeclaredRule<Args>[],
  behaviour: (ctx: CommandContext, args: Args) => Promise<void> = async (ctx) => ctx.reply("done"),
  extra: { defer?: boolean } = {},
) {
  const runs: Args[] = [];
  const handler: CommandHandler = {
    run: async (ctx, args) => {
      runs.push(args);
      await behaviour(ctx, args);
    },
  };
  const def = defineCommand({
    name: "probe",
    description: "probe",
    category: "music",
    preconditions,
    ...extra,
    load: async () => handler,
  });
  const outcomes: [string, CommandOutcome][] = [];
  const deps = {
    registry: new CommandRegistry([def]),
    logger: fakeContext().logger,
    onOutcome: (name: string, outcome: CommandOutcome) => outcomes.push([name, outcome]),
  };
  const run = async (opts: FakeContextOptions = {}, args: Args = {}) => {
    const ctx = fakeContext({ ...opts, command: def });
    await runCommand(deps, ctx, args);
    return ctx;
  };
  return { runs, outcomes, run, deps, def };
}

describe("the command pipeline", () => {
  it("runs the handler with the args when every precondition passes, and reports ok", async () => {
    const { runs, outcomes, run } = setup(["inVoice"]);
    const ctx = await run({}, { n: 1 });
    expect(runs).toEqual([{ n: 1 }]);
    expect(ctx.replies).toEqual(["done"]);
    expect(outcomes).toEqual([["probe", "ok"]]);
  });

  it("a refused precondition stops the run: the handler never runs; the refusal is answered privately", async () => {
    const { runs, outcomes, run } = setup(["inVoice"]);
    const ctx = await run({ userVoice: null });
    expect(runs).toEqual([]);
    expect(ctx.replies).toEqual([{ content: "Join a voice channel first.", ephemeral: true }]);
    expect(outcomes).toEqual([["probe", "refused"]]);
  });

  it("enforces a conditional rule the same way for every source", async () => {
    const { runs, run } = setup([{ check: "canControl", when: (a) => a.level !== undefined }]);
    for (const source of ["slash", "prefix", "button", "select"] as const) {
      const refused = await run({ source }, { level: 5 });
      expect(replyText(refused.replies[0]), source).toMatch(/^Only a DJ/);
      await run({ source }, {});
    }
    expect(runs).toEqual([{}, {}, {}, {}]);
  });

  it("a handler's UserError is a refusal; anything else is a bug answered generically", async () => {
    const refused = setup([], async () => {
      throw new UserError("BAD_ARGUMENT", "Give a number.");
    });
    expect((await refused.run()).replies).toEqual([{ content: "Give a number.", ephemeral: true }]);
    expect(refused.outcomes).toEqual([["probe", "refused"]]);

    const broken = setup([], async () => {
      throw new Error("internal detail: socket 10.0.0.1");
    });
    expect((await broken.run()).replies).toEqual([{ content: GENERIC_ERROR, ephemeral: true }]);
    expect(broken.outcomes).toEqual([["probe", "error"]]);
  });

  it("a prefix command outside the command channels gets no answer; a slash command is told where to go", async () => {
    const { runs, run } = setup([]);
    const settings = { commandChannelIds: ["t9"] };
    expect((await run({ source: "prefix", settings })).replies).toEqual([]);
    expect(replyText((await run({ source: "slash", settings })).replies[0])).toBe(
      "This server takes my commands in <#t9>.",
    );
    expect(runs).toEqual([]);
  });

  it("defers slash and prefix runs of a deferring command, never component runs", async () => {
    const { run } = setup([], undefined, { defer: true });
    expect((await run({ source: "slash" })).deferred).toBe(1);
    expect((await run({ source: "prefix" })).deferred).toBe(1);
    expect((await run({ source: "button" })).deferred).toBe(0);
    expect((await run({ source: "select" })).deferred).toBe(0);
  });

  it("survives a reply that fails while answering a refusal", async () => {
    const { deps, def } = setup(["inVoice"]);
    const ctx = fakeContext({ userVoice: null, command: def });
    const failing = { ...ctx, reply: async () => Promise.reject(new Error("gone")) };
    await expect(runCommand(deps, failing, {})).resolves.toBeUndefined();
  });
});
