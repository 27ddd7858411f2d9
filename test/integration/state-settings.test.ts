import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { testResolver } from "../helpers/dns.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

const STRING = 3;
const settings = (h: Harness, userId: string, subcommand: string, key?: string, value?: string) =>
  h.discord
    .sendSlash({
      guildId: ids.guild,
      channelId: ids.text,
      userId,
      name: "settings",
      subcommand,
      options: [
        ...(key ? [{ name: "key", type: STRING, value: key }] : []),
        ...(value ? [{ name: "value", type: STRING, value }] : []),
      ],
    })
    .waitForResponse();

describe("guild settings", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("only Manage Server members change settings; a new prefix applies at once and survives a restart", async () => {
    h = await startHarness();
    const refused = await settings(h, ids.alice, "set", "prefix", "?");
    expect(refused.content).toMatch(/Manage Server/);

    const set = await settings(h, ids.admin, "set", "prefix", "?");
    expect(set.content).toBe("Set **prefix** to `?`.");
    h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, content: "?ping" });
    await h.discord.waitForMessage(ids.text, (m) => m.content.startsWith("Pong!"));

    const bad = await settings(h, ids.admin, "set", "default-volume", "999");
    expect(bad.content).toMatch(/defaultVolume.*0 to 150/);
    expect((await settings(h, ids.admin, "set", "vote-skip-ratio", "75%")).content).toContain("75%");
    expect((await settings(h, ids.admin, "set", "24-7", "on")).content).toContain("24-7** to on");

    // Restart on the same database: the settings are still there.
    await h.app.stop();
    const app2 = createApp(h.config, { logger: h.app.logger, resolveHost: testResolver });
    h = {
      ...h,
      app: app2,
      stop: async () => {
        await app2.stop();
        await h.discord.stop();
        await h.node.stop();
      },
    };
    await app2.start();
    const shown = await settings(h, ids.admin, "show");
    const text = shown.embeds[0]?.description as string;
    expect(text).toContain("**prefix**: `?`");
    expect(text).toContain("**vote-skip-ratio**: 75%");
    expect(text).toContain("**24-7**: on");
    expect(text).toContain("**default-volume**: default");
    const before = h.discord.messages(ids.text).length;
    h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, content: "?ping" });
    await h.discord.waitForMessage(
      ids.text,
      (m) => m.content.startsWith("Pong!") && h.discord.messages(ids.text).indexOf(m) >= before,
    );

    const reset = await settings(h, ids.admin, "reset", "prefix");
    expect(reset.content).toBe("Reset **prefix** to `!`.");
  });

  it("applies the guild's track length limit and default volume to new plays", async () => {
    h = await startHarness();
    await settings(h, ids.admin, "set", "max-track-minutes", "4");
    await settings(h, ids.admin, "set", "default-volume", "40");
    const play = (value: string) =>
      h.discord
        .sendSlash({
          guildId: ids.guild,
          channelId: ids.text,
          userId: ids.alice,
          name: "play",
          options: [{ name: "query", type: STRING, value }] as never,
        })
        .waitForResponse();
    const tooLong = await play("bohemian"); // 5:55
    expect(tooLong.content).toBe("That is longer than this server's limit of 4 minutes per track.");
    expect(h.node.requests.some((r) => r.method === "PATCH" && r.body?.track)).toBe(false);
    const ok = await play("despacito"); // 4:42 → also too long; Never Gonna Give You Up is 3:32
    expect(ok.content).toMatch(/limit of 4 minutes/);
    const fine = await play("never gonna give");
    expect(fine.content).toContain("Never Gonna Give You Up");
    const patch = await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
    expect(patch.body.volume).toBe(40);
  });

  it("shows the configured PREFIX as the default prefix, whichever prefix the guild uses", async () => {
    h = await startHarness({ env: { PREFIX: "$" } });
    const shown = await settings(h, ids.admin, "show");
    expect(shown.embeds[0]?.description).toContain("**prefix**: `$`");
    expect((await settings(h, ids.admin, "set", "prefix", "?")).content).toBe("Set **prefix** to `?`.");
    const sent = h.discord.sendMessage({
      guildId: ids.guild,
      channelId: ids.text,
      userId: ids.admin,
      content: "?settings reset prefix",
    });
    const reset = await h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === sent.id);
    expect(reset.content).toBe("Reset **prefix** to `$`.");
  });

  it("autocompletes setting names for set and reset", async () => {
    h = await startHarness();
    const ask = (subcommand: string, typed: string) =>
      h.discord.sendAutocomplete({
        guildId: ids.guild,
        channelId: ids.text,
        userId: ids.admin,
        name: "settings",
        subcommand,
        options: [{ name: "key", type: STRING, value: typed, focused: true }],
      });
    const set = ask("set", "vote");
    const reset = ask("reset", "");
    await expect.poll(() => set.autocompleteChoices !== null && reset.autocompleteChoices !== null).toBe(true);
    expect(set.autocompleteChoices).toEqual([{ name: "vote-skip-ratio", value: "vote-skip-ratio" }]);
    expect(reset.autocompleteChoices?.map((c) => c.value)).toContain("prefix");
  });
});
