import { afterEach, describe, expect, it } from "vitest";
import { guildSpec, ids } from "../helpers/fixtures.ts";
import { type Harness, type HarnessOptions, startHarness, waitUntil } from "../helpers/harness.ts";
import {
  click,
  nowPlayingMessage,
  play,
  playerPatches,
  prefixReply,
  slashReply,
  waitPlaying,
} from "../helpers/player-driver.ts";

const STRING = 3;
const otherText = "900000000000000011";
const titles = (h: Harness) => h.app.music.snapshot(ids.guild)?.upcoming.map((t) => t.title) ?? [];
const classics = "https://www.youtube.com/playlist?list=PLclassics";

function rulesHarness(settings: HarnessOptions["guildSettings"] = {}): Promise<Harness> {
  const spec = guildSpec();
  spec.channels.push({ id: otherText, name: "off-topic", type: 0 });
  return startHarness({ discord: { guilds: [spec] }, guildSettings: { [ids.guild]: settings?.[ids.guild] ?? {} } });
}

describe("server rules as settings", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it("DJ-only mode: only DJs control playback, the same for slash, prefix and buttons; adding stays open", async () => {
    h = await rulesHarness({ [ids.guild]: { djOnly: true } });
    await play(h, "never gonna give");
    await play(h, "despacito");
    await waitPlaying(h, "Never Gonna");
    const message = "This server is in DJ-only mode: only DJs and members with Manage Server control playback.";
    const since = h.node.requests.length;
    // Alice requested the track and would normally control it; in DJ-only mode she may not, nor vote.
    expect((await slashReply(h, "pause")).content).toBe(message);
    expect((await prefixReply(h, "pause")).content).toBe(message);
    expect((await slashReply(h, "skip", ids.erin)).content).toBe(message);
    expect((await prefixReply(h, "playnext bohemian")).content).toBe(message);
    const np = await nowPlayingMessage(h);
    const viaButton = await click(h, np.id, "cmd:pause").waitForResponse();
    expect(viaButton.content).toBe(message);
    expect(viaButton.ephemeral).toBe(true);
    expect(playerPatches(h, since)).toEqual([]);

    const byDj = await click(h, np.id, "cmd:pause", ids.dj).waitForResponse();
    expect(byDj.content).toBe("Paused.");
    expect((await prefixReply(h, "resume", ids.admin)).content).toBe("Resumed.");
  });

  it("per-member queue limit: members stop at the limit, a playlist is cut to fit, DJs are exempt", async () => {
    h = await rulesHarness({ [ids.guild]: { maxTracksPerMember: 2 } });
    await play(h, "never gonna give");
    await play(h, "despacito");
    await play(h, "bohemian");
    await waitPlaying(h, "Never Gonna");
    const full = await slashReply(h, "play", ids.alice, { query: "teen spirit" });
    expect(full.content).toBe("You already have 2 tracks in the queue, this server's limit per member.");
    const cut = await prefixReply(h, `play ${classics}`, ids.erin);
    expect(cut.content).toContain("Queued **2** tracks from Classics");
    expect(cut.content).toContain("1 were left out: you reached this server's limit of tracks per member.");
    for (const q of ["teen spirit", "lofi", "ocean waves"]) await play(h, q, ids.dj);
    expect(titles(h).filter((t) => ["Smells Like Teen Spirit", "Ocean Waves"].includes(t))).toHaveLength(2);
    expect(titles(h)).toHaveLength(7);
  });

  it("no duplicates: a track already playing or queued is refused, and left out of a playlist", async () => {
    h = await rulesHarness({ [ids.guild]: { noDuplicates: true } });
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");
    const again = await slashReply(h, "play", ids.alice, { query: "never gonna give" });
    expect(again.content).toBe("That track is already in the queue, and this server doesn't allow duplicates.");
    const list = await prefixReply(h, `play ${classics}`);
    expect(list.content).toContain("Queued **2** tracks from Classics");
    expect(list.content).toContain("1 already in the queue were left out: this server doesn't allow duplicates.");
    expect(titles(h)).toEqual(["Bohemian Rhapsody", "Smells Like Teen Spirit"]);
    const whole = await slashReply(h, "play", ids.alice, { query: classics });
    expect(whole.content).toBe(
      "All of those tracks are already in the queue, and this server doesn't allow duplicates.",
    );
  });

  it("command channels: slash elsewhere is answered privately, prefix elsewhere is ignored, admins are exempt", async () => {
    h = await rulesHarness({ [ids.guild]: { commandChannelIds: [ids.text] } });
    const elsewhere = await h.discord
      .sendSlash({ guildId: ids.guild, channelId: otherText, userId: ids.alice, name: "ping" })
      .waitForResponse();
    expect(elsewhere.content).toBe(`This server takes my commands in <#${ids.text}>.`);
    expect(elsewhere.ephemeral).toBe(true);

    const ignored = h.discord.sendMessage({
      guildId: ids.guild,
      channelId: otherText,
      userId: ids.alice,
      content: "!ping",
    });
    const admin = h.discord.sendMessage({
      guildId: ids.guild,
      channelId: otherText,
      userId: ids.admin,
      content: "!ping",
    });
    await h.discord.waitForMessage(otherText, (m) => m.message_reference?.message_id === admin.id);
    // The admin's later command was answered in the same channel, so the member's earlier one was handled too: silently.
    await waitUntil(
      () => h.logs.some((l) => l.includes('"code":"WRONG_CHANNEL"') && l.includes('"source":"prefix"')),
      5000,
      "the refusal",
    );
    expect(h.discord.messages(otherText).filter((m) => m.message_reference?.message_id === ignored.id)).toEqual([]);
    expect((await prefixReply(h, "ping")).content).toMatch(/^Pong!/);
  });

  it("voice channel: the bot only joins the configured channel", async () => {
    h = await rulesHarness({ [ids.guild]: { voiceChannelId: ids.voice } });
    const refused = await slashReply(h, "play", ids.carol, { query: "despacito" });
    expect(refused.content).toBe(`In this server I only join <#${ids.voice}>.`);
    expect(h.discord.received.filter((f) => f.op === 4)).toEqual([]);
    const joined = await prefixReply(h, "join", ids.carol);
    expect(joined.content).toBe(`In this server I only join <#${ids.voice}>.`);
    await play(h, "despacito", ids.alice);
  });

  it("/settings sets and shows the rules", async () => {
    h = await rulesHarness();
    const set = (key: string, value: string) =>
      h.discord
        .sendSlash({
          guildId: ids.guild,
          channelId: ids.text,
          userId: ids.admin,
          name: "settings",
          subcommand: "set",
          options: [
            { name: "key", type: STRING, value: key },
            { name: "value", type: STRING, value },
          ],
        })
        .waitForResponse();
    expect((await set("dj-only", "on")).content).toBe("Set **dj-only** to on.");
    expect((await set("member-queue-limit", "5")).content).toBe("Set **member-queue-limit** to 5 tracks (DJs exempt).");
    expect((await set("no-duplicates", "yes")).content).toBe("Set **no-duplicates** to on.");
    expect((await set("command-channels", `<#${ids.text}> <#${otherText}>`)).content).toBe(
      `Set **command-channels** to <#${ids.text}>, <#${otherText}>.`,
    );
    expect((await set("voice-channel", `<#${ids.voice}>`)).content).toBe(`Set **voice-channel** to <#${ids.voice}>.`);
    expect((await set("voice-channel", "any")).content).toBe("Set **voice-channel** to any.");
    expect((await set("member-queue-limit", "0")).content).toMatch(/maxTracksPerMember.*1 to 10000/);
    const shown = await prefixReply(h, "settings show", ids.admin);
    const text = shown.embeds[0]?.description as string;
    expect(text).toContain("**dj-only**: on");
    expect(text).toContain(`**command-channels**: <#${ids.text}>, <#${otherText}>`);
  });
});
