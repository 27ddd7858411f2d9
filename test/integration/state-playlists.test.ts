import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { encodeTrack, infoFromSpec } from "../fakes/lavalink/index.ts";
import { testResolver } from "../helpers/dns.ts";
import { catalog, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { type OptionValues, play, prefixReply, slashReply, waitPatch, waitPlaying } from "../helpers/player-driver.ts";

/** `/playlist` as `userId` with the given options. */
const playlist = (h: Harness, subcommand: string, values: OptionValues = {}, userId: string = ids.alice) => {
  h.elapse(1000); // a member curating playlists, one step at a time (the per-member rate limit stays on)
  return slashReply(h, `playlist ${subcommand}`, userId, values);
};

/** The encoded form the fake node gives a catalog track (what a saved playlist must hand back to the node). */
const encodedOf = (title: string): string => {
  const spec = catalog.find((t) => t.title === title);
  if (!spec) throw new Error(`no catalog track ${title}`);
  return encodeTrack(infoFromSpec(spec));
};

/** Codes of the refusals the app logged, in order. */
const refusals = (h: Harness): string[] =>
  h.logs
    .map((line) => {
      try {
        return JSON.parse(line) as { msg?: string; code?: string; command?: string };
      } catch {
        return {};
      }
    })
    .filter((l) => l.msg === "command refused" && l.command === "playlist")
    .map((l) => l.code ?? "");

/** Stops the harness's app and starts a new one on the same database and fakes. */
async function restart(h: Harness): Promise<Harness> {
  await h.app.stop();
  const app = createApp(h.config, { logger: h.app.logger, resolveHost: testResolver });
  const restarted: Harness = {
    ...h,
    app,
    stop: async () => {
      await app.stop();
      await h.discord.stop();
      await h.node.stop();
    },
  };
  await app.start();
  await waitUntil(() => app.music.nodesAvailable(), 5000, "the music node to be usable after the restart");
  return restarted;
}

describe("saved playlists", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("create, add (current, queue, search), show, remove, rename, list, restart, load into a fresh player, delete", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await play(h, "despacito");
    await waitPlaying(h, "Never Gonna");

    expect((await playlist(h, "create", { name: "chill" })).content).toMatch(/^Created your playlist \*\*chill\*\*\./);
    expect((await playlist(h, "add", { name: "chill", what: "current" })).content).toBe(
      "Added **Never Gonna Give You Up** by Rick Astley to **chill** (now 1 track).",
    );
    // The prefix form: subcommand, name, then the rest of the message.
    expect((await prefixReply(h, "playlist add chill queue")).content).toBe(
      "Added **2** tracks to **chill** (now 3 tracks).",
    );

    const since = h.node.requests.length;
    const byQuery = await prefixReply(h, "pl add chill lofi beats");
    expect(byQuery.content).toBe("Added **Lofi Beats To Study To** by Lofi Girl to **chill** (now 4 tracks).");
    const load = await h.node.waitForRequest((r) => r.path === "/v4/loadtracks" && h.node.requests.indexOf(r) >= since);
    expect(load.query.identifier).toBe("ytsearch:lofi beats");

    const shown = await playlist(h, "show", { name: "CHILL" });
    expect(shown.embeds[0]).toMatchObject({
      title: "chill",
      description: [
        "1. **Never Gonna Give You Up** by Rick Astley (3:32)",
        "2. **Never Gonna Give You Up** by Rick Astley (3:32)",
        "3. **Despacito** by Luis Fonsi (4:42)",
        "4. **Lofi Beats To Study To** by Lofi Girl (unknown length)",
      ].join("\n"),
      footer: { text: "Page 1/1 · 4 tracks · at least 11:46" },
    });

    expect((await prefixReply(h, "playlist remove chill 1-2")).content).toBe(
      "Removed 2 tracks (positions 1–2) from **chill**.",
    );
    expect((await prefixReply(h, 'playlists rename chill "chill vibes"')).content).toBe(
      "Renamed **chill** to **chill vibes**.",
    );
    await playlist(h, "create", { name: "road trip" });
    const listed = await playlist(h, "list", {});
    expect(listed.embeds[0]?.description).toBe("**chill vibes** · 2 tracks\n**road trip** · 0 tracks");
    // Playlists belong to their owner: bob sees none of alice's.
    expect((await playlist(h, "list", {}, ids.bob)).content).toMatch(/^You have no playlists yet/);

    // A fresh player in a fresh app: leave, restart on the same database.
    await slashReply(h, "leave");
    await h.node.waitForRequest((r) => r.method === "DELETE" && r.path.endsWith(`/players/${ids.guild}`));
    h = await restart(h);
    expect((await playlist(h, "list", {})).embeds[0]?.description).toBe(
      "**chill vibes** · 2 tracks\n**road trip** · 0 tracks",
    );
    expect(h.app.music.snapshot(ids.guild)).toBeNull();

    const gatewaySince = h.discord.received.length;
    const requestSince = h.node.requests.length;
    const loaded = await playlist(h, "load", { name: "chill vibes" });
    expect(loaded.content).toBe(
      "Queued **2** tracks from your playlist **chill vibes** (at least 4:42).\nNow playing **Despacito** by Luis Fonsi.",
    );
    const join = await h.discord.waitForGateway(
      (f) => f.op === 4 && f.d?.channel_id === ids.voice && h.discord.received.indexOf(f) >= gatewaySince,
    );
    expect(join.d).toMatchObject({ guild_id: ids.guild, channel_id: ids.voice });
    const started = await waitPatch(h, requestSince, (b) => typeof b.track?.encoded === "string");
    expect(started.body.track.encoded).toBe(encodedOf("Despacito"));
    expect(started.body.track.userData.requester).toMatchObject({ id: ids.alice });
    // Loading a saved playlist does not search again.
    expect(h.node.requests.slice(requestSince).some((r) => r.path === "/v4/loadtracks")).toBe(false);
    const snap = h.app.music.snapshot(ids.guild);
    expect(snap?.current?.title).toBe("Despacito");
    // The source's id survives the round trip (autoplay seeds its mixes with it).
    expect(snap?.current?.identifier).toBe("kJQP7kiw5Fk");
    expect(snap?.upcoming.map((t) => [t.title, t.encoded, t.requester?.id])).toEqual([
      ["Lofi Beats To Study To", encodedOf("Lofi Beats To Study To"), ids.alice],
    ]);

    expect((await playlist(h, "delete", { name: "chill vibes" })).content).toBe(
      "Deleted your playlist **chill vibes** (2 tracks).",
    );
    expect((await playlist(h, "list", {})).embeds[0]?.description).toBe("**road trip** · 0 tracks");
    expect((await playlist(h, "show", { name: "chill vibes" })).content).toMatch(
      /^You have no playlist called \*\*chill vibes\*\*/,
    );
  });

  it("every bound and refusal gets a clear, private answer", async () => {
    h = await startHarness({ env: { MAX_PLAYLISTS_PER_USER: "2", MAX_TRACKS_PER_PLAYLIST: "3" } });
    const refused = async (
      subcommand: string,
      values: OptionValues,
      message: RegExp | string,
      code: string,
      userId?: string,
    ) => {
      const before = refusals(h).length;
      const reply = await playlist(h, subcommand, values, userId);
      if (typeof message === "string") expect(reply.content).toBe(message);
      else expect(reply.content).toMatch(message);
      expect(reply.ephemeral).toBe(true);
      await waitUntil(() => refusals(h).length > before, 2000, `the ${code} refusal to be logged`);
      expect(refusals(h).at(-1)).toBe(code);
    };

    await playlist(h, "create", { name: "Mix" });
    await playlist(h, "create", { name: "other" });
    await refused(
      "create",
      { name: "third" },
      "You already have 2 playlists, the most allowed. Delete one to make room.",
      "PLAYLIST_LIMIT",
    );
    await refused(
      "create",
      { name: "x".repeat(40) },
      "Playlist names must be 1 to 32 characters long, without line breaks.",
      "BAD_ARGUMENT",
    );
    await refused(
      "rename",
      { name: "other", new_name: "mix" },
      "You already have a playlist called **mix**. Pick another name.",
      "PLAYLIST_EXISTS",
    );
    await refused(
      "show",
      { name: "nope" },
      "You have no playlist called **nope**. `/playlist list` shows yours.",
      "PLAYLIST_NOT_FOUND",
    );
    await refused("add", { name: "mix", what: "current" }, /^Nothing is playing right now/, "NO_PLAYER");
    await refused("load", { name: "mix" }, "Join a voice channel first.", "NOT_IN_VOICE", ids.bob);
    await refused("load", { name: "mix" }, /^\*\*Mix\*\* has no tracks yet/, "PLAYLIST_EMPTY");
    // Discord requires these options; a payload without them is still answered, with the usage.
    expect(await playlist(h, "show", {})).toMatchObject({
      ephemeral: true,
      content: "Missing name. Usage: `/playlist show <name> [page]`",
    });
    expect(await playlist(h, "rename", { name: "mix" })).toMatchObject({
      ephemeral: true,
      content: "Missing new_name. Usage: `/playlist rename <name> <new_name>`",
    });

    await play(h, "never gonna give");
    await play(h, "despacito");
    await play(h, "bohemian");
    await waitPlaying(h, "Never Gonna");
    expect((await playlist(h, "add", { name: "mix", what: "queue" })).content).toBe(
      "Added **3** tracks to **Mix** (now 3 tracks).",
    );
    await refused(
      "add",
      { name: "mix", what: "current" },
      "**Mix** is full (3 tracks, the most a playlist can hold). Remove some tracks first.",
      "PLAYLIST_FULL",
    );
    // Part of a queue fits: the rest is named, not silently dropped.
    await playlist(h, "add", { name: "other", what: "current" });
    expect((await playlist(h, "add", { name: "other", what: "queue" })).content).toBe(
      "Added **2** tracks to **other** (now 3 tracks).\n1 track did not fit: the playlist is full (3 is the most it can hold).",
    );

    await refused(
      "remove",
      { name: "mix", positions: "two" },
      /^Give a position like 3 or a range like 2-4/,
      "BAD_ARGUMENT",
    );
    await refused(
      "remove",
      { name: "mix", positions: "2-5" },
      "Positions must be whole numbers from 1 to 3, the first no greater than the last.",
      "BAD_ARGUMENT",
    );
    // A name with spaces is read whole, never as a shorter name: `delete mix tape` leaves "Mix" alone.
    const unquoted = await prefixReply(h, "playlist delete mix tape");
    expect(unquoted.content).toMatch(/^You have no playlist called \*\*mix tape\*\*/);
    expect((await playlist(h, "list", {})).embeds[0]?.description).toContain("**Mix** · 3 tracks");

    // Loading respects the guild's queue limit and says what was left out.
    await slashReply(h, "stop");
    expect((await slashReply(h, "settings set", ids.admin, { key: "max-queue", value: "1" })).content).toBe(
      "Set **max-queue** to 1.",
    );
    await slashReply(h, "leave");
    await h.node.waitForRequest((r) => r.method === "DELETE" && r.path.endsWith(`/players/${ids.guild}`));
    const limited = await playlist(h, "load", { name: "mix" });
    expect(limited.content).toBe(
      "Queued **Never Gonna Give You Up** by Rick Astley from your playlist **Mix** (3:32).\n" +
        "Now playing **Never Gonna Give You Up** by Rick Astley.\n" +
        "2 tracks were left out: the queue or playlist limit was reached.",
    );
  });

  it("track titles and playlist names never ping or format when shown", async () => {
    h = await startHarness();
    const created = await playlist(h, "create", { name: "@everyone **hits**" });
    expect(created.content).toContain("@\u200beveryone \\*\\*hits\\*\\*");
    await playlist(h, "add", { name: "@everyone **hits**", what: "party anthem" });

    const shown = await playlist(h, "show", { name: "@everyone **hits**" });
    const text = JSON.stringify(shown.embeds);
    expect(text).toContain("@\u200beveryone party anthem");
    expect(text).not.toMatch(/@everyone|<@&/);
    expect(shown.allowed_mentions).toMatchObject({ parse: [] });

    const viaPrefix = await prefixReply(h, 'playlist show "@everyone **hits**"');
    expect(JSON.stringify(viaPrefix.embeds)).not.toMatch(/@everyone|<@&/);
    expect(viaPrefix.allowed_mentions).toMatchObject({ parse: [] });
    const listed = await prefixReply(h, "playlist list");
    expect(JSON.stringify(listed.embeds)).not.toMatch(/@everyone/);
    expect(listed.allowed_mentions).toMatchObject({ parse: [] });
  });
});
