import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fakes/discord/index.ts";
import { FakeLavalink } from "../fakes/lavalink/index.ts";
import { catalog, guildSpec, ids } from "../helpers/fixtures.ts";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/** Runs Encore as a real process, in an empty directory so no developer .env is read. */
function runEncore(env: Record<string, string>, nodeArgs: string[] = []): Run {
  const cwd = mkdtempSync(join(tmpdir(), "encore-proc-"));
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on("data", (d) => stdout.push(String(d)));
  child.stderr?.on("data", (d) => stderr.push(String(d)));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout, stderr, exited };
}

describe("the Encore process", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it("without a token prints every configuration problem and exits non-zero, without a stack trace", async () => {
    const run = runEncore({ LAVALINK_NODES: "lavalink://main@127.0.0.1:2333", HTTP_PORT: "99999" });
    const { code } = await run.exited;
    const err = run.stderr.join("");
    expect(code).toBe(2);
    expect(err).toContain("Encore cannot start");
    expect(err).toContain("DISCORD_TOKEN is required");
    expect(err).toContain('LAVALINK_NODES node "main" has no password: set LAVALINK_PASSWORD');
    expect(err).toContain("HTTP_PORT must be at most 65535");
    expect(err).not.toMatch(/\n\s+at /);
  });

  /** Fakes plus the env for an Encore process that uses them and a fresh database file. */
  async function world() {
    const discord = await FakeDiscord.start({ guilds: [guildSpec()] });
    const node = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 500 });
    cleanups.push(
      () => discord.stop(),
      () => node.stop(),
    );
    const env = {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_BASE: discord.apiBase,
      LAVALINK_NODES: node.nodeUrl("main"),
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
      NODE_RETRY_DELAY_MS: "200",
      NODE_RETRY_MAX_DELAY_MS: "1000",
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "encore-proc-db-")), "encore.db"),
    };
    return { discord, node, env };
  }

  async function started(env: Record<string, string>, discord: FakeDiscord): Promise<Run> {
    const run = runEncore(env);
    cleanups.push(async () => {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      await run.exited;
    });
    await expect.poll(() => run.stdout.join("").includes("Encore is ready"), { timeout: 15_000 }).toBe(true);
    await discord.waitForIdentify(5000);
    return run;
  }

  const slash = (discord: FakeDiscord, name: string, value?: string) =>
    discord
      .sendSlash({
        guildId: ids.guild,
        channelId: ids.text,
        userId: ids.alice,
        name,
        options: (value === undefined ? [] : [{ name: name === "seek" ? "time" : "query", type: 3, value }]) as never,
      })
      .waitForResponse(10_000);

  it("SIGTERM while a 3-track queue plays: exits 0 within 10 s, and the next start plays on from the same place", async () => {
    const { discord, node, env } = await world();
    // A variable earlier versions read is still set: start-up warns and carries on.
    const first = await started({ ...env, COMMAND_COOLDOWN_MS: "1500" }, discord);
    expect(first.stdout.join("")).toMatch(/"level":40.*COMMAND_COOLDOWN_MS is no longer read/);
    await node.waitForConnection(5000);
    for (const q of ["never gonna give", "despacito", "bohemian"]) await slash(discord, "play", q);
    const sessionId = node.sessionIds()[0];

    const sentAt = Date.now();
    first.child.kill("SIGTERM");
    const { code } = await first.exited;
    expect(code).toBe(0);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(first.stdout.join("")).toContain('"msg":"stopped"');
    expect(first.stdout.join("")).not.toContain(discord.token);
    // The resumable node session kept the player: no DELETE was sent.
    expect(node.requests.some((r) => r.method === "DELETE")).toBe(false);

    await started(env, discord);
    const resumed = await node.waitForHandshake((x) => x.headers["session-id"] === sessionId && x.resumed, 10_000);
    expect(resumed.status).toBe(101);
    await node.waitForRequest(
      (r) => r.method === "PATCH" && r.body?.voice?.channelId === ids.voice && r.at > resumed.at,
      10_000,
    );
    expect(node.player(ids.guild)?.track?.info.title).toBe("Never Gonna Give You Up");
    const queue = await slash(discord, "queue");
    const text = JSON.stringify(queue.embeds);
    expect(text).toContain("Never Gonna Give You Up");
    expect(text).toMatch(/1\. \*\*Despacito/);
    expect(text).toMatch(/2\. \*\*Bohemian Rhapsody/);
  });

  it("after SIGKILL and a node restart, the track restarts within 5 s of where it was", async () => {
    const { discord, node, env } = await world();
    const first = await started(env, discord);
    await node.waitForConnection(5000);
    await slash(discord, "play", "bohemian");
    await slash(discord, "play", "despacito");
    await slash(discord, "seek", "2:00");
    await node.waitForRequest((r) => r.method === "PATCH" && r.body?.position === 120_000);
    // Let it play a little past the seek, as a listener would.
    await node.waitForEvent((op) => op.op === "playerUpdate" && op.state.position >= 121_000, 5000);
    first.child.kill("SIGKILL");
    await first.exited;
    // The module compile cache (on by default, next to the database) was written at ready, not only at a clean exit.
    const cacheDir = join(dirname(env.DATABASE_PATH), "compile-cache");
    const cached = readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(cached.length).toBeGreaterThan(100);
    const positionAtKill = node.player(ids.guild)?.position ?? 0;
    await node.restart();
    const restartedAt = Date.now();

    await started(env, discord);
    const patch = await node.waitForRequest(
      (r) => r.method === "PATCH" && r.body?.track?.encoded && r.at >= restartedAt,
      10_000,
    );
    expect(node.player(ids.guild)?.track?.info.title).toBe("Bohemian Rhapsody");
    expect(patch.body.position).toBeGreaterThanOrEqual(120_000);
    expect(positionAtKill - patch.body.position).toBeLessThanOrEqual(5000);
    const queue = await slash(discord, "queue");
    expect(JSON.stringify(queue.embeds)).toMatch(/1\. \*\*Despacito/);
  });

  it("a corrupt database stops start-up with a clear message and is left untouched", async () => {
    const dir = mkdtempSync(join(tmpdir(), "encore-corrupt-"));
    const path = join(dir, "encore.db");
    const garbage = Buffer.from("this is not an sqlite database, just some bytes ".repeat(200));
    writeFileSync(path, garbage);
    const run = runEncore({
      DISCORD_TOKEN: "x",
      LAVALINK_NODES: "lavalink://main:pw@127.0.0.1:1",
      DATABASE_PATH: path,
      HTTP_PORT: "0",
      HTTP_HOST: "127.0.0.1",
    });
    const { code } = await run.exited;
    expect(code).not.toBe(0);
    const err = run.stderr.join("");
    expect(err).toContain("is not a valid SQLite database");
    expect(err).toContain("will not overwrite it");
    expect(err).not.toMatch(/\n\s+at /);
    expect(readFileSync(path).equals(garbage)).toBe(true);
    // No journal or WAL file beside it (the module compile cache's own directory is not the database's).
    expect(readdirSync(dir).filter((f) => f !== "compile-cache")).toEqual(["encore.db"]);
  });

  it("an unhandled rejection is logged as fatal, shuts down and exits non-zero", async () => {
    const { env } = await world();
    // Preloaded into the process: once Encore has installed its handlers, something rejects with nobody listening.
    const inject = `data:text/javascript,const t = setInterval(() => { if (process.listenerCount("unhandledRejection") > 0) { clearInterval(t); Promise.reject(new Error("injected failure")); } }, 50); t.unref();`;
    const run = runEncore(env, ["--import", inject]);
    cleanups.push(async () => {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
    });
    const { code } = await run.exited;
    expect(code).toBe(1);
    const out = run.stdout.join("");
    expect(out).toMatch(/"level":60.*"msg":"unhandled promise rejection"/);
    expect(out).toContain("injected failure");
    expect(out).toContain('"msg":"stopped"');
  });
});
