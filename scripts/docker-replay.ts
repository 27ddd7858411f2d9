/**
 * Proves the Dockerfile builds and starts without a Docker daemon: replays its stages in a fresh directory (whose
 * name has a space in it), with the build context filtered by .dockerignore, then starts the final stage's command
 * without a token and expects Encore's configuration error.
 *
 * Replayed: FROM (one root folder per stage), WORKDIR, ENV, COPY (from the context or `--from` a stage), RUN in every
 * stage that a later stage copies from. Not replayed: RUN in the final stage (system packages through apt-get, which
 * need the base image), USER, ENTRYPOINT (the init). Checks: the final stage holds no development-only package from
 * the lockfile, and its command prints the configuration error, not a stack trace or a missing file.
 *
 * Usage: npm run check:docker [-- --keep]
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const keep = process.argv.includes("--keep");

interface Instruction {
  readonly op: string;
  readonly args: string;
  readonly line: number;
}

interface Stage {
  readonly name: string;
  readonly root: string;
  workdir: string;
  readonly env: Record<string, string>;
  readonly instructions: Instruction[];
  cmd: string[] | null;
}

function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i] ?? "";
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      i++;
      const next = lines[i] ?? "";
      if (/^\s*#/.test(next)) continue;
      line = `${line.replace(/\\\s*$/, "")}${next}`;
    }
    const m = /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(line);
    if (!m?.[1] || m[2] === undefined) throw new Error(`Dockerfile line ${start}: cannot parse`);
    out.push({ op: m[1].toUpperCase(), args: m[2].trim(), line: start });
  }
  return out;
}

/** .dockerignore as simple patterns: a name or path (optionally with a leading `*`) excludes it and everything under it. */
function dockerIgnore(): (path: string) => boolean {
  const file = join(repo, ".dockerignore");
  const patterns = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#"))
    : [];
  const regexes = patterns.map((p) => {
    const escaped = p
      .replace(/^\/+|\/+$/g, "")
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*");
    return new RegExp(`^${escaped}(/|$)`);
  });
  return (path) => regexes.some((r) => r.test(path));
}

const ignored = dockerIgnore();

function words(args: string): string[] {
  return args.split(/\s+/).filter(Boolean);
}

function exec(form: string): string[] {
  if (!form.startsWith("[")) return ["sh", "-c", form];
  return JSON.parse(form) as string[];
}

function mapPath(stage: Stage, path: string): string {
  return path.startsWith("/") ? join(stage.root, path) : join(stage.root, stage.workdir, path);
}

function copy(stage: Stage, stages: Map<string, Stage>, args: string): void {
  const parts = words(args);
  const from = parts.find((p) => p.startsWith("--from="))?.slice("--from=".length);
  const paths = parts.filter((p) => !p.startsWith("--"));
  const dest = paths.pop();
  if (!dest || paths.length === 0) throw new Error(`COPY ${args}: needs a source and a destination`);
  const source = from ? stages.get(from) : undefined;
  if (from && !source) throw new Error(`COPY --from=${from}: no such stage`);
  for (const src of paths) {
    if (/[*?[]/.test(src)) throw new Error(`COPY ${src}: wildcards are not replayed; list the files`);
    const origin = source ? mapPath(source, src) : join(repo, src);
    if (!source && ignored(relative(repo, origin))) throw new Error(`COPY ${src}: excluded by .dockerignore`);
    if (!existsSync(origin))
      throw new Error(`COPY ${src}: not found${source ? ` in stage ${from}` : " in the context"}`);
    const intoDir = dest.endsWith("/") || paths.length > 1 || statSync(origin).isDirectory();
    const target =
      intoDir && !statSync(origin).isDirectory() ? join(mapPath(stage, dest), basename(src)) : mapPath(stage, dest);
    mkdirSync(statSync(origin).isDirectory() ? target : dirname(target), { recursive: true });
    cpSync(origin, target, {
      recursive: true,
      // The context is filtered by .dockerignore, exactly as `docker build` sends it.
      filter: (p) => source !== undefined || !ignored(relative(repo, p)),
    });
  }
}

function parseEnv(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const [, key, raw = ""] = m;
    if (key) out[key] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  }
  return out;
}

/** On a machine whose system Node is too old (CI's is 20), the built entry must say so in one line. */
function checkOldNode(appDir: string, args: string[]): void {
  const which = spawnSync("sh", ["-c", "which -a node | grep -v node_modules | head -n 1"], { encoding: "utf8" });
  const systemNode = which.stdout.trim();
  if (!systemNode) return;
  const version = spawnSync(systemNode, ["--version"], { encoding: "utf8" }).stdout.trim().replace(/^v/, "");
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 13)) return;
  const run = spawnSync(systemNode, args, { cwd: appDir, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 1 || !output.includes("needs Node.js 22.13 or newer") || /\n\s+at /.test(output)) {
    fail(
      `on Node ${version} the image's entry should explain the Node version in one line; got ${run.status}:\n${output}`,
    );
  }
  process.stdout.write(`docker replay: on the system Node ${version}: ${output.trim()}\n`);
}

function fail(message: string): never {
  process.stderr.write(`docker replay: FAILED: ${message}\n`);
  process.exit(1);
}

function main(): void {
  const started = Date.now();
  const instructions = parseDockerfile(readFileSync(join(repo, "Dockerfile"), "utf8"));
  const work = mkdtempSync(join(tmpdir(), "encore docker replay-"));
  const stages = new Map<string, Stage>();
  const order: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === "FROM") {
      const [, , name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(ins.args) ?? [];
      const stage: Stage = {
        name: name ?? `stage${order.length}`,
        root: join(work, name ?? `stage${order.length}`),
        workdir: "/",
        env: {},
        instructions: [],
        cmd: null,
      };
      mkdirSync(stage.root, { recursive: true });
      stages.set(stage.name, stage);
      order.push(stage);
    } else {
      const stage = order.at(-1);
      if (!stage) fail(`line ${ins.line}: ${ins.op} before FROM`);
      stage.instructions.push(ins);
    }
  }
  const final = order.at(-1);
  if (!final) fail("no FROM");
  const copiedFrom = new Set(
    instructions.flatMap((i) => (/--from=(\S+)/.exec(i.args)?.[1] ? [/--from=(\S+)/.exec(i.args)?.[1] as string] : [])),
  );

  for (const stage of order) {
    const replayRun = copiedFrom.has(stage.name);
    for (const ins of stage.instructions) {
      switch (ins.op) {
        case "WORKDIR":
          stage.workdir = ins.args.startsWith("/") ? ins.args : join(stage.workdir, ins.args);
          mkdirSync(mapPath(stage, "."), { recursive: true });
          break;
        case "ENV":
          Object.assign(stage.env, parseEnv(ins.args));
          break;
        case "COPY":
          try {
            copy(stage, stages, ins.args);
          } catch (err) {
            fail(`line ${ins.line}: ${(err as Error).message}`);
          }
          break;
        case "RUN": {
          if (!replayRun) {
            process.stdout.write(
              `docker replay: [${stage.name}] skipped (system step): ${ins.args.replace(/\s+/g, " ")}\n`,
            );
            break;
          }
          process.stdout.write(`docker replay: [${stage.name}] RUN ${ins.args.replace(/\s+/g, " ")}\n`);
          const t = Date.now();
          const result = spawnSync("sh", ["-c", ins.args], {
            cwd: mapPath(stage, "."),
            // npm's cache makes the install fast; the lockfile still decides what is installed.
            env: {
              ...process.env,
              ...stage.env,
              npm_config_prefer_offline: "true",
              npm_config_update_notifier: "false",
            },
            stdio: ["ignore", "inherit", "inherit"],
          });
          if (result.status !== 0) fail(`line ${ins.line}: RUN exited with ${result.status}`);
          process.stdout.write(`docker replay: [${stage.name}]   done in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
          break;
        }
        case "CMD":
          stage.cmd = exec(ins.args);
          break;
        default:
          break;
      }
    }
  }

  // Production dependencies only: nothing the lockfile marks as development-only may reach the final stage.
  const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const appDir = mapPath(final, ".");
  const devOnly = Object.entries(lock.packages)
    .filter(([path, p]) => path.startsWith("node_modules/") && (p.dev || p.devOptional))
    .map(([path]) => path)
    .filter((path) => existsSync(join(appDir, path)));
  if (devOnly.length > 0) fail(`development packages in the final stage: ${devOnly.slice(0, 5).join(", ")}`);
  if (existsSync(join(appDir, "node_modules/.bin/node")))
    fail("a node binary inside node_modules would shadow the image's Node");

  const cmd = final.cmd;
  if (cmd?.[0] !== "node") fail("the final stage's CMD must start with node");
  const { DISCORD_TOKEN: _t, DISCORD_TOKEN_FILE: _f, ...hostEnv } = process.env;
  const run = spawnSync(process.execPath, cmd.slice(1), {
    cwd: appDir,
    env: { PATH: hostEnv.PATH ?? "", HOME: work, ...final.env, DATABASE_PATH: join(work, "data/encore.db") },
    encoding: "utf8",
    timeout: 30_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 2 || !output.includes("DISCORD_TOKEN is required")) {
    fail(
      `\`${cmd.join(" ")}\` without a token should print the configuration error and exit 2; got ${run.status}:\n${output}`,
    );
  }
  if (/\n\s+at |ENOENT|MODULE_NOT_FOUND/.test(output))
    fail(`start-up printed a stack trace or a missing file:\n${output}`);
  process.stdout.write(
    `docker replay: [${final.name}] \`${cmd.join(" ")}\` without a token: ${output.split("\n").slice(0, 3).join(" / ")}\n`,
  );

  checkOldNode(appDir, cmd.slice(1));

  if (!keep) rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`docker replay: kept ${work}\n`);
  process.stdout.write(`docker replay: OK in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main();
