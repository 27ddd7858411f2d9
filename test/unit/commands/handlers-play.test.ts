import { describe, expect, it } from "vitest";
import * as importCmd from "../../../src/commands/handlers/import.ts";
import * as join from "../../../src/commands/handlers/join.ts";
import * as play from "../../../src/commands/handlers/play.ts";
import * as playnext from "../../../src/commands/handlers/playnext.ts";
import * as search from "../../../src/commands/handlers/search.ts";
import type { AttachmentRef } from "../../../src/commands/types.ts";
import { UserError } from "../../../src/core/errors.ts";
import { buildQueueFile } from "../../../src/music/queue-file.ts";
import type { PlayResult, SearchOutcome, TrackView } from "../../../src/music/types.ts";
import { fakeContext, fakeMusic, fakeTrack, refusalOf, replyText } from "../../helpers/command-context.ts";

const played = (added: TrackView[], over: Partial<PlayResult> = {}): PlayResult => ({
  added,
  playlistName: null,
  startedPlaying: false,
  position: 3,
  truncated: 0,
  source: "ytsearch",
  fellBackFrom: null,
  fallbackReason: null,
  ...over,
});

const found = (tracks: TrackView[], kind: SearchOutcome["kind"] = "track"): SearchOutcome => ({
  kind,
  tracks,
  playlistName: null,
  source: null,
  fellBackFrom: null,
  fallbackReason: null,
});

/** Where the member's music goes in the default fake context. */
const TARGET = {
  guildId: "g1",
  voiceChannelId: "v1",
  textChannelId: "t1",
  requester: { id: "u1", username: "u1" },
  fair: false,
};

const file = (over: Partial<AttachmentRef> = {}): AttachmentRef => ({
  id: "111111111111111111",
  name: "my_song.mp3",
  url: "https://cdn.discordapp.com/attachments/1/2/my_song.mp3",
  size: 1000,
  contentType: "audio/mpeg",
  ...over,
});

const callsOf = (music: ReturnType<typeof fakeMusic>) => music.calls.filter((c) => c.name !== "snapshot");

describe("play", () => {
  it("queues a search or link for the member's channel and says where it went", async () => {
    const music = fakeMusic({ results: { play: played([fakeTrack("Song")]) } });
    const ctx = fakeContext({ music });
    await play.run(ctx, { query: "  never gonna  ", shuffle: true });
    expect(callsOf(music)).toEqual([{ name: "play", args: [{ ...TARGET, query: "never gonna", shuffle: true }] }]);
    expect(ctx.replies.map(replyText)).toEqual(["Queued **Song** by Artist (3:00) at position 3."]);
  });

  it("says so when the track starts at once, and carries the server's queue rules", async () => {
    const music = fakeMusic({ results: { play: played([fakeTrack("Song")], { startedPlaying: true, position: 0 }) } });
    const ctx = fakeContext({ music, settings: { maxQueueLength: 50, noDuplicates: true } });
    await play.run(ctx, { query: "song" });
    expect(callsOf(music)[0]?.args[0]).toMatchObject({ maxQueueLength: 50, noDuplicates: true, shuffle: false });
    expect(ctx.replies.map(replyText)).toEqual(["Now playing **Song** by Artist (3:00)."]);
  });

  it("plays an attached file by its URL under its file name; a prefix command takes the first audio attachment", async () => {
    const music = fakeMusic({ results: { play: played([fakeTrack("my song")]) } });
    const slash = fakeContext({ music, attachments: [file()] });
    await play.run(slash, { file: "111111111111111111" });
    const prefix = fakeContext({
      music,
      source: "prefix",
      attachments: [file({ id: "222222222222222222", name: "notes.txt", contentType: "text/plain" }), file()],
    });
    await play.run(prefix, { file: "222222222222222222" });
    const requests = callsOf(music).map((c) => c.args[0]);
    for (const r of requests) {
      expect(r).toMatchObject({
        query: "https://cdn.discordapp.com/attachments/1/2/my_song.mp3",
        fileTitle: "my song",
      });
    }
    expect(requests).toHaveLength(2);
  });

  it("refuses a file that is not audio, a file it cannot find, and nothing at all, before asking music", async () => {
    const music = fakeMusic();
    const notAudio = fakeContext({ music, attachments: [file({ name: "cat.png", contentType: "image/png" })] });
    expect(await refusalOf(play.run(notAudio, { file: "111111111111111111" }))).toEqual({
      code: "BAD_FILE",
      message: "That file isn't audio I can play: attach an mp3, ogg, flac, wav or m4a file.",
    });
    expect(await refusalOf(play.run(fakeContext({ music }), { file: "111111111111111111" }))).toEqual({
      code: "BAD_FILE",
      message: "I couldn't read that file.",
    });
    expect(await refusalOf(play.run(fakeContext({ music }), { query: "   " }))).toEqual({
      code: "BAD_ARGUMENT",
      message: "Tell me what to play: search words or a link, or attach an audio file.",
    });
    expect(callsOf(music)).toEqual([]);
  });

  it("nothing found is a refusal, not an empty answer", async () => {
    const music = fakeMusic({ results: { play: played([]) } });
    expect((await refusalOf(play.run(fakeContext({ music }), { query: "zzz" }))).code).toBe("NO_RESULTS");
  });

  it("suggests search results for words, nothing for links or a letter", async () => {
    const long = { ...fakeTrack("x".repeat(120)), uri: "https://example.com/a" };
    const music = fakeMusic({ results: { search: found([long, fakeTrack("Other")], "search") } });
    const ctx = fakeContext({ music, settings: { defaultSource: "scsearch" } });
    const choices = await play.autocomplete(ctx, { name: "query", value: "rick" });
    expect(callsOf(music)).toEqual([{ name: "search", args: ["rick", ctx.user, "scsearch"] }]);
    expect(choices[0]?.value).toBe("https://example.com/a");
    expect(choices[0]?.name).toHaveLength(100);
    expect(choices[1]).toEqual({ name: "Other — Artist (3:00)", value: "Other" });
    expect(await play.autocomplete(ctx, { name: "query", value: "https://x.test/a" })).toEqual([]);
    expect(await play.autocomplete(ctx, { name: "query", value: "r" })).toEqual([]);
    expect(callsOf(music)).toHaveLength(1);
  });
});

describe("playnext", () => {
  it("queues at the front and says it plays next", async () => {
    const music = fakeMusic({ results: { play: played([fakeTrack("Soon")], { position: 1 }) } });
    const ctx = fakeContext({ music });
    await playnext.run(ctx, { query: "soon" });
    expect(callsOf(music)).toEqual([
      { name: "play", args: [{ ...TARGET, query: "soon", next: true, shuffle: false }] },
    ]);
    expect(ctx.replies.map(replyText)).toEqual(["Queued **Soon** by Artist (3:00) to play next."]);
  });
});

describe("search", () => {
  it("offers the results in a menu that names the source", async () => {
    const offer = {
      id: "offer-7",
      tracks: [fakeTrack("One"), fakeTrack("Two")],
      source: "scsearch",
      fellBackFrom: null,
      fallbackReason: null,
    };
    const music = fakeMusic({ results: { offerChoices: offer } });
    const ctx = fakeContext({ music });
    await search.run(ctx, { query: "one" });
    expect(callsOf(music)).toEqual([{ name: "offerChoices", args: ["one", ctx.user, undefined, 10] }]);
    expect(replyText(ctx.replies[0])).toBe("Pick what to queue (results from SoundCloud):");
    const menu = JSON.stringify(ctx.replies[0]);
    expect(menu).toContain("offer-7");
    expect(menu).toContain("One");
    expect(menu).toContain("Two");
  });

  it("a pick from the menu queues the chosen results and replaces the menu", async () => {
    const music = fakeMusic({ results: { playChoices: played([fakeTrack("One"), fakeTrack("Two")]) } });
    const ctx = fakeContext({ music, source: "select" });
    await search.run(ctx, { pick: "offer-7", values: "0\n2\n99\nx\n" });
    expect(callsOf(music)).toEqual([{ name: "playChoices", args: [TARGET, "offer-7", [0, 2]] }]);
    expect(ctx.replies).toEqual([
      { content: "Queued **2** tracks (6:00), starting at position 3.", components: [], update: true },
    ]);
  });

  it("a pick without a menu id or without valid choices is refused", async () => {
    const music = fakeMusic();
    const refused = { code: "BAD_ARGUMENT", message: "Pick at least one of the results." };
    expect(await refusalOf(search.run(fakeContext({ music, source: "select" }), { pick: 5, values: "0" }))).toEqual(
      refused,
    );
    expect(
      await refusalOf(search.run(fakeContext({ music, source: "select" }), { pick: "offer-7", values: "42" })),
    ).toEqual(refused);
    expect(callsOf(music)).toEqual([]);
  });
});

describe("join", () => {
  it("joins the member's channel with the server's default volume", async () => {
    const music = fakeMusic({ results: { join: "joined" } });
    const ctx = fakeContext({ music, userVoice: "v2", settings: { defaultVolume: 70 } });
    await join.run(ctx);
    expect(callsOf(music)).toEqual([
      { name: "join", args: [{ guildId: "g1", voiceChannelId: "v2", textChannelId: "t1", defaultVolume: 70 }] },
    ]);
    expect(ctx.replies.map(replyText)).toEqual(["Joined <#v2>."]);
  });

  it("says when it moved, when it was already there (privately), and what a stage means", async () => {
    const moved = fakeContext({ music: fakeMusic({ results: { join: "moved" } }), userVoice: "v2", stage: "request" });
    await join.run(moved);
    expect(moved.replies.map(replyText)).toEqual([
      "Moved to <#v2>; the queue carries on. It's a stage: I asked to speak, and a stage moderator has to invite me up.",
    ]);
    const there = fakeContext({ music: fakeMusic({ results: { join: "already-there" } }) });
    await join.run(there);
    expect(there.replies).toEqual([{ content: "I'm already in <#v1>.", ephemeral: true }]);
    const stage = fakeContext({ music: fakeMusic({ results: { join: "joined" } }), stage: "speaker" });
    await join.run(stage);
    expect(stage.replies.map(replyText)).toEqual(["Joined <#v1>. I'm on stage as a speaker."]);
  });

  it("refuses a member who is not in voice without asking music", async () => {
    const music = fakeMusic();
    expect((await refusalOf(join.run(fakeContext({ music, userVoice: null })))).code).toBe("NOT_IN_VOICE");
    expect(callsOf(music)).toEqual([]);
  });
});

describe("import", () => {
  const link = (title: string) => ({ ...fakeTrack(title), uri: `https://music.example/${title}` });
  const queueFile = (tracks: TrackView[]) => Buffer.from(JSON.stringify(buildQueueFile(tracks, 0).file));
  const ref = file({ name: "encore-queue.json", contentType: "application/json" });

  it("loads every link through search and queues what loaded, saying what was left out", async () => {
    const music = fakeMusic({
      results: {
        search: (uri: string) => {
          if (uri.endsWith("/Bad")) throw new UserError("URL_REFUSED", "refused");
          if (uri.endsWith("/Gone")) throw new UserError("NO_RESULTS", "gone");
          return found([link(uri.split("/").pop() ?? "")]);
        },
        playStored: (_target: unknown, stored: unknown[]) => played(stored.map((_, i) => link(`T${i}`))),
      },
    });
    const ctx = fakeContext({
      music,
      attachments: [ref],
      files: { [ref.id]: queueFile([link("A"), link("Bad"), link("B"), link("Gone")]) },
    });
    await importCmd.run(ctx, { file: ref.id });
    const searched = callsOf(music).filter((c) => c.name === "search");
    expect(searched.map((c) => c.args[0]).sort()).toEqual([
      "https://music.example/A",
      "https://music.example/B",
      "https://music.example/Bad",
      "https://music.example/Gone",
    ]);
    const stored = callsOf(music).find((c) => c.name === "playStored");
    expect(stored?.args[0]).toEqual(TARGET);
    expect(((stored?.args[1] ?? []) as { uri: string }[]).map((t) => t.uri)).toEqual([
      "https://music.example/A",
      "https://music.example/B",
    ]);
    expect(ctx.replies.map(replyText)).toEqual([
      "Imported **2** tracks from encore-queue.json (6:00).\nLeft out: 1 link was refused by the link rules, 1 could not be loaded.",
    ]);
  });

  it("refuses a missing file, a file that is not JSON, and a file of which nothing loads", async () => {
    const music = fakeMusic({ results: { search: found([]) } });
    expect(await refusalOf(importCmd.run(fakeContext({ music }), { file: ref.id }))).toEqual({
      code: "BAD_ARGUMENT",
      message: "Attach the queue file that export made.",
    });
    const png = file({ name: "cat.png" });
    expect((await refusalOf(importCmd.run(fakeContext({ music, attachments: [png] }), { file: png.id }))).code).toBe(
      "BAD_FILE",
    );
    const nothing = fakeContext({ music, attachments: [ref], files: { [ref.id]: queueFile([link("A")]) } });
    expect(await refusalOf(importCmd.run(nothing, { file: ref.id }))).toEqual({
      code: "NO_RESULTS",
      message: "None of the tracks in that file could be queued: 1 could not be loaded.",
    });
    expect(callsOf(music).filter((c) => c.name === "playStored")).toEqual([]);
  });

  it("stops at once when the music node is gone", async () => {
    const music = fakeMusic({
      results: {
        search: () => {
          throw new UserError("MUSIC_UNAVAILABLE", "Music nodes are unavailable.");
        },
      },
    });
    const ctx = fakeContext({ music, attachments: [ref], files: { [ref.id]: queueFile([link("A"), link("B")]) } });
    expect((await refusalOf(importCmd.run(ctx, { file: ref.id }))).code).toBe("MUSIC_UNAVAILABLE");
    expect(ctx.replies).toEqual([]);
  });
});
