import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../../src");

/** Every `src/` file with the top-level folders it imports (type-only imports included). */
function importGraph(): { file: string; folder: string; imports: { folder: string; typeOnly: boolean }[] }[] {
  const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
  return files.map((file) => {
    const text = readFileSync(join(SRC, file), "utf8");
    const imports = [...text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+"(\.[^"]+)"/gms)].map((m) => {
      const target = relative(SRC, resolve(SRC, dirname(file), m[3] ?? ""));
      return { folder: target.includes("/") ? (target.split("/")[0] ?? "") : ".", typeOnly: Boolean(m[2]) };
    });
    return { file, folder: file.includes("/") ? (file.split("/")[0] ?? "") : ".", imports };
  });
}

/** Folders each folder must never import (the root files, app.ts and the entry points, may import anything). */
const FORBIDDEN: Record<string, readonly string[]> = {
  core: ["commands", "discord", "render", "music", "store", "http", "ops", "config", "i18n"],
  i18n: ["commands", "discord", "render", "music", "store", "http", "ops", "config"],
  config: ["commands", "discord", "render", "music", "store", "http", "ops"],
  store: ["commands", "discord", "render", "music", "http", "ops"],
  music: ["commands", "discord", "render", "http"],
  commands: ["discord", "http"],
  render: ["discord", "http"],
};

describe("the rules between folders", () => {
  const graph = importGraph();

  it("finds the source files and their imports", () => {
    expect(graph.length).toBeGreaterThan(100);
    expect(graph.some((f) => f.folder === "commands" && f.imports.some((i) => i.folder === "render"))).toBe(true);
  });

  it.each(Object.entries(FORBIDDEN))("%s imports none of its forbidden folders", (folder, forbidden) => {
    const breaks = graph
      .filter((f) => f.folder === folder)
      .flatMap((f) => f.imports.filter((i) => forbidden.includes(i.folder)).map((i) => `${f.file} → ${i.folder}/`));
    expect(breaks).toEqual([]);
  });

  it("render reads the command contract's types only, never command logic", () => {
    const breaks = graph
      .filter((f) => f.folder === "render")
      .flatMap((f) => f.imports.filter((i) => i.folder === "commands" && !i.typeOnly).map(() => f.file));
    expect(breaks).toEqual([]);
  });
});
