import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as playlist from "../../../src/commands/handlers/playlist.ts";
import * as settings from "../../../src/commands/handlers/settings.ts";
import { CacheRegistry } from "../../../src/core/cache.ts";
import type { PlayResult, SearchOutcome, TrackView } from "../../../src/music/types.ts";
import { SqliteDatabase } from "../../../src/store/sqlite/database.ts";
import { SqlitePlaylistStore } from "../../../src/store/sqlite/playlist-store.ts";
import { SqliteSettingsStore } from "../../../src/store/sqlite/settings-store.ts";
import {
  type FakeContextOptions,
  fakeContext,
  fakeMusic,
  fakeSnapshot,
  fakeTrack,
  refusalOf,
  replyText,
} from "../../helpers/command-context.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";
import { silentLogger, tempDirs } from "../store/helpers.ts";

const dirs = tempDirs();
const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
  dirs.cleanup();
});

/** Real SQLite settings and playlist stores in a fresh database, and a context maker over them. */
function withStores(opts: { maxTracksPerPlaylist?: number } = {}) {
  const clock = new FakeClock();
  const db = new SqliteDatabase({ path: path.join(dirs.make(), "encore.db"), logger: silentLogger() });
  const settingsStore = new SqliteSettingsStore({}, { db, clock, caches: new CacheRegistry(), logger: silentLogger() });
  const playlists = new SqlitePlaylistStore(opts, { db, clock, logger: silentLogger() });
  db.open();
  settingsStore.open();
  playlists.open();
  open.push(async () => {
    await settingsStore.close();
    db.close();
  });
  const store = { settings: settingsStore, playlists };
  const ctx = (over: FakeContextOptions & { readonly guildId?: string } = {}) => fakeContext({ ...over, store });
  return { store, ctx };
}

const link = (title: string, requester: string | null = null): TrackView => ({
  ...fakeTrack(title, requester),
  uri: `https://music.example/${title}`,
});

describe("settings", () => {
  it("shows every setting of the server", async () => {
    const { ctx } = withStores();
    const c = ctx();
    await settings.run(c, { subcommand: "show" });
    const reply = c.replies[0];
    const embed = typeof reply === "object" ? reply.embeds?.[0] : undefined;
    expect(embed?.title).toBe("Server settings");
    expect(embed?.description).toContain("**prefix**: `!`");
    expect(embed?.description).toContain("**dj-only**: off");
  });

  it("sets a setting by its name (any case) and stores it; reset puts the default back", async () => {
    const { ctx, store } = withStores();
    const c = ctx();
    await settings.run(c, { subcommand: "set", key: " DJ-Only ", value: "on" });
    expect(store.settings.get("g1").djOnly).toBe(true);
    await settings.run(c, { subcommand: "set", key: "default-volume", value: "70" });
    expect(store.settings.get("g1").defaultVolume).toBe(70);
    await settings.run(c, { subcommand: "reset", key: "dj-only" });
    expect(store.settings.get("g1").djOnly).toBe(false);
    expect(c.replies.map(replyText)).toEqual([
      "Set **dj-only** to on.",
      "Set **default-volume** to 70%.",
      "Reset **dj-only** to off.",
    ]);
  });

  it("refuses an unknown setting and a bad value, changing nothing", async () => {
    const { ctx, store } = withStores();
    const unknown = await refusalOf(settings.run(ctx(), { subcommand: "set", key: "colour", value: "blue" }));
    expect(unknown.code).toBe("BAD_ARGUMENT");
    expect(unknown.message).toMatch(/^Name a setting: `prefix`, `dj-roles`/);
    expect(await refusalOf(settings.run(ctx(), { subcommand: "set", key: "24-7", value: "maybe" }))).toEqual({
      code: "BAD_ARGUMENT",
      message: "Use on or off.",
    });
    expect(store.settings.get("g1").twentyFourSeven).toBe(false);
  });

  it("suggests setting names for the key option only", async () => {
    const { ctx } = withStores();
    expect(await settings.autocomplete(ctx(), { name: "key", value: "LEAVE" })).toEqual([
      { name: "alone-leave", value: "alone-leave" },
      { name: "queue-end-leave", value: "queue-end-leave" },
    ]);
    expect(await settings.autocomplete(ctx(), { name: "value", value: "" })).toEqual([]);
  });
});

describe("playlist", () => {
  it("create, add the current track and the queue, show, rename, list and delete, all per member", async () => {
    const { ctx, store } = withStores();
    const music = fakeMusic({ snapshot: fakeSnapshot({ current: link("Now"), upcoming: [link("A"), link("B")] }) });
    const c = ctx({ music });
    await playlist.run(c, { subcommand: "create", name: "Mix" });
    await playlist.run(c, { subcommand: "add", name: "mix" });
    await playlist.run(c, { subcommand: "add", name: "mix", what: "queue" });
    await playlist.run(c, { subcommand: "rename", name: "mix", new_name: "Road trip" });
    await playlist.run(c, { subcommand: "list" });
    expect(c.replies.slice(0, 4).map(replyText)).toEqual([
      "Created your playlist **Mix**. Add to it with `!playlist add <name> current`, `queue`, or a search or link.",
      "Added **Now** by Artist to **Mix** (now 1 track).",
      "Added **3** tracks to **Mix** (now 4 tracks).",
      "Renamed **Mix** to **Road trip**.",
    ]);
    expect(JSON.stringify(c.replies[4])).toContain("**Road trip** · 4 tracks");
    expect(store.playlists.get("u1", "road trip")?.tracks.map((t) => t.title)).toEqual(["Now", "Now", "A", "B"]);
    expect(store.playlists.list("u2")).toEqual([]);
    await playlist.run(c, { subcommand: "delete", name: "road trip" });
    expect(replyText(c.replies[5])).toBe("Deleted your playlist **Road trip** (4 tracks).");
    expect(store.playlists.list("u1")).toEqual([]);
  });

  it("adds a search's first result or a whole playlist link, deferring for the search", async () => {
    const { ctx, store } = withStores();
    const outcome = (kind: SearchOutcome["kind"], tracks: TrackView[]): SearchOutcome => ({
      kind,
      tracks,
      playlistName: kind === "playlist" ? "Best of" : null,
      source: "ytsearch",
      fellBackFrom: null,
      fallbackReason: null,
    });
    const music = fakeMusic({
      results: {
        search: (q: string) =>
          q.startsWith("https://")
            ? outcome("playlist", [link("P1"), link("P2")])
            : outcome("search", [link("S1"), link("S2")]),
      },
    });
    const c = ctx({ music });
    await playlist.run(c, { subcommand: "create", name: "mix" });
    await playlist.run(c, { subcommand: "add", name: "mix", what: "some words" });
    await playlist.run(c, { subcommand: "add", name: "mix", what: "https://music.example/list" });
    expect(c.deferred).toBe(2);
    expect(music.calls.filter((x) => x.name === "search").map((x) => x.args[0])).toEqual([
      "some words",
      "https://music.example/list",
    ]);
    expect(c.replies.slice(1).map(replyText)).toEqual([
      "Added **S1** by Artist to **mix** (now 1 track).",
      "Added **2** tracks from Best of to **mix** (now 3 tracks).",
    ]);
    expect(store.playlists.get("u1", "mix")?.tracks.map((t) => t.title)).toEqual(["S1", "P1", "P2"]);
  });

  it("refuses adding with nothing playing, an empty queue, a search with no results, or to a missing playlist", async () => {
    const { ctx } = withStores();
    const idle = ctx({ music: fakeMusic({ snapshot: null }) });
    await playlist.run(idle, { subcommand: "create", name: "mix" });
    expect((await refusalOf(playlist.run(idle, { subcommand: "add", name: "mix", what: "current" }))).code).toBe(
      "NO_PLAYER",
    );
    expect((await refusalOf(playlist.run(idle, { subcommand: "add", name: "mix", what: "queue" }))).code).toBe(
      "QUEUE_EMPTY",
    );
    const none = ctx({
      music: fakeMusic({
        results: {
          search: {
            kind: "empty",
            tracks: [],
            playlistName: null,
            source: null,
            fellBackFrom: null,
            fallbackReason: null,
          },
        },
      }),
    });
    expect((await refusalOf(playlist.run(none, { subcommand: "add", name: "mix", what: "zzz" }))).code).toBe(
      "NO_RESULTS",
    );
    expect(await refusalOf(playlist.run(idle, { subcommand: "show", name: "nope" }))).toEqual({
      code: "PLAYLIST_NOT_FOUND",
      message: "You have no playlist called **nope**. `!playlist list` shows yours.",
    });
  });

  it("removes a position or a range, and refuses positions that are not one", async () => {
    const { ctx, store } = withStores();
    const c = ctx({ music: fakeMusic({ snapshot: fakeSnapshot({ current: link("Now"), upcoming: [link("A")] }) }) });
    await playlist.run(c, { subcommand: "create", name: "mix" });
    await playlist.run(c, { subcommand: "add", name: "mix", what: "queue" });
    await playlist.run(c, { subcommand: "add", name: "mix", what: "queue" });
    await playlist.run(c, { subcommand: "remove", name: "mix", positions: "2" });
    await playlist.run(c, { subcommand: "remove", name: "mix", positions: "1-2" });
    expect(c.replies.slice(3).map(replyText)).toEqual([
      "Removed **A** by Artist from **mix**.",
      "Removed 2 tracks (positions 1–2) from **mix**.",
    ]);
    expect(store.playlists.get("u1", "mix")?.tracks.map((t) => t.title)).toEqual(["A"]);
    expect((await refusalOf(playlist.run(c, { subcommand: "remove", name: "mix", positions: "two" }))).code).toBe(
      "BAD_ARGUMENT",
    );
  });

  it("shows a page of a playlist, and says when it is empty", async () => {
    const { ctx } = withStores();
    const c = ctx({ music: fakeMusic({ snapshot: fakeSnapshot({ current: link("Now"), upcoming: [link("A")] }) }) });
    await playlist.run(c, { subcommand: "create", name: "empty" });
    await playlist.run(c, { subcommand: "show", name: "empty" });
    expect(replyText(c.replies[1])).toBe("**empty** has no tracks yet. Add some with `!playlist add <name> current`.");
    await playlist.run(c, { subcommand: "create", name: "mix" });
    await playlist.run(c, { subcommand: "add", name: "mix", what: "queue" });
    await playlist.run(c, { subcommand: "show", name: "mix", page: 1 });
    expect(JSON.stringify(c.replies[4])).toContain("Now");
    expect(JSON.stringify(c.replies[4])).toContain("A");
  });

  it("loads a playlist into the member's channel, and refuses an empty one without touching music", async () => {
    const { ctx } = withStores();
    const loaded: PlayResult = {
      added: [link("Now"), link("A")],
      playlistName: null,
      startedPlaying: true,
      position: 0,
      truncated: 0,
      source: null,
      fellBackFrom: null,
      fallbackReason: null,
    };
    const music = fakeMusic({
      snapshot: fakeSnapshot({ current: link("Now"), upcoming: [link("A")] }),
      results: { playStored: loaded },
    });
    const c = ctx({ music });
    await playlist.run(c, { subcommand: "create", name: "mix" });
    expect((await refusalOf(playlist.run(c, { subcommand: "load", name: "mix" }))).code).toBe("PLAYLIST_EMPTY");
    expect(music.calls.filter((x) => x.name === "playStored")).toEqual([]);
    await playlist.run(c, { subcommand: "add", name: "mix", what: "queue" });
    await playlist.run(c, { subcommand: "load", name: "mix" });
    const call = music.calls.find((x) => x.name === "playStored");
    expect(call?.args[0]).toMatchObject({ guildId: "g1", voiceChannelId: "v1", requester: { id: "u1" } });
    expect(((call?.args[1] ?? []) as { title: string }[]).map((t) => t.title)).toEqual(["Now", "A"]);
    expect(replyText(c.replies.at(-1))).toBe(
      "Queued **2** tracks from your playlist **mix** (6:00).\nNow playing **Now** by Artist.",
    );
  });

  it("a full playlist says what did not fit", async () => {
    const { ctx } = withStores({ maxTracksPerPlaylist: 2 });
    const c = ctx({
      music: fakeMusic({ snapshot: fakeSnapshot({ current: link("Now"), upcoming: [link("A"), link("B")] }) }),
    });
    await playlist.run(c, { subcommand: "create", name: "mix" });
    await playlist.run(c, { subcommand: "add", name: "mix", what: "queue" });
    expect(replyText(c.replies[1])).toBe(
      "Added **2** tracks to **mix** (now 2 tracks).\n1 track did not fit: the playlist is full (2 is the most it can hold).",
    );
  });

  it("suggests the member's own playlists, not while creating one", async () => {
    const { ctx } = withStores();
    const c = ctx();
    for (const name of ["Chill", "Road trip", "chillstep"]) await playlist.run(c, { subcommand: "create", name });
    expect(await playlist.autocomplete(c, { name: "name", value: "chi", subcommand: "load" })).toEqual([
      { name: "Chill (0 tracks)", value: "Chill" },
      { name: "chillstep (0 tracks)", value: "chillstep" },
    ]);
    expect(await playlist.autocomplete(c, { name: "name", value: "chi", subcommand: "create" })).toEqual([]);
    expect(await playlist.autocomplete(ctx({ userId: "u2" }), { name: "name", value: "" })).toEqual([]);
  });
});
