import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import {
  buttonIds,
  click,
  nowPlayingMessage,
  play,
  playerPatches,
  slashReply,
  waitPlaying,
} from "../helpers/player-driver.ts";

describe("now-playing message and player buttons", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it("posts one now-playing message per track, deleting the previous, and removes it when the queue ends", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await play(h, "despacito");
    const first = await nowPlayingMessage(h, "Never Gonna Give You Up");
    expect(buttonIds(first)).toEqual(["cmd:pause", "cmd:previous", "cmd:skip", "cmd:stop", "cmd:loop", "cmd:shuffle"]);
    expect(first.allowed_mentions).toEqual({ parse: [] });
    await slashReply(h, "skip");
    const second = await nowPlayingMessage(h, "Despacito");
    await h.discord.waitForRest((r) => r.method === "DELETE" && r.path.endsWith(`/messages/${first.id}`));
    const live = h.discord.messages(ids.text).filter((m) => buttonIds(m).includes("cmd:skip"));
    expect(live.map((m) => m.id)).toEqual([second.id]);
    h.node.endTrack(ids.guild);
    await h.discord.waitForRest((r) => r.method === "DELETE" && r.path.endsWith(`/messages/${second.id}`));
    expect(h.discord.messages(ids.text).filter((m) => buttonIds(m).includes("cmd:skip"))).toEqual([]);
  });

  it("forged and stale component ids are answered privately, never left to fail", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    const np = await nowPlayingMessage(h);
    const since = h.node.requests.length;
    for (const id of [
      "garbage",
      "cmd:",
      "cmd:nope",
      "cmd:queue:{broken",
      'cmd:skipto:{"position":-4}',
      "x".repeat(100),
    ]) {
      const reply = await click(h, np.id, id).waitForResponse();
      expect(reply, id).toMatchObject({
        ephemeral: true,
        content: "That button or menu no longer works. Run the command again.",
      });
    }
    const menu = await click(h, np.id, "cmd:nope", ids.alice, ["0"]).waitForResponse();
    expect(menu.content).toMatch(/no longer works/);
    // A menu with no state of its own for a command that needs options (remove needs positions).
    const bare = await click(h, np.id, "cmd:remove", ids.alice, ["1"]).waitForResponse();
    expect(bare.content).toMatch(/no longer works/);
    expect(h.logs.filter((l) => l.includes('"command failed"'))).toEqual([]);
    expect(playerPatches(h, since)).toEqual([]);
  });

  it("buttons run the commands: pause becomes resume, loop cycles, filters show up", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await play(h, "despacito");
    const np = await nowPlayingMessage(h);
    const since = h.node.requests.length;
    const paused = click(h, np.id, "cmd:pause");
    const reply = await paused.waitForResponse();
    expect(reply.content).toBe("Paused.");
    expect(reply.ephemeral).toBe(true);
    expect(playerPatches(h, since).map((r) => r.body)).toEqual([{ paused: true }]);
    const edited = await h.discord.waitForMessage(
      ids.text,
      (m) => m.id === np.id && buttonIds(m).includes("cmd:resume"),
    );
    expect(buttonIds(edited)[0]).toBe("cmd:resume");
    expect((await click(h, np.id, "cmd:resume").waitForResponse()).content).toBe("Resumed.");
    expect((await click(h, np.id, "cmd:loop").waitForResponse()).content).toBe("Looping the current track.");
    await h.discord.waitForMessage(
      ids.text,
      (m) => m.id === np.id && JSON.stringify(m.components).includes("Loop: track"),
    );
    await slashReply(h, "filter", ids.alice, { preset: "nightcore" });
    const withFilter = await h.discord.waitForMessage(
      ids.text,
      (m) => m.id === np.id && JSON.stringify(m.embeds).includes("Filters: nightcore"),
    );
    expect(withFilter.edits).toBeGreaterThan(0);
    const skip = await click(h, np.id, "cmd:skip").waitForResponse();
    expect(skip.content).toBe("Skipped **Never Gonna Give You Up** by Rick Astley.");
    await waitPlaying(h, "Despacito");
  });

  it("announceNowPlaying off posts nothing", async () => {
    h = await startHarness({ guildSettings: { [ids.guild]: { announceNowPlaying: false } } });
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");
    const np = await slashReply(h, "nowplaying");
    expect(JSON.stringify(np.embeds)).toContain("Never Gonna Give You Up");
    // Only the command's own answer carries the player's buttons; no now-playing post was made.
    const posts = h.discord.messages(ids.text).filter((m) => !m.interaction_id && buttonIds(m).includes("cmd:skip"));
    expect(posts).toEqual([]);
  });

  // The button-permission test: a button and its command allow and refuse exactly the same members.
  const members = [
    ["alice (requester)", ids.alice],
    ["erin (listener)", ids.erin],
    ["bob (not in voice)", ids.bob],
    ["carol (other channel)", ids.carol],
    ["deejay (DJ role)", ids.dj],
    ["admin (Manage Server)", ids.admin],
  ] as const;
  const commands = ["skip", "stop", "pause", "loop", "shuffle", "previous"] as const;

  async function outcome(command: string, userId: string, via: "slash" | "button") {
    const harness = await startHarness();
    try {
      await play(harness, "never gonna give");
      await play(harness, "despacito");
      await play(harness, "bohemian");
      const np = await nowPlayingMessage(harness);
      const since = harness.node.requests.length;
      const res =
        via === "slash"
          ? await slashReply(harness, command, userId)
          : await click(harness, np.id, `cmd:${command}`, userId).waitForResponse();
      const traffic = playerPatches(harness, since).map((r) => JSON.stringify(r.body));
      return { text: res.content, refused: traffic.length === 0 && res.ephemeral, traffic };
    } finally {
      await harness.stop();
    }
  }

  for (const command of commands) {
    it(`the ${command} button and /${command} treat every member the same`, async () => {
      h = await startHarness({ start: false });
      const table: Record<string, string> = {};
      for (const [label, userId] of members) {
        const [slashOut, buttonOut] = await Promise.all([
          outcome(command, userId, "slash"),
          outcome(command, userId, "button"),
        ]);
        expect(buttonOut.text, `${command} for ${label}`).toBe(slashOut.text);
        expect(buttonOut.traffic, `${command} for ${label}`).toEqual(slashOut.traffic);
        table[label] = slashOut.text;
      }
      expect(table["bob (not in voice)"]).toBe("Join a voice channel first.");
      expect(table["carol (other channel)"]).toMatch(/You need to be in <#\d+> with me/);
      if (command !== "skip") {
        expect(table["erin (listener)"]).toMatch(/^Only a DJ, a member with Manage Server/);
        expect(table["alice (requester)"]).not.toMatch(/^Only a DJ/);
        expect(table["deejay (DJ role)"]).not.toMatch(/^Only a DJ/);
        expect(table["admin (Manage Server)"]).not.toMatch(/^Only a DJ/);
      } else {
        expect(table["erin (listener)"]).toBe("Vote to skip added: 1/3 votes.");
        expect(table["deejay (DJ role)"]).toMatch(/^Skipped/);
      }
    });
  }
});
