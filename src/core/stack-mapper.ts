import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Rewrites a stack trace's frames in Encore's compiled code to the TypeScript source they came from. */
export type StackMapper = (stack: string) => string;

/** `file:///…/x.js:12:5` or `/…/x.js:12:5` inside a stack frame. */
const FRAME = /(file:\/\/\/[^\s()]+?|\/[^\s()]+?)\.js:(\d+):(\d+)/g;

/**
 * Maps frames of files under `distDir` through their `.js.map`, read the first time a logged error passes through
 * one (Node's own `--enable-source-maps` / `setSourceMapsSupport` parse every map while the modules load: a few MB
 * kept for the process's life, and start-up time, for the rare stack trace). At most one parsed map per compiled
 * file of Encore, so the cache is bounded by the code base. Frames elsewhere (libraries, Node) stay as they are;
 * without a map (running the TypeScript sources directly) nothing changes.
 */
export function createStackMapper(distDir: string): StackMapper {
  const root = distDir.endsWith(sep) ? distDir : distDir + sep;
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (file: string): SourceMap | null => {
    let map = maps.get(file);
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
      } catch {
        map = null;
      }
      maps.set(file, map);
    }
    return map;
  };
  return (stack) =>
    stack.replace(FRAME, (frame: string, path: string, line: string, column: string) => {
      const file = `${path.startsWith("file://") ? fileURLToPath(path) : path}.js`;
      if (!file.startsWith(root)) return frame;
      const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
      if (!entry || !("originalSource" in entry) || !entry.originalSource) return frame;
      const source = entry.originalSource.startsWith("file://")
        ? fileURLToPath(entry.originalSource)
        : resolve(dirname(file), entry.originalSource);
      return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    });
}
