import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MIN_NODE, nodeVersionProblem } from "../../src/node-version.ts";

describe("start-up checks", () => {
  it("names the Node.js version needed and what to do, for versions below 22.13 only", () => {
    expect(nodeVersionProblem("20.20.2")).toBe(
      "it needs Node.js 22.13 or newer and this is 20.20.2. Install Node.js 24 LTS (https://nodejs.org), or run the Docker image.",
    );
    expect(nodeVersionProblem("22.12.0")).toContain("22.13 or newer");
    for (const ok of ["22.13.0", "22.20.1", "23.0.0", "24.21.0", "30.1.0"]) expect(nodeVersionProblem(ok)).toBeNull();
  });

  it("keeps package.json engines in step with the start-up check", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(`>=${MIN_NODE.join(".")}`);
  });

  it("`npm start` without a build says to build first, in one line", () => {
    const script = fileURLToPath(new URL("../../scripts/check-build.js", import.meta.url));
    const run = spawnSync(process.execPath, [script], {
      cwd: mkdtempSync(join(tmpdir(), "encore no build-")),
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "Encore is not built yet: run `npm run build` first, then `npm start` (or `npm run dev` to run from source).\n",
    );
  });
});
