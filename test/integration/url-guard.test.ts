import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { prefixReply, slashReply } from "../helpers/player-driver.ts";

const STRING = 3;

/**
 * Every way a member was able to make the node fetch from inside the host's network: lavalink-client's own source
 * prefixes in any case, names that resolve inside, single-label (compose service) names, IPv6 forms of blocked IPv4
 * addresses, and links the guard cannot parse.
 */
const REFUSED = [
  "http://169.254.169.254/latest/meta-data/",
  "uri:http://169.254.169.254/latest/meta-data/",
  "link:http://127.0.0.1/",
  "LINK:http://[::1]:2333/v4/info",
  "Uri: http://10.0.0.1/a.mp3",
  "https:http://127.0.0.1/",
  "sc:http://192.168.1.1/a.mp3",
  "local:/etc/passwd",
  "LOCAL:/etc/passwd",
  "http://127.0.0.1.nip.io/",
  "http://metadata.example.net/latest/meta-data/",
  "http://internal.example.net/a.mp3",
  "http://lavalink:2333/v4/info",
  "http://encore:8080/metrics",
  "http://metadata.google.internal/computeMetadata/v1/",
  "http://[::127.0.0.1]/",
  "http://[64:ff9b::7f00:1]/",
  "http://[::ffff:0:7f00:1]/",
  "http://[fec0::1]/",
  "http://198.18.0.1/",
  "http://100.64.0.1/",
  "http://127.0.0.1:99999/",
  "http://[127.0.0.1]/",
  "file:///etc/passwd",
];

const REFUSAL = /^That (link )?can't be played: /;

describe("the URL guard holds on every path a query takes (production defaults)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    expect((await prefixReply(h, "playlist create mix")).content).toMatch(/Created your playlist/);
  });
  afterAll(async () => {
    await h.stop();
  });

  const loads = () => h.node.requests.filter((r) => r.path === "/v4/loadtracks");

  it.each(REFUSED)(
    "%s is refused by /play, !play, /play autocomplete, !playlist add, !search and !playnext",
    async (query) => {
      // A member trying these one after another, at a person's pace.
      h.elapse(60_000);
      const before = h.node.requests.length;
      expect((await slashReply(h, "play", ids.alice, { query })).content).toMatch(REFUSAL);
      expect((await prefixReply(h, `play ${query}`)).content).toMatch(REFUSAL);
      expect((await prefixReply(h, `playlist add mix ${query}`)).content).toMatch(REFUSAL);
      expect((await prefixReply(h, `search ${query}`)).content).toMatch(REFUSAL);
      expect((await prefixReply(h, `playnext ${query}`)).content).toMatch(REFUSAL);
      // Autocomplete needs no voice channel: bob is not in one.
      const ac = h.discord.sendAutocomplete({
        guildId: ids.guild,
        channelId: ids.text,
        userId: ids.bob,
        name: "play",
        options: [{ name: "query", type: STRING, value: query, focused: true }] as never,
      });
      await expect.poll(() => ac.autocompleteChoices, { timeout: 5000 }).toEqual([]);
      // Nothing reached the node: no load, no player.
      const reached = h.node.requests
        .slice(before)
        .filter((r) => r.path === "/v4/loadtracks" || r.path.includes("/players"));
      expect(reached).toEqual([]);
    },
  );

  it("nothing refused ever reached the node, while a public link still loads as a link", async () => {
    expect(loads()).toEqual([]);
    h.elapse(60_000);
    const link = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";
    expect((await slashReply(h, "play", ids.alice, { query: link })).content).toMatch(/Now playing .*Never Gonna/);
    expect(loads().map((r) => r.query.identifier)).toEqual([link]);
  });
});

describe("ALLOW_PRIVATE_URLS=true", () => {
  let h: Harness;
  afterAll(async () => {
    await h.stop();
  });

  it("lets links to private addresses and single-label names reach the node, but never local files", async () => {
    h = await startHarness({ env: { ALLOW_PRIVATE_URLS: "true" } });
    const sent: string[] = [];
    for (const query of ["http://192.168.1.20/stream.mp3", "uri:http://nas:8000/a.mp3"]) {
      h.elapse(60_000);
      expect((await slashReply(h, "play", ids.alice, { query })).content).toBe("I couldn't find anything for that.");
      sent.push(query.replace(/^uri:/, ""));
    }
    h.elapse(60_000);
    expect((await slashReply(h, "play", ids.alice, { query: "local:/etc/passwd" })).content).toMatch(REFUSAL);
    expect(h.node.requests.filter((r) => r.path === "/v4/loadtracks").map((r) => r.query.identifier)).toEqual(sent);
  });
});
