import { describe, expect, it } from "vitest";
import { en } from "../../../src/i18n/en/index.ts";
import {
  english,
  isLanguage,
  LANGUAGE_CODES,
  LANGUAGES,
  languageOfLocale,
  pickLanguage,
  render,
  sayError,
  translator,
  userError,
} from "../../../src/i18n/translate.ts";

/**
 * Renders a message with parameters that mark where each one lands: a text's `{name}` or a function's `p.name`
 * comes out as ⟦name⟧ (numbers included, so plural branches take their "many" form).
 */
function markers(messages: Readonly<Record<string, unknown>>, key: string): string[] {
  const message = messages[key];
  const probe = new Proxy({}, { get: (_t, name) => (typeof name === "string" ? `⟦${name}⟧` : undefined) });
  const text =
    typeof message === "function"
      ? (message as (p: unknown) => string)(probe)
      : String(message).replace(/\{(\w+)\}/g, (_m, name: string) => `⟦${name}⟧`);
  return [...new Set([...text.matchAll(/⟦(\w+)⟧/g)].map((m) => m[1] ?? ""))].sort();
}

const keys = Object.keys(en).sort();
const others = LANGUAGE_CODES.filter((code) => code !== "en");

describe("the message catalogue", () => {
  it("has English and at least one more language", () => {
    expect(LANGUAGE_CODES).toContain("en");
    expect(others.length).toBeGreaterThan(0);
    expect(keys.length).toBeGreaterThan(300);
  });

  it.each(others)("%s has exactly the English keys", (code) => {
    const theirs = Object.keys(LANGUAGES[code].messages).sort();
    expect(keys.filter((k) => !theirs.includes(k))).toEqual([]);
    expect(theirs.filter((k) => !keys.includes(k))).toEqual([]);
  });

  it.each(others)("%s uses the same parameters as English in every message", (code) => {
    const messages = LANGUAGES[code].messages as Readonly<Record<string, unknown>>;
    const different = keys.filter((key) => JSON.stringify(markers(messages, key)) !== JSON.stringify(markers(en, key)));
    expect(different).toEqual([]);
  });

  it.each(others)("%s says every message in its own words, never empty", (code) => {
    const messages = LANGUAGES[code].messages as Readonly<Record<string, unknown>>;
    const empty = keys.filter((key) => markers(messages, key).length === 0 && String(render(code, key)).trim() === "");
    expect(empty).toEqual([]);
    // Names, symbols and numbers may read the same in both; whole sentences may not.
    const same = keys.filter((key) => {
      const theirs = render(code, key, probeFor());
      return theirs === render("en", key, probeFor()) && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/i.test(theirs);
    });
    expect(same).toEqual([]);
  });

  it("fills placeholders and keeps unknown ones as written", () => {
    expect(english("refusal.notSameVoice", { channel: "<#1>" })).toBe("You need to be in <#1> with me to do that.");
    expect(translator("de")("clear.done", { count: 1 })).toBe("1 Titel aus der Warteschlange entfernt.");
    expect(english("clear.done", { count: 1 })).toBe("Cleared 1 track from the queue.");
    expect(english("clear.done", { count: 2 })).toBe("Cleared 2 tracks from the queue.");
    expect(render("en", "router.usage", { problem: "x" })).toBe("x. Usage: `{usage}`");
  });

  it("a refusal carries its key: English in its message, the listener's language when said", () => {
    const err = userError("QUEUE_FULL", "music.queueFull", { limit: 5 });
    expect(err.code).toBe("QUEUE_FULL");
    expect(err.message).toBe("The queue is full (5 tracks).");
    expect(sayError(translator("de"), err)).toBe("Die Warteschlange ist voll (5 Titel).");
  });

  it("picks the guild's language: its setting, its Discord language when spoken (not en-US), the default", () => {
    expect(pickLanguage("en", "de", "de")).toBe("en");
    expect(pickLanguage(null, "de", "en")).toBe("de");
    expect(pickLanguage(null, "en-GB", "de")).toBe("en");
    expect(pickLanguage(null, "en-US", "de")).toBe("de");
    expect(pickLanguage(null, "ja", "de")).toBe("de");
    expect(pickLanguage(null, null, "en")).toBe("en");
    expect(languageOfLocale("de")).toBe("de");
    expect(isLanguage("de")).toBe(true);
    expect(isLanguage("xx")).toBe(false);
  });
});

/** Parameters for rendering a message whole: each named parameter gets its own name (a number for counts). */
function probeFor(): unknown {
  return new Proxy({}, { get: (_t, name) => (name === "count" ? 3 : typeof name === "string" ? name : undefined) });
}
