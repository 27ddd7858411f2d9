import type { Logger } from "../core/logger.ts";
import type { LocalText } from "../i18n/translate.ts";
import type { SkippedSegment } from "./sponsorblock.ts";
import type { TrackView } from "./types.ts";

/** What Encore's own player parts (now-playing messages, idle rules) react to, whichever engine plays. */
export interface PlayerListener {
  /** A player was created (joined or joining voice). */
  playerCreated?(guildId: string): void;
  trackStart?(guildId: string, track: TrackView): void;
  /** A track failed to play (exception) or got stuck; the player moves on to the next one. */
  trackFailed?(
    guildId: string,
    track: TrackView | null,
    kind: "error" | "stuck",
    /** The node's or ffmpeg's own words (shown escaped), or Encore's (a catalogue message). */
    reason: string | LocalText,
  ): void;
  /** Too many tracks in a row failed: the player was stopped and the queue cleared. */
  gaveUp?(guildId: string, failures: number): void;
  queueEnd?(guildId: string): void;
  /** The player was destroyed (leave, voice lost, shutdown). */
  playerGone?(guildId: string): void;
  /** Something the now-playing message shows changed (pause, loop, filters, autoplay). */
  changed?(guildId: string): void;
  /** The queue's tracks changed (added, removed, moved, shuffled). */
  queueChanged?(guildId: string): void;
  /** The node's SponsorBlock plugin skipped a segment of the playing track. */
  segmentSkipped?(guildId: string, segment: SkippedSegment): void;
}

type Args<K extends keyof PlayerListener> = Parameters<NonNullable<PlayerListener[K]>>;

/** A small typed fan-out; one listener throwing does not stop the others. */
export class PlayerEvents {
  private readonly listeners = new Set<PlayerListener>();
  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger;
  }

  subscribe(listener: PlayerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<K extends keyof PlayerListener>(name: K, ...args: Args<K>): void {
    for (const listener of this.listeners) {
      const fn = listener[name] as ((...a: Args<K>) => void) | undefined;
      if (!fn) continue;
      try {
        fn.apply(listener, args);
      } catch (err) {
        this.logger.error({ err, event: name }, "player event listener failed");
      }
    }
  }
}
