import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isUserError } from "../../../src/core/errors.ts";
import { SqliteDatabase } from "../../../src/store/sqlite/database.ts";
import { SqlitePlaylistStore, type SqlitePlaylistStoreOptions } from "../../../src/store/sqlite/playlist-store.ts";
import type { StoredTrack } from "../../../src/store/types.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";
import { silentLogger, tempDirs, track, tracks } from "./helpers.ts";

const dirs = tempDirs();
const dbs: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  dirs.cleanup();
});

const ALICE = "300000000000000001";
const BOB = "300000000000000002";

function setup(opts: SqlitePlaylistStoreOptions = {}, file = path.join(dirs.make(), "encore.db")) {
  const clock = new FakeClock();
  const db = new SqliteDatabase({ path: file, logger: silentLogger() });
  const store = new SqlitePlaylistStore(opts, { db, clock, logger: silentLogger() });
  db.open();
  store.open();
  dbs.push(db);
  const trackRows = () => Number(db.connection.prepare("SELECT count(*) AS n FROM playlist_tracks").get()?.n);
  return { clock, db, store, file, trackRows };
}

/** The code of the UserError `fn` throws; rethrows anything else. */
function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isUserError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a UserError");
}

const titles = (list: StoredTrack[]) => list.map((t) => t.title);

describe("SqlitePlaylistStore", () => {
  it("creates, lists, reads, renames and deletes playlists", () => {
    const { store, clock } = setup();
    const created = store.create(ALICE, "  Road Trip ");
    expect(created).toMatchObject({ ownerId: ALICE, name: "Road Trip", tracks: [] });
    expect(created.createdAt).toBe(clock.now());
    store.create(ALICE, "chill");
    store.create(BOB, "road trip");

    expect(store.list(ALICE)).toEqual([
      { name: "chill", trackCount: 0, updatedAt: clock.now() },
      { name: "Road Trip", trackCount: 0, updatedAt: clock.now() },
    ]);
    expect(store.get(ALICE, "ROAD TRIP")).toEqual(created);
    expect(store.get(ALICE, "nope")).toBeNull();

    clock.advance(5000);
    store.rename(ALICE, "road trip", "Drive");
    expect(store.get(ALICE, "road trip")).toBeNull();
    expect(store.get(ALICE, "drive")).toMatchObject({ id: created.id, name: "Drive", updatedAt: clock.now() });

    store.delete(ALICE, "DRIVE");
    expect(store.list(ALICE).map((p) => p.name)).toEqual(["chill"]);
    expect(store.list(BOB).map((p) => p.name)).toEqual(["road trip"]);
  });

  it("matches names ignoring case beyond ASCII", () => {
    const { store } = setup();
    store.create(ALICE, "Été");
    expect(store.get(ALICE, "ÉTÉ")?.name).toBe("Été");
    expect(codeOf(() => store.create(ALICE, "été")).code).toBe("PLAYLIST_EXISTS");
  });

  it("refuses duplicate names per owner, but allows a change of case on rename", () => {
    const { store } = setup();
    store.create(ALICE, "Mix");
    store.create(ALICE, "Other");
    expect(codeOf(() => store.create(ALICE, "MIX"))).toEqual({
      code: "PLAYLIST_EXISTS",
      message: 'You already have a playlist called "MIX".',
    });
    expect(codeOf(() => store.rename(ALICE, "other", "mix")).code).toBe("PLAYLIST_EXISTS");
    store.rename(ALICE, "mix", "MIX");
    expect(store.get(ALICE, "mix")?.name).toBe("MIX");
  });

  it("limits playlists per user", () => {
    const { store } = setup({ maxPlaylistsPerUser: 2 });
    store.create(ALICE, "one");
    store.create(ALICE, "two");
    expect(codeOf(() => store.create(ALICE, "three"))).toEqual({
      code: "PLAYLIST_LIMIT",
      message: "You already have 2 playlists, the most allowed. Delete one to make room.",
    });
    store.create(BOB, "three");
    store.delete(ALICE, "one");
    store.create(ALICE, "three");
    expect(store.list(ALICE)).toHaveLength(2);
  });

  it.each(["", "   ", "x".repeat(33), "line\nbreak"])("refuses the name %j", (name) => {
    const { store } = setup();
    expect(codeOf(() => store.create(ALICE, name))).toEqual({
      code: "BAD_ARGUMENT",
      message: "Playlist names must be 1 to 32 characters long, without line breaks.",
    });
    store.create(ALICE, "ok");
    expect(codeOf(() => store.rename(ALICE, "ok", name)).code).toBe("BAD_ARGUMENT");
  });

  it("accepts a 32-character name", () => {
    const { store } = setup();
    expect(store.create(ALICE, "é".repeat(32)).name).toHaveLength(32);
  });

  it("reports PLAYLIST_NOT_FOUND for every operation on a missing playlist", () => {
    const { store } = setup();
    store.create(BOB, "mine");
    const ops = [
      () => store.rename(ALICE, "mine", "x"),
      () => store.delete(ALICE, "mine"),
      () => store.addTracks(ALICE, "mine", tracks(1)),
      () => store.removeTracks(ALICE, "mine", 1),
    ];
    for (const op of ops) {
      expect(codeOf(op)).toEqual({ code: "PLAYLIST_NOT_FOUND", message: 'You have no playlist called "mine".' });
    }
    expect(store.get(ALICE, "mine")).toBeNull();
  });

  it("appends tracks in order and keeps only StoredTrack fields", () => {
    const { store, clock } = setup();
    store.create(ALICE, "p");
    clock.advance(1000);
    const rich = { ...track(1, { requester: { id: BOB, username: "bob" }, artworkUrl: null }), pluginInfo: { x: 1 } };
    expect(store.addTracks(ALICE, "p", [rich as StoredTrack, ...tracks(2, 2)])).toEqual({ added: 3, total: 3 });
    const got = store.get(ALICE, "p");
    expect(titles(got?.tracks ?? [])).toEqual(["Track 1", "Track 2", "Track 3"]);
    expect(got?.tracks[0]).toEqual(track(1, { requester: { id: BOB, username: "bob" }, artworkUrl: null }));
    expect(got?.updatedAt).toBe(clock.now());
    expect(store.addTracks(ALICE, "p", [])).toEqual({ added: 0, total: 3 });
  });

  it("adds as many tracks as fit, then refuses with PLAYLIST_FULL", () => {
    const { store } = setup({ maxTracksPerPlaylist: 5 });
    store.create(ALICE, "p");
    expect(store.addTracks(ALICE, "p", tracks(3))).toEqual({ added: 3, total: 3 });
    expect(store.addTracks(ALICE, "p", tracks(4, 10))).toEqual({ added: 2, total: 5 });
    expect(titles(store.get(ALICE, "p")?.tracks ?? []).slice(3)).toEqual(["Track 10", "Track 11"]);
    expect(codeOf(() => store.addTracks(ALICE, "p", tracks(1, 20)))).toEqual({
      code: "PLAYLIST_FULL",
      message: 'Playlist "p" is full: it already has 5 tracks, the most allowed is 5.',
    });
  });

  it("refuses a track without an encoded form", () => {
    const { store } = setup();
    store.create(ALICE, "p");
    expect(codeOf(() => store.addTracks(ALICE, "p", [track(1, { encoded: "" })])).code).toBe("BAD_ARGUMENT");
    expect(store.get(ALICE, "p")?.tracks).toEqual([]);
  });

  it("removes one track or a range by 1-based position and returns them", () => {
    const { store } = setup();
    store.create(ALICE, "p");
    store.addTracks(ALICE, "p", tracks(6));
    expect(titles(store.removeTracks(ALICE, "p", 2))).toEqual(["Track 2"]);
    expect(titles(store.removeTracks(ALICE, "p", 2, 3))).toEqual(["Track 3", "Track 4"]);
    expect(titles(store.get(ALICE, "p")?.tracks ?? [])).toEqual(["Track 1", "Track 5", "Track 6"]);
    store.addTracks(ALICE, "p", [track(7)]);
    expect(titles(store.removeTracks(ALICE, "p", 3, 4))).toEqual(["Track 6", "Track 7"]);
    expect(titles(store.get(ALICE, "p")?.tracks ?? [])).toEqual(["Track 1", "Track 5"]);
    expect(store.list(ALICE)[0]?.trackCount).toBe(2);
  });

  it.each<[number, number | undefined]>([
    [0, undefined],
    [4, undefined],
    [2, 1],
    [1, 4],
    [1.5, undefined],
    [Number.NaN, undefined],
  ])("refuses positions %s..%s with BAD_ARGUMENT", (from, to) => {
    const { store } = setup();
    store.create(ALICE, "p");
    store.addTracks(ALICE, "p", tracks(3));
    expect(codeOf(() => store.removeTracks(ALICE, "p", from, to))).toEqual({
      code: "BAD_ARGUMENT",
      message: "Positions must be whole numbers from 1 to 3, the first no greater than the last.",
    });
    expect(store.get(ALICE, "p")?.tracks).toHaveLength(3);
  });

  it("refuses to remove from an empty playlist", () => {
    const { store } = setup();
    store.create(ALICE, "p");
    expect(codeOf(() => store.removeTracks(ALICE, "p", 1))).toEqual({
      code: "BAD_ARGUMENT",
      message: "That playlist has no tracks to remove.",
    });
  });

  it("deletes a playlist's tracks with it", () => {
    const { store, trackRows } = setup();
    store.create(ALICE, "p");
    store.create(ALICE, "q");
    store.addTracks(ALICE, "p", tracks(4));
    store.addTracks(ALICE, "q", tracks(2));
    store.delete(ALICE, "p");
    expect(trackRows()).toBe(2);
  });

  it("keeps playlists across close and reopen", () => {
    const first = setup();
    first.store.create(ALICE, "Keep");
    first.store.addTracks(ALICE, "Keep", tracks(3));
    first.store.close();
    first.db.close();
    const second = setup({}, first.file);
    expect(titles(second.store.get(ALICE, "keep")?.tracks ?? [])).toEqual(["Track 1", "Track 2", "Track 3"]);
    expect(() => first.store.list(ALICE)).toThrow("playlist store is not open");
  });
});
