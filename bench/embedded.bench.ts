/**
 * Memory of the embedded engine: Encore (built) idle and with 1, 5 and 25 guilds playing on the embedded engine
 * (Encore plus its ffmpeg children), beside Encore with the same guilds playing through a (fake) Lavalink node and a
 * bare discord.js bot. Proportional set size (PSS, /proc/<pid>/smaps_rollup) so shared pages of the ffmpeg children
 * are counted once. Everything on 127.0.0.1: fake Discord, fake voice server (gateway v8 over WSS + UDP), fake
 * Lavalink, and a loopback HTTP server with generated test audio. Output: JSON on stdout and in
 * bench/results/embedded.json.
 *
 *   npm run bench                       # runs bench/run.ts, then this
 *   BENCH_STREAMS=1,5,25 node bench/embedded.bench.ts
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeDiscord, type FakeGuildSpec } from "../test/fakes/discord/index.ts";
import { FakeLavalink } from "../test/fakes/lavalink/index.ts";
import { FakeVoice, testCertificate } from "../test/fakes/voice/index.ts";
import { AudioServer, audioDir, makeTone } from "../test/helpers/audio.ts";
import { catalog } from "../test/helpers/fixtures.ts";

const STREAMS = (process.env.BENCH_STREAMS ?? "1,5,25").split(",").map(Number);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 4000);
const root = fileURLToPath(new URL("..", import.meta.url));
const progress = (msg: string) => process.stderr.write(`[bench:embedded] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** PSS of a process in MB (0 when it is gone). */
function pssMb(pid: number): number {
  try {
    const kb = Number(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

function guilds(n: number): FakeGuildSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const base = 920_000_000_000_000_000n + BigInt(i) * 1000n;
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

function spawnProcess(args: string[], env: Record<string, string>, marker: string) {
  const cwd = mkdtempSync(join(tmpdir(), "encore-bench-"));
  progress(`logs: ${join(cwd, "stdout.log")}`);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    let buf = "";
    child.stdout?.on("data", (d) => {
      appendFileSync(join(cwd, "stdout.log"), d);
      buf += String(d);
      if (buf.includes(marker)) resolve();
      if (buf.length > 1_000_000) buf = buf.slice(-10_000);
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code} before it was ready`)));
  });
  return { child, ready };
}

interface Setup {
  discord: FakeDiscord;
  voice: FakeVoice;
  node: FakeLavalink;
  specs: FakeGuildSpec[];
}

async function measure(
  kind: "baseline" | "embedded" | "lavalink",
  s: Setup,
  env: Record<string, string>,
  counts: number[],
  play: (spec: FakeGuildSpec) => Promise<void>,
) {
  const args = kind === "baseline" ? [join(root, "bench/baseline-bot.ts")] : [join(root, "dist/index.js")];
  const { child, ready } = spawnProcess(args, env, kind === "baseline" ? "baseline ready" : "Encore is ready");
  const pid = child.pid ?? 0;
  const rows: { streams: number; encoreMb: number; ffmpegMb: number; totalMb: number; ffmpegProcesses: number }[] = [];
  try {
    await ready;
    if (kind === "lavalink") await s.node.waitForConnection(10_000);
    let playing = 0;
    for (const n of [0, ...counts]) {
      while (playing < n) await play(s.specs[playing++] as FakeGuildSpec);
      await sleep(SETTLE_MS);
      const kids = children(pid).filter((c) => readFileSync(`/proc/${c}/cmdline`, "utf8").includes("ffmpeg"));
      const encoreMb = pssMb(pid);
      const ffmpegMb = kids.reduce((sum, c) => sum + pssMb(c), 0);
      const row = { streams: n, encoreMb, ffmpegMb, totalMb: encoreMb + ffmpegMb, ffmpegProcesses: kids.length };
      progress(
        `${kind}: ${n} playing → Encore ${encoreMb.toFixed(1)} MB + ffmpeg ${ffmpegMb.toFixed(1)} MB (${kids.length})`,
      );
      rows.push(row);
      if (kind === "baseline") break;
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
  return rows;
}

async function main() {
  const maxStreams = Math.max(...STREAMS);
  const dir = audioDir();
  await makeTone(dir, "bench.mp3", { seconds: 600, title: "Bench Tone" });
  const audio = await AudioServer.start(dir);
  const certificate = await testCertificate();
  const url = audio.url("bench.mp3");
  const specs = guilds(maxStreams);
  const fresh = async (): Promise<Setup> => {
    const voice = await FakeVoice.start({ certificate });
    const discord = await FakeDiscord.start({ guilds: specs, voiceEndpoint: voice.endpoint });
    const node = await FakeLavalink.start({ catalog, playerUpdateIntervalMs: 5000 });
    return { discord, voice, node, specs };
  };
  const close = async (s: Setup) => {
    await s.discord.stop();
    await s.node.stop();
    await s.voice.stop();
  };
  const baseEnv = (s: Setup): Record<string, string> => ({
    DISCORD_TOKEN: s.discord.token,
    DISCORD_API_BASE: s.discord.apiBase,
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    LOG_LEVEL: "info",
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "encore-bench-db-")), "encore.db"),
    NODE_EXTRA_CA_CERTS: certificate.certFile,
    // The bench audio is served from 127.0.0.1.
    ALLOW_PRIVATE_URLS: "true",
  });
  const playIn =
    (s: Setup, query: string, check: (spec: FakeGuildSpec) => Promise<void>) => async (spec: FakeGuildSpec) => {
      const r = await s.discord
        .sendSlash({
          guildId: spec.id,
          channelId: spec.channels[0]?.id ?? "",
          userId: spec.members[0]?.user.id ?? "",
          name: "play",
          options: [{ name: "query", type: 3, value: query }] as never,
        })
        .waitForResponse(20_000);
      if (!/Now playing|Queued/.test(r.content)) throw new Error(`play failed: ${r.content}`);
      await check(spec);
    };

  let s = await fresh();
  const baseline = await measure("baseline", s, baseEnv(s), [], async () => {});
  await close(s);
  s = await fresh();
  const embeddedSetup = s;
  const embedded = await measure(
    "embedded",
    s,
    { ...baseEnv(s), EMBEDDED_MAX_STREAMS: String(maxStreams) },
    STREAMS,
    playIn(s, url, (spec) => embeddedSetup.voice.waitForAudio(spec.id, 25, 20_000)),
  );
  await close(s);
  s = await fresh();
  const lavalink = await measure(
    "lavalink",
    s,
    { ...baseEnv(s), LAVALINK_NODES: s.node.nodeUrl("main") },
    STREAMS,
    playIn(s, "despacito", async () => {}),
  );
  await close(s);
  await audio.stop();

  const base = baseline[0]?.totalMb ?? 0;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const table = (rows: typeof embedded) =>
    rows.map((r) => ({
      streams: r.streams,
      encoreMb: round1(r.encoreMb),
      ffmpegMb: round1(r.ffmpegMb),
      totalMb: round1(r.totalMb),
      ffmpegProcesses: r.ffmpegProcesses,
      ratioToBareDiscordJs: base > 0 ? Math.round((r.totalMb / base) * 100) / 100 : null,
    }));
  const result = {
    when: new Date().toISOString(),
    node: process.version,
    measure: "PSS from /proc/<pid>/smaps_rollup; Encore process plus its ffmpeg children",
    setup: { streams: STREAMS, settleMs: SETTLE_MS, ffmpeg: "FFMPEG_PATH or the bundled @ffmpeg-installer build" },
    bareDiscordJsMb: round1(base),
    embedded: table(embedded),
    lavalinkPath: table(lavalink),
    lavalinkNote:
      "Encore's side only: the Lavalink JVM itself is a separate process (512–768 MB configured in compose)",
  };
  const out = JSON.stringify(result, null, 2);
  mkdirSync(join(root, "bench/results"), { recursive: true });
  writeFileSync(join(root, "bench/results/embedded.json"), `${out}\n`);
  process.stdout.write(`${out}\n`);
}

// Part of `npm run bench` unless BENCH_PARTS names other parts only.
const parts = process.env.BENCH_PARTS?.split(",");
if (!parts || parts.includes("embedded")) await main();
