import { afterEach, describe, expect, it } from "vitest";
import { testResolver } from "../helpers/dns.ts";
import { FOUNDATION_COMMANDS, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

const STRING = 3;

describe("start-up", () => {
  let h: Harness | undefined;
  let h2: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    await h2?.stop();
    h = h2 = undefined;
  });

  it("identifies with only the needed intents and a versioned Client-Name, and registers slash commands once", async () => {
    h = await startHarness();
    const identify = h.discord.received.find((f) => f.op === 2);
    // Guilds | GuildVoiceStates | GuildMessages | MessageContent
    expect(identify?.d.intents).toBe(1 | 128 | 512 | 32768);
    const handshake = h.node.handshakes.find((x) => x.status === 101);
    expect(handshake?.headers["client-name"]).toMatch(/^Encore\/\d+\.\d+\.\d+$/);
    expect(handshake?.headers["user-id"]).toBe(h.discord.botUser.id);

    await h.discord.waitForRest((r) => r.method === "PUT" && r.path.endsWith("/commands"));
    const names = h.discord.commands().map((c) => c.name);
    for (const n of FOUNDATION_COMMANDS) expect(names).toContain(n);
    const puts = h.discord.commandsPuts;
    expect(puts).toBe(1);

    // A second start against the same Discord state compares and does not write again.
    await h.app.stop();
    h2 = await startHarnessOn(h);
    await h2.discord.waitForRest(
      (r) => r.method === "GET" && r.path.endsWith("/commands") && r.at > (identify?.at ?? 0),
    );
    await expect.poll(() => h2?.app.client.isReady()).toBe(true);
    expect(h.discord.commandsPuts).toBe(puts);
  });

  it("asks for no message content when prefix commands are off, and registers to one guild when asked", async () => {
    h = await startHarness({ env: { PREFIX_COMMANDS: "false", DISCORD_GUILD_ID: ids.guild } });
    const identify = h.discord.received.find((f) => f.op === 2);
    expect(identify?.d.intents).toBe(1 | 128);
    await h.discord.waitForRest((r) => r.method === "PUT" && r.path.endsWith(`/guilds/${ids.guild}/commands`));
    expect(h.discord.commands(ids.guild).length).toBeGreaterThan(10);
    expect(h.discord.commands().length).toBe(0);
  });

  it("loads a command handler only when the command is first used", async () => {
    h = await startHarness();
    expect(h.app.registry.loaded()).toEqual([]);
    await h.discord
      .sendSlash({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, name: "ping" })
      .waitForResponse();
    expect(h.app.registry.loaded()).toEqual(["ping"]);
    h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, content: "!help" });
    await h.discord.waitForMessage(ids.text, (m) => m.embeds.length > 0);
    expect(h.app.registry.loaded().sort()).toEqual(["help", "ping"]);
  });

  it("warns about a node with Lavalink's well-known default password, and not otherwise", async () => {
    h = await startHarness({ lavalink: { password: "youshallnotpass" } });
    const warned = (x: Harness) => x.logs.some((l) => l.includes("well-known default password"));
    expect(warned(h)).toBe(true);
    await h.stop();
    h = await startHarness({ lavalink: { password: "c0rrect-h0rse-battery" } });
    expect(warned(h)).toBe(false);
  });

  it("never logs the bot token or node passwords", async () => {
    // Secrets of realistic length (short ones are redacted by key only: see the logger's unit tests).
    h = await startHarness({
      env: { LOG_LEVEL: "trace" },
      discord: { token: "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.s3cr3t-t0ken_value" },
      lavalink: { password: "q7/Zr+9kLm2=Xw,long" },
    });
    await h.discord
      .sendSlash({
        guildId: ids.guild,
        channelId: ids.text,
        userId: ids.alice,
        name: "play",
        options: [{ name: "query", type: STRING, value: "despacito" }] as never,
      })
      .waitForResponse();
    h.app.logger.info({ config: h.config }, "config dump");
    h.app.logger.warn(`token is ${h.config.discordToken}`);
    const all = h.logs.join("\n");
    expect(h.logs.length).toBeGreaterThan(5);
    expect(all).toContain("[redacted]");
    expect(all).not.toContain(h.config.discordToken);
    for (const n of h.config.lavalinkNodes) expect(all).not.toContain(n.password);
  });

  it("autocompletes play from node search results, one node request for identical concurrent queries", async () => {
    h = await startHarness();
    const before = h.node.requests.filter((r) => r.path === "/v4/loadtracks").length;
    const ask = () =>
      h?.discord.sendAutocomplete({
        guildId: ids.guild,
        channelId: ids.text,
        userId: ids.alice,
        name: "play",
        options: [{ name: "query", type: STRING, value: "Queen Bohemian", focused: true }] as never,
      });
    const [a, b] = [ask(), ask()];
    await expect
      .poll(() => (a?.autocompleteChoices?.length ?? 0) > 0 && (b?.autocompleteChoices?.length ?? 0) > 0, {
        timeout: 5000,
      })
      .toBe(true);
    expect(a?.autocompleteChoices?.[0]).toMatchObject({ name: expect.stringContaining("Bohemian Rhapsody") });
    expect(b?.autocompleteChoices).toEqual(a?.autocompleteChoices);
    const loads = h.node.requests.filter((r) => r.path === "/v4/loadtracks").slice(before);
    expect(loads).toHaveLength(1);
    expect(loads[0]?.query.identifier).toBe("ytsearch:Queen Bohemian");
  });

  it("an autocomplete without a focused option is answered with no suggestions, not logged as an error", async () => {
    h = await startHarness();
    const ask = h.discord.sendAutocomplete({
      guildId: ids.guild,
      channelId: ids.text,
      userId: ids.alice,
      name: "play",
      options: [{ name: "query", type: STRING, value: "Queen Bohemian" }],
    });
    await expect.poll(() => ask.autocompleteChoices, { timeout: 5000 }).toEqual([]);
    const errors = h.logs.filter((l) => /"level":(50|60)/.test(l));
    expect(errors).toEqual([]);
  });
});

/** A second app process-equivalent against the first harness's fakes (same Discord state, same node). */
async function startHarnessOn(first: Harness): Promise<Harness> {
  const { createApp } = await import("../../src/app.ts");
  const app = createApp(first.config, { logger: first.app.logger, resolveHost: testResolver });
  await app.start();
  return {
    ...first,
    app,
    stop: async () => {
      await app.stop();
      await first.stop();
    },
  };
}
