import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/core/logger.ts";
import { createStackMapper } from "../../../src/core/stack-mapper.ts";

/** A compiled file whose second and third lines come from lines 3 and 4 of ../src/a.ts, as tsc writes it. */
function compiled() {
  const root = mkdtempSync(join(tmpdir(), "encore-maps-"));
  const dist = join(root, "dist");
  mkdirSync(dist);
  writeFileSync(join(dist, "a.js"), "x\ny\nz\n");
  // Line 1 → source line 1, line 2 → source line 3 (+2), line 3 column 4 → source line 4 column 2.
  const map = {
    version: 3,
    file: "a.js",
    sourceRoot: "",
    sources: ["../src/a.ts"],
    names: [],
    mappings: "AAAA;AAEA;IACE",
  };
  writeFileSync(join(dist, "a.js.map"), JSON.stringify(map));
  return { root, dist, file: join(dist, "a.js") };
}

describe("stack mapper", () => {
  it("maps frames of the compiled code to the TypeScript source, as a path or a file URL", () => {
    const { root, dist, file } = compiled();
    const map = createStackMapper(dist);
    const stack = `Error: boom\n    at run (${pathToFileURL(file).href}:2:1)\n    at ${file}:3:5`;
    expect(map(stack)).toBe(
      `Error: boom\n    at run (${join(root, "src/a.ts")}:3:1)\n    at ${join(root, "src/a.ts")}:4:3`,
    );
  });

  it("leaves frames outside the compiled code, and files without a map, as they are", () => {
    const { dist } = compiled();
    const map = createStackMapper(dist);
    const stack = [
      "Error: boom",
      "    at x (node:internal/process/task_queues:105:5)",
      "    at y (/srv/node_modules/discord.js/src/index.js:10:2)",
      `    at z (${join(dist, "missing.js")}:1:1)`,
    ].join("\n");
    expect(map(stack)).toBe(stack);
  });

  it("the logger writes logged errors' stacks mapped", () => {
    const { root, file } = compiled();
    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      mapStack: createStackMapper(join(root, "dist")),
      destination: { write: (line: string) => lines.push(line) },
    });
    const err = new Error("boom");
    err.stack = `Error: boom\n    at run (${file}:2:1)`;
    logger.error({ err }, "failed");
    const logged = JSON.parse(lines[0] ?? "{}") as { err: { stack: string; message: string } };
    expect(logged.err.message).toBe("boom");
    expect(logged.err.stack).toContain(`${join(root, "src/a.ts")}:3:1`);
  });
});
