import { afterEach, describe, expect, it } from "vitest";
import type { StoredMessage } from "../fakes/discord/index.ts";
import { guildSpec, ids } from "../helpers/fixtures.ts";
import { type Harness, type HarnessOptions, startHarness } from "../helpers/harness.ts";
import { buttonIds, slash, waitPlaying } from "../helpers/player-driver.ts";

const requests = "900000000000000012";
const botId = "800000000000000900";
const MANAGE_MESSAGES = 1n << 13n;

function requestHarness(opts: HarnessOptions & { cleanup?: boolean } = {}): Promise<Harness> {
  const spec = guildSpec();
  spec.channels.push({
    id: requests,
    name: "song-requests",
    type: 0,
    permission_overwrites:
      opts.cleanup === false ? [] : [{ id: botId, type: 1, allow: String(MANAGE_MESSAGES), deny: "0" }],
  });
  return startHarness({
    ...opts,
    discord: { guilds: [spec], botUser: { id: botId, username: "Encore", bot: true } },
  });
}

const embedText = (m: StoredMessage) => JSON.stringify(m.embeds);
const setup = (h: Harness, values: Record<string, boolean> = {}) =>
  h.discord
    .sendSlash({
      guildId: ids.guild,
      channelId: requests,
      userId: ids.admin,
      name: "setup",
      options: Object.entries(values).map(([name, value]) => ({ name, type: 5, value })),
    })
    .waitForResponse();
const say = (h: Harness, content: string, userId: string = ids.alice) =>
  h.discord.sendMessage({ guildId: ids.guild, channelId: requests, userId, content });
const deleted = (h: Harness, messageId: string) =>
  h.discord.waitForRest((r) => r.method === "DELETE" && r.path === `/channels/${requests}/messages/${messageId}`);

describe("request channel", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it("plain messages play, one player message is edited in place, and the channel is cleaned up", async () => {
    h = await requestHarness({ env: { REQUEST_CHANNEL_REPLY_SECONDS: "1" } });
    const reply = await setup(h);
    expect(reply.content).toContain(`<#${requests}> is now the request channel`);
    expect(reply.content).not.toContain("Manage Messages");
    const player = await h.discord.waitForMessage(requests, (m) => embedText(m).includes("Encore player"));
    expect(embedText(player)).toContain("Nothing is playing.");

    const first = say(h, "despacito");
    await waitPlaying(h, "Despacito");
    await deleted(h, first.id);
    const answer = await h.discord.waitForMessage(requests, (m) => m.message_reference?.message_id === first.id);
    expect(answer.content).toContain("Now playing **Despacito**");
    // Encore's answer goes away after REQUEST_CHANNEL_REPLY_SECONDS.
    await deleted(h, answer.id);

    const second = say(h, "bohemian rhapsody", ids.erin);
    await deleted(h, second.id);
    const edited = await h.discord.waitForMessage(
      requests,
      (m) => m.id === player.id && embedText(m).includes("Bohemian Rhapsody"),
    );
    expect(embedText(edited)).toContain("Despacito");
    expect(embedText(edited)).toContain("Up next");
    expect(buttonIds(edited)).toContain("cmd:skip");

    // Commands work in the request channel too, and are cleaned up the same way.
    const command = say(h, "!skip");
    await deleted(h, command.id);
    await waitPlaying(h, "Bohemian Rhapsody");
    await h.discord.waitForMessage(
      requests,
      (m) => m.id === player.id && embedText(m).includes("Bohemian Rhapsody") && !embedText(m).includes("Despacito"),
    );
    // The player message is the only now-playing message there: no separate announcement.
    const players = h.discord.messages(requests).filter((m) => buttonIds(m).includes("cmd:skip"));
    expect(players.map((m) => m.id)).toEqual([player.id]);
    // The buttons run the commands through the usual checks.
    const paused = await h.discord
      .sendComponent({
        guildId: ids.guild,
        channelId: requests,
        userId: ids.dj,
        messageId: player.id,
        customId: "cmd:pause",
      })
      .waitForResponse();
    expect(paused.content).toBe("Paused.");
  });

  it("a member not in voice gets the usual answer; off ends the request channel", async () => {
    h = await requestHarness();
    await setup(h);
    const player = await h.discord.waitForMessage(requests, (m) => embedText(m).includes("Encore player"));
    const lost = say(h, "despacito", ids.bob);
    const answer = await h.discord.waitForMessage(requests, (m) => m.message_reference?.message_id === lost.id);
    expect(answer.content).toBe("Join a voice channel first.");

    const off = await setup(h, { state: false });
    expect(off.content).toBe("The request channel is off: messages there are no longer requests.");
    await deleted(h, player.id);
    const ignored = say(h, "despacito");
    const ping = say(h, "!ping");
    await h.discord.waitForMessage(requests, (m) => m.message_reference?.message_id === ping.id);
    expect(h.discord.messages(requests).some((m) => m.message_reference?.message_id === ignored.id)).toBe(false);
    expect(h.app.music.snapshot(ids.guild)).toBeNull();
  });

  it("without Manage Messages it still works and says it can't tidy up", async () => {
    h = await requestHarness({ cleanup: false });
    const reply = await setup(h);
    expect(reply.content).toContain("give me Manage Messages in this channel");
    say(h, "despacito");
    await waitPlaying(h, "Despacito");
  });

  it("only Manage Server members set it up", async () => {
    h = await requestHarness();
    const refused = await slash(h, "setup", ids.alice).waitForResponse();
    expect(refused.content).toBe("You need the Manage Server permission to do that.");
  });
});
