/**
 * Entry point. Checks the Node.js version before loading anything that needs a newer one (`node:sqlite` arrived in
 * 22.13; on older versions the import fails with an unreadable error), then runs Encore.
 */
import { nodeVersionProblem } from "./node-version.ts";

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`Encore cannot start: ${problem}\n`);
  process.exit(1);
}
await import("./main.ts");
