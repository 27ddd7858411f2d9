import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, toEnvName } from "../../../src/config/loader.ts";

const defaultsFile = fileURLToPath(new URL("../../../config/default.json", import.meta.url));
const good = { DISCORD_TOKEN: "abc.def.ghi", LAVALINK_NODES: "lavalink://main:s%3Acret@127.0.0.1:2333" };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ env, defaultsFile });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("reads the fixed env names over the defaults and freezes the result", () => {
    const c = loadConfig({
      env: { ...good, PREFIX: "?", HTTP_PORT: "9000", LOG_LEVEL: "debug", DISCORD_GUILD_ID: "123456789012345678" },
      defaultsFile,
    });
    expect(c.prefix).toBe("?");
    expect(c.httpPort).toBe(9000);
    expect(c.logLevel).toBe("debug");
    expect(c.discordGuildId).toBe("123456789012345678");
    expect(c.databasePath).toBe("./data/encore.db");
    // Health and metrics are unauthenticated: loopback unless the operator (or the Docker image) says otherwise.
    expect(c.httpHost).toBe("127.0.0.1");
    expect(c.lavalinkNodes).toEqual([{ id: "main", host: "127.0.0.1", port: 2333, password: "s:cret", secure: false }]);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.lavalinkNodes[0])).toBe(true);
  });

  it("lists every problem at once, naming the variables", () => {
    const list = problems({
      LAVALINK_NODES: "http://nope, lavalink://b@h:1",
      HTTP_PORT: "70000",
      PREFIX_COMMANDS: "maybe",
    });
    expect(list.some((p) => p.startsWith("DISCORD_TOKEN is required"))).toBe(true);
    expect(list.some((p) => p.includes("LAVALINK_NODES entry 1") && p.includes("scheme"))).toBe(true);
    expect(list).toContain("HTTP_PORT must be at most 65535");
    expect(list).toContain("PREFIX_COMMANDS must be true or false");
  });

  it("accepts no nodes (the embedded engine plays) and never echoes node passwords", () => {
    expect(loadConfig({ env: { DISCORD_TOKEN: "t" }, defaultsFile }).lavalinkNodes).toEqual([]);
    const list = problems({ DISCORD_TOKEN: "t", LAVALINK_NODES: "lavalink://a:hunter2@host" });
    expect(list.join("\n")).toContain("missing port");
    expect(list.join("\n")).not.toContain("hunter2");
  });

  it("rejects duplicate node ids and keeps the port of a TLS node", () => {
    const list = problems({ DISCORD_TOKEN: "t", LAVALINK_NODES: "lavalink://a:p@h:1,lavalink://a:p@h:2" });
    expect(list.join("\n")).toContain('node id "a" is used twice');
    const c = loadConfig({ env: { DISCORD_TOKEN: "t", LAVALINK_NODES: "lavalinks://b:p@h:2333" }, defaultsFile });
    expect(c.lavalinkNodes[0]).toMatchObject({ port: 2333, secure: true });
  });

  it.each([
    ["base64 with / + =", "a/b+c=d/e=="],
    ["a comma", "one,two"],
    ["URL-looking text", "x@y:1/z?q#f"],
    ["percent signs (taken literally)", "50%25off"],
    ["the Lavalink-ish word", "lavalink"],
  ])("takes a node password with %s from LAVALINK_PASSWORD, unchanged", (_label, password) => {
    const c = loadConfig({
      env: {
        DISCORD_TOKEN: "t",
        LAVALINK_NODES: "lavalink://main@lavalink:2333, lavalink://b@10.0.0.2:2334",
        LAVALINK_PASSWORD: password,
      },
      defaultsFile,
    });
    expect(c.lavalinkNodes.map((n) => [n.id, n.password])).toEqual([
      ["main", password],
      ["b", password],
    ]);
  });

  it("lets a password in the URL win over LAVALINK_PASSWORD for that node", () => {
    const c = loadConfig({
      env: {
        DISCORD_TOKEN: "t",
        LAVALINK_NODES: "lavalink://a:own%2Fpass@h:1,lavalink://b@h:2",
        LAVALINK_PASSWORD: "shared",
      },
      defaultsFile,
    });
    expect(c.lavalinkNodes.map((n) => n.password)).toEqual(["own/pass", "shared"]);
  });

  it("says how to fix a node without any password, and a raw password that breaks the URL, without echoing it", () => {
    expect(problems({ DISCORD_TOKEN: "t", LAVALINK_NODES: "lavalink://main@h:2333" })).toContain(
      'LAVALINK_NODES node "main" has no password: set LAVALINK_PASSWORD (or LAVALINK_PASSWORD_FILE), or put it in the URL as lavalink://<id>:<password>@<host>:<port>',
    );
    for (const nodes of [
      "lavalink://main:ab/cd+e=@lavalink:2333",
      "lavalink://main:a,b@lavalink:2333",
      "lavalink://main:a#b@h:1",
    ]) {
      const text = problems({ DISCORD_TOKEN: "t", LAVALINK_NODES: nodes }).join("\n");
      expect(text).toContain("LAVALINK_PASSWORD");
      expect(text).not.toMatch(/ab\/cd|a,b|a#b/);
    }
  });

  it("reads secrets from *_FILE variables, without the trailing line break", () => {
    const dir = mkdtempSync(join(tmpdir(), "encore secrets-"));
    writeFileSync(join(dir, "token"), "tok.en.value\n");
    writeFileSync(join(dir, "pass"), "p,a/s=s\r\n");
    const c = loadConfig({
      env: {
        DISCORD_TOKEN_FILE: join(dir, "token"),
        LAVALINK_PASSWORD_FILE: join(dir, "pass"),
        LAVALINK_NODES: "lavalink://main@h:2333",
      },
      defaultsFile,
    });
    expect(c.discordToken).toBe("tok.en.value");
    expect(c.lavalinkNodes[0]?.password).toBe("p,a/s=s");
  });

  it("names a missing or doubled secret file plainly", () => {
    const list = problems({
      DISCORD_TOKEN: "t",
      DISCORD_TOKEN_FILE: "/run/secrets/token",
      LAVALINK_NODES: "lavalink://main@h:2333",
      LAVALINK_PASSWORD_FILE: "/nonexistent/encore-pass",
    });
    expect(list).toContain("DISCORD_TOKEN and DISCORD_TOKEN_FILE are both set: keep one");
    expect(list).toContain(
      "LAVALINK_PASSWORD_FILE cannot read /nonexistent/encore-pass (ENOENT): check the path and that Encore's user may read it",
    );
  });

  it("takes .env values under the real environment", () => {
    const dir = mkdtempSync(join(tmpdir(), "encore-env-"));
    const envFile = join(dir, ".env");
    writeFileSync(envFile, "DISCORD_TOKEN=from-file\nPREFIX=$\nLAVALINK_NODES=lavalink://n:p@127.0.0.1:1\n");
    const c = loadConfig({ env: { PREFIX: "%" }, envFile, defaultsFile });
    expect(c.discordToken).toBe("from-file");
    expect(c.prefix).toBe("%");
  });

  it("maps camelCase keys to the documented env names", () => {
    expect(toEnvName("discordApiBase")).toBe("DISCORD_API_BASE");
    expect(toEnvName("lavalinkNodes")).toBe("LAVALINK_NODES");
    expect(toEnvName("memorySoftRatio")).toBe("MEMORY_SOFT_RATIO");
  });

  it("reads the per-member rate limit and warns about the retired cooldown variable instead of failing", () => {
    const retired: string[] = [];
    const c = loadConfig({
      env: { ...good, RATE_LIMIT_BURST: "4", RATE_LIMIT_REFILL_MS: "250", COMMAND_COOLDOWN_MS: "1500" },
      defaultsFile,
      onRetired: (m) => retired.push(m),
    });
    expect(c.rateLimitBurst).toBe(4);
    expect(c.rateLimitRefillMs).toBe(250);
    expect(c.autocompleteRateLimitBurst).toBe(20);
    expect(retired).toEqual([expect.stringContaining("COMMAND_COOLDOWN_MS is no longer read")]);
    expect("commandCooldownMs" in c).toBe(false);
    expect(problems({ ...good, RATE_LIMIT_BURST: "0" })).toEqual(["RATE_LIMIT_BURST must be at least 1"]);
  });
});
