import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FakeTrackSpec } from "../fakes/lavalink/index.ts";
import { catalog, ids, playlists } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { play, prefixReply, slashReply, waitPatch, waitPlaying } from "../helpers/player-driver.ts";

const MIX = (id: string) => `https://www.youtube.com/watch?v=${id}&list=RD${id}`;
/** A song as YouTube Music search finds it: linked on music.youtube.com. */
const seedSong: FakeTrackSpec = {
  identifier: "seedSong001",
  title: "Seed Song",
  author: "Seed Artist",
  length: 200_000,
  uri: "https://music.youtube.com/watch?v=seedSong001",
  sourceName: "youtube",
};
const trackEnds = (h: Harness) => h.node.wsSent.filter((op) => op.type === "TrackEndEvent");

describe("autoplay, vote-skip and failing tracks", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ lavalink: { catalog: [...catalog, seedSong], playlists } });
  });
  afterEach(async () => {
    await h.stop();
  });

  it("resolves the related track (YouTube mix) before the current track ends, then plays it with no gap", async () => {
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");
    expect((await slashReply(h, "autoplay", ids.alice, { state: true })).content).toMatch(/^Autoplay is on/);
    await h.node.waitForRequest((r) => r.query.identifier === MIX("dQw4w9WgXcQ"));
    // Resolved while the first track still plays: no TrackEnd yet, and the pick is already queued.
    expect(trackEnds(h)).toEqual([]);
    expect(h.node.player(ids.guild)?.track?.info.title).toBe("Never Gonna Give You Up");
    const queued = () => h.app.music.snapshot(ids.guild)?.upcoming ?? [];
    await vi.waitFor(() => expect(queued()).toHaveLength(1));
    expect(trackEnds(h)).toEqual([]);
    expect(queued().map((t) => [t.title, t.requester?.username])).toEqual([["Despacito", "Autoplay"]]);
    const since = h.node.requests.length;
    h.node.endTrack(ids.guild);
    const next = await waitPatch(h, since, (b) => typeof b.track?.encoded === "string");
    expect(Buffer.from(next.body.track.encoded, "base64").toString()).toContain("Despacito");
    // On that track's start the next one is resolved at once, skipping the guild's recent plays.
    await h.node.waitForRequest((r) => r.query.identifier === MIX("kJQP7kiw5Fk"));
    await vi.waitFor(() => expect(queued().map((t) => t.title)).toEqual(["Bohemian Rhapsody"]));
  });

  it("never replays the seed: a mix starts with it under another link than the one it was played from", async () => {
    // YouTube Music search results link to music.youtube.com; the mix lists the same video as a www.youtube.com link.
    await play(h, "ytm:seed song");
    await waitPlaying(h, "Seed Song");
    await slashReply(h, "autoplay", ids.alice, { state: true });
    const mix = await h.node.waitForRequest((r) => r.query.identifier === MIX("seedSong001"));
    expect(mix.status).toBe(200);
    const queued = () => h.app.music.snapshot(ids.guild)?.upcoming.map((t) => t.title) ?? [];
    await vi.waitFor(() => expect(queued()).toHaveLength(1));
    expect(queued()).toEqual(["Never Gonna Give You Up"]);
  });

  it("a member's track goes before autoplay's pick, and autoplay off removes the pick", async () => {
    await play(h, "never gonna give");
    await slashReply(h, "autoplay", ids.alice, { state: true });
    await h.node.waitForRequest((r) => r.query.identifier === MIX("dQw4w9WgXcQ"));
    const queued = () => h.app.music.snapshot(ids.guild)?.upcoming.map((t) => t.title) ?? [];
    await vi.waitFor(() => expect(queued()).toHaveLength(1));
    await play(h, "teen spirit");
    expect(queued()).toEqual(["Smells Like Teen Spirit"]);
    expect((await prefixReply(h, "autoplay off")).content).toMatch(/^Autoplay is off/);
    expect(h.app.music.autoplayEnabled(ids.guild)).toBe(false);
  });

  it("non-YouTube tracks autoplay a search by the artist", async () => {
    await play(h, "sc:ocean waves");
    await slashReply(h, "autoplay", ids.alice, { state: true });
    const load = await h.node.waitForRequest((r) => r.query.identifier === "scsearch:Nature Sounds");
    expect(load.method).toBe("GET");
  });

  it("vote-skip: listeners vote until the ratio of non-bot listeners is reached; votes reset on track change", async () => {
    await play(h, "never gonna give");
    await play(h, "despacito");
    await play(h, "bohemian");
    // Listeners: alice, deejay, admin, erin, frank → 3 of 5 needed at ratio 0.5.
    expect((await slashReply(h, "skip", ids.erin)).content).toBe("Vote to skip added: 1/3 votes.");
    expect((await slashReply(h, "skip", ids.erin)).content).toBe("You already voted to skip this track (1/3 votes).");
    h.discord.setVoiceState(ids.guild, ids.dj, null);
    h.discord.setVoiceState(ids.guild, ids.admin, null);
    const seenByBot = (userId: string) =>
      h.app.client.guilds.cache.get(ids.guild)?.voiceStates.cache.get(userId)?.channelId ?? null;
    await vi.waitFor(() => expect([seenByBot(ids.dj), seenByBot(ids.admin)]).toEqual([null, null]));
    // 3 listeners now (alice, erin, frank): 2 votes pass.
    const since = h.node.requests.length;
    const passed = await prefixReply(h, "skip", ids.frank);
    expect(passed.content).toBe("Vote passed (2/2): skipped **Never Gonna Give You Up** by Rick Astley.");
    await waitPatch(h, since, (b) => b.track?.encoded === null);
    await waitPlaying(h, "Despacito");
    expect((await slashReply(h, "skip", ids.erin)).content).toBe("Vote to skip added: 1/2 votes.");
    // The requester skips at once.
    expect((await slashReply(h, "skip", ids.alice)).content).toBe("Skipped **Despacito** by Luis Fonsi.");
  });

  it("a track exception is announced with the node's reason and skipped", async () => {
    await play(h, "never gonna give");
    await play(h, "despacito");
    await waitPlaying(h, "Never Gonna");
    h.node.failTrack(ids.guild, "This video is unavailable in your country");
    const note = await h.discord.waitForMessage(ids.text, (m) => m.content.startsWith("Couldn't play"));
    expect(note.content).toBe(
      "Couldn't play **Never Gonna Give You Up** by Rick Astley: This video is unavailable in your country. Skipping it.",
    );
    expect(note.allowed_mentions).toEqual({ parse: [] });
    await waitPlaying(h, "Despacito");
  });

  it("a stuck track is announced and skipped", async () => {
    await play(h, "never gonna give");
    await play(h, "despacito");
    await waitPlaying(h, "Never Gonna");
    h.node.stickTrack(ids.guild, 10_000);
    const note = await h.discord.waitForMessage(ids.text, (m) => m.content.includes("got stuck"));
    expect(note.content).toBe("**Never Gonna Give You Up** by Rick Astley got stuck (no audio for 10s). Skipping it.");
    await waitPlaying(h, "Despacito");
  });

  it("after 3 failures in a row the player stops and clears the queue instead of spinning", async () => {
    for (const q of ["never gonna give", "despacito", "bohemian", "teen spirit"]) await play(h, q);
    for (const title of ["Never Gonna", "Despacito", "Bohemian"]) {
      await waitPlaying(h, title);
      h.node.failTrack(ids.guild, "Sign in to confirm you're not a bot");
    }
    const stopped = await h.discord.waitForMessage(ids.text, (m) => m.content.startsWith("Stopped:"));
    expect(stopped.content).toContain("3 tracks in a row failed to play");
    await vi.waitFor(() => expect(h.app.music.snapshot(ids.guild)?.current).toBeNull());
    expect(h.app.music.snapshot(ids.guild)?.upcoming).toEqual([]);
    const played = h.node.requests
      .filter((r) => r.method === "PATCH" && typeof r.body?.track?.encoded === "string")
      .map((r) => Buffer.from(r.body.track.encoded, "base64").toString());
    expect(played.some((t) => t.includes("Smells Like Teen Spirit"))).toBe(false);
  });
});
