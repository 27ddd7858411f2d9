import { spawn } from "node:child_process";
import type { Readable } from "node:stream";

export interface ProbedMedia {
  readonly title: string | null;
  readonly artist: string | null;
  /** 0 when unknown. */
  readonly durationMs: number;
  /** The container/stream bitrate in kbit/s, when ffmpeg reported one. */
  readonly bitrateKbps: number | null;
  /** ffmpeg found an audio stream. */
  readonly hasAudio: boolean;
}

/** Reads what ffmpeg prints about an input (`ffmpeg -i <input>` with no output): tags, duration, bitrate. */
export function parseProbe(stderr: string): ProbedMedia {
  const input = stderr.slice(Math.max(0, stderr.indexOf("Input #0")));
  const tag = (name: string) => input.match(new RegExp(`^\\s+${name}\\s*:\\s*(.+)$`, "im"))?.[1]?.trim() || null;
  const d = input.match(/Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)/);
  const durationMs = d ? Math.round(((Number(d[1]) * 60 + Number(d[2])) * 60 + Number(d[3])) * 1000) : 0;
  const b = input.match(/bitrate:\s*(\d+)\s*kb\/s/);
  return {
    title: tag("title"),
    artist: tag("artist") ?? tag("album_artist"),
    durationMs,
    bitrateKbps: b ? Number(b[1]) : null,
    hasAudio: /Stream #\d+:\d+.*: Audio:/.test(input),
  };
}

/**
 * Asks ffmpeg about a file or a stream (fed through stdin). Gives up after `timeoutMs`; never throws — an input
 * ffmpeg cannot read comes back with `hasAudio: false`.
 */
export function probeMedia(
  ffmpeg: string,
  input: { file: string } | { stream: Readable },
  timeoutMs: number,
): Promise<ProbedMedia> {
  return new Promise((resolve) => {
    const child = spawn(ffmpeg, ["-hide_banner", "-nostats", "-i", "file" in input ? input.file : "pipe:0"], {
      stdio: ["file" in input ? "ignore" : "pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      if (stderr.length < 64_000) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    if ("stream" in input && child.stdin) {
      child.stdin.on("error", () => {});
      input.stream.on("error", () => child.stdin?.destroy());
      input.stream.pipe(child.stdin);
    }
    const done = () => {
      clearTimeout(timer);
      if ("stream" in input) {
        input.stream.unpipe();
        input.stream.destroy();
      }
      resolve(parseProbe(stderr));
    };
    child.on("error", done);
    child.on("close", done);
  });
}
