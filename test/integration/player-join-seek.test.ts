import { afterEach, describe, expect, it } from "vitest";
import { catalog, guildSpec, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { play, prefixReply, slash, slashReply, waitPatch, waitPlaying } from "../helpers/player-driver.ts";

const titles = (h: Harness) => h.app.music.snapshot(ids.guild)?.upcoming.map((t) => t.title) ?? [];
const opFours = (h: Harness) => h.discord.received.filter((f) => f.op === 4);

function removeUser(h: Harness, userId: string, memberId: string) {
  return h.discord
    .sendSlash({
      guildId: ids.guild,
      channelId: ids.text,
      userId,
      name: "removeuser",
      options: [{ name: "member", type: 6, value: memberId }],
    })
    .waitForResponse(5000);
}

describe("join, forward, rewind, removedupes, removeuser and shuffle on add", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it("join connects without playing, and a DJ moves the playing bot to their channel with the queue intact", async () => {
    h = await startHarness();
    // The first command of the file: it loads its handler and waits for Discord's voice answer (slow under load).
    const joined = await slash(h, "join").waitForResponse(10_000);
    expect(joined.content).toBe(`Joined <#${ids.voice}>.`);
    expect(opFours(h).at(-1)?.d).toMatchObject({ guild_id: ids.guild, channel_id: ids.voice, self_deaf: true });
    expect(h.app.music.snapshot(ids.guild)?.current).toBeNull();
    const again = await slashReply(h, "join");
    expect(again.content).toBe(`I'm already in <#${ids.voice}>.`);

    await play(h, "never gonna give");
    await play(h, "despacito");
    await waitPlaying(h, "Never Gonna");
    // Carol (no DJ role) in the other channel may not take the bot away from the listeners.
    const refused = await slashReply(h, "join", ids.carol);
    expect(refused.content).toBe(
      "Only a DJ or a member with Manage Server can move me away from members who are listening.",
    );

    h.discord.setVoiceState(ids.guild, ids.dj, ids.otherVoice);
    // The DJ is in the other channel (as Encore sees it) before typing the command.
    await waitUntil(
      () => h.app.client.guilds.cache.get(ids.guild)?.voiceStates.cache.get(ids.dj)?.channelId === ids.otherVoice,
      5000,
      "the DJ's move to reach Encore",
    );
    const since = h.node.requests.length;
    const moved = await prefixReply(h, "join", ids.dj);
    expect(moved.content).toBe(`Moved to <#${ids.otherVoice}>; the queue carries on.`);
    expect(opFours(h).at(-1)?.d).toMatchObject({ channel_id: ids.otherVoice });
    // The node gets the new channel's voice credentials for the same player; nothing restarts the track.
    const voice = await waitPatch(h, since, (b) => b.voice?.channelId === ids.otherVoice);
    expect(voice.body.track).toBeUndefined();
    expect(h.discord.voiceChannelOf(ids.guild, h.discord.botUser.id)).toBe(ids.otherVoice);
    expect(h.app.music.snapshot(ids.guild)?.current?.title).toBe("Never Gonna Give You Up");
    expect(titles(h)).toEqual(["Despacito"]);
  });

  it("a leave arriving while a move is still on its way leaves cleanly", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");
    h.discord.setVoiceState(ids.guild, ids.dj, ids.otherVoice);
    await waitUntil(
      () => h.app.client.guilds.cache.get(ids.guild)?.voiceStates.cache.get(ids.dj)?.channelId === ids.otherVoice,
      5000,
      "the DJ's move to reach Encore",
    );
    const move = slash(h, "join", ids.dj).waitForResponse(10_000);
    const leave = slash(h, "leave", ids.admin).waitForResponse(10_000);
    const [moved, left] = await Promise.all([move, leave]);
    expect(`${moved.content} | ${left.content}`).not.toContain("Something went wrong");
    // Whichever ran last wins: gone (the leave), or a player in the DJ's channel (a join after the leave).
    const settled = () => {
      const snap = h.app.music.snapshot(ids.guild);
      return snap === null || snap.voiceChannelId === ids.otherVoice;
    };
    await waitUntil(settled, 5000, "a settled player");
    expect(h.logs.filter((l) => l.includes('"command failed"'))).toEqual([]);
  });

  it("forward and rewind seek relative to the position in whole seconds, 10 seconds by default", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");
    let since = h.node.requests.length;
    const fwd = await slashReply(h, "forward");
    expect(fwd.content).toMatch(/^Forwarded 0:10: now at 0:1\d of 3:32\.$/);
    const seek = await waitPatch(h, since, (b) => typeof b.position === "number");
    expect(seek.body.position % 1000).toBe(0);
    expect(seek.body.position).toBeGreaterThanOrEqual(10_000);

    since = h.node.requests.length;
    const back = await prefixReply(h, "rewind 1:00");
    expect(back.content).toBe("Rewound 1:00: now at 0:00 of 3:32.");
    expect((await waitPatch(h, since, (b) => typeof b.position === "number")).body.position).toBe(0);

    const tooFar = await slashReply(h, "forward", ids.alice, { amount: "10m" });
    expect(tooFar.content).toMatch(/^Only 3:\d\d of this track is left: use skip to move on\.$/);
    const bad = await prefixReply(h, "forward soon");
    expect(bad.content).toContain("Amount must be a time like 90, 1:30 or 1:02:03");
  });

  it("removedupes drops repeats of the current track and of earlier queue entries", async () => {
    h = await startHarness();
    for (const q of ["never gonna give", "despacito", "despacito", "never gonna give", "bohemian"]) await play(h, q);
    await waitPlaying(h, "Never Gonna");
    const reply = await slashReply(h, "removedupes");
    expect(reply.content).toBe("Removed 2 duplicate tracks.");
    expect(titles(h)).toEqual(["Despacito", "Bohemian Rhapsody"]);
    const none = await prefixReply(h, "removedupes");
    expect(none.content).toBe("There are no duplicates in the queue.");
  });

  it("removeuser removes one member's upcoming tracks: a DJ for anyone, a member for themselves", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await play(h, "despacito");
    await play(h, "bohemian", ids.erin);
    await play(h, "teen spirit");
    await waitPlaying(h, "Never Gonna");
    const refused = await removeUser(h, ids.erin, ids.alice);
    expect(refused.content).toBe("Only a DJ or a member with Manage Server can remove another member's tracks.");
    expect(titles(h)).toEqual(["Despacito", "Bohemian Rhapsody", "Smells Like Teen Spirit"]);
    const byDj = await removeUser(h, ids.dj, ids.alice);
    expect(byDj.content).toBe(`Removed 2 of <@${ids.alice}>'s upcoming tracks.`);
    expect(byDj.content).not.toContain("@everyone");
    expect(titles(h)).toEqual(["Bohemian Rhapsody"]);
    const own = await prefixReply(h, `removeuser <@${ids.erin}>`, ids.erin);
    expect(own.content).toBe("Removed 1 of your upcoming track.");
    expect(own.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(titles(h)).toEqual([]);
  });

  it("play with shuffle adds a playlist in a shuffled order, as slash option and as --shuffle", async () => {
    const everything = catalog.filter((t) => t.length > 0).map((t) => t.identifier);
    const url = "https://www.youtube.com/playlist?list=PLeverything";
    h = await startHarness({ lavalink: { playlists: [{ url, name: "Everything", trackIds: everything }] } });
    const original = everything.map((id) => catalog.find((t) => t.identifier === id)?.title);
    const order = () => {
      const snap = h.app.music.snapshot(ids.guild);
      return [snap?.current?.title, ...(snap?.upcoming.map((t) => t.title) ?? [])];
    };
    const viaSlash = await slashReply(h, "play", ids.alice, { query: url, shuffle: true });
    expect(viaSlash.content).toMatch(/^Queued \*\*6\*\* tracks from Everything/);
    const first = order();
    expect([...first].sort()).toEqual([...original].sort());
    await slashReply(h, "stop");
    const viaPrefix = await prefixReply(h, `play ${url} --shuffle`);
    expect(viaPrefix.content).toMatch(/^Queued \*\*6\*\* tracks from Everything/);
    const second = order();
    expect([...second].sort()).toEqual([...original].sort());
    // Two shuffles of six tracks both keeping the original order would happen once in 518,400 runs.
    expect(first.join() !== original.join() || second.join() !== original.join()).toBe(true);
  });
});

describe("stage channels", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });
  const stage = { speak: "900000000000000030", ask: "900000000000000031", mute: "900000000000000032" } as const;
  const allow = (bits: bigint) => [{ id: ids.guild, type: 0, allow: String(bits), deny: "0" }];
  const MUTE_MEMBERS = 1n << 22n;
  const REQUEST_TO_SPEAK = 1n << 32n;

  async function stageHarness(): Promise<Harness> {
    const spec = guildSpec();
    spec.channels.push(
      { id: stage.speak, name: "Stage", type: 13, permission_overwrites: allow(MUTE_MEMBERS) },
      { id: stage.ask, name: "Town Hall", type: 13, permission_overwrites: allow(REQUEST_TO_SPEAK) },
      { id: stage.mute, name: "Keynote", type: 13 },
    );
    return startHarness({ discord: { guilds: [spec] } });
  }

  it("goes on stage as a speaker where it may, and asks to speak where it may only ask", async () => {
    h = await stageHarness();
    h.discord.setVoiceState(ids.guild, ids.alice, stage.speak);
    const speaking = await slashReply(h, "play", ids.alice, { query: "never gonna give" });
    expect(speaking.content).toContain("Now playing **Never Gonna Give You Up**");
    const unsuppress = await h.discord.waitForRest((r) => r.method === "PATCH" && r.path.includes("/voice-states/"));
    expect(unsuppress.status).toBe(204);
    expect(unsuppress.body).toMatchObject({ channel_id: stage.speak, suppress: false });
    expect(h.discord.voiceStateOf(ids.guild, h.discord.botUser.id)?.suppress).toBe(false);
    await slashReply(h, "leave");

    h.discord.setVoiceState(ids.guild, ids.alice, stage.ask);
    const asked = await prefixReply(h, "join");
    expect(asked.content).toBe(
      `Joined <#${stage.ask}>. It's a stage: I asked to speak, and a stage moderator has to invite me up.`,
    );
    const request = await h.discord.waitForRest(
      (r) => r.method === "PATCH" && r.path.includes("/voice-states/") && r.body?.channel_id === stage.ask,
    );
    expect(request.status).toBe(204);
    expect(typeof request.body.request_to_speak_timestamp).toBe("string");
    expect(h.discord.voiceStateOf(ids.guild, h.discord.botUser.id)).toMatchObject({ suppress: true });
    expect(h.discord.voiceStateOf(ids.guild, h.discord.botUser.id)?.requestToSpeakAt).not.toBeNull();
  });

  it("refuses a stage where it could neither speak nor ask, without joining", async () => {
    h = await stageHarness();
    h.discord.setVoiceState(ids.guild, ids.alice, stage.mute);
    const before = opFours(h).length;
    const reply = await slashReply(h, "play", ids.alice, { query: "never gonna give" });
    expect(reply.content).toBe(
      `<#${stage.mute}> is a stage where I can't speak: give me the Request to Speak permission there (or Mute Members to go on stage by myself).`,
    );
    expect(reply.ephemeral).toBe(true);
    expect(opFours(h).length).toBe(before);
  });
});
