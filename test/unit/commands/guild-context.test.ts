import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { commandManifest } from "../../../src/commands/manifest.ts";

const handlersDir = new URL("../../../src/commands/handlers/", import.meta.url);

/** The handler module a definition loads, from its `load: () => import("../handlers/x.ts")`. */
function handlerSource(load: () => unknown): string {
  const file = String(load).match(/handlers\/([\w-]+\.ts)/)?.[1];
  if (!file) throw new Error(`cannot see the handler module of ${String(load)}`);
  return readFileSync(fileURLToPath(new URL(file, handlersDir)), "utf8");
}

describe("guild-narrowed context", () => {
  it("a handler that takes a GuildContext belongs to a command whose preconditions make sure of the guild", () => {
    const narrowed = commandManifest().filter((def) => /\bGuildContext\b/.test(handlerSource(def.load)));
    expect(narrowed.length).toBeGreaterThan(20);
    for (const def of narrowed) {
      // Every precondition implies guildOnly (see checkPreconditions), so any declared rule is enough.
      expect(def.preconditions.length, `${def.name} takes a GuildContext but declares no precondition`).toBeGreaterThan(
        0,
      );
    }
  });
});

describe("typed handler args", () => {
  it("every handler types its args from its command's declarations and reads the guild without a fallback", () => {
    for (const def of commandManifest()) {
      const source = handlerSource(def.load);
      // `Args` is the untyped record the pipeline passes; handlers take `ArgsOf<…>` / `SubcommandArgsOf<…>`.
      expect(source, `${def.name} takes untyped Args`).not.toMatch(/\bargs\??: Args\b/);
      expect(source, `${def.name} reads an option through Number()/String()`).not.toMatch(/(Number|String)\(args\./);
      expect(source, `${def.name} casts an option`).not.toMatch(/args\.\w+ as /);
      expect(source, `${def.name} falls back for a guild it has`).not.toMatch(/guildId \?\? ""/);
    }
  });
});

describe("handler unit tests", () => {
  it("every command's handler is run by a unit test in this folder", () => {
    const testsDir = new URL("./", import.meta.url);
    const tests = readdirSync(fileURLToPath(testsDir))
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => readFileSync(fileURLToPath(new URL(f, testsDir)), "utf8"))
      .join("\n");
    for (const def of commandManifest()) {
      const file = String(def.load).match(/handlers\/([\w-]+)\.ts/)?.[1] ?? def.name;
      // Imported directly, or loaded by name through a `handler("name")` / `run("name", …)` table.
      const used = new RegExp(`handlers/${file}\\.ts|["'\`]${file}["'\`]`).test(tests);
      expect(used, `no unit test runs the ${def.name} handler (handlers/${file}.ts)`).toBe(true);
    }
  });
});
