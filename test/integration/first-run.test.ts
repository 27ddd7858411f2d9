import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { StartupError } from "../../src/core/errors.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

const MESSAGE_CONTENT = 1 << 15;

describe("first-run failures", () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it("without the Message Content intent (4014) keeps running with slash commands only, warns once and says so in /ping", async () => {
    h = await startHarness({ discord: { disallowedIntents: MESSAGE_CONTENT } });
    // Shard 0's identifies (every shard does the same): first with the intent, then without.
    const identifies = h.discord.received.filter((f) => f.op === 2 && f.d?.shard?.[0] === 0);
    expect(identifies.length).toBe(2);
    expect((identifies[0]?.d.intents & MESSAGE_CONTENT) !== 0).toBe(true);
    expect((identifies[1]?.d.intents & MESSAGE_CONTENT) !== 0).toBe(false);
    const warnings = h.logs.filter((l) => l.includes("Discord refused the Message Content intent"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"level":40');
    const ping = await h.discord
      .sendSlash({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, name: "ping" })
      .waitForResponse();
    expect(ping.content).toContain("Prefix commands are off: Discord did not grant the Message Content intent");
    const metrics = await (await fetch(`http://127.0.0.1:${h.app.httpPort()}/metrics`)).text();
    expect(metrics).toContain("encore_discord_message_content 0");
  });

  it("logs the invite link with the bot's application id", async () => {
    h = await startHarness();
    const line = h.logs.find((l) => l.includes("invite link"));
    const url = new URL(JSON.parse(line ?? "{}").url);
    expect(url.searchParams.get("client_id")).toBe(h.app.client.application?.id);
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
  });

  it("a bad token stops start-up with a StartupError that says where to get a new one", async () => {
    const err = await startHarness({ env: { DISCORD_TOKEN: "not.the.token" } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StartupError);
    expect((err as StartupError).reason).toBe("BAD_TOKEN");
    expect((err as Error).message).toBe(
      "Discord rejected the bot token (401). Copy a fresh one from the developer portal (your application → Bot → Reset Token) into DISCORD_TOKEN.",
    );
  });

  it("an unreachable Discord stops start-up with a StartupError that says what to check", async () => {
    // Port 1 on loopback: privileged, so no test's server can take it. A port freed by closing a listener could be
    // handed to another test file's fake running in parallel, which then answers instead of refusing.
    const err = await startHarness({ env: { DISCORD_API_BASE: "http://127.0.0.1:1/api" } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StartupError);
    expect((err as StartupError).reason).toBe("DISCORD_UNREACHABLE");
    expect((err as Error).message).toBe(
      "Cannot reach Discord (ECONNREFUSED): check this machine's internet connection, DNS and firewall (and DISCORD_API_BASE if you set it).",
    );
  });

  it("a busy HTTP port stops start-up with a StartupError naming the port and the fix", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const err = await startHarness({ env: { HTTP_PORT: String(port) } }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StartupError);
      expect((err as StartupError).reason).toBe("PORT_IN_USE");
      expect((err as Error).message).toBe(
        `HTTP_PORT ${port} on 127.0.0.1 is already in use by another program (or another Encore): stop it, or set HTTP_PORT to a free port.`,
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
