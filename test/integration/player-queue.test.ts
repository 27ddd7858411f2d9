import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import {
  click,
  play,
  playerPatches,
  prefixReply,
  slashReply,
  waitPatch,
  waitPlaying,
} from "../helpers/player-driver.ts";

const titles = (h: Harness) => h.app.music.snapshot(ids.guild)?.upcoming.map((t) => t.title) ?? [];

describe("queue control against the fakes", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  async function fill(...queries: string[]) {
    for (const q of queries) await play(h, q);
    await waitPlaying(h, "Never Gonna");
    // The member then looks at the queue for a while before editing it (the per-member rate limit stays on).
    h.elapse(10_000);
  }

  it("a track of unknown length shows as such in /play, /queue and /nowplaying, never as 0:00", async () => {
    const played = await play(h, "lofi");
    expect(played.content).toBe("Now playing **Lofi Beats To Study To** by Lofi Girl (unknown length).");
    await play(h, "despacito");
    await waitPlaying(h, "Lofi");
    const queue = await slashReply(h, "queue");
    expect(queue.embeds[0].description).toContain("Now: **Lofi Beats To Study To** by Lofi Girl (unknown length)");
    const np = await slashReply(h, "nowplaying");
    const text = np.embeds[0].description as string;
    expect(text).toMatch(/\(unknown length\)\nunknown length · \d+:\d\d played\n/);
    expect(JSON.stringify([played, queue, np])).not.toMatch(/0:00\)|\/ 0:00|🔴/);
  });

  it("playnext inserts at the front of the queue", async () => {
    await fill("never gonna give", "despacito", "bohemian");
    const reply = await slashReply(h, "playnext", ids.alice, { query: "teen spirit" });
    expect(reply.content).toMatch(/Smells Like Teen Spirit.*to play next/);
    expect(titles(h)).toEqual(["Smells Like Teen Spirit", "Despacito", "Bohemian Rhapsody"]);
  });

  it("skip to <n> and skipto <n> drop the tracks before it and play the target", async () => {
    await fill("never gonna give", "despacito", "bohemian", "teen spirit");
    const since = h.node.requests.length;
    const reply = await prefixReply(h, "skip to 2");
    expect(reply.content).toContain("Skipped to **Bohemian Rhapsody**");
    await waitPatch(h, since, (b) => b.track?.encoded === null);
    await waitPlaying(h, "Bohemian Rhapsody");
    expect(titles(h)).toEqual(["Smells Like Teen Spirit"]);
    const jump = await slashReply(h, "skipto", ids.alice, { position: 1 });
    expect(jump.content).toContain("Skipped to **Smells Like Teen Spirit**");
    await waitPlaying(h, "Teen Spirit");
    const tooFar = await slashReply(h, "skipto", ids.alice, { position: 5 });
    expect(tooFar.content).toMatch(/queue is empty|pick 1 to/);
  });

  it("previous plays the last track again and puts the current one back in front", async () => {
    await fill("never gonna give", "despacito");
    await slashReply(h, "skip");
    await waitPlaying(h, "Despacito");
    const since = h.node.requests.length;
    const reply = await slashReply(h, "previous");
    expect(reply.content).toContain("Playing the previous track again: **Never Gonna Give You Up**");
    const patch = await waitPatch(h, since, (b) => typeof b.track?.encoded === "string");
    expect(Buffer.from(patch.body.track.encoded, "base64").toString()).toContain("Never Gonna Give You Up");
    await waitPlaying(h, "Never Gonna");
    expect(titles(h)).toEqual(["Despacito"]);
  });

  it("previous with no history is refused", async () => {
    await fill("never gonna give");
    const reply = await slashReply(h, "previous");
    expect(reply.content).toBe("There is no previous track.");
    expect(reply.ephemeral).toBe(true);
  });

  it("replay seeks the current track to 0", async () => {
    await fill("never gonna give");
    const since = h.node.requests.length;
    const reply = await slashReply(h, "replay");
    expect(reply.content).toContain("Restarted **Never Gonna Give You Up**");
    expect(playerPatches(h, since).map((r) => r.body)).toEqual([{ position: 0 }]);
  });

  it("remove, move, clear and shuffle edit the queue without node traffic", async () => {
    await fill("never gonna give", "despacito", "bohemian", "teen spirit", "ocean waves");
    // "ocean waves" only exists on SoundCloud: 4 upcoming tracks.
    expect(titles(h)).toEqual(["Despacito", "Bohemian Rhapsody", "Smells Like Teen Spirit", "Ocean Waves"]);
    const since = h.node.requests.length;
    expect((await prefixReply(h, "remove 2")).content).toBe("Removed **Bohemian Rhapsody** by Queen.");
    expect(titles(h)).toEqual(["Despacito", "Smells Like Teen Spirit", "Ocean Waves"]);
    expect((await prefixReply(h, "move 3 1")).content).toBe("Moved **Ocean Waves** by Nature Sounds to position 1.");
    expect(titles(h)).toEqual(["Ocean Waves", "Despacito", "Smells Like Teen Spirit"]);
    expect((await prefixReply(h, "move from 1 to 3")).content).toContain("to position 3");
    expect(titles(h)).toEqual(["Despacito", "Smells Like Teen Spirit", "Ocean Waves"]);
    expect((await slashReply(h, "remove", ids.alice, { positions: "2-3" })).content).toBe(
      "Removed 2 tracks (positions 2–3).",
    );
    expect(titles(h)).toEqual(["Despacito"]);
    expect((await slashReply(h, "shuffle")).content).toBe("There is nothing to shuffle.");
    expect((await slashReply(h, "clear")).content).toBe("Cleared 1 track from the queue.");
    expect(titles(h)).toEqual([]);
    expect((await slashReply(h, "remove", ids.alice, { positions: "1" })).content).toBe("The queue is empty.");
    expect(h.node.requests.slice(since).filter((r) => r.path.includes("/players/"))).toEqual([]);
  });

  it("shuffle keeps the same tracks", async () => {
    await fill("never gonna give", "despacito", "bohemian", "teen spirit");
    const before = [...titles(h)].sort();
    expect((await slashReply(h, "shuffle")).content).toBe("Shuffled 3 tracks.");
    expect([...titles(h)].sort()).toEqual(before);
  });

  it("a listener may remove their own tracks but not others'", async () => {
    await fill("never gonna give", "despacito");
    await play(h, "bohemian", ids.erin);
    const others = await slashReply(h, "remove", ids.erin, { positions: "1" });
    expect(others.content).toMatch(/removing other members' tracks needs a DJ/);
    const own = await slashReply(h, "remove", ids.erin, { positions: "2" });
    expect(own.content).toBe("Removed **Bohemian Rhapsody** by Queen.");
  });

  it("loop sets and cycles the repeat mode; loop track replays the same track on end", async () => {
    await fill("never gonna give", "despacito");
    expect((await slashReply(h, "loop", ids.alice, { mode: "track" })).content).toBe("Looping the current track.");
    expect(h.app.music.snapshot(ids.guild)?.loop).toBe("track");
    const since = h.node.requests.length;
    h.node.endTrack(ids.guild);
    const again = await waitPatch(h, since, (b) => typeof b.track?.encoded === "string");
    expect(Buffer.from(again.body.track.encoded, "base64").toString()).toContain("Never Gonna Give You Up");
    expect((await prefixReply(h, "loop")).content).toBe("Looping the whole queue.");
    expect((await prefixReply(h, "repeat")).content).toBe("Looping is off.");
    expect((await prefixReply(h, "loop sideways")).content).toContain("Usage: `!loop [off|track|queue]`");
  });

  it("queue pages with first/previous/next/last buttons that edit the message in place", async () => {
    await play(h, "never gonna give");
    for (let i = 0; i < 12; i++) {
      await play(h, i % 2 ? "despacito" : "bohemian");
      h.elapse(1000); // queuing a dozen songs takes a person a while
    }
    const sent = await prefixReply(h, "queue");
    expect(sent.embeds[0].footer.text).toMatch(/^Page 1\/2 · 12 tracks/);
    const ids_ = sent.components[0].components.map((c: { custom_id: string }) => c.custom_id);
    expect(ids_).toHaveLength(4);
    const next = sent.components[0].components[2];
    expect(next.label).toBe("Next ›");
    const clicked = click(h, sent.id, next.custom_id, ids.erin);
    const updated = await clicked.waitForResponse();
    expect(clicked.callbacks[0]?.type).toBe(7);
    expect(updated.embeds[0].footer.text).toMatch(/^Page 2\/2/);
    expect(updated.embeds[0].description).toMatch(/11\. \*\*/);
    const last = updated.components[0].components[3];
    expect(last.disabled).toBe(true);
    const first = updated.components[0].components[0];
    const back = await click(h, sent.id, first.custom_id).waitForResponse();
    expect(back.embeds[0].footer.text).toMatch(/^Page 1\/2/);
  });

  it("queue page buttons expire", async () => {
    await play(h, "never gonna give");
    for (let i = 0; i < 11; i++) {
      await play(h, "despacito");
      h.elapse(1000); // queuing a dozen songs takes a person a while
    }
    const sent = await prefixReply(h, "queue");
    const next = sent.components[0].components[2].custom_id as string;
    const stale = next.replace(/"t":\d+/, `"t":${Date.now() - 10 * 60_000}`);
    // The fake only lets members click components a message really has: put the stale id on it first.
    sent.components[0].components[2].custom_id = stale;
    const res = await click(h, sent.id, stale).waitForResponse();
    expect(res.content).toMatch(/expired/);
    expect(res.components).toEqual([]);
  });

  it("history lists the guild's last plays, most recent first, and survives leave", async () => {
    await fill("never gonna give", "despacito");
    await slashReply(h, "skip");
    await waitPlaying(h, "Despacito");
    await slashReply(h, "leave");
    const reply = await slashReply(h, "history");
    const text = reply.embeds[0].description as string;
    expect(text).toMatch(/^1\. \*\*Despacito\*\*.*\n2\. \*\*Never Gonna Give You Up\*\*/);
  });

  it("grab DMs the current track", async () => {
    await fill("never gonna give");
    const reply = await slashReply(h, "grab");
    expect(reply.content).toBe("I sent you **Never Gonna Give You Up** by Rick Astley in a direct message.");
    const dm = h.discord.rest.find(
      (r) => r.method === "POST" && /^\/channels\/\d+\/messages$/.test(r.path) && !r.path.includes(ids.text),
    );
    expect(dm?.body.embeds[0]).toMatchObject({
      title: "Never Gonna Give You Up",
      url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    });
    expect(dm?.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});
