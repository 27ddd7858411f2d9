import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createLogger, type Logger } from "../../../src/core/logger.ts";
import type { StoredTrack } from "../../../src/store/types.ts";

/** A fresh temporary directory per call; `cleanup` removes all of them. */
export function tempDirs(): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "encore-store-"));
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A logger that keeps its JSON lines for assertions. */
export function recordingLogger(level = "debug"): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level,
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

export function silentLogger(): Logger {
  return createLogger({ level: "silent" });
}

export function track(n: number, extra: Partial<StoredTrack> = {}): StoredTrack {
  return {
    encoded: `QAAA${n.toString(36).padStart(4, "0")}`,
    title: `Track ${n}`,
    author: `Artist ${n % 7}`,
    uri: `https://example.com/watch?v=${n}`,
    durationMs: 180_000 + n,
    sourceName: "youtube",
    isStream: false,
    ...extra,
  };
}

export function tracks(count: number, start = 1): StoredTrack[] {
  return Array.from({ length: count }, (_, i) => track(start + i));
}

/** Names of files next to `file` that SQLite would create for it. */
export function sidecars(file: string): string[] {
  return ["-wal", "-shm", "-journal"].map((s) => `${file}${s}`).filter((f) => fs.existsSync(f));
}
