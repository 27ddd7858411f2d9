import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { parseMetrics } from "../helpers/metrics.ts";
import { slashReply, waitPlaying } from "../helpers/player-driver.ts";

const STRING = 3;

/** The breaker's state as /metrics reports it (the state label whose series is 1). */
async function breakerMetric(h: Harness): Promise<string | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${h.app.httpPort()}/metrics`)).text();
  const m = parseMetrics(text);
  return ["closed", "half-open", "open"].find((state) => m.sample("encore_music_breaker_state", { state }) === 1);
}

function autocomplete(h: Harness, value: string) {
  return h.discord.sendAutocomplete({
    guildId: ids.guild,
    channelId: ids.text,
    userId: ids.bob, // not even in voice
    name: "play",
    options: [{ name: "query", type: STRING, value, focused: true }] as never,
  });
}

describe("user input never trips the circuit breaker (production defaults)", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("sources the node lacks, asked for in autocomplete, leave music on for everyone", async () => {
    h = await startHarness();
    for (const value of ["speak:hello", "amsearch:x", "tts:x"]) {
      const ac = autocomplete(h, value);
      await expect.poll(() => ac.autocompleteChoices, { timeout: 5000 }).toEqual([]);
    }
    expect(await breakerMetric(h)).toBe("closed");
    const reply = await slashReply(h, "play", ids.alice, { query: "despacito" });
    expect(reply.content).toMatch(/^Now playing \*\*Despacito\*\*/);
    await waitPlaying(h, "Despacito");
    expect(await breakerMetric(h)).toBe("closed");
  });

  it("a query the node refuses (4xx) is the member's problem; a 5xx is the node's", async () => {
    h = await startHarness({ env: { BREAKER_FAILURE_THRESHOLD: "2" } });
    h.node.failNext(3, 400, "/v4/loadtracks");
    for (const query of ["never gonna", "bohemian", "nirvana"]) {
      h.elapse(10_000);
      const reply = await slashReply(h, "play", ids.alice, { query });
      expect(reply.content).toMatch(/^The music node refused that: /);
    }
    expect(await breakerMetric(h)).toBe("closed");
    h.elapse(10_000);
    const speak = await slashReply(h, "play", ids.alice, { query: "speak:hello there" });
    expect(speak.content).toBe("The music node has no text-to-speech source.");
    expect(await breakerMetric(h)).toBe("closed");
    // Node failures still count.
    h.node.failNext(2, 503, "/v4/loadtracks");
    for (const query of ["despacito", "queen"]) {
      h.elapse(10_000);
      expect((await slashReply(h, "play", ids.alice, { query })).content).toMatch(/couldn't do that just now/);
    }
    expect(await breakerMetric(h)).toBe("open");
  });
});
