import { execFile } from "node:child_process";
import { createReadStream, mkdtempSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findAudioTools } from "../../src/music/embedded/tools.ts";

/** The ffmpeg the app itself would use (FFMPEG_PATH, else the bundled one), for making test audio. */
export async function testFfmpeg(): Promise<string> {
  const tools = await findAudioTools({ ffmpegPath: process.env.FFMPEG_PATH });
  if (!tools.ffmpeg) throw new Error("no ffmpeg: npm ci installs @ffmpeg-installer/linux-x64, or set FFMPEG_PATH");
  return tools.ffmpeg;
}

/** Writes a sine-wave MP3 with title/artist tags into `dir`. */
export async function makeTone(
  dir: string,
  name: string,
  opts: { seconds: number; title?: string; artist?: string; hz?: number },
): Promise<string> {
  const ffmpeg = await testFfmpeg();
  const file = join(dir, name);
  const args = ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i"];
  args.push(`sine=frequency=${opts.hz ?? 440}:duration=${opts.seconds}`);
  if (opts.title) args.push("-metadata", `title=${opts.title}`);
  if (opts.artist) args.push("-metadata", `artist=${opts.artist}`);
  args.push("-c:a", "libmp3lame", "-b:a", "64k", file);
  await new Promise<void>((resolve, reject) => execFile(ffmpeg, args, (err) => (err ? reject(err) : resolve())));
  return file;
}

export const audioDir = (): string => mkdtempSync(join(tmpdir(), "encore-audio-"));

/**
 * Serves files from a folder on 127.0.0.1 (with Content-Length, like a web server), `/radio/<file>` as an endless
 * live stream (the file over and over, no length, an `icy-name` header) and `/page` as an HTML page.
 */
export class AudioServer {
  readonly requests: string[] = [];
  private readonly server: Server;
  private readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
    this.server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      this.requests.push(path);
      if (path === "/page") {
        res.writeHead(200, { "content-type": "text/html" }).end("<html><body>not audio</body></html>");
        return;
      }
      const radio = path.startsWith("/radio/");
      const file = join(this.dir, path.replace(/^\/(radio\/)?/, ""));
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        res.writeHead(404).end();
        return;
      }
      if (!radio) {
        res.writeHead(200, { "content-type": "audio/mpeg", "content-length": size });
        createReadStream(file).pipe(res);
        return;
      }
      res.writeHead(200, { "content-type": "audio/mpeg", "icy-name": "Encore Test Radio" });
      const loop = () => {
        if (res.destroyed) return;
        const s = createReadStream(file);
        s.on("end", loop);
        s.pipe(res, { end: false });
      };
      loop();
    });
  }

  static async start(dir: string): Promise<AudioServer> {
    const s = new AudioServer(dir);
    await new Promise<void>((resolve) => s.server.listen(0, "127.0.0.1", resolve));
    return s;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
