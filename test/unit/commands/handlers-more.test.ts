import { describe, expect, it } from "vitest";
import type { CommandHandler } from "../../../src/commands/types.ts";
import { isUserError } from "../../../src/core/errors.ts";
import type { TrackView } from "../../../src/music/types.ts";
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

  it("filter refuses a bad bass level or factor before asking music", async () => {
    const music = fakeMusic();
    const level = await run("filter", { preset: "bassboost", value: "extreme" }, music).catch((e: unknown) => e);
    expect(isUserError(level) && level.message).toBe("Bass boost level must be low, medium or high.");
    const speed = await run("filter", { preset: "speed", value: "9" }, music).catch((e: unknown) => e);
    expect(isUserError(speed) && speed.code).toBe("BAD_ARGUMENT");
    expect(music.calls.filter((c) => c.name !== "snapshot")).toEqual([]);
    const ok = fakeMusic({ results: { applyFilter: ["speed 1.25x"] } });
    await run("filter", { preset: "speed", value: "1.25x" }, ok);
    expect(ok.calls.filter((c) => c.name === "applyFilter")).toEqual([
      { name: "applyFilter", args: ["g1", "speed", 1.25] },
    ]);
  });

  it("autoplay sets the state given, or toggles the current one", async () => {
    const on = fakeMusic({ results: { autoplayEnabled: false } });
    expect((await run("autoplay", {}, on)).replies).toEqual([
      "Autoplay is on: when the queue runs out, a related track follows.",
    ]);
    expect(on.calls.filter((c) => c.name === "setAutoplay")).toEqual([{ name: "setAutoplay", args: ["g1", true] }]);
    const off = fakeMusic({ results: { autoplayEnabled: true } });
    expect((await run("autoplay", {}, off)).replies).toEqual([
      "Autoplay is off: playback stops when the queue runs out.",
    ]);
    expect(off.calls.filter((c) => c.name === "setAutoplay")).toEqual([{ name: "setAutoplay", args: ["g1", false] }]);
    const given = fakeMusic({ results: { autoplayEnabled: true } });
    await run("autoplay", { state: true }, given);
    expect(given.calls.filter((c) => c.name === "setAutoplay")).toEqual([{ name: "setAutoplay", args: ["g1", true] }]);
  });

  it("removedupes removes the tracks that repeat the current one or an earlier one, decided on the live queue", async () => {
    const a = { ...fakeTrack("A"), uri: "https://music.example/a" };
    const b = { ...fakeTrack("B"), uri: "https://music.example/b" };
    const now = { ...fakeTrack("Now"), uri: "https://music.example/now" };
    const upcoming = [a, now, b, a, b];
    let picked: number[] = [];
    const music = fakeMusic({
      snapshot: fakeSnapshot({ current: now, upcoming }),
      results: {
        removeWhere: (_g: string, pred: (t: TrackView, i: number, all: readonly TrackView[]) => boolean) => {
          picked = upcoming.flatMap((t, i) => (pred(t, i, upcoming) ? [i] : []));
          return picked.map((i) => upcoming[i]);
        },
      },
    });
    const { replies, calls } = await run("removedupes", {}, music);
    expect(calls.map((c) => c.name)).toEqual(["removeWhere"]);
    expect(picked).toEqual([1, 3, 4]);
    expect(replies).toEqual(["Removed 3 duplicate tracks."]);
    const clean = fakeMusic({ snapshot: fakeSnapshot({ current: now, upcoming: [a, b] }) });
    const none = await run("removedupes", {}, clean);
    expect(none.replies).toEqual(["There are no duplicates in the queue."]);
    expect(none.calls).toEqual([]);
  });
});
