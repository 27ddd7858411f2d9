import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CacheRegistry } from "../../src/core/cache.ts";
import { systemClock } from "../../src/core/clock.ts";
import { createLogger } from "../../src/core/logger.ts";
import { createSqliteStore } from "../../src/store/index.ts";
import type { PersistedPlayer } from "../../src/store/types.ts";
import { AudioServer, audioDir, makeTone } from "../helpers/audio.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { slashReply } from "../helpers/player-driver.ts";

let audio: AudioServer;

beforeAll(async () => {
  const dir = audioDir();
  await makeTone(dir, "long.mp3", { seconds: 40, title: "Long Tone" });
  await makeTone(dir, "second.mp3", { seconds: 40, title: "Second Tone", hz: 550 });
  audio = await AudioServer.start(dir);
});

afterAll(async () => {
  await audio?.stop();
});

/** The guild's saved player as the database holds it now (read through a second connection). */
async function savedPlayer(h: Harness): Promise<PersistedPlayer | null> {
  const store = createSqliteStore({
    path: h.config.databasePath,
    clock: systemClock,
    caches: new CacheRegistry(),
    logger: createLogger({ level: "silent" }),
  });
  store.open();
  try {
    return store.queues.load(ids.guild);
  } finally {
    await store.close();
  }
}

describe("embedded engine: saved state follows the player", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it("queue changes are saved while it plays, and leaving forgets the saved player", async () => {
    h = await startHarness({ noNodes: true, voice: true, env: { URL_ALLOW_HOSTS: new URL(audio.url("")).host } });
    await slashReply(h, "play", ids.alice, { query: audio.url("long.mp3") });
    await slashReply(h, "play", ids.alice, { query: audio.url("second.mp3") });
    await h.voice?.waitForAudio(ids.guild, 10, 10_000);
    // Each change is written within the tick it happened in: the reply to the second /play came after it.
    const saved = await savedPlayer(h);
    expect(saved?.current?.title).toBe("Long Tone");
    expect(saved?.upcoming.map((t) => t.title)).toEqual(["Second Tone"]);

    await slashReply(h, "leave");
    await waitUntil(() => h.app.music.snapshot(ids.guild) === null, 5000, "the player to be gone");
    expect(await savedPlayer(h)).toBeNull();
  });
});
