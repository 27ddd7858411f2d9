import type { LavalinkPlayOptions, Player, Track, UnresolvedTrack } from "lavalink-client";
import { patchPlayer } from "./node-patch.ts";
import { trackStartReady } from "./track-start-wait.ts";

/**
 * Play, pause, resume, volume, seek, skip and stop as checked player updates. lavalink-client's own `Player` methods
 * change the local player first and resolve even when the node answers 5xx; these ask the node with
 * {@link patchPlayer} and change lavalink-client's player (the same fields its methods set) only once the node
 * accepted, so a failed call rejects (and counts against the breaker) and leaves Encore's view as the node's.
 */

/** `player.pause()` / `player.resume()`. */
export async function setPaused(player: Player, paused: boolean): Promise<void> {
  await patchPlayer(player, { paused });
  if (paused) player.lastPosition = player.position;
  player.paused = paused;
  player.playing = !paused;
  // Paused, the position stands still; resumed, it runs on from where it stood.
  player.lastPositionChange = paused ? null : Date.now();
  player.triggerPlayerClientUpdate();
  player.LavalinkManager.emit(paused ? "playerPaused" : "playerResumed", player, player.queue.current);
}

/** `player.setVolume(volume)`: 0–1000, scaled by the manager's `volumeDecrementer` on the node. */
export async function setVolume(player: Player, volume: number): Promise<void> {
  const clamp = (v: number) => Math.round(Math.max(Math.min(v, 1000), 0));
  const local = clamp(volume);
  const onNode = clamp(local * (player.LavalinkManager.options.playerOptions?.volumeDecrementer ?? 1));
  await patchPlayer(player, { volume: onNode });
  player.volume = local;
  player.lavalinkVolume = onNode;
  player.triggerPlayerClientUpdate();
}

/** `player.seek(position)`, within the current track. */
export async function seekTo(player: Player, positionMs: number): Promise<void> {
  const position = Math.max(0, Math.min(positionMs, player.queue.current?.info.duration ?? positionMs));
  await patchPlayer(player, { position });
  player.lastPosition = position;
  player.lastPositionChange = player.paused ? null : Date.now();
  player.triggerPlayerClientUpdate();
}

/**
 * `player.skip(skipTo, false)`: ends the current track (after dropping the `skipTo - 1` upcoming tracks before the
 * target); lavalink-client's track-end handling plays the next one. The skip mark is set and the tracks dropped
 * before asking, as the node's track end may arrive before its answer; both are taken back if the node failed.
 */
export async function skipTrack(player: Player, skipTo = 0): Promise<void> {
  const dropped = skipTo > 1 ? player.queue.tracks.slice(0, skipTo - 1) : [];
  if (dropped.length) await player.queue.splice(0, dropped.length);
  player.setData("internal_skipped", true);
  try {
    await patchPlayer(player, { track: { encoded: null }, paused: false });
  } catch (err) {
    player.setData("internal_skipped", false);
    if (dropped.length) await player.queue.add(dropped, 0);
    throw err;
  }
  player.paused = false;
  player.playing = true;
}

/**
 * `player.stopPlaying(true, false)`: clears the upcoming tracks and ends the current one, without autoplay. The
 * queue is cleared before asking (the node's track end must find it empty) and given back if the node failed.
 */
export async function stopTrack(player: Player): Promise<void> {
  player.setData("internal_stopPlaying", true);
  player.setData("internal_autoplayStopPlaying", true);
  const upcoming = [...player.queue.tracks];
  if (upcoming.length) await player.queue.splice(0, upcoming.length);
  const end = { encoded: null };
  try {
    // NodeLink also keeps a next track of its own, cleared the same way (as lavalink-client does).
    await patchPlayer(player, player.node.isNodeLink() ? { track: end, nextTrack: end } : { track: end });
  } catch (err) {
    player.setData("internal_stopPlaying", undefined);
    player.setData("internal_autoplayStopPlaying", undefined);
    if (upcoming.length) await player.queue.add(upcoming, 0);
    throw err;
  }
  player.paused = false;
}

type PlayTrackData = NonNullable<LavalinkPlayOptions["track"]>;

/** Where and how a track starts: from the beginning, playing, with the player's filters unless given. */
export interface TrackStart {
  positionMs?: number;
  paused?: boolean;
  /** A filters payload sent with the track (a restored player's saved filters). */
  filters?: Record<string, unknown> | null;
}

/**
 * `player.play({ clientTrack: track, paused: false })`: replaces the current track with `track`, from its start
 * unless `start` says otherwise. The track is made current before asking (the node's track start may arrive before
 * its answer) and the former current track is put back if the node failed. Stops the wait that would end an idle
 * player once the node accepted. Waits first (bounded) for work the node must have done before a track starts on this
 * player (SponsorBlock categories still being sent).
 */
export async function playTrack(player: Player, track: Track | UnresolvedTrack, start: TrackStart = {}): Promise<void> {
  await trackStartReady(player);
  const position = start.positionMs ?? 0;
  const paused = start.paused ?? false;
  const utils = player.LavalinkManager.utils;
  if (utils.isUnresolvedTrack(track)) await track.resolve(player);
  const before = player.queue.current;
  player.queue.current = track as Track;
  await player.queue.utils.save();
  const requester = typeof track.requester === "object" ? utils.getTransformedRequester(track.requester) : undefined;
  // The requester travels with the track, as lavalink-client sends it.
  const userData = { ...(requester ? { requester } : {}), ...track.userData } as PlayTrackData["userData"];
  try {
    await patchPlayer(player, {
      track: { encoded: track.encoded ?? null, userData },
      volume: player.lavalinkVolume,
      position,
      paused,
      ...(start.filters ? { filters: start.filters } : {}),
    });
  } catch (err) {
    player.queue.current = before;
    await player.queue.utils.save();
    throw err;
  }
  const emptyTimer = player.getData<ReturnType<typeof setTimeout> | undefined>("internal_queueempty");
  if (emptyTimer) {
    clearTimeout(emptyTimer);
    player.setData("internal_queueempty", undefined);
    player.LavalinkManager.emit("playerQueueEmptyCancel", player);
  }
  player.paused = paused;
  player.playing = !paused;
  player.lastPosition = position;
  player.lastPositionChange = paused ? null : Date.now();
}

/**
 * `player.play({ paused: false })` on a player with no current track: starts the first upcoming track. If the node
 * failed, the track goes back to the front of the queue, so nothing queued is lost.
 */
export async function startNext(player: Player): Promise<void> {
  const next = player.queue.tracks[0];
  if (!next) throw new Error("there is no track to start");
  await player.queue.splice(0, 1);
  try {
    await playTrack(player, next);
  } catch (err) {
    await player.queue.add(next, 0);
    throw err;
  }
}
