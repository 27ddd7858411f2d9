import {
  type AudioPlayer,
  AudioPlayerStatus,
  type AudioResource,
  createAudioPlayer,
  createAudioResource,
  NoSubscriberBehavior,
  StreamType,
  type VoiceConnection,
} from "@discordjs/voice";
import { isUserError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import { type LocalText, text } from "../../i18n/translate.ts";
import { type FilterState, NO_FILTERS } from "../filters.ts";
import type { LoopMode } from "../types.ts";
import { audioFilterChain, tempoOf } from "./ffmpeg-args.ts";
import type { EmbeddedTrack } from "./track.ts";
import type { Transcode, Transcoder } from "./transcoder.ts";

/** What a guild player tells its engine. */
export interface GuildPlayerEvents {
  trackStart(p: GuildPlayer, track: EmbeddedTrack): void;
  trackFailed(p: GuildPlayer, track: EmbeddedTrack, reason: string | LocalText): void;
  /** The queue ran out after `last` finished (null when it was stopped or skipped away). */
  queueEnd(p: GuildPlayer, last: EmbeddedTrack | null): void;
  /** Queue, position or state changed (persistence). */
  changed(p: GuildPlayer): void;
}

export const PREVIOUS_KEPT = 50;

/**
 * One guild's player on the embedded engine: the queue, one ffmpeg at a time feeding a @discordjs/voice audio
 * player, and the position. Seek, volume, filters and resume restart ffmpeg at the current position; pause kills it
 * (a paused guild holds no process).
 */
export class GuildPlayer {
  readonly guildId: string;
  voiceChannelId: string;
  textChannelId: string | null;
  current: EmbeddedTrack | null = null;
  upcoming: EmbeddedTrack[] = [];
  /** Most recent first. */
  previous: EmbeddedTrack[] = [];
  loop: LoopMode = "off";
  volume: number;
  filters: FilterState = NO_FILTERS;
  paused = false;
  readonly connection: VoiceConnection;
  private readonly audio: AudioPlayer;
  private readonly transcoder: Transcoder;
  private readonly events: GuildPlayerEvents;
  private readonly logger: Logger;
  private transcode: Transcode | null = null;
  private resource: AudioResource | null = null;
  /** Track position where the running ffmpeg started (ms). */
  private offsetMs = 0;
  private frozenMs = 0;
  /** Bumped whenever the running stream is replaced; events of an older stream are ignored. */
  private generation = 0;
  private destroyed = false;

  constructor(
    init: { guildId: string; voiceChannelId: string; textChannelId: string | null; volume: number },
    deps: { connection: VoiceConnection; transcoder: Transcoder; events: GuildPlayerEvents; logger: Logger },
  ) {
    this.guildId = init.guildId;
    this.voiceChannelId = init.voiceChannelId;
    this.textChannelId = init.textChannelId;
    this.volume = init.volume;
    this.connection = deps.connection;
    this.transcoder = deps.transcoder;
    this.events = deps.events;
    this.logger = deps.logger;
    // Up to 2 s without a frame (a busy host, a radio hiccup) before the track counts as over.
    this.audio = createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Play, maxMissedFrames: 100 } });
    this.audio.on("error", (err) => this.logger.warn({ err, guildId: this.guildId }, "audio stream error"));
    this.audio.on("stateChange", (from, to) => {
      if (to.status === AudioPlayerStatus.Idle && from.status !== AudioPlayerStatus.Idle)
        this.streamEnded(this.generation);
    });
    this.connection.subscribe(this.audio);
  }

  /** Whether ffmpeg is running for this guild. */
  get streaming(): boolean {
    return this.transcode !== null;
  }

  /** Position in the current track (ms). */
  position(): number {
    if (!this.current) return 0;
    if (this.paused || !this.resource) return this.frozenMs;
    const played = this.offsetMs + this.resource.playbackDuration * tempoOf(this.filters);
    return this.current.durationMs > 0 ? Math.min(played, this.current.durationMs) : played;
  }

  /** Starts `current` at `positionMs` (or keeps it paused there); `fresh` announces a new track. */
  async start(positionMs: number, fresh: boolean): Promise<void> {
    const track = this.current;
    this.stopStream();
    this.frozenMs = positionMs;
    if (!track || this.destroyed) return;
    if (fresh) this.events.trackStart(this, track);
    this.events.changed(this);
    if (this.paused) return;
    const generation = this.generation;
    let transcode: Transcode;
    try {
      transcode = await this.transcoder.start(track, positionMs, audioFilterChain(this.volume, this.filters));
    } catch (err) {
      if (generation !== this.generation || this.destroyed) return;
      this.failed(
        track,
        isUserError(err) && err.local ? (err.local as LocalText) : err instanceof Error ? err.message : String(err),
      );
      return;
    }
    if (generation !== this.generation || this.destroyed) {
      transcode.kill();
      return;
    }
    this.transcode = transcode;
    this.offsetMs = positionMs;
    this.resource = createAudioResource(transcode.stdout, { inputType: StreamType.OggOpus });
    this.audio.play(this.resource);
  }

  /** Restarts the current track where it is (volume, filters, seek). */
  restart(positionMs = this.position()): Promise<void> {
    return this.start(positionMs, false);
  }

  pause(): void {
    this.frozenMs = this.position();
    this.paused = true;
    this.audio.pause(true);
    // Let the silence frames go out, then free the process: resume starts ffmpeg again at this position.
    this.stopStream(false);
    this.events.changed(this);
  }

  resume(): Promise<void> {
    this.paused = false;
    return this.restart(this.frozenMs);
  }

  /** Moves on from the current track (`finished`: it ended by itself, so track loop applies). */
  async advance(finished: boolean): Promise<void> {
    const ended = this.current;
    if (ended && finished && this.loop === "track") return this.start(0, true);
    if (ended) {
      this.previous.unshift(ended);
      if (this.previous.length > PREVIOUS_KEPT) this.previous.length = PREVIOUS_KEPT;
      if (this.loop === "queue") this.upcoming.push(ended);
    }
    const next = this.upcoming.shift() ?? null;
    this.current = next;
    if (!next) {
      this.stopStream();
      this.frozenMs = 0;
      this.events.changed(this);
      this.events.queueEnd(this, finished ? ended : null);
      return;
    }
    await this.start(0, true);
  }

  /** Clears the queue and stops playing; stays in voice. */
  stopPlaying(): void {
    this.upcoming = [];
    if (this.current) {
      this.previous.unshift(this.current);
      if (this.previous.length > PREVIOUS_KEPT) this.previous.length = PREVIOUS_KEPT;
    }
    this.current = null;
    this.paused = false;
    this.frozenMs = 0;
    this.stopStream();
    this.events.changed(this);
    this.events.queueEnd(this, null);
  }

  /** Kills ffmpeg and leaves voice. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.stopStream();
    this.audio.stop(true);
    try {
      this.connection.destroy();
    } catch {
      // already destroyed by the library (e.g. after a 4014 close)
    }
  }

  private stopStream(stopAudio = true): void {
    this.generation++;
    this.transcode?.kill();
    this.transcode = null;
    this.resource = null;
    if (stopAudio) this.audio.stop(true);
  }

  private failed(track: EmbeddedTrack, reason: string | LocalText): void {
    this.logger.warn({ guildId: this.guildId, reason }, "track failed to play");
    this.events.trackFailed(this, track, reason);
  }

  /** The audio player went idle: the track ended, or ffmpeg/the source died. */
  private streamEnded(generation: number): void {
    const transcode = this.transcode;
    const track = this.current;
    if (generation !== this.generation || !transcode || !track || this.destroyed) return;
    const position = this.position();
    void transcode.exited.then(({ failed, reason }) => {
      if (generation !== this.generation || this.destroyed) return;
      this.transcode = null;
      this.resource = null;
      const early = !track.isStream && track.durationMs > 0 && position < track.durationMs - 5000;
      if (failed || track.isStream || early) {
        this.failed(track, failed ? reason : text(track.isStream ? "announce.streamEnded" : "announce.stoppedEarly"));
        return;
      }
      void this.advance(true);
    });
  }
}
