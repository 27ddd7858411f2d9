import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/core/logger.ts";

const TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.s3cr3t-t0ken_value";
const NODE_PASSWORD = 'node-pa"ss\\word';

function capture() {
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) };
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, destination, records };
}

function setup() {
  const out = capture();
  const logger = createLogger({ level: "info", secrets: [TOKEN, NODE_PASSWORD, ""], destination: out.destination });
  return { logger, ...out };
}

describe("createLogger", () => {
  it("writes JSON lines at the configured level", () => {
    const { logger, records } = setup();
    logger.debug("hidden");
    logger.info({ guildId: "1" }, "hello");
    expect(records()).toHaveLength(1);
    expect(records()[0]).toMatchObject({ level: 30, msg: "hello", guildId: "1" });
  });

  it.each([
    ["a token field", (l: ReturnType<typeof setup>["logger"]) => l.info({ token: TOKEN }, "x")],
    ["a nested secret key", (l: ReturnType<typeof setup>["logger"]) => l.info({ node: { password: NODE_PASSWORD } })],
    ["config.discordToken", (l: ReturnType<typeof setup>["logger"]) => l.info({ config: { discordToken: TOKEN } })],
    [
      "an authorization header",
      (l: ReturnType<typeof setup>["logger"]) => l.info({ req: { headers: { authorization: `Bot ${TOKEN}` } } }),
    ],
    ["the message", (l: ReturnType<typeof setup>["logger"]) => l.info(`connecting with ${TOKEN}`)],
    ["a format argument", (l: ReturnType<typeof setup>["logger"]) => l.info("connecting with %s", TOKEN)],
    [
      "an innocently named field",
      (l: ReturnType<typeof setup>["logger"]) => l.info({ url: `wss://x/?auth=${TOKEN}`, deep: { a: { b: [TOKEN] } } }),
    ],
    [
      "an error message and stack",
      (l: ReturnType<typeof setup>["logger"]) => l.error({ err: new Error(`login failed for ${TOKEN}`) }, "boom"),
    ],
    ["an error as first argument", (l: ReturnType<typeof setup>["logger"]) => l.error(new Error(`bad ${TOKEN}`))],
    [
      "a child binding",
      (l: ReturnType<typeof setup>["logger"]) => l.child({ conn: `pw=${NODE_PASSWORD}` }).info("child line"),
    ],
  ])("keeps secrets out of %s", (_label, log) => {
    const { logger, lines, records } = setup();
    log(logger);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain(JSON.stringify(NODE_PASSWORD).slice(1, -1));
    expect(line).not.toContain("s3cr3t-t0ken");
    expect(line).toContain("[redacted]");
    // Scrubbing must leave valid JSON behind.
    expect(() => records()).not.toThrow();
  });

  it("serializes errors under err with type, message and stack", () => {
    const { logger, records } = setup();
    logger.error({ err: new TypeError("nope") }, "failed");
    const err = records()[0]?.err as Record<string, unknown>;
    expect(err.type).toBe("TypeError");
    expect(err.message).toBe("nope");
    expect(String(err.stack)).toContain("TypeError: nope");
  });

  it("child loggers carry their bindings", () => {
    const { logger, records } = setup();
    const child = logger.child({ guildId: "123", command: "play" });
    child.warn({ query: "lofi" }, "search slow");
    expect(records()[0]).toMatchObject({
      guildId: "123",
      command: "play",
      query: "lofi",
      msg: "search slow",
      level: 40,
    });
  });

  it("leaves lines alone when no secrets are configured", () => {
    const out = capture();
    const logger = createLogger({ level: "info", destination: out.destination });
    logger.info({ token: "abc", note: "plain" }, "hi");
    expect(out.records()[0]).toMatchObject({ token: "[redacted]", note: "plain", msg: "hi" });
  });
});

describe("value scrubbing", () => {
  it.each([
    ["a common word", "lavalink", "lavalink node connected"],
    ["a short password", "pw", "upgrading the player's pw mode"],
    ["a one-letter password", "b", "database unusable at /data/encore.db"],
    ["a long word", "administrator", "administrator rights checked"],
  ])("leaves ordinary text alone when a node password is %s", (_label, password, text) => {
    const out = capture();
    const logger = createLogger({ level: "info", secrets: [TOKEN, password], destination: out.destination });
    logger.info({ path: "/data/encore.db" }, text);
    const record = out.records()[0];
    expect(record?.msg).toBe(text);
    expect(record?.path).toBe("/data/encore.db");
  });

  it("still redacts a short password by its key, wherever it is nested", () => {
    const out = capture();
    const logger = createLogger({ level: "info", secrets: ["lavalink"], destination: out.destination });
    logger.info({ node: { id: "main", password: "lavalink" }, lavalinkPassword: "lavalink" }, "node config");
    expect(out.lines[0]).not.toContain('"lavalink"');
    expect(out.records()[0]).toMatchObject({ node: { password: "[redacted]" }, lavalinkPassword: "[redacted]" });
  });

  it("scrubs long secrets by value: a generated password and the bot token", () => {
    const out = capture();
    const generated = "q7/Zr+9kLm2=Xw";
    const logger = createLogger({ level: "info", secrets: [TOKEN, generated], destination: out.destination });
    logger.info(`header was ${generated} and token ${TOKEN}`);
    expect(out.records()[0]?.msg).toBe("header was [redacted] and token [redacted]");
  });
});
