import { execFile } from "node:child_process";
import { readdir, realpath, stat } from "node:fs/promises";
import { basename, extname, join, relative, resolve, sep } from "node:path";
import { userError } from "../../i18n/translate.ts";
import { type HostResolver, looksLikeUrl } from "../url-guard.ts";
import { openHttpSource } from "./http-source.ts";
import { probeMedia } from "./probe.ts";
import type { AudioTools } from "./tools.ts";
import type { EmbeddedTrack } from "./track.ts";
import { needsYtDlp } from "./track.ts";

export interface SourceOptions {
  /** Found at start-up; read on every call. */
  readonly tools: Pick<AudioTools, "ffmpeg" | "ytDlp">;
  /** Local music folder (absolute); null when off. */
  readonly musicFolder: string | null;
  readonly allowPrivateUrls: boolean;
  readonly urlAllowHosts: readonly string[];
  readonly resolveHost: HostResolver;
  readonly timeoutMs: number;
}

export interface Resolved {
  readonly tracks: EmbeddedTrack[];
  readonly kind: "track" | "search";
}

const AUDIO_FILES = /\.(mp3|ogg|opus|oga|flac|wav|m4a|aac|webm|mka|wma|aiff?)$/i;

const fileTitle = (name: string) => basename(name, extname(name)).replace(/[_]+/g, " ").trim() || name;

/** Resolves what a member typed (a link, `local:<path>`, or search words) to tracks the embedded engine can play. */
export class EmbeddedSources {
  private readonly opts: SourceOptions;

  constructor(opts: SourceOptions) {
    this.opts = opts;
  }

  private ffmpeg(): string {
    const ffmpeg = this.opts.tools.ffmpeg;
    if (!ffmpeg) throw userError("ENGINE_UNAVAILABLE", "music.noFfmpeg");
    return ffmpeg;
  }

  async resolve(query: string): Promise<Resolved> {
    const text = query.trim();
    if (!text) throw userError("BAD_ARGUMENT", "music.whatToPlay");
    if (looksLikeUrl(text)) return { kind: "track", tracks: [await this.link(text)] };
    const local = text.match(/^local:\s*(.+)$/i);
    if (local?.[1]) return { kind: "track", tracks: [await this.localFile(local[1])] };
    if (this.opts.tools.ytDlp) return { kind: "search", tracks: await this.ytSearch(text) };
    const found = await this.searchFolder(text);
    if (found.length > 0) return { kind: "search", tracks: found };
    throw userError("SEARCH_UNAVAILABLE", "music.searchNeedsNode");
  }

  /** A direct audio link or radio stream, probed for its title and length; YouTube/SoundCloud through yt-dlp. */
  async link(url: string, title?: string): Promise<EmbeddedTrack> {
    if (needsYtDlp(url)) {
      if (!this.opts.tools.ytDlp) {
        throw userError("SEARCH_UNAVAILABLE", "music.ytNeedsNode");
      }
      const [track] = await this.ytDlpJson(["--no-playlist", url]);
      if (!track) throw userError("NO_RESULTS", "refusal.noResults");
      return track;
    }
    const source = await openHttpSource(url, {
      allowPrivate: this.opts.allowPrivateUrls,
      allowHosts: this.opts.urlAllowHosts,
      resolve: this.opts.resolveHost,
      timeoutMs: this.opts.timeoutMs,
    });
    const type = String(source.headers["content-type"] ?? "");
    if (/^text\/html/i.test(type)) {
      source.body.destroy();
      throw userError("NOT_AUDIO", "music.webPage");
    }
    const icyName = source.headers["icy-name"];
    const live = source.contentLength === null || icyName !== undefined;
    const probed = await probeMedia(this.ffmpeg(), { stream: source.body }, this.opts.timeoutMs);
    if (!probed.hasAudio) throw userError("NOT_AUDIO", "music.noAudioLink");
    let durationMs = live ? 0 : probed.durationMs;
    if (!live && durationMs === 0 && probed.bitrateKbps && source.contentLength) {
      durationMs = Math.round((source.contentLength * 8) / probed.bitrateKbps);
    }
    const { pathname, hostname } = new URL(source.finalUrl);
    const name = decodeURIComponent(pathname.split("/").pop() ?? "");
    return {
      source: "http",
      locator: url,
      title:
        title ?? probed.title ?? (typeof icyName === "string" ? icyName : null) ?? (name ? fileTitle(name) : hostname),
      author: probed.artist ?? hostname,
      uri: url,
      durationMs,
      isStream: live,
      sourceName: live ? "radio" : "http",
      artworkUrl: null,
      requester: null,
    };
  }

  /** A file inside the music folder; anything outside it (`..`, absolute paths, symlinks out) is refused. */
  async localFile(path: string): Promise<EmbeddedTrack> {
    const file = await this.confined(path);
    const probed = await probeMedia(this.ffmpeg(), { file }, this.opts.timeoutMs);
    if (!probed.hasAudio) throw userError("NOT_AUDIO", "music.noAudioFile");
    const rel = relative(this.opts.musicFolder as string, file);
    return {
      source: "local",
      locator: rel,
      title: probed.title ?? fileTitle(rel),
      author: probed.artist ?? "Local file",
      uri: null,
      durationMs: probed.durationMs,
      isStream: false,
      sourceName: "local",
      artworkUrl: null,
      requester: null,
    };
  }

  /** The absolute path of a music-folder file, refusing anything that leaves the folder. */
  async confined(path: string): Promise<string> {
    const folder = this.opts.musicFolder;
    if (!folder) throw userError("LOCAL_OFF", "music.localOff");
    const notFound = () => userError("NO_RESULTS", "music.noSuchFile");
    const root = await realpath(folder).catch(() => null);
    if (!root) throw notFound();
    const real = await realpath(resolve(root, path.trim())).catch(() => null);
    if (!real || (real !== root && !real.startsWith(root + sep))) throw notFound();
    const info = await stat(real).catch(() => null);
    if (!info?.isFile()) throw notFound();
    return real;
  }

  /** File names in the music folder matching every search word (case-insensitive), at most 25. */
  async searchFolder(text: string): Promise<EmbeddedTrack[]> {
    const folder = this.opts.musicFolder;
    if (!folder) return [];
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const files = await listAudio(folder, 4);
    const hits = files.filter((f) => words.every((w) => f.toLowerCase().includes(w))).slice(0, 25);
    const tracks: EmbeddedTrack[] = [];
    for (const rel of hits) tracks.push(await this.localFile(rel));
    return tracks;
  }

  private async ytSearch(text: string): Promise<EmbeddedTrack[]> {
    const tracks = await this.ytDlpJson(["--flat-playlist", `ytsearch5:${text}`]);
    if (tracks.length === 0) throw userError("NO_RESULTS", "refusal.noResults");
    return tracks;
  }

  private ytDlpJson(args: string[]): Promise<EmbeddedTrack[]> {
    const bin = this.opts.tools.ytDlp as string;
    return new Promise((resolveTracks, reject) => {
      execFile(bin, ["-J", "--no-warnings", ...args], { timeout: 30_000, maxBuffer: 16 << 20 }, (err, stdout) => {
        if (err) return reject(userError("LOAD_FAILED", "music.ytDlpFailed"));
        try {
          const info = JSON.parse(stdout) as YtInfo & { entries?: YtInfo[] };
          resolveTracks((info.entries ?? [info]).map(fromYt).filter((t): t is EmbeddedTrack => t !== null));
        } catch {
          reject(userError("LOAD_FAILED", "music.ytDlpFailed"));
        }
      });
    });
  }
}

interface YtInfo {
  title?: string;
  uploader?: string;
  channel?: string;
  duration?: number;
  webpage_url?: string;
  url?: string;
  is_live?: boolean;
  extractor_key?: string;
  thumbnail?: string;
}

function fromYt(e: YtInfo): EmbeddedTrack | null {
  const url = e.webpage_url ?? e.url;
  if (!url) return null;
  const live = e.is_live === true || !e.duration;
  return {
    source: "ytdlp",
    locator: url,
    title: e.title ?? url,
    author: e.uploader ?? e.channel ?? "Unknown artist",
    uri: url,
    durationMs: live ? 0 : Math.round((e.duration ?? 0) * 1000),
    isStream: live,
    sourceName: /soundcloud/i.test(e.extractor_key ?? url) ? "soundcloud" : "youtube",
    artworkUrl: e.thumbnail ?? null,
    requester: null,
  };
}

async function listAudio(root: string, depth: number, sub = ""): Promise<string[]> {
  const entries = await readdir(join(root, sub), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const rel = sub ? join(sub, e.name) : e.name;
    if (e.isDirectory() && depth > 0) out.push(...(await listAudio(root, depth - 1, rel)));
    else if (e.isFile() && AUDIO_FILES.test(e.name)) out.push(rel);
  }
  return out.sort();
}
