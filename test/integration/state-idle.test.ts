import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { GatewayFrame } from "../fakes/discord/index.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, restartApp, startHarness, waitUntil } from "../helpers/harness.ts";
import { nowPlayingMessage, play, slashReply, waitPatch } from "../helpers/player-driver.ts";

/** Members of the guild fixture who sit in the bot's voice channel at the start. */
const listeners = [ids.alice, ids.dj, ids.admin, ids.erin, ids.frank];

const boot = () => startHarness({ lavalink: { statsIntervalMs: 200 } });

async function set(h: Harness, key: string, value: string): Promise<void> {
  const reply = await slashReply(h, "settings set", ids.admin, { key, value });
  expect(reply.content).toMatch(new RegExp(`^Set \\*\\*${key}\\*\\* to`));
}

/** Every member leaves the bot's channel; returns the time the last VOICE_STATE_UPDATE went out. */
function emptyChannel(h: Harness): number {
  for (const userId of listeners) h.discord.setVoiceState(ids.guild, userId, null);
  return Date.now();
}

const isLeave = (f: GatewayFrame) => f.op === 4 && f.d.guild_id === ids.guild && f.d.channel_id === null;
const leaves = (h: Harness) => h.discord.received.filter(isLeave);
const playerDeletes = (h: Harness) =>
  h.node.requests.filter((r) => r.method === "DELETE" && r.path.endsWith(`/players/${ids.guild}`));

/**
 * Proving that Encore does *not* leave needs the leave timeout to pass, so these tests wait, once, until the node has
 * sent something (it sends stats every 200 ms here) stamped at least 300 ms after the 1 s deadline: a recorded
 * event rather than a bare sleep, and at most ~1.3 s of real time.
 */
async function pastDeadline(h: Harness, conditionSince: number, timeoutSeconds = 1): Promise<void> {
  const after = conditionSince + timeoutSeconds * 1000 + 300;
  await waitUntil(() => h.node.wsLog.some((e) => e.at >= after), 5000, "node traffic after the deadline");
}

/** Waits until Encore has left voice: op 4 with channel_id null, then the node player deleted. */
async function expectLeft(h: Harness, after: number): Promise<GatewayFrame> {
  const frame = await h.discord.waitForGateway((f) => isLeave(f) && f.at >= after);
  await h.node.waitForRequest((r) => r.method === "DELETE" && r.path.endsWith(`/players/${ids.guild}`));
  return frame;
}

describe("idle rules and 24/7", () => {
  let h: Harness;
  let second: App | null = null;
  afterEach(async () => {
    await second?.stop();
    second = null;
    await h.stop();
  });

  it("leaves once the last listener has been gone for the alone timeout", async () => {
    h = await boot();
    await set(h, "alone-leave", "1");
    await play(h, "never gonna give");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);

    // One listener left: still someone to play for.
    for (const userId of listeners.slice(1)) h.discord.setVoiceState(ids.guild, userId, null);
    await pastDeadline(h, Date.now());
    expect(leaves(h)).toEqual([]);

    // Another bot joins: bots do not count as listeners.
    const otherBot = "800000000000000042";
    h.discord.addMember(ids.guild, { user: { id: otherBot, username: "jukebox", bot: true }, roles: [] });
    h.discord.setVoiceState(ids.guild, otherBot, ids.voice);
    // The last human leaves (one VOICE_STATE_UPDATE, as on Discord).
    const emptiedAt = Date.now();
    h.discord.setVoiceState(ids.guild, ids.alice, null);
    const left = await expectLeft(h, emptiedAt);
    expect(left.d).toMatchObject({ guild_id: ids.guild, channel_id: null });
    expect(h.discord.voiceChannelOf(ids.guild, h.discord.botUser.id)).toBeNull();
  });

  it("stays when a member comes back before the timeout, and counts again from the next time it is alone", async () => {
    h = await boot();
    await set(h, "alone-leave", "1");
    await play(h, "never gonna give");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);

    const emptiedAt = emptyChannel(h);
    // Bob was never in voice, so Encore has no member entry for him until this update brings one.
    h.discord.setVoiceState(ids.guild, ids.bob, ids.voice);
    await pastDeadline(h, emptiedAt);
    expect(leaves(h)).toEqual([]);
    expect(playerDeletes(h)).toEqual([]);
    expect(h.node.player(ids.guild)?.track?.info.title).toBe("Never Gonna Give You Up");

    const bobLeftAt = Date.now();
    h.discord.setVoiceState(ids.guild, ids.bob, null);
    await expectLeft(h, bobLeftAt);
  });

  it("a shorter alone timeout applies to a bot that is already alone", async () => {
    h = await boot();
    await play(h, "never gonna give");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
    const emptiedAt = emptyChannel(h); // the default timeout is two minutes
    await set(h, "alone-leave", "1");
    await expectLeft(h, emptiedAt);
  });

  it("pause-when-alone pauses instead of leaving and resumes when a member returns", async () => {
    h = await boot();
    await set(h, "pause-when-alone", "on");
    await set(h, "alone-leave", "1");
    await play(h, "never gonna give");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);

    const before = h.node.requests.length;
    const emptiedAt = emptyChannel(h);
    await waitPatch(h, before, (b) => b.paused === true);
    await pastDeadline(h, emptiedAt);
    expect(leaves(h)).toEqual([]);
    expect(playerDeletes(h)).toEqual([]);
    expect(h.node.player(ids.guild)?.paused).toBe(true);

    const paused = h.node.requests.length;
    h.discord.setVoiceState(ids.guild, ids.erin, ids.voice);
    await waitPatch(h, paused, (b) => b.paused === false);
    expect(h.node.player(ids.guild)?.paused).toBe(false);
  });

  it("a pause by a member is not undone when someone comes back", async () => {
    h = await boot();
    await set(h, "pause-when-alone", "on");
    await play(h, "never gonna give");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
    expect((await slashReply(h, "pause")).content).toMatch(/Paused/i);
    const before = h.node.requests.length;
    emptyChannel(h);
    h.discord.setVoiceState(ids.guild, ids.erin, ids.voice);
    // A command round trip after the voice updates: Encore has handled them by the time it answers.
    await slashReply(h, "nowplaying", ids.erin);
    expect(h.app.lavalink.getPlayer(ids.guild)?.paused).toBe(true);
    expect(h.node.requests.slice(before).filter((r) => r.method === "PATCH" && r.body?.paused === false)).toEqual([]);
    expect(h.node.player(ids.guild)?.paused).toBe(true);
  });

  it("leaves once the queue has been over for the queue-end timeout, with listeners still there", async () => {
    h = await boot();
    await set(h, "queue-end-leave", "1");
    await play(h, "never gonna give");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
    const endedAt = Date.now();
    h.node.endTrack(ids.guild);
    await expectLeft(h, endedAt);
  });

  it("24/7 never leaves, alone or with the queue over; turning it off applies the rules at once", async () => {
    h = await boot();
    await set(h, "24-7", "on");
    await set(h, "alone-leave", "1");
    await set(h, "queue-end-leave", "1");
    await play(h, "never gonna give");
    await nowPlayingMessage(h);
    h.node.endTrack(ids.guild);
    await h.discord.waitForRest((r) => r.method === "DELETE" && r.path.startsWith(`/channels/${ids.text}/messages/`));
    const emptiedAt = emptyChannel(h);

    await pastDeadline(h, emptiedAt);
    expect(leaves(h)).toEqual([]);
    expect(playerDeletes(h)).toEqual([]);
    expect(h.discord.voiceChannelOf(ids.guild, h.discord.botUser.id)).toBe(ids.voice);

    const off = Date.now();
    await set(h, "24-7", "off");
    await expectLeft(h, off);
  });

  it("turning 24/7 on cancels a pending leave", async () => {
    h = await boot();
    await set(h, "alone-leave", "1");
    await play(h, "never gonna give");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
    const emptiedAt = emptyChannel(h);
    await set(h, "24-7", "on");
    await pastDeadline(h, emptiedAt);
    expect(leaves(h)).toEqual([]);
    expect(h.node.player(ids.guild)?.track?.info.title).toBe("Never Gonna Give You Up");
  });

  it("a 24/7 guild rejoins its voice channel after a restart even though its queue had ended", async () => {
    h = await boot();
    await set(h, "24-7", "on");
    await play(h, "never gonna give");
    await nowPlayingMessage(h);
    h.node.endTrack(ids.guild);
    await h.discord.waitForRest((r) => r.method === "DELETE" && r.path.startsWith(`/channels/${ids.text}/messages/`));

    await h.app.stop();
    await h.node.restart(); // a new node session: nothing to resume, everything comes from the store
    const restartedAt = Date.now();
    second = await restartApp(h);

    const join = await h.discord.waitForGateway(
      (f) => f.op === 4 && f.d.channel_id === ids.voice && f.at >= restartedAt,
    );
    expect(join.d).toMatchObject({ guild_id: ids.guild, channel_id: ids.voice, self_deaf: true });
    const voice = await h.node.waitForRequest(
      (r) => r.method === "PATCH" && r.body?.voice?.channelId === ids.voice && r.at >= restartedAt,
    );
    expect(voice.body.voice.token).toBeTruthy();
    // Idle: nothing was started on the node.
    expect(h.node.requests.filter((r) => r.method === "PATCH" && r.body?.track && r.at >= restartedAt)).toEqual([]);
    expect(second.music.snapshot(ids.guild)).toMatchObject({ current: null, voiceChannelId: ids.voice });

    // Still 24/7 after the restart: a new track plays in the rejoined channel.
    await play(h, "despacito");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded && r.at >= restartedAt);
  });

  it("leave in a 24/7 guild forgets it: a restart does not rejoin", async () => {
    h = await boot();
    await set(h, "24-7", "on");
    await play(h, "never gonna give");
    expect((await slashReply(h, "leave")).content).toMatch(/Left/);
    await h.app.stop();
    await h.node.restart();
    const restartedAt = Date.now();
    second = await restartApp(h);
    await waitUntil(
      () => h.logs.some((l) => l.includes("saved players restored") && JSON.parse(l).time >= restartedAt),
      8000,
      "the restore pass",
    );
    expect(h.discord.received.filter((f) => f.op === 4 && f.at >= restartedAt)).toEqual([]);
    expect(second.music.snapshot(ids.guild)).toBeNull();
  });

  it("a guild whose queue had ended outside 24/7 is not rejoined after a restart", async () => {
    h = await boot();
    await play(h, "never gonna give");
    await nowPlayingMessage(h);
    h.node.endTrack(ids.guild);
    await h.discord.waitForRest((r) => r.method === "DELETE" && r.path.startsWith(`/channels/${ids.text}/messages/`));
    await h.app.stop();
    await h.node.restart();
    const restartedAt = Date.now();
    second = await restartApp(h);
    await waitUntil(
      () => h.logs.some((l) => l.includes("saved players restored") && JSON.parse(l).time >= restartedAt),
      8000,
      "the restore pass",
    );
    expect(h.discord.received.filter((f) => f.op === 4 && f.at >= restartedAt)).toEqual([]);
    expect(second.music.snapshot(ids.guild)).toBeNull();
  });
});
