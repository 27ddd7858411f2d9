/**
 * One guild's player on the fake node: current track, position clock, pause, volume, filters, voice, and the
 * events real Lavalink emits around them (TrackStart/TrackEnd/…, playerUpdate).
 */
import { trackFromInfo } from "./tracks.ts";
import type {
  ExceptionSeverity,
  FakePlayerState,
  FakeSegment,
  TrackEndReason,
  TrackInfo,
  TrackJson,
  VoiceState,
  WireJson,
} from "./types.ts";

export interface PlayerHost {
  readonly sessionId: string;
  /** Delivers an op to the session's client (or queues/drops it when the client is away). */
  send(op: Record<string, unknown>): void;
  readonly playerUpdateIntervalMs: number;
  readonly autoFinish: boolean;
  /** Whether a voice update sends a playerUpdate at once (the fake's default) or not (real Lavalink). */
  readonly playerUpdateOnVoice: boolean;
  /** SponsorBlock: segments of this track to skip for the guild's categories; null when nothing is skipped. */
  skippedSegments?(guildId: string, identifier: string): FakeSegment[] | null;
}

export interface PlayOptions {
  position?: number;
  paused: boolean;
  userData?: Record<string, unknown>;
  endTime?: number | null;
}

/** The ping reported for an open voice connection. */
const VOICE_PING_MS = 0;

export class FakePlayer {
  readonly guildId: string;
  readonly #host: PlayerHost;
  #track: TrackJson | null = null;
  #anchorPosition = 0;
  #anchorAt = 0;
  #paused = false;
  #volume = 100;
  #filters: Record<string, unknown> = {};
  #voice: VoiceState | null = null;
  #connected = false;
  #endTime: number | null = null;
  #updateTimer: NodeJS.Timeout | null = null;
  #finishTimer: NodeJS.Timeout | null = null;
  #segmentTimer: NodeJS.Timeout | null = null;

  constructor(guildId: string, host: PlayerHost) {
    this.guildId = guildId;
    this.#host = host;
  }

  get track(): TrackJson | null {
    return this.#track;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Playing in Lavalink's sense: a track is loaded and not paused. */
  get playing(): boolean {
    return this.#track !== null && !this.#paused;
  }

  /** Current position in ms; advances in real time while a track is loaded and not paused. */
  position(now = Date.now()): number {
    const track = this.#track;
    if (!track) return 0;
    const elapsed = this.#paused ? 0 : now - this.#anchorAt;
    const raw = this.#anchorPosition + elapsed;
    return track.info.isStream ? raw : Math.min(raw, track.info.length);
  }

  play(info: TrackInfo, opts: PlayOptions): void {
    const previous = this.#track;
    if (previous) this.#emitTrackEvent("TrackEndEvent", { reason: "replaced" satisfies TrackEndReason });
    this.#clearTimers();
    this.#track = trackFromInfo(info, opts.userData ?? {});
    this.#paused = opts.paused;
    this.#anchorPosition = clampPosition(opts.position ?? 0, info);
    this.#anchorAt = Date.now();
    this.#endTime = opts.endTime ?? null;
    // The start event carries the start position itself, not a clock reading taken a moment later.
    this.#emitTrackEvent("TrackStartEvent", {}, this.#anchorPosition);
    this.sendPlayerUpdate();
    this.#updateTimer = setInterval(() => this.sendPlayerUpdate(), this.#host.playerUpdateIntervalMs);
    this.#updateTimer.unref();
    this.#scheduleFinish();
    this.#skipSegments(info.identifier);
  }

  /**
   * Like the SponsorBlock plugin: `SegmentsLoaded` once the track started, then each chosen segment is skipped
   * (position moved to its end, `SegmentSkipped`). Time is compressed: the skips follow at once instead of when
   * playback reaches each segment.
   */
  #skipSegments(identifier: string): void {
    const segments = this.#host.skippedSegments?.(this.guildId, identifier) ?? null;
    if (!segments) return;
    this.#host.send({ op: "event", type: "SegmentsLoaded", guildId: this.guildId, segments });
    const pending = [...segments];
    const next = () => {
      const segment = pending.shift();
      if (!segment || this.#track?.info.identifier !== identifier) return;
      this.seek(segment.end);
      this.#host.send({ op: "event", type: "SegmentSkipped", guildId: this.guildId, segment });
      this.#segmentTimer = setTimeout(next, 20);
      this.#segmentTimer.unref();
    };
    this.#segmentTimer = setTimeout(next, 20);
    this.#segmentTimer.unref();
  }

  /** Ends the current track with `reason` (no-op without a track). */
  end(reason: TrackEndReason): void {
    if (!this.#track) return;
    this.#emitTrackEvent("TrackEndEvent", { reason });
    this.#unload();
  }

  fail(message: string, severity: ExceptionSeverity, cause?: string): void {
    if (!this.#track) return;
    const rootCause = cause ?? `com.sedmelluq.discord.lavaplayer.tools.FriendlyException: ${message}`;
    this.#emitTrackEvent("TrackExceptionEvent", {
      exception: { message, severity, cause: rootCause, causeStackTrace: `${rootCause}\n\tat lavalink.fake` },
    });
    this.end("loadFailed");
  }

  stuck(thresholdMs: number): void {
    if (!this.#track) return;
    this.#emitTrackEvent("TrackStuckEvent", { thresholdMs });
  }

  setPaused(paused: boolean): void {
    if (paused === this.#paused) return;
    this.#anchorPosition = this.position();
    this.#anchorAt = Date.now();
    this.#paused = paused;
    this.#scheduleFinish();
  }

  seek(position: number): void {
    const track = this.#track;
    if (!track?.info.isSeekable) return;
    this.#anchorPosition = clampPosition(position, track.info);
    this.#anchorAt = Date.now();
    this.#scheduleFinish();
    this.sendPlayerUpdate();
  }

  setVolume(volume: number): void {
    this.#volume = Math.max(0, Math.min(1000, Math.round(volume)));
  }

  setFilters(filters: Record<string, unknown>): void {
    this.#filters = filters;
    this.sendPlayerUpdate();
  }

  setEndTime(endTime: number | null): void {
    this.#endTime = endTime;
    this.#scheduleFinish();
  }

  setUserData(userData: Record<string, unknown>): void {
    if (this.#track) this.#track = { ...this.#track, userData };
  }

  /** Stores the voice server data and reports the (simulated) voice gateway as open. */
  setVoice(voice: VoiceState): void {
    this.#voice = voice;
    this.#connected = true;
    if (this.#host.playerUpdateOnVoice) this.sendPlayerUpdate();
  }

  closeVoice(code: number, reason: string): void {
    this.#connected = false;
    this.#host.send({ op: "event", type: "WebSocketClosedEvent", guildId: this.guildId, code, reason, byRemote: true });
    this.sendPlayerUpdate();
  }

  sendPlayerUpdate(): void {
    this.#host.send({ op: "playerUpdate", guildId: this.guildId, state: this.#state() });
  }

  /** Stops timers without emitting anything (player deleted or session shut down). */
  destroy(): void {
    this.#clearTimers();
    this.#track = null;
  }

  /** Player object of the REST API. */
  toJson(): WireJson {
    const voice = this.#voice ?? { token: "", endpoint: "", sessionId: "", channelId: "" };
    return {
      guildId: this.guildId,
      track: this.#trackNow(),
      volume: this.#volume,
      paused: this.#paused,
      state: this.#state(),
      voice: { token: voice.token, endpoint: voice.endpoint, sessionId: voice.sessionId, channelId: voice.channelId },
      filters: this.#filters,
    };
  }

  snapshot(): FakePlayerState {
    return {
      guildId: this.guildId,
      sessionId: this.#host.sessionId,
      track: this.#trackNow(),
      position: this.position(),
      volume: this.#volume,
      paused: this.#paused,
      filters: this.#filters,
      voice: this.#voice,
      connected: this.#connected,
      endTime: this.#endTime,
    };
  }

  #state(): { time: number; position: number; connected: boolean; ping: number } {
    const now = Date.now();
    return {
      time: now,
      position: this.position(now),
      connected: this.#connected,
      ping: this.#connected ? VOICE_PING_MS : -1,
    };
  }

  #trackNow(position: number = this.position()): TrackJson | null {
    const track = this.#track;
    if (!track) return null;
    return { ...track, info: { ...track.info, position } };
  }

  #emitTrackEvent(type: string, extra: Record<string, unknown>, position?: number): void {
    this.#host.send({ op: "event", type, guildId: this.guildId, track: this.#trackNow(position), ...extra });
  }

  #unload(): void {
    this.#clearTimers();
    this.#track = null;
    this.#anchorPosition = 0;
    this.#endTime = null;
  }

  /** Arms the timer for the end marker (`endTime`, always honoured) or the natural end (with autoFinish). */
  #scheduleFinish(): void {
    if (this.#finishTimer) clearTimeout(this.#finishTimer);
    this.#finishTimer = null;
    const track = this.#track;
    if (!track || this.#paused) return;
    let stopAt: number | null = null;
    if (this.#endTime !== null) stopAt = this.#endTime;
    if (this.#host.autoFinish && !track.info.isStream) {
      stopAt = stopAt === null ? track.info.length : Math.min(stopAt, track.info.length);
    }
    if (stopAt === null) return;
    const delay = Math.max(0, stopAt - this.position());
    this.#finishTimer = setTimeout(() => {
      this.#finishTimer = null;
      // Timers may fire a millisecond early by the wall clock; the track ended exactly at its stop point.
      this.#anchorPosition = Math.max(stopAt, this.position());
      this.#anchorAt = Date.now();
      this.end("finished");
    }, delay);
    this.#finishTimer.unref();
  }

  #clearTimers(): void {
    if (this.#updateTimer) clearInterval(this.#updateTimer);
    if (this.#finishTimer) clearTimeout(this.#finishTimer);
    if (this.#segmentTimer) clearTimeout(this.#segmentTimer);
    this.#updateTimer = null;
    this.#finishTimer = null;
    this.#segmentTimer = null;
  }
}

function clampPosition(position: number, info: TrackInfo): number {
  const lower = Math.max(0, position);
  return info.isStream ? lower : Math.min(lower, info.length);
}
