import type { LavalinkManager, Player } from "lavalink-client";
import { refusal } from "../i18n/refusals.ts";
import { type FilterState, filterLabels, filterPayload, NO_FILTERS, nextFilterState } from "./filters.ts";
import { patchPlayer } from "./node-patch.ts";
import type { BassLevel, FilterOps, FilterPreset } from "./types.ts";

const STATE_KEY = "encore_filters";

/** Neutral values for the filters Encore manages, so lavalink-client's own copy never keeps a removed filter. */
const NEUTRAL = {
  timescale: { speed: 1, pitch: 1, rate: 1 },
  rotation: { rotationHz: 0 },
  karaoke: { level: 0, monoLevel: 0, filterBand: 0, filterWidth: 0 },
  tremolo: { frequency: 0, depth: 0 },
  vibrato: { frequency: 0, depth: 0 },
  lowPass: { smoothing: 0 },
} as const;

/** Applies filter presets to a guild's player with one PATCH carrying the complete filter set. */
export class PlayerFilterOps implements FilterOps {
  private readonly deps: {
    manager: LavalinkManager;
    guard: <T>(fn: () => Promise<T>) => Promise<T>;
    changed: (guildId: string) => void;
  };

  constructor(deps: PlayerFilterOps["deps"]) {
    this.deps = deps;
  }

  private state(player: Player | undefined): FilterState {
    return (player?.getData(STATE_KEY) as FilterState | undefined) ?? NO_FILTERS;
  }

  /** Per guild, the last change in flight: changes apply one after another, each on top of the previous one. */
  private readonly pending = new Map<string, Promise<unknown>>();

  apply(guildId: string, preset: FilterPreset, value?: BassLevel | number | string): Promise<string[]> {
    // Two quick /filter commands must both count: without the queue the second would start from the state
    // before the first one's PATCH and drop it.
    const previous = this.pending.get(guildId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.applyNow(guildId, preset, value));
    const settled = next.catch(() => undefined);
    this.pending.set(guildId, settled);
    void settled.then(() => {
      if (this.pending.get(guildId) === settled) this.pending.delete(guildId);
    });
    return next;
  }

  private async applyNow(
    guildId: string,
    preset: FilterPreset,
    value?: BassLevel | number | string,
  ): Promise<string[]> {
    const player = this.deps.manager.getPlayer(guildId);
    if (!player?.queue.current) throw refusal("NO_PLAYER");
    const next = nextFilterState(this.state(player), preset, value);
    const payload = filterPayload(next);
    await this.deps.guard(() => patchPlayer(player, { filters: payload }));
    player.setData(STATE_KEY, next);
    mirrorIntoClient(player, payload);
    this.deps.changed(guildId);
    return filterLabels(next);
  }

  labels(guildId: string): string[] {
    return filterLabels(this.state(this.deps.manager.getPlayer(guildId)));
  }

  payload(guildId: string): Record<string, unknown> {
    return filterPayload(this.state(this.deps.manager.getPlayer(guildId)));
  }
}

/** Keeps lavalink-client's filter manager equal to what the node has (it re-sends it when moving nodes). */
function mirrorIntoClient(player: Player, payload: Record<string, unknown>): void {
  const fm = player.filterManager;
  const data = fm.data as unknown as Record<string, unknown>;
  for (const [key, neutral] of Object.entries(NEUTRAL)) data[key] = payload[key] ?? structuredClone(neutral);
  fm.equalizerBands = (payload.equalizer as typeof fm.equalizerBands | undefined) ?? [];
  if (payload.distortion) data.distortion = structuredClone(payload.distortion);
  else delete data.distortion;
  fm.checkFiltersState();
}

/** The presets a player has on (what Encore asked for), for persistence. */
export function filterStateOf(player: Player): FilterState {
  return (player.getData(STATE_KEY) as FilterState | undefined) ?? NO_FILTERS;
}

/**
 * Gives a rebuilt player its saved presets back (Encore's record and lavalink-client's copy) and returns the node
 * filter payload, or null when no preset is on.
 */
export function restoreFilterState(player: Player, state: FilterState): Record<string, unknown> | null {
  const payload = filterPayload(state);
  player.setData(STATE_KEY, state);
  mirrorIntoClient(player, payload);
  return filterLabels(state).length > 0 ? payload : null;
}

/** Reads presets saved by persistence; anything else (older rows, hand edits) means no presets. */
export function savedFilterState(saved: unknown): FilterState | null {
  const state = (saved as { presets?: unknown } | null)?.presets;
  if (!state || typeof state !== "object") return null;
  return { ...NO_FILTERS, ...(state as Partial<FilterState>) };
}
