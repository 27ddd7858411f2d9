import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileCacheSettings, enableCompileCache, readCompileCacheSettings } from "../../src/compile-cache.ts";

const base = { env: {}, envFile: {}, defaults: { databasePath: "./data/encore.db", compileCache: true }, cwd: "/srv" };

describe("compile cache settings", () => {
  it("default: on, in compile-cache/ next to the database", () => {
    expect(compileCacheSettings(base)).toEqual({ enabled: true, directory: "/srv/data/compile-cache" });
    expect(compileCacheSettings({ ...base, env: { DATABASE_PATH: "/data/encore.db" } }).directory).toBe(
      "/data/compile-cache",
    );
  });

  it.each([
    ["the environment", { env: { COMPILE_CACHE_DIR: "/var/cache/encore" } }, "/var/cache/encore"],
    ["the .env file", { envFile: { COMPILE_CACHE_DIR: "cache" } }, "/srv/cache"],
    ["the environment over .env", { env: { COMPILE_CACHE_DIR: "/a" }, envFile: { COMPILE_CACHE_DIR: "/b" } }, "/a"],
    ["the database in .env", { envFile: { DATABASE_PATH: "/db/e.db" } }, "/db/compile-cache"],
    ["an empty value: the default", { env: { COMPILE_CACHE_DIR: " " } }, "/srv/data/compile-cache"],
  ])("the directory from %s", (_name, over, directory) => {
    expect(compileCacheSettings({ ...base, ...over }).directory).toBe(directory);
  });

  it.each([
    ["false", false],
    ["OFF", false],
    ["0", false],
    ["no", false],
    ["true", true],
    ["", true],
  ])("COMPILE_CACHE=%s → enabled %s", (value, enabled) => {
    expect(compileCacheSettings({ ...base, env: { COMPILE_CACHE: value } }).enabled).toBe(enabled);
  });

  it("the defaults file can turn it off", () => {
    expect(compileCacheSettings({ ...base, defaults: { compileCache: false } }).enabled).toBe(false);
  });

  it("reads the defaults file and .env; missing files count as empty", () => {
    const dir = mkdtempSync(join(tmpdir(), "encore-cc-"));
    writeFileSync(join(dir, "default.json"), JSON.stringify({ databasePath: "/srv/db/encore.db", compileCache: true }));
    writeFileSync(join(dir, ".env"), "# a comment\nCOMPILE_CACHE=off\n");
    expect(readCompileCacheSettings(join(dir, "default.json"), join(dir, ".env"), {})).toEqual({
      enabled: false,
      directory: "/srv/db/compile-cache",
    });
    expect(readCompileCacheSettings(join(dir, "none.json"), join(dir, "none.env"), {}).enabled).toBe(true);
  });

  it("turned off, nothing is enabled", () => {
    expect(enableCompileCache({ enabled: false, directory: "/nowhere" })).toEqual({ state: "off" });
  });
});
