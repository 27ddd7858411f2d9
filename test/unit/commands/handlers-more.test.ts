import { describe, expect, it } from "vitest";
import type { CommandHandler } from "../../../src/commands/types.ts";
import { isUserError } from "../../../src/core/errors.ts";
import { fakeContext, fakeMusic, fakeSnapshot, fakeTrack, replyText } from "../../helpers/command-context.ts";

const handler = (name: string): Promise<CommandHandler> =>
  import(`../../../src/commands/handlers/${name}.ts`) as Promise<CommandHandler>;

async function run(name: string, args: Record<string, string | number | boolean>, music = fakeMusic()) {
  const ctx = fakeContext({ music });
  await (await handler(name)).run(ctx, args);
  return { replies: ctx.replies.map(replyText), calls: music.calls.filter((c) => c.name !== "snapshot") };
}

describe("more handlers against fakeContext/fakeMusic", () => {
  it("removeuser removes only that member's upcoming tracks and says whose", async () => {
    const upcoming = [fakeTrack("A", "u2"), fakeTrack("B", "u1"), fakeTrack("C", "u2")];
    const music = fakeMusic({
      snapshot: fakeSnapshot({ upcoming }),
      results: {
        removeWhere: (_g: string, pred: (t: (typeof upcoming)[number]) => boolean) => upcoming.filter(pred),
      },
    });
    const theirs = await run("removeuser", { member: "u2" }, music);
    expect(theirs.replies).toEqual(["Removed 2 of <@u2>'s upcoming tracks."]);
    const mine = await run("removeuser", { member: "u1" }, music);
    expect(mine.replies).toEqual(["Removed 1 of your upcoming track."]);
    const err = await run("removeuser", { member: "u1" }, fakeMusic({ snapshot: fakeSnapshot() })).catch(
      (e: unknown) => e,
    );
    expect(isUserError(err) && err.code).toBe("QUEUE_EMPTY");
  });

  it("history pages the played tracks and clamps the page", async () => {
    const played = Array.from({ length: 12 }, (_, i) => fakeTrack(`P${i + 1}`));
    const none = await run("history", {}, fakeMusic({ results: { history: [] } }));
    expect(none.replies).toEqual(["Nothing has been played here yet."]);
    const ctx = fakeContext({ music: fakeMusic({ results: { history: played } }) });
    await (await handler("history")).run(ctx, { page: 50 });
    expect(JSON.stringify(ctx.replies[0])).toContain("P11");
    expect(JSON.stringify(ctx.replies[0])).not.toContain("P1*");
  });

  it("filter applies the typed preset and lists the active filters", async () => {
    const music = fakeMusic({ results: { applyFilter: ["nightcore"] } });
    const { calls, replies } = await run("filter", { preset: "nightcore" }, music);
    expect(calls).toEqual([{ name: "applyFilter", args: ["g1", "nightcore", undefined] }]);
    expect(replies).toEqual(["Filters: nightcore."]);
    const off = await run("filter", { preset: "off" }, fakeMusic({ results: { applyFilter: [] } }));
    expect(off.replies).toEqual(["Filters are off."]);
  });
});
