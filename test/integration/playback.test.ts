import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

const STRING = 3;
const slash = (
  h: Harness,
  name: string,
  userId: string = ids.alice,
  options?: { name: string; type: number; value: unknown }[],
) => h.discord.sendSlash({ guildId: ids.guild, channelId: ids.text, userId, name, options: options as never });

const playerPatches = (h: Harness) =>
  h.node.requests.filter((r) => r.method === "PATCH" && r.path.includes(`/players/${ids.guild}`));

async function playVia(h: Harness, query: string) {
  const i = slash(h, "play", ids.alice, [{ name: "query", type: STRING, value: query }]);
  return i.waitForResponse(5000);
}

describe("foundation playback against the fakes", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it("/play from a member in voice joins, loads, plays and names the track", async () => {
    const reply = await playVia(h, "never gonna give");
    expect(reply.content).toContain("Never Gonna Give You Up");

    const join = await h.discord.waitForGateway((f) => f.op === 4 && f.d.channel_id === ids.voice);
    expect(join.d).toMatchObject({ guild_id: ids.guild, channel_id: ids.voice, self_deaf: true });

    const load = await h.node.waitForRequest((r) => r.path === "/v4/loadtracks");
    expect(load.query.identifier).toBe("ytsearch:never gonna give");

    const voicePatch = await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.voice !== undefined);
    expect(voicePatch.body.voice).toMatchObject({ channelId: ids.voice });
    expect(voicePatch.body.voice.token).toBeTruthy();
    expect(voicePatch.body.voice.sessionId).toBeTruthy();

    const trackPatch = await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
    expect(trackPatch.path).toBe(`/v4/sessions/${h.node.sessionIds()[0]}/players/${ids.guild}`);
    expect(trackPatch.body.track.userData.requester).toMatchObject({ id: ids.alice });
    expect(h.node.player(ids.guild)?.track?.info.title).toBe("Never Gonna Give You Up");
  });

  it("!play does the same through the prefix path", async () => {
    h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, content: "!play despacito" });
    const msg = await h.discord.waitForMessage(
      ids.text,
      (m) => m.author.id === h.discord.botUser.id && m.message_reference !== undefined,
    );
    expect(msg.content).toContain("Despacito");
    expect(msg.allowed_mentions).toMatchObject({ parse: [] });
    await h.discord.waitForGateway((f) => f.op === 4 && f.d.channel_id === ids.voice);
    const load = await h.node.waitForRequest((r) => r.path === "/v4/loadtracks");
    expect(load.query.identifier).toBe("ytsearch:despacito");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
  });

  it("/play from a member not in voice is refused without touching the node", async () => {
    const before = h.node.requests.filter((r) => r.path === "/v4/loadtracks").length;
    const reply = await slash(h, "play", ids.bob, [
      { name: "query", type: STRING, value: "despacito" },
    ]).waitForResponse();
    expect(reply.content).toMatch(/voice channel/i);
    expect(reply.ephemeral).toBe(true);
    expect(h.node.requests.filter((r) => r.path === "/v4/loadtracks").length).toBe(before);
    expect(h.discord.received.some((f) => f.op === 4)).toBe(false);
  });

  it("a usage reply for a bad prefix argument, and nothing sent to the node", async () => {
    await playVia(h, "despacito");
    h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, content: "!volume loud" });
    const msg = await h.discord.waitForMessage(ids.text, (m) => m.content.includes("Usage"));
    expect(msg.content).toContain("!volume [level]");
    expect(playerPatches(h).some((r) => r.body?.volume !== undefined && r.body?.track === undefined)).toBe(false);
  });

  it("pause, resume, volume, seek and skip send the right player PATCH bodies", async () => {
    await playVia(h, "never gonna give");
    await playVia(h, "despacito");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);

    const expectPatch = async (
      name: string,
      options: { name: string; type: number; value: unknown }[] | undefined,
      body: object,
    ) => {
      const count = playerPatches(h).length;
      const reply = await slash(h, name, ids.alice, options).waitForResponse();
      const patch = await h.node.waitForRequest(
        (r) => r.method === "PATCH" && r.path.includes(ids.guild) && playerPatches(h).indexOf(r) >= count,
      );
      expect(patch.body).toEqual(body);
      return reply.content;
    };

    expect(await expectPatch("pause", undefined, { paused: true })).toBe("Paused.");
    expect(h.node.player(ids.guild)?.paused).toBe(true);
    expect(await expectPatch("resume", undefined, { paused: false })).toBe("Resumed.");
    expect(await expectPatch("volume", [{ name: "level", type: 4, value: 42 }], { volume: 42 })).toBe(
      "Volume set to 42%.",
    );
    expect(await expectPatch("seek", [{ name: "time", type: STRING, value: "1:30" }], { position: 90_000 })).toBe(
      "Jumped to 1:30.",
    );
    const skipped = await expectPatch("skip", undefined, { track: { encoded: null }, paused: false });
    expect(skipped).toContain("Never Gonna Give You Up");
    // The client then starts the next queued track.
    await h.node.waitForRequest(
      (r) =>
        r.method === "PATCH" &&
        r.body?.track?.encoded &&
        r.body.track.encoded !== null &&
        h.node.player(ids.guild)?.track?.info.title === "Despacito",
    );
  });

  it("seek past the end and volume out of range are refused with clear messages", async () => {
    await playVia(h, "never gonna give");
    const seek = await slash(h, "seek", ids.alice, [{ name: "time", type: STRING, value: "59:00" }]).waitForResponse();
    expect(seek.content).toMatch(/past the end/);
    const badTime = await slash(h, "seek", ids.alice, [
      { name: "time", type: STRING, value: "soon" },
    ]).waitForResponse();
    expect(badTime.content).toMatch(/time like 90, 1:30/);
  });

  it("queue and nowplaying show the tracks, requester and progress", async () => {
    await playVia(h, "never gonna give");
    await playVia(h, "despacito");
    await playVia(h, "bohemian");
    const queue = await slash(h, "queue").waitForResponse();
    const text = JSON.stringify(queue.embeds);
    expect(text).toContain("Never Gonna Give You Up");
    expect(text).toMatch(/1\. \*\*Despacito\*\*/);
    expect(text).toMatch(/2\. \*\*Bohemian Rhapsody\*\*/);
    expect(text).toContain("alice");
    const np = await slash(h, "nowplaying").waitForResponse();
    const desc = np.embeds[0]?.description as string;
    expect(desc).toContain("Never Gonna Give You Up");
    expect(desc).toContain("🔘");
    expect(desc).toMatch(/\d:\d\d \/ 3:32/);
    expect(desc).toContain("Requested by alice");
  });

  it("a track title with @everyone and a role mention never pings", async () => {
    const reply = await playVia(h, "party anthem");
    expect(reply.content).not.toMatch(/@everyone/);
    expect(reply.content).toContain("@\u200beveryone");
    expect(reply.content).not.toContain("<@&");
    expect(reply.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const np = await slash(h, "nowplaying").waitForResponse();
    expect(JSON.stringify(np.embeds)).not.toMatch(/@everyone|<@&/);
    expect(np.allowed_mentions).toMatchObject({ parse: [] });
  });

  it("stop clears the queue and leave disconnects from voice", async () => {
    await playVia(h, "never gonna give");
    await playVia(h, "despacito");
    const stop = await slash(h, "stop").waitForResponse();
    expect(stop.content).toMatch(/Stopped/);
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded === null);
    const leave = await slash(h, "leave").waitForResponse();
    expect(leave.content).toMatch(/Left/);
    await h.discord.waitForGateway((f) => f.op === 4 && f.d.channel_id === null);
    await h.node.waitForRequest((r) => r.method === "DELETE" && r.path.endsWith(`/players/${ids.guild}`));
  });

  it("ping and help answer", async () => {
    const ping = await slash(h, "ping").waitForResponse();
    expect(ping.content).toMatch(/Pong!.*main: up/);
    const help = await slash(h, "help").waitForResponse();
    const text = JSON.stringify(help.embeds);
    for (const name of ["play", "pause", "queue", "seek", "volume", "nowplaying"]) expect(text).toContain(name);
  });

  it("refuses links to loopback, private and metadata addresses before anything reaches the node", async () => {
    const before = h.node.requests.filter((r) => r.path === "/v4/loadtracks").length;
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://127.0.0.1:2333/v4/info",
      "http://[::1]/a.mp3",
    ]) {
      const reply = await playVia(h, url);
      expect(reply.content).toMatch(/can't be played: links to local, private or metadata addresses are not allowed/);
    }
    expect(h.node.requests.filter((r) => r.path === "/v4/loadtracks").length).toBe(before);
  });
});
