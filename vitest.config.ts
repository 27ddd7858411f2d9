import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Bounds for a whole test or hook. Tests wait for the events they need (a reply, a frame, a node request), so
    // these only decide how long a broken test hangs; they are not performance limits.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // One process per file: each integration test boots the real app, its SQLite file and the fakes, and some
    // spawn child processes. Files run on availableParallelism() - 1 workers (Vitest's default), so on a 2-core CI
    // machine one file at a time, leaving a core for Vitest itself.
    pool: "forks",
  },
});
