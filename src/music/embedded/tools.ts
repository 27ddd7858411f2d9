import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";

export interface AudioTools {
  /** The ffmpeg binary, or null when none was found (the embedded engine is then off). */
  readonly ffmpeg: string | null;
  /** Where ffmpeg came from, for logs and /ping. */
  readonly ffmpegFrom: "FFMPEG_PATH" | "bundled" | "PATH" | null;
  /** yt-dlp, when found at start-up (YouTube/SoundCloud links and searches without Lavalink). */
  readonly ytDlp: string | null;
}

const run = (file: string, args: string[]) =>
  new Promise<boolean>((resolve) => {
    execFile(file, args, { timeout: 10_000 }, (err) => resolve(!err));
  });

function bundledFfmpeg(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve("@ffmpeg-installer/linux-x64/package.json");
    const bin = pkg.replace(/package\.json$/, "ffmpeg");
    accessSync(bin, constants.X_OK);
    return bin;
  } catch {
    return null;
  }
}

/**
 * Finds ffmpeg and yt-dlp once at start-up: `FFMPEG_PATH` first, else the ffmpeg that ships as an optional npm
 * dependency, else `ffmpeg` on PATH; yt-dlp from `YT_DLP_PATH` or PATH. A tool that does not run is treated as absent.
 */
export async function findAudioTools(opts: { ffmpegPath?: string; ytDlpPath?: string }): Promise<AudioTools> {
  let ffmpeg: string | null = null;
  let ffmpegFrom: AudioTools["ffmpegFrom"] = null;
  if (opts.ffmpegPath) {
    if (await run(opts.ffmpegPath, ["-version"])) [ffmpeg, ffmpegFrom] = [opts.ffmpegPath, "FFMPEG_PATH"];
  } else {
    const bundled = bundledFfmpeg();
    if (bundled && (await run(bundled, ["-version"]))) [ffmpeg, ffmpegFrom] = [bundled, "bundled"];
    else if (await run("ffmpeg", ["-version"])) [ffmpeg, ffmpegFrom] = ["ffmpeg", "PATH"];
  }
  const ytCandidate = opts.ytDlpPath ?? "yt-dlp";
  const ytDlp = (await run(ytCandidate, ["--version"])) ? ytCandidate : null;
  return { ffmpeg, ffmpegFrom, ytDlp };
}
