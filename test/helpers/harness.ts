import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { type App, createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/loader.ts";
import type { Config } from "../../src/config/schema.ts";
import { CacheRegistry } from "../../src/core/cache.ts";
import { systemClock } from "../../src/core/clock.ts";
import { createLogger } from "../../src/core/logger.ts";
import { createSqliteStore } from "../../src/store/index.ts";
import type { GuildSettings } from "../../src/store/types.ts";
import { FakeDiscord, type FakeDiscordOptions } from "../fakes/discord/index.ts";
import { FakeLavalink, type FakeLavalinkOptions } from "../fakes/lavalink/index.ts";
import { FakeVoice, testCertificate, trustInThisProcess } from "../fakes/voice/index.ts";
import { testResolver } from "./dns.ts";
import { catalog, guildSpec, playlists } from "./fixtures.ts";

export const defaultsFile = fileURLToPath(new URL("../../config/default.json", import.meta.url));

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Let the fake Discord's own host:port (where attachments are served) through the URL guard (URL_ALLOW_HOSTS). */
  allowAttachmentHost?: boolean;
  lavalink?: FakeLavalinkOptions;
  discord?: FakeDiscordOptions;
  /** More fake nodes the app should use besides the harness's own (the test owns and stops them). */
  extraNodes?: FakeLavalink[];
  /** Guild settings to store before the app starts (guild id → changes). */
  guildSettings?: Record<string, Partial<GuildSettings>>;
  /** SQLite file (default: a new temporary one). */
  databasePath?: string;
  /** Start the app (default true). */
  start?: boolean;
  /** Configure no Lavalink node: the embedded engine plays (the fake node still runs, unused). */
  noNodes?: boolean;
  /** Run a fake voice server that VOICE_SERVER_UPDATE points to (the embedded engine's voice). */
  voice?: boolean;
}

export interface Harness {
  discord: FakeDiscord;
  node: FakeLavalink;
  /** The fake voice server, when `voice` was asked for. */
  voice: FakeVoice | null;
  app: App;
  config: Config;
  /** Every JSON log line the app wrote. */
  logs: string[];
  /**
   * Lets `ms` pass for the per-member rate limit only, as if members had paused: a scripted test sends commands
   * faster than any person, so long scripts model a person's pace with this instead of sleeping. The limit itself
   * keeps its production settings, and real time still counts.
   */
  elapse(ms: number): void;
  stop(): Promise<void>;
}

/** Boots fake Discord, a fake Lavalink node and the real app wired to them over 127.0.0.1. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  let voice: FakeVoice | null = null;
  if (opts.voice) {
    const certificate = await testCertificate();
    trustInThisProcess(certificate);
    voice = await FakeVoice.start({ certificate });
  }
  const discord = await FakeDiscord.start({
    guilds: [guildSpec()],
    heartbeatIntervalMs: 5000,
    // Like a bot past its first thousand guilds: Discord recommends two shards, which identify together.
    recommendedShards: 2,
    maxConcurrency: 2,
    ...(voice ? { voiceEndpoint: voice.endpoint } : {}),
    ...opts.discord,
  });
  const node = await FakeLavalink.start({ catalog, playlists, playerUpdateIntervalMs: 500, ...opts.lavalink });
  const config = loadConfig({
    defaultsFile,
    env: {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_BASE: discord.apiBase,
      LAVALINK_NODES: opts.noNodes
        ? ""
        : [node.nodeUrl("main"), ...(opts.extraNodes ?? []).map((n, i) => n.nodeUrl(`node${i + 2}`))].join(","),
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: "0",
      LOG_LEVEL: "debug",
      NODE_RETRY_DELAY_MS: "200",
      NODE_RETRY_MAX_DELAY_MS: "1000",
      BREAKER_COOLDOWN_MS: "300",
      DATABASE_PATH: opts.databasePath ?? join(mkdtempSync(join(tmpdir(), "encore-db-")), "encore.db"),
      ...(opts.allowAttachmentHost ? { URL_ALLOW_HOSTS: new URL(discord.apiBase).host } : {}),
      ...opts.env,
    },
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(...String(chunk).split("\n").filter(Boolean));
      cb();
    },
  });
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.discordToken, ...config.lavalinkNodes.map((n) => n.password)],
    destination: sink,
  });
  if (opts.guildSettings) await seedSettings(config.databasePath, opts.guildSettings);
  let skippedMs = 0;
  const rateLimitClock = { ...systemClock, now: () => Date.now() + skippedMs };
  const app = createApp(config, { logger, rateLimitClock, resolveHost: testResolver });
  const stop = async () => {
    await app.stop("test end").catch(() => undefined);
    await discord.stop();
    await node.stop();
    await voice?.stop();
  };
  if (opts.start !== false) {
    try {
      await app.start();
      if (!opts.noNodes) {
        await node.waitForConnection(5000);
        await waitUntil(() => app.music.nodesAvailable(), 5000, "the music node to be usable");
      }
    } catch (err) {
      await stop();
      throw err;
    }
  }
  const elapse = (ms: number) => {
    skippedMs += ms;
  };
  return { discord, node, voice, app, config, logs, stop, elapse };
}

/** Polls a condition (for states with no recorded event, like the client's view of node connectivity). */
export async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Writes guild settings into the database file before an app uses it. */
async function seedSettings(path: string, settings: Record<string, Partial<GuildSettings>>): Promise<void> {
  const store = createSqliteStore({
    path,
    clock: systemClock,
    caches: new CacheRegistry(),
    logger: createLogger({ level: "silent" }),
  });
  store.open();
  for (const [guildId, patch] of Object.entries(settings)) store.settings.update(guildId, patch);
  await store.close();
}

/** A second Encore on the same configuration and database (a restart), against the same fakes. */
export async function restartApp(h: Harness): Promise<App> {
  const app = createApp(h.config, { logger: h.app.logger, resolveHost: testResolver });
  await app.start();
  return app;
}
