import { describe, expect, it } from "vitest";
import type { CommandHandler } from "../../../src/commands/types.ts";
import { isUserError } from "../../../src/core/errors.ts";
import {
  type FakeCall,
  fakeContext,
  fakeMusic,
  fakeSnapshot,
  fakeTrack,
  replyText,
} from "../../helpers/command-context.ts";

const handler = (name: string): Promise<CommandHandler> =>
  import(`../../../src/commands/handlers/${name}.ts`) as Promise<CommandHandler>;

/** Runs a handler against a fake context; returns its replies and the music calls it made (snapshots left out). */
async function run(
  name: string,
  args: Record<string, string | number | boolean> = {},
  music = fakeMusic(),
  opts: Parameters<typeof fakeContext>[0] = {},
) {
  const ctx = fakeContext({ ...opts, music });
  await (await handler(name)).run(ctx, args);
  const calls = music.calls.filter((c: FakeCall) => c.name !== "snapshot");
  return { replies: ctx.replies.map(replyText), calls };
}

describe("handlers: one music call, one answer", () => {
  it.each([
    ["pause", "pause", "Paused."],
    ["resume", "resume", "Resumed."],
    ["stop", "stop", "Stopped and cleared the queue."],
    ["leave", "leave", "Left the voice channel."],
  ])("%s", async (name, call, reply) => {
    const { replies, calls } = await run(name);
    expect(calls).toEqual([{ name: call, args: ["g1"] }]);
    expect(replies).toEqual([reply]);
  });

  it("shuffle and clear say how many tracks", async () => {
    const music = fakeMusic({ results: { shuffle: 4, clearQueue: 1 } });
    expect((await run("shuffle", {}, music)).replies).toEqual(["Shuffled 4 tracks."]);
    expect((await run("clear", {}, music)).replies).toEqual(["Cleared 1 track from the queue."]);
  });

  it("replay and previous name the track", async () => {
    const music = fakeMusic({
      results: { replay: fakeTrack("Song"), previous: fakeTrack("Old") },
    });
    expect((await run("replay", {}, music)).replies).toEqual(["Restarted **Song** by Artist."]);
    expect((await run("previous", {}, music)).replies).toEqual([
      "Playing the previous track again: **Old** by Artist.",
    ]);
  });
});

describe("handlers with typed args", () => {
  it("move passes both positions as numbers", async () => {
    const music = fakeMusic({ results: { moveTrack: fakeTrack("Moved") } });
    const { calls, replies } = await run("move", { from: 3, to: 1 }, music);
    expect(calls).toEqual([{ name: "moveTrack", args: ["g1", 3, 1] }]);
    expect(replies).toEqual(["Moved **Moved** by Artist to position 1."]);
  });

  it("skipto passes the position", async () => {
    const music = fakeMusic({ results: { skipTo: fakeTrack("Target") } });
    const { calls } = await run("skipto", { position: 4 }, music);
    expect(calls).toEqual([{ name: "skipTo", args: ["g1", 4] }]);
  });

  it("volume: tells the level without one, sets it with one", async () => {
    const music = fakeMusic({ snapshot: fakeSnapshot({ volume: 70 }) });
    expect((await run("volume", {}, music)).replies).toEqual(["Volume is 70%."]);
    const set = await run("volume", { level: 40 }, music);
    expect(set.calls).toEqual([{ name: "setVolume", args: ["g1", 40] }]);
    expect(set.replies).toEqual(["Volume set to 40%."]);
  });

  it("loop: sets the mode given, else cycles off → track → queue → off", async () => {
    const calls = async (args: Record<string, string>, loop: "off" | "track" | "queue") =>
      (await run("loop", args, fakeMusic({ snapshot: fakeSnapshot({ loop }) }))).calls;
    expect(await calls({ mode: "queue" }, "off")).toEqual([{ name: "setLoop", args: ["g1", "queue"] }]);
    expect(await calls({}, "off")).toEqual([{ name: "setLoop", args: ["g1", "track"] }]);
    expect(await calls({}, "track")).toEqual([{ name: "setLoop", args: ["g1", "queue"] }]);
    expect(await calls({}, "queue")).toEqual([{ name: "setLoop", args: ["g1", "off"] }]);
  });

  it("seek jumps to the parsed time", async () => {
    const { calls, replies } = await run("seek", { time: 90_000 });
    expect(calls).toEqual([{ name: "seek", args: ["g1", 90_000] }]);
    expect(replies).toEqual(["Jumped to 1:30."]);
  });

  it("skip: control rights skip at once, a listener votes, skip to <n> jumps", async () => {
    const music = fakeMusic({
      results: {
        skip: fakeTrack("Gone"),
        voteSkip: { votes: 1, needed: 2, skipped: null, repeated: false },
        skipTo: fakeTrack("Fifth"),
      },
    });
    expect((await run("skip", {}, music, { listeners: ["u1"] })).replies).toEqual(["Skipped **Gone** by Artist."]);
    expect((await run("skip", {}, music)).replies).toEqual(["Vote to skip added: 1/2 votes."]);
    expect((await run("skip", { to: 5 }, music)).replies).toEqual(["Skipped to **Fifth** by Artist."]);
  });

  it("remove: a position or a range; bad input is refused before touching the queue", async () => {
    const upcoming = [fakeTrack("A", "u1"), fakeTrack("B", "u1"), fakeTrack("C", "u1")];
    const music = fakeMusic({ snapshot: fakeSnapshot({ upcoming }), results: { removeTracks: [upcoming[1]] } });
    const one = await run("remove", { positions: "2" }, music);
    expect(one.calls).toEqual([{ name: "removeTracks", args: ["g1", 2, 2] }]);
    expect(one.replies).toEqual(["Removed **B** by Artist."]);
    for (const positions of ["x", "9"]) {
      const err = await run("remove", { positions }, fakeMusic({ snapshot: fakeSnapshot({ upcoming }) })).catch(
        (e: unknown) => e,
      );
      expect(isUserError(err) && err.code).toBe("BAD_ARGUMENT");
    }
  });

  it("queue: an empty queue says so; pages are bounded", async () => {
    expect((await run("queue", {}, fakeMusic({ snapshot: null }))).replies).toEqual(["The queue is empty."]);
    const upcoming = Array.from({ length: 25 }, (_, i) => fakeTrack(`T${i + 1}`));
    const ctx = fakeContext({ music: fakeMusic({ snapshot: fakeSnapshot({ upcoming }) }) });
    await (await handler("queue")).run(ctx, { page: 99 });
    const reply = ctx.replies[0];
    expect(typeof reply === "object" && reply.embeds?.[0]?.footer?.text).toMatch(/^Page 3\/3 · 25 tracks/);
  });

  it("nowplaying: nothing playing is said in the catalogue's words", async () => {
    expect((await run("nowplaying", {}, fakeMusic({ snapshot: null }))).replies).toEqual([
      "Nothing is playing right now.",
    ]);
  });
});
