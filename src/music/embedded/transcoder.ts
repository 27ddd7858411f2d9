import { type ChildProcess, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { Logger } from "../../core/logger.ts";
import { userError } from "../../i18n/translate.ts";
import type { HostResolver } from "../url-guard.ts";
import { transcodeArgs } from "./ffmpeg-args.ts";
import { openHttpSource } from "./http-source.ts";
import type { EmbeddedSources } from "./sources.ts";
import type { AudioTools } from "./tools.ts";
import type { EmbeddedTrack } from "./track.ts";

/** One running ffmpeg (and yt-dlp feeding it, for those links): Ogg Opus on `stdout`. */
export interface Transcode {
  readonly stdout: Readable;
  readonly pid: number | undefined;
  /** Kills the processes and closes the source; safe to call twice. */
  kill(): void;
  /** Settles when ffmpeg has exited: `failed` with ffmpeg's last error line when it did not end cleanly. */
  readonly exited: Promise<{ failed: boolean; reason: string }>;
}

export interface TranscoderOptions {
  /** Found at start-up; read on every call. */
  readonly tools: Pick<AudioTools, "ffmpeg" | "ytDlp">;
  readonly allowPrivateUrls: boolean;
  readonly urlAllowHosts: readonly string[];
  readonly resolveHost: HostResolver;
  readonly timeoutMs: number;
}

/** Starts ffmpeg for tracks and keeps the set of live processes, so none outlives its player or Encore. */
export class Transcoder {
  private readonly opts: TranscoderOptions;
  private readonly sources: EmbeddedSources;
  private readonly logger: Logger;
  private readonly live = new Set<ChildProcess>();

  constructor(opts: TranscoderOptions, deps: { sources: EmbeddedSources; logger: Logger }) {
    this.opts = opts;
    this.sources = deps.sources;
    this.logger = deps.logger;
  }

  /** Process ids of the running ffmpeg and yt-dlp children. */
  pids(): number[] {
    return [...this.live].map((c) => c.pid).filter((p): p is number => p !== undefined);
  }

  async start(track: EmbeddedTrack, positionMs: number, filterChain: string): Promise<Transcode> {
    const ffmpeg = this.opts.tools.ffmpeg;
    if (!ffmpeg) throw userError("ENGINE_UNAVAILABLE", "music.noFfmpeg");
    let input = "pipe:0";
    let feed: Readable | null = null;
    let feeder: ChildProcess | null = null;
    if (track.source === "local") {
      input = await this.sources.confined(track.locator);
    } else if (track.source === "http") {
      feed = (
        await openHttpSource(track.locator, {
          allowPrivate: this.opts.allowPrivateUrls,
          allowHosts: this.opts.urlAllowHosts,
          resolve: this.opts.resolveHost,
          timeoutMs: this.opts.timeoutMs,
        })
      ).body;
    } else {
      const yt = spawn(
        this.opts.tools.ytDlp ?? "yt-dlp",
        ["-q", "--no-playlist", "-f", "bestaudio/best", "-o", "-", track.locator],
        {
          stdio: ["ignore", "pipe", "ignore"],
        },
      );
      this.track(yt);
      feeder = yt;
      feed = yt.stdout;
    }
    const ff = spawn(ffmpeg, transcodeArgs(input, track.isStream ? 0 : positionMs, filterChain), {
      stdio: [feed ? "pipe" : "ignore", "pipe", "pipe"],
    });
    this.track(ff);
    let lastError = "";
    ff.stderr?.setEncoding("utf8");
    ff.stderr?.on("data", (chunk: string) => {
      const line = chunk.trim().split("\n").pop();
      if (line) lastError = line.slice(0, 300);
    });
    if (feed && ff.stdin) {
      ff.stdin.on("error", () => {});
      feed.on("error", () => ff.stdin?.destroy());
      feed.pipe(ff.stdin);
    }
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      feed?.destroy();
      feeder?.kill("SIGKILL");
      ff.kill("SIGKILL");
    };
    const exited = new Promise<{ failed: boolean; reason: string }>((resolve) => {
      ff.once("error", (err) => resolve({ failed: true, reason: err.message }));
      ff.once("close", (code) => {
        feed?.destroy();
        feeder?.kill("SIGKILL");
        resolve({ failed: !killed && code !== 0, reason: lastError || `ffmpeg exited with code ${code}` });
      });
    });
    return { stdout: ff.stdout as Readable, pid: ff.pid, kill, exited };
  }

  /** Kills every child (shutdown). */
  killAll(): void {
    for (const child of this.live) child.kill("SIGKILL");
  }

  private track(child: ChildProcess): void {
    this.live.add(child);
    child.once("close", () => this.live.delete(child));
    child.once("error", (err) => {
      this.live.delete(child);
      this.logger.warn({ err }, "audio process failed to start");
    });
  }
}
