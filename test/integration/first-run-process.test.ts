import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CacheRegistry } from "../../src/core/cache.ts";
import { systemClock } from "../../src/core/clock.ts";
import { createLogger } from "../../src/core/logger.ts";
import { createSqliteStore } from "../../src/store/index.ts";
import { FakeDiscord } from "../fakes/discord/index.ts";
import { FakeLavalink } from "../fakes/lavalink/index.ts";
import { catalog, guildSpec, ids } from "../helpers/fixtures.ts";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
/**
 * File permissions do not bind root: as root, the process under test runs as `nobody`, for whom a read-only file is
 * really read-only. Run as anyone else, it keeps the current user.
 */
const asUnprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runEncore(env: Record<string, string>): Promise<Result> {
  return start(env).exited;
}

/**
 * Starts Encore as a real process. `fileSizeLimitKb` runs it under `ulimit -f`: Node ignores SIGXFSZ, so a write past
 * the limit fails with EFBIG, as on a full disk.
 */
function start(env: Record<string, string>, fileSizeLimitKb?: number) {
  const cwd = mkdtempSync(join(tmpdir(), "encore first run-"));
  chmodSync(cwd, 0o777);
  const [file, args] =
    fileSizeLimitKb === undefined
      ? [process.execPath, [entry]]
      : // bash counts `ulimit -f` in KiB (POSIX sh in 512-byte blocks).
        ["bash", ["-c", `ulimit -f ${fileSizeLimitKb} && exec "$0" "$1"`, process.execPath, entry]];
  const child = spawn(file, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", HTTP_HOST: "127.0.0.1", HTTP_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...asUnprivileged,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += String(d);
  });
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  const exited = new Promise<Result>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
  return { child, exited, output: () => stdout };
}

/** A valid Encore database in a fresh folder (mode 0777 unless told otherwise). */
async function databaseIn(dirMode = 0o777): Promise<{ dir: string; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), "encore ro-"));
  const path = join(dir, "encore.db");
  const store = createSqliteStore({
    path,
    clock: systemClock,
    caches: new CacheRegistry(),
    logger: createLogger({ level: "silent" }),
  });
  store.open();
  await store.close();
  chmodSync(path, 0o666);
  chmodSync(dir, dirMode);
  return { dir, path };
}

const nodes = { LAVALINK_NODES: "lavalink://main@127.0.0.1:1", LAVALINK_PASSWORD: "a-long-node-password" };

describe("first-run failures, as the operator sees them", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it.each([
    ["a read-only database file", async () => (await databaseIn()).path, 0o444],
    ["a database in a read-only folder", async () => (await databaseIn(0o555)).path, 0o666],
  ])("%s stops start-up with one line saying what to fix", async (_label, make, fileMode) => {
    const path = await make();
    chmodSync(path, fileMode);
    const before = readFileSync(path);
    const run = await runEncore({ DISCORD_TOKEN: "x", ...nodes, DATABASE_PATH: path });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `Encore cannot start: Database file ${path} or its folder is not writable (attempt to write a readonly database). Give the user Encore runs as write access to both (in Docker, mount a volume at /data).\n`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("turns /readyz to 503 (database) when writes start failing at run time, and says so once", async () => {
    const discord = await FakeDiscord.start({ guilds: [guildSpec()] });
    const node = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 500 });
    cleanups.push(
      () => discord.stop(),
      () => node.stop(),
    );
    const { path } = await databaseIn();
    // The main file and the shared-memory index fit; the write-ahead log may grow to about a dozen pages.
    const run = start(
      {
        DISCORD_TOKEN: discord.token,
        DISCORD_API_BASE: discord.apiBase,
        LAVALINK_NODES: node.nodeUrl("main"),
        DATABASE_PATH: path,
        LOG_LEVEL: "info",
      },
      48,
    );
    cleanups.push(async () => {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      await run.exited;
    });
    await expect.poll(() => run.output().includes("Encore is ready"), { timeout: 15_000 }).toBe(true);
    const port = Number(/"port":(\d+)[^\n]*"msg":"health server listening"/.exec(run.output())?.[1]);
    const readiness = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      return { status: res.status, body: (await res.json()) as { checks: Record<string, boolean> } };
    };
    await node.waitForConnection(5000);
    expect((await readiness()).body.checks.database).toBe(true);
    // Every play saves the queue: the log soon outgrows the limit.
    const queries = ["never gonna give", "despacito", "bohemian", "teen spirit"];
    for (let i = 0; i < 40 && (await readiness()).status === 200; i++) {
      await discord
        .sendSlash({
          guildId: ids.guild,
          channelId: ids.text,
          userId: ids.alice,
          name: "play",
          options: [{ name: "query", type: 3, value: queries[i % queries.length] }] as never,
        })
        .waitForResponse(10_000);
    }
    const { status, body } = await readiness();
    expect(status).toBe(503);
    expect(body.checks.database).toBe(false);
    const said = run
      .output()
      .split("\n")
      .filter((l) => l.includes("database write failed; reporting not ready"));
    expect(said).toHaveLength(1);
  });

  it("a bad token stops start-up with one line saying where to get a new one", async () => {
    const discord = await FakeDiscord.start({ guilds: [guildSpec()] });
    cleanups.push(() => discord.stop());
    const dir = mkdtempSync(join(tmpdir(), "encore db-"));
    chmodSync(dir, 0o777);
    const run = await runEncore({
      DISCORD_TOKEN: "not-the-token",
      DISCORD_API_BASE: discord.apiBase,
      ...nodes,
      DATABASE_PATH: join(dir, "encore.db"),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "Encore cannot start: Discord rejected the bot token (401). Copy a fresh one from the developer portal (your application → Bot → Reset Token) into DISCORD_TOKEN.\n",
    );
    expect(run.stdout).not.toMatch(/"stack"/);
  });
});
