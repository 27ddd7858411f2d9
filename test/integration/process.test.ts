import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fakes/discord/index.ts";
import { FakeLavalink } from "../fakes/lavalink/index.ts";
import { catalog, guildSpec, ids } from "../helpers/fixtures.ts";

const entry = new URL("../../src/index.ts", import.meta.url).pathname;

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/** Runs Encore as a real process, in an empty directory so no developer .env is read. */
function runEncore(env: Record<string, string>): Run {
  const cwd = mkdtempSync(join(tmpdir(), "encore-proc-"));
  const child = spawn(process.execPath, [entry], {
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
    const run = runEncore({ LAVALINK_NODES: "lavalink://main@127.0.0.1", HTTP_PORT: "99999" });
    const { code } = await run.exited;
    const err = run.stderr.join("");
    expect(code).toBe(2);
    expect(err).toContain("Encore cannot start");
    expect(err).toContain("DISCORD_TOKEN is required");
    expect(err).toContain('LAVALINK_NODES entry 1: node "main": missing password');
    expect(err).toContain("HTTP_PORT must be at most 65535");
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("on SIGTERM leaves voice, deletes its players and exits 0 within 10 s", async () => {
    const discord = await FakeDiscord.start({ guilds: [guildSpec()] });
    const node = await FakeLavalink.start({ catalog });
    cleanups.push(
      () => discord.stop(),
      () => node.stop(),
    );
    const run = runEncore({
      DISCORD_TOKEN: discord.token,
      DISCORD_API_BASE: discord.apiBase,
      LAVALINK_NODES: node.nodeUrl("main"),
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
    });
    cleanups.push(async () => {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
    });
    await discord.waitForIdentify(15_000);
    await node.waitForConnection(15_000);
    await expect.poll(() => run.stdout.join("").includes("Encore is ready"), { timeout: 15_000 }).toBe(true);
    const reply = await discord
      .sendSlash({
        guildId: ids.guild,
        channelId: ids.text,
        userId: ids.alice,
        name: "play",
        options: [{ name: "query", type: 3, value: "despacito" }] as never,
      })
      .waitForResponse(10_000);
    expect(reply.content).toContain("Despacito");

    const sentAt = Date.now();
    run.child.kill("SIGTERM");
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(discord.received.some((f) => f.op === 4 && f.d.channel_id === null)).toBe(true);
    expect(node.requests.some((r) => r.method === "DELETE" && r.path.endsWith(`/players/${ids.guild}`))).toBe(true);
    const out = run.stdout.join("");
    expect(out).toContain('"msg":"stopped"');
    expect(out).not.toContain(discord.token);
  });
});
