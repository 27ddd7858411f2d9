import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { testResolver } from "../helpers/dns.ts";
import { guildSpec, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";

const STRING = 3;
const USER = 6;

function slash(h: Harness, userId: string, name: string, options: unknown[] = [], subcommand?: string) {
  return h.discord
    .sendSlash({
      guildId: ids.guild,
      channelId: ids.text,
      userId,
      name,
      ...(subcommand ? { subcommand } : {}),
      options: options as never,
    })
    .waitForResponse();
}

async function prefix(h: Harness, userId: string, content: string) {
  const sent = h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId, content });
  return h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === sent.id);
}

const setLanguage = (h: Harness, value: string) =>
  slash(
    h,
    ids.admin,
    "settings",
    [
      { name: "key", type: STRING, value: "language" },
      { name: "value", type: STRING, value },
    ],
    "set",
  );

describe("languages", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("a server that chooses German is answered in German: refusals, replies and views, slash and prefix", async () => {
    h = await startHarness();
    // Before choosing: English, as DEFAULT_LANGUAGE says.
    expect((await slash(h, ids.bob, "play", [{ name: "query", type: STRING, value: "never" }])).content).toBe(
      "Join a voice channel first.",
    );

    const set = await setLanguage(h, "deutsch");
    expect(set.content).toBe("**language** auf Deutsch (`de`) gesetzt.");

    // A refusal (a precondition), slash and prefix.
    expect((await slash(h, ids.bob, "play", [{ name: "query", type: STRING, value: "never" }])).content).toBe(
      "Tritt zuerst einem Sprachkanal bei.",
    );
    expect((await prefix(h, ids.bob, "!pause")).content).toBe("Tritt zuerst einem Sprachkanal bei.");
    // An argument problem, with the option's own name and the usage line.
    expect((await prefix(h, ids.alice, "!volume loud")).content).toBe(
      "Level muss eine Zahl sein. Verwendung: `!volume [level]`",
    );
    // A refusal thrown by the music service.
    expect((await prefix(h, ids.alice, "!volume 50")).content).toBe("Gerade läuft nichts.");

    // A normal reply, slash and prefix.
    const played = await slash(h, ids.alice, "play", [{ name: "query", type: STRING, value: "never gonna give" }]);
    expect(played.content).toMatch(/^Jetzt läuft \*\*Never Gonna Give You Up\*\* von Rick Astley \(3:32\)\.$/);
    expect((await prefix(h, ids.alice, "!volume")).content).toBe("Die Lautstärke ist 100 %.");

    // Views: the now-playing message Encore posts on its own, /nowplaying, the queue, help and settings.
    const announced = await h.discord.waitForMessage(ids.text, (m) => m.embeds?.[0]?.title === "Jetzt läuft");
    const labels = (announced.components ?? []).flatMap((row: { components: { label?: string }[] }) =>
      row.components.map((c) => c.label),
    );
    expect(labels).toEqual(["Pause", "Zurück", "Überspringen", "Stopp", "Wiederholen: aus", "Mischen"]);
    const np = await slash(h, ids.alice, "nowplaying");
    expect(np.embeds[0]?.title).toBe("Jetzt läuft");
    expect(np.embeds[0]?.description).toContain("Gewünscht von alice · Lautstärke 100 % · Wiederholen: aus");
    const queue = await prefix(h, ids.alice, "!queue");
    expect(queue.embeds?.[0]?.title).toBe("Warteschlange");
    expect(queue.embeds?.[0]?.description).toContain("Danach ist nichts eingereiht.");
    const help = await slash(h, ids.alice, "help");
    expect(help.embeds[0]?.title).toBe("Encore-Befehle");
    expect(help.embeds[0]?.fields?.map((f: { name: string }) => f.name)).toContain("Warteschlange");
    expect(JSON.stringify(help.embeds[0])).toContain("Pausiert die Wiedergabe");
    const shown = await slash(h, ids.admin, "settings", [], "show");
    expect(shown.embeds[0]?.title).toBe("Servereinstellungen");
    expect(shown.embeds[0]?.description).toContain("**language**: Deutsch (`de`)");
    expect(shown.embeds[0]?.description).toContain("**24-7**: aus");

    // Translated text that names members still pings nobody.
    const queued = await prefix(h, ids.alice, "!play despacito");
    expect(queued.content).toMatch(/^\*\*Despacito\*\* von .* an Position 1 eingereiht\.$/);
    const removed = await slash(h, ids.dj, "removeuser", [{ name: "member", type: USER, value: ids.bob }]);
    expect(removed.content).toBe(`Von <@${ids.bob}> sind keine Titel eingereiht, die ich entfernen könnte.`);
    expect(removed.allowed_mentions).toMatchObject({ parse: [] });

    // Back to the default: the answer comes in the language now in force.
    const reset = await slash(h, ids.admin, "settings", [{ name: "key", type: STRING, value: "language" }], "reset");
    expect(reset.content).toBe("Reset **language** to default (English).");
    expect((await prefix(h, ids.bob, "!pause")).content).toBe("Join a voice channel first.");
  });

  it("without a choice: the server's Discord language when Encore speaks it, else DEFAULT_LANGUAGE", async () => {
    h = await startHarness({ env: { DEFAULT_LANGUAGE: "de" } });
    expect((await prefix(h, ids.bob, "!pause")).content).toBe("Tritt zuerst einem Sprachkanal bei.");
    expect((await setLanguage(h, "en")).content).toBe("Set **language** to English (`en`).");
    expect((await prefix(h, ids.bob, "!pause")).content).toBe("Join a voice channel first.");
    const bad = await setLanguage(h, "klingon");
    expect(bad.content).toBe("Pick a language: `en` (English), `de` (Deutsch), or `default`.");
    await h.stop();

    // A community server whose Discord language is German, on a bot whose default is English.
    h = await startHarness({ discord: { guilds: [{ ...guildSpec(), preferredLocale: "de" }] } });
    expect((await prefix(h, ids.bob, "!pause")).content).toBe("Tritt zuerst einem Sprachkanal bei.");
    const shown = await slash(h, ids.admin, "settings", [], "show");
    expect(shown.embeds[0]?.description).toContain("**language**: Standard (Deutsch)");
  });

  it("registers German names and descriptions for every slash command, and a restart writes nothing again", async () => {
    h = await startHarness();
    await h.discord.waitForRest((r) => r.method === "PUT" && r.path.endsWith("/commands"));
    const play = h.discord.commands().find((c) => c.name === "play");
    expect(play?.name_localizations).toEqual({ de: "abspielen" });
    expect(play?.description_localizations?.de).toMatch(/^Spielt einen Song/);
    const query = play?.options.find((o: { name: string }) => o.name === "query");
    expect(query?.name_localizations).toEqual({ de: "suche" });
    const loop = h.discord.commands().find((c) => c.name === "loop");
    const mode = loop?.options[0];
    expect(mode.choices.map((c: { name_localizations: { de: string } }) => c.name_localizations.de)).toEqual([
      "Aus",
      "Titel",
      "Warteschlange",
    ]);
    expect(h.discord.commandsPuts).toBe(1);

    // The same definitions on the next start: Discord's stored localizations compare equal, nothing is written.
    await h.app.stop();
    const started = Date.now();
    const app2 = createApp(h.config, { logger: h.app.logger, resolveHost: testResolver });
    const first = h;
    h = {
      ...first,
      app: app2,
      stop: async () => {
        await app2.stop();
        await first.stop();
      },
    };
    await app2.start();
    await h.discord.waitForRest(
      (r) =>
        r.method === "GET" && r.path.endsWith("/commands") && r.at >= started && r.query.with_localizations === "true",
    );
    await expect.poll(() => app2.client.isReady()).toBe(true);
    expect(h.discord.commandsPuts).toBe(1);
  });
});
