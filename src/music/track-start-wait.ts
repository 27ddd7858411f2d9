import type { Player } from "lavalink-client";

/** Player data key of the work a player's next track start waits for ("internal_": the client keeps it off `toJSON`). */
const KEY = "internal_encoreTrackStartWait";

/**
 * Makes the player's track starts wait for `work` (e.g. the SponsorBlock categories call the plugin reads when a
 * track starts), for at most `maxWaitMs`: a call that does not come back must not hold playback. `timedOut` runs when
 * the wait gave up. `work` must not reject (its caller handles and logs its failure).
 */
export function holdTrackStarts(player: Player, work: Promise<unknown>, maxWaitMs: number, timedOut: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      timedOut();
      resolve();
    }, maxWaitMs);
    timer.unref?.();
  });
  const wait: Promise<void> = Promise.race([work.then(() => undefined), bound]).finally(() => {
    clearTimeout(timer);
    if (player.getData(KEY) === wait) player.setData(KEY, undefined);
  });
  player.setData(KEY, wait);
}

/** Resolves once the work the player's track starts wait for (if any) is done or its wait bound passed. */
export async function trackStartReady(player: Player): Promise<void> {
  const wait = player.getData<Promise<void> | undefined>(KEY);
  if (wait) await wait;
}
