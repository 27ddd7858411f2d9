import { once } from "node:events";
import {
  ActionRowBuilder,
  type AutocompleteInteraction,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  ChannelType,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  Routes,
  type TextChannel,
} from "discord.js";
import { describe, expect, it } from "vitest";
import { FakeDiscord, type FakeDiscordOptions, SAMPLE, sampleGuild } from "../../fakes/discord/index.ts";

const { guildId, textChannelId, voiceChannelId } = SAMPLE;

interface Bot {
  fake: FakeDiscord;
  client: Client;
}

function newClient(fake: FakeDiscord): Client {
  return new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildVoiceStates,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
    ],
    rest: { api: fake.apiBase },
  });
}

/** Boots a fake and a logged-in, ready discord.js client; always tears both down. */
async function withBot(run: (bot: Bot) => Promise<void>, opts: FakeDiscordOptions = {}): Promise<void> {
  const fake = await FakeDiscord.start({ guilds: [sampleGuild()], heartbeatIntervalMs: 250, ...opts });
  const client = newClient(fake);
  try {
    const ready = once(client, "clientReady");
    await client.login(fake.token);
    await ready;
    await run({ fake, client });
    expect(fake.internalErrors).toEqual([]);
  } finally {
    await client.destroy();
    await fake.stop();
  }
}

/** The next interaction of a kind the client emits. */
function nextInteraction<T extends Interaction>(client: Client, accept: (i: Interaction) => i is T): Promise<T> {
  return new Promise((resolve) => {
    const listener = (i: Interaction) => {
      if (!accept(i)) return;
      client.off("interactionCreate", listener);
      resolve(i);
    };
    client.on("interactionCreate", listener);
  });
}

const isSlash = (i: Interaction): i is ChatInputCommandInteraction => i.isChatInputCommand();

function nextMessage(client: Client, pred: (m: Message) => boolean): Promise<Message> {
  return new Promise((resolve) => {
    const listener = (m: Message) => {
      if (!pred(m)) return;
      client.off("messageCreate", listener);
      resolve(m);
    };
    client.on("messageCreate", listener);
  });
}

describe("FakeDiscord with a real discord.js client", () => {
  it("identifies, becomes ready and caches guilds, channels, members and voice states", () =>
    withBot(async ({ fake, client }) => {
      await fake.waitForIdentify();
      expect(client.user?.id).toBe(fake.botUser.id);
      expect(client.application?.id).toBe(fake.applicationId);
      const guild = client.guilds.cache.get(guildId);
      expect(guild?.name).toBe("Encore Test Guild");
      expect(guild?.ownerId).toBe(SAMPLE.alice.id);
      expect(guild?.channels.cache.get(textChannelId)?.type).toBe(ChannelType.GuildText);
      expect(guild?.channels.cache.get(voiceChannelId)?.type).toBe(ChannelType.GuildVoice);
      expect(guild?.roles.everyone.id).toBe(guildId);
      expect(guild?.voiceStates.cache.get(SAMPLE.alice.id)?.channelId).toBe(voiceChannelId);
      // Without GUILD_PRESENCES Discord sends only the bot and members in voice.
      expect(guild?.members.cache.has(SAMPLE.alice.id)).toBe(true);
      expect(guild?.members.cache.has(client.user?.id ?? "")).toBe(true);
      expect(guild?.members.cache.has(SAMPLE.carol.id)).toBe(false);

      const identify = fake.received.find((f) => f.op === 2);
      expect(identify?.d.token).toBe(fake.token);
      expect(identify?.d.intents).toBe(client.options.intents.bitfield);
      expect(fake.rest.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["GET /gateway/bot 200"]);
      expect(fake.rest[0]?.headers.authorization).toBe(`Bot ${fake.token}`);
      // Heartbeats are acknowledged.
      await fake.waitForGateway((f) => f.op === 1);
      await expect.poll(() => fake.sent.some((f) => f.op === 11)).toBe(true);
    }));

  it("delivers a slash command and records the reply", () =>
    withBot(async ({ fake, client }) => {
      const arrived = nextInteraction(client, isSlash);
      const sent = fake.sendSlash({
        guildId,
        channelId: textChannelId,
        userId: SAMPLE.bob.id,
        name: "queue",
        subcommand: "add",
        options: [{ name: "query", type: 3, value: "never gonna" }],
      });
      const frame = fake.sent.find((f) => f.t === "INTERACTION_CREATE" && f.d?.id === sent.id);
      // As Discord sends it: the subcommand is a type-1 option with the real options nested inside.
      expect(frame?.d.data.options).toEqual([
        { name: "add", type: 1, options: [{ name: "query", type: 3, value: "never gonna" }] },
      ]);
      const interaction = await arrived;
      expect(interaction.commandName).toBe("queue");
      expect(interaction.options.getSubcommand()).toBe("add");
      expect(interaction.options.getString("query")).toBe("never gonna");
      expect(interaction.user.id).toBe(SAMPLE.bob.id);
      expect(interaction.inCachedGuild() && interaction.member.roles.cache.has(SAMPLE.djRoleId)).toBe(true);

      await interaction.reply({ content: "Queued **never gonna**" });
      const view = await sent.waitForResponse();
      expect(view).toMatchObject({ content: "Queued **never gonna**", ephemeral: false, deferred: false });
      const callback = await fake.waitForRest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
      expect(callback.status).toBe(204);
      expect(callback.headers.authorization).toBeUndefined();
      expect(callback.body).toMatchObject({ type: 4, data: { content: "Queued **never gonna**" } });
      expect(fake.messages(textChannelId).map((m) => m.content)).toEqual(["Queued **never gonna**"]);
    }));

  it("supports deferReply, editReply and followUp", () =>
    withBot(async ({ fake, client }) => {
      const arrived = nextInteraction(client, isSlash);
      const sent = fake.sendSlash({ guildId, channelId: textChannelId, userId: SAMPLE.alice.id, name: "search" });
      const interaction = await arrived;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      expect(sent.callbacks.map((c) => c.type)).toEqual([5]);
      const edited = await interaction.editReply({ content: "Found 3 tracks" });
      expect(edited.content).toBe("Found 3 tracks");
      const view = await sent.waitForResponse();
      expect(view).toMatchObject({ content: "Found 3 tracks", ephemeral: true, deferred: true });
      await interaction.followUp({ content: "And one more thing" });
      expect(sent.followups.map((f) => f.content)).toEqual(["And one more thing"]);
      expect(fake.messages(textChannelId).map((m) => m.content)).toEqual(["And one more thing"]);
    }));

  it("rejects a reply after the deadline with Unknown interaction (10062)", () =>
    withBot(async ({ fake, client }) => {
      const arrived = nextInteraction(client, isSlash);
      const sent = fake.sendSlash({
        guildId,
        channelId: textChannelId,
        userId: SAMPLE.alice.id,
        name: "slow",
        deadlineMs: 100,
      });
      const interaction = await arrived;
      await new Promise((r) => setTimeout(r, 150));
      const error = await interaction.reply({ content: "too late" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiscordAPIError);
      expect((error as DiscordAPIError).code).toBe(10062);
      expect((error as DiscordAPIError).status).toBe(404);
      expect(sent.acknowledgedAt).toBeNull();
      expect(sent.rejected).toMatchObject([{ type: 4, status: 404, code: 10062 }]);
    }));

  it("refuses a second callback with 40060", () =>
    withBot(async ({ fake, client }) => {
      const arrived = nextInteraction(client, isSlash);
      const sent = fake.sendSlash({ guildId, channelId: textChannelId, userId: SAMPLE.alice.id, name: "ping" });
      const interaction = await arrived;
      await interaction.reply("pong");
      const error = await client.rest
        .post(Routes.interactionCallback(interaction.id, interaction.token), {
          body: { type: 4, data: { content: "again" } },
          auth: false,
        })
        .catch((e: unknown) => e);
      expect((error as DiscordAPIError).code).toBe(40060);
      expect(sent.callbacks).toHaveLength(1);
    }));

  it("registers commands and routes buttons and autocomplete through discord.js", () =>
    withBot(async ({ fake, client }) => {
      const application = client.application;
      if (!application) throw new Error("no application after ready");
      const registered = await application.commands.set([
        {
          name: "play",
          description: "Play a track",
          options: [{ name: "query", description: "What to play", type: 3, required: true, autocomplete: true }],
        },
      ]);
      const play = registered.first();
      expect(fake.commandsPuts).toBe(1);
      expect(fake.commands().map((c) => c.id)).toEqual([play?.id]);

      const completing = nextInteraction(client, (i): i is AutocompleteInteraction => i.isAutocomplete());
      const ac = fake.sendAutocomplete({
        guildId,
        channelId: textChannelId,
        userId: SAMPLE.alice.id,
        name: "play",
        options: [{ name: "query", type: 3, value: "nev", focused: true }],
      });
      const autocomplete = await completing;
      expect(autocomplete.commandId).toBe(play?.id);
      expect(autocomplete.options.getFocused()).toBe("nev");
      await autocomplete.respond([{ name: "Never Gonna Give You Up", value: "ngguy" }]);
      expect(ac.autocompleteChoices).toEqual([{ name: "Never Gonna Give You Up", value: "ngguy" }]);

      const channel = client.channels.cache.get(textChannelId) as TextChannel;
      const resume = new ButtonBuilder().setCustomId("player:resume").setLabel("Resume").setStyle(ButtonStyle.Primary);
      const panel = await channel.send({
        content: "Paused",
        components: [new ActionRowBuilder<ButtonBuilder>().addComponents(resume)],
      });
      const clicked = nextInteraction(client, (i): i is ButtonInteraction => i.isButton());
      const click = fake.sendComponent({
        guildId,
        channelId: textChannelId,
        userId: SAMPLE.bob.id,
        messageId: panel.id,
        customId: "player:resume",
      });
      const button = await clicked;
      expect(button.customId).toBe("player:resume");
      expect(button.message.id).toBe(panel.id);
      await button.update({ content: "Playing", components: [] });
      expect(await click.waitForResponse()).toMatchObject({ content: "Playing", components: [], deferred: false });
      expect(fake.messages(textChannelId)).toMatchObject([{ id: panel.id, content: "Playing", edits: 1 }]);
    }));

  it("answers op 4 with VOICE_STATE_UPDATE, then VOICE_SERVER_UPDATE", () =>
    withBot(async ({ fake, client }) => {
      const guild = client.guilds.cache.get(guildId);
      if (!guild) throw new Error("guild not cached");
      const seen: string[] = [];
      const serverUpdate = new Promise<Record<string, string>>((resolve) => {
        client.on("raw", (packet: { t: string | null; d: Record<string, string> }) => {
          if (packet.t === "VOICE_STATE_UPDATE" || packet.t === "VOICE_SERVER_UPDATE") seen.push(packet.t);
          if (packet.t === "VOICE_SERVER_UPDATE") resolve(packet.d);
        });
      });
      guild.shard.send({
        op: 4,
        d: { guild_id: guildId, channel_id: voiceChannelId, self_mute: false, self_deaf: true },
      });
      const d = await serverUpdate;
      expect(seen).toEqual(["VOICE_STATE_UPDATE", "VOICE_SERVER_UPDATE"]);
      expect(d).toMatchObject({ guild_id: guildId, endpoint: "127.0.0.1:1" });
      expect(d.token).toMatch(/^voice-token-/);
      const op4 = await fake.waitForGateway((f) => f.op === 4);
      expect(op4.d).toEqual({ guild_id: guildId, channel_id: voiceChannelId, self_mute: false, self_deaf: true });
      expect(fake.voiceChannelOf(guildId, fake.botUser.id)).toBe(voiceChannelId);
      const me = guild.voiceStates.cache.get(fake.botUser.id);
      expect(me?.channelId).toBe(voiceChannelId);
      expect(me?.selfDeaf).toBe(true);
      expect(me?.sessionId).toMatch(/^[0-9a-f]{32}$/);
    }));

  it("stores channel messages, echoes them on the gateway and applies edits", () =>
    withBot(async ({ fake, client }) => {
      const channel = client.channels.cache.get(textChannelId) as TextChannel;
      const echoed = nextMessage(client, (m) => m.content === "Now playing");
      const message = await channel.send({ content: "Now playing", allowedMentions: { parse: [] } });
      expect(message.author.id).toBe(fake.botUser.id);
      expect((await echoed).id).toBe(message.id);
      const stored = await fake.waitForMessage(textChannelId, (m) => m.content === "Now playing");
      expect(stored).toMatchObject({ id: message.id, edits: 0, allowed_mentions: { parse: [] } });
      await message.edit("Now playing (paused)");
      expect(stored).toMatchObject({ content: "Now playing (paused)", edits: 1 });
      await message.delete();
      expect(fake.messages(textChannelId)).toEqual([]);
    }));

  it("delivers user messages with content under MESSAGE_CONTENT", () =>
    withBot(async ({ fake, client }) => {
      const arrived = nextMessage(client, (m) => !m.author.bot);
      const { id } = fake.sendMessage({
        guildId,
        channelId: textChannelId,
        userId: SAMPLE.carol.id,
        content: "!play x",
      });
      const message = await arrived;
      expect(message).toMatchObject({ id, content: "!play x", channelId: textChannelId });
      expect(message.member?.id).toBe(SAMPLE.carol.id);
    }));

  it("fails login with a wrong token", async () => {
    const fake = await FakeDiscord.start({ guilds: [sampleGuild()] });
    const client = newClient(fake);
    try {
      await expect(client.login("not-the-token")).rejects.toMatchObject({ code: "TokenInvalid" });
      expect(fake.rest).toMatchObject([{ path: "/gateway/bot", status: 401, body: null }]);
      expect(fake.received.filter((f) => f.op === 2)).toEqual([]);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });

  it("resumes after the gateway drops and replays what was missed", () =>
    withBot(async ({ fake, client }) => {
      const identify = fake.received.find((f) => f.op === 2);
      const sessionId = fake.sent.find((f) => f.t === "READY")?.d.session_id;
      const resumed = once(client, "shardResume");
      fake.dropGateway();
      // Sent while the bot is disconnected: must arrive through the RESUME replay.
      const missed = nextMessage(client, (m) => m.content === "while you were away");
      fake.sendMessage({ guildId, channelId: textChannelId, userId: SAMPLE.alice.id, content: "while you were away" });
      const resume = await fake.waitForGateway((f) => f.op === 6);
      expect(resume.d).toMatchObject({ token: fake.token, session_id: sessionId });
      await resumed;
      await missed;
      expect(fake.received.filter((f) => f.op === 2)).toEqual([identify]);
      const later = nextInteraction(client, isSlash);
      fake.sendSlash({ guildId, channelId: textChannelId, userId: SAMPLE.alice.id, name: "after-resume" });
      expect((await later).commandName).toBe("after-resume");
    }));

  it("makes discord.js wait out a 429 and retry", () =>
    withBot(async ({ fake, client }) => {
      const channel = client.channels.cache.get(textChannelId) as TextChannel;
      const limited = once(client.rest, "rateLimited");
      fake.rateLimitNext(`/channels/${textChannelId}/messages`, 0.2);
      await channel.send("after the limit");
      const attempts = fake.rest.filter((r) => r.method === "POST" && r.path === `/channels/${textChannelId}/messages`);
      expect(attempts.map((a) => a.status)).toEqual([429, 200]);
      const [first, second] = attempts;
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(200);
      const [info] = (await limited) as [{ retryAfter: number; global: boolean }];
      expect(info.global).toBe(false);
      expect(info.retryAfter).toBeGreaterThanOrEqual(200);
      expect(fake.messages(textChannelId).map((m) => m.content)).toEqual(["after the limit"]);
    }));
});
