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
    expect(dockerfile).toContain('CMD ["node", "dist/index.js"]');
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

  it("runs every npm script on the pinned Node 24", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(24);
  });
});
