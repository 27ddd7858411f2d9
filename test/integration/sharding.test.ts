import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord, generateGuilds, shardOf } from "../fakes/discord/index.ts";
import { FakeLavalink } from "../fakes/lavalink/index.ts";
import { catalog } from "../helpers/fixtures.ts";

const managerEntry = fileURLToPath(new URL("../../src/shard-manager.ts", import.meta.url));

describe("multi-process sharding (discord.js ShardingManager)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it("one process per shard on one database: each guild plays from the process that owns its shard", async () => {
    const guilds = generateGuilds(4);
    const discord = await FakeDiscord.start({ guilds: guilds.map((g) => g.spec), recommendedShards: 2 });
    const node = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 500 });
    // A node slow to answer REST calls, as a busy Lavalink is: its /v4/info answer comes well after its session
    // opened, so a /play sent before each process has checked its node is refused every time, not only under load.
    node.setLatency(500);
    cleanups.push(
      () => discord.stop(),
      () => node.stop(),
    );
    const out: string[] = [];
    // Started with a Node.js flag, as `npm run start:sharded` starts it: every shard process runs with it too.
    const child: ChildProcess = spawn(process.execPath, ["--max-semi-space-size=8", managerEntry], {
      cwd: mkdtempSync(join(tmpdir(), "encore-shards-")),
      env: {
        PATH: process.env.PATH ?? "",
        DISCORD_TOKEN: discord.token,
        DISCORD_API_BASE: discord.apiBase,
        LAVALINK_NODES: node.nodeUrl("main"),
        HTTP_HOST: "127.0.0.1",
        HTTP_PORT: "0",
        LOG_LEVEL: "info",
        SHARD_COUNT: "auto",
        DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "encore-shards-db-")), "encore.db"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => out.push(String(d)));
    child.stderr?.on("data", (d) => out.push(String(d)));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    });

    await expect.poll(() => out.join("").includes("every shard process is ready"), { timeout: 40_000 }).toBe(true);
    await expect.poll(() => out.join("").match(/Encore is ready/g)?.length, { timeout: 15_000 }).toBe(2);
    expect(discord.connectedClients).toBe(2);
    const shardArgs = childrenOf(child.pid ?? 0).map((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"));
    expect(shardArgs).toHaveLength(2);
    for (const args of shardArgs) expect(args).toContain("--max-semi-space-size=8");
    await expect.poll(() => node.sessionIds().length, { timeout: 10_000 }).toBe(2);
    // Ready means Discord is connected; a node can play once the process has checked it (a moment later).
    await expect.poll(() => out.join("").match(/lavalink node checked/g)?.length, { timeout: 10_000 }).toBe(2);

    const replies = await Promise.all(
      guilds.map((g) =>
        discord
          .sendSlash({
            guildId: g.spec.id,
            channelId: g.textChannelId,
            userId: g.listenerId,
            name: "play",
            options: [{ name: "query", type: 3, value: "despacito" }],
          })
          .waitForResponse(15_000),
      ),
    );
    for (const r of replies) expect(r.content).toContain("Despacito");
    for (const g of guilds) {
      await expect.poll(() => node.player(g.spec.id)?.track?.info.title, { timeout: 10_000 }).toBe("Despacito");
      const join = discord.received.find((f) => f.op === 4 && f.d?.guild_id === g.spec.id);
      expect(join?.shard).toBe(shardOf(g.spec.id, 2));
    }

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 90_000);
});

/** Processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return Number(readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]?.split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}
