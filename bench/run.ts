/**
 * Encore's benchmark: Encore and a bare discord.js bot (bench/baseline-bot.ts), each as a real process against the
 * same wire-level fakes on 127.0.0.1, measured the same way, several rounds each, reported as medians and as
 * Encore/baseline ratios. Output: JSON on stdout and in bench/results/latest.json.
 *
 *   npm run bench                 # defaults
 *   BENCH_ROUNDS=5 BENCH_GUILDS=50 BENCH_PINGS=200 npm run bench
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeDiscord, type FakeGuildSpec } from "../test/fakes/discord/index.ts";
import { FakeLavalink } from "../test/fakes/lavalink/index.ts";
import { catalog } from "../test/helpers/fixtures.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GUILDS = Number(process.env.BENCH_GUILDS ?? 20);
const PINGS = Number(process.env.BENCH_PINGS ?? 100);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 3000);

const root = fileURLToPath(new URL("..", import.meta.url));

function guilds(n: number): FakeGuildSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const base = 910_000_000_000_000_000n + BigInt(i) * 1000n;
    const id = (k: number) => String(base + BigInt(k));
    return {
      id: id(0),
      name: `Bench ${i}`,
      ownerId: id(99),
      channels: [
        { id: id(1), name: "music", type: 0 as const },
        { id: id(2), name: "Lounge", type: 2 as const },
      ],
      roles: [],
      members: [{ user: { id: id(10), username: `listener${i}` }, roles: [] }],
      voiceStates: [{ userId: id(10), channelId: id(2) }],
    };
  });
}

const rssOf = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  return kb * 1024;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : 0;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(p * s.length))] as number) : 0;
};

interface Sample {
  readyMs: number;
  idleRssMb: number;
  pingP50Ms: number;
  pingP95Ms: number;
  loadedRssMb?: number;
  playP50Ms?: number;
}

function spawnBot(
  kind: "encore" | "baseline",
  env: Record<string, string>,
): { child: ChildProcess; ready: Promise<void> } {
  const args = kind === "encore" ? [join(root, "dist/index.js")] : [join(root, "bench/baseline-bot.ts")];
  const child = spawn(process.execPath, args, {
    cwd: mkdtempSync(join(tmpdir(), "encore-bench-")),
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const marker = kind === "encore" ? "Encore is ready" : "baseline ready";
  const ready = new Promise<void>((resolve, reject) => {
    let buf = "";
    child.stdout?.on("data", (d) => {
      buf += String(d);
      if (buf.includes(marker)) resolve();
      if (buf.length > 1_000_000) buf = buf.slice(-10_000);
    });
    child.on("exit", (code) => reject(new Error(`${kind} exited with ${code} before it was ready`)));
  });
  return { child, ready };
}

const progress = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function round(kind: "encore" | "baseline"): Promise<Sample> {
  progress(`${kind}: starting`);
  const specs = guilds(GUILDS);
  const discord = await FakeDiscord.start({ guilds: specs });
  const node = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 5000 });
  const env: Record<string, string> = {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_BASE: discord.apiBase,
    LAVALINK_NODES: node.nodeUrl("main"),
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    LOG_LEVEL: "info", // Encore announces readiness at info level; it logs nothing per command at info
    COMMAND_COOLDOWN_MS: "0",
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "encore-bench-db-")), "encore.db"),
  };
  const t0 = performance.now();
  const { child, ready } = spawnBot(kind, env);
  try {
    await ready;
    const readyMs = performance.now() - t0;
    progress(`${kind}: ready in ${Math.round(readyMs)} ms`);
    if (kind === "encore") await node.waitForConnection(10_000);
    await sleep(IDLE_MS);
    const idleRssMb = rssOf(child.pid ?? 0) / 2 ** 20;
    const g = specs[0] as FakeGuildSpec;
    const text = g.channels[0]?.id ?? "";
    const user = g.members[0]?.user.id ?? "";
    const pings: number[] = [];
    for (let i = 0; i < PINGS; i++) {
      const start = performance.now();
      await discord.sendSlash({ guildId: g.id, channelId: text, userId: user, name: "ping" }).waitForResponse(10_000);
      pings.push(performance.now() - start);
    }
    const sample: Sample = {
      readyMs,
      idleRssMb,
      pingP50Ms: median(pings),
      pingP95Ms: pct(pings, 0.95),
    };
    if (kind === "encore") {
      const plays: number[] = [];
      for (const spec of specs) {
        const start = performance.now();
        const r = await discord
          .sendSlash({
            guildId: spec.id,
            channelId: spec.channels[0]?.id ?? "",
            userId: spec.members[0]?.user.id ?? "",
            name: "play",
            options: [{ name: "query", type: 3, value: "despacito" }] as never,
          })
          .waitForResponse(10_000);
        plays.push(performance.now() - start);
        if (!r.content.includes("Despacito")) throw new Error(`play failed: ${r.content}`);
      }
      await sleep(IDLE_MS);
      sample.loadedRssMb = rssOf(child.pid ?? 0) / 2 ** 20;
      sample.playP50Ms = median(plays);
    }
    return sample;
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await discord.stop();
    await node.stop();
  }
}

async function main() {
  const encore: Sample[] = [];
  const baseline: Sample[] = [];
  // Interleaved so drift in machine load hits both alike.
  for (let i = 0; i < ROUNDS; i++) {
    baseline.push(await round("baseline"));
    encore.push(await round("encore"));
  }
  const med = (xs: Sample[], k: keyof Sample) => Math.round(median(xs.map((x) => Number(x[k] ?? 0))) * 10) / 10;
  const summary = (xs: Sample[]) => ({
    readyMs: med(xs, "readyMs"),
    idleRssMb: med(xs, "idleRssMb"),
    pingP50Ms: med(xs, "pingP50Ms"),
    pingP95Ms: med(xs, "pingP95Ms"),
    loadedRssMb: med(xs, "loadedRssMb"),
    playP50Ms: med(xs, "playP50Ms"),
  });
  const e = summary(encore);
  const b = summary(baseline);
  const ratio = (x: number, y: number) => (y > 0 ? Math.round((x / y) * 100) / 100 : null);
  const result = {
    when: new Date().toISOString(),
    node: process.version,
    setup: { rounds: ROUNDS, guilds: GUILDS, pings: PINGS, idleMs: IDLE_MS, encore: "dist/index.js (npm run build)" },
    baseline: b,
    encore: e,
    ratios: {
      readyTime: ratio(e.readyMs, b.readyMs),
      idleRss: ratio(e.idleRssMb, b.idleRssMb),
      rssWithAllGuildsPlaying: ratio(e.loadedRssMb, b.idleRssMb),
      pingP50: ratio(e.pingP50Ms, b.pingP50Ms),
      pingP95: ratio(e.pingP95Ms, b.pingP95Ms),
    },
    rounds: { encore, baseline },
  };
  const out = JSON.stringify(result, null, 2);
  mkdirSync(join(root, "bench/results"), { recursive: true });
  writeFileSync(join(root, "bench/results/latest.json"), `${out}\n`);
  process.stdout.write(`${out}\n`);
}

await main();
