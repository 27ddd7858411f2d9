import { describe, expect, it } from "vitest";
import { SETTINGS } from "../../../src/commands/settings-keys.ts";
import { english } from "../../../src/i18n/translate.ts";
import { segmentNote } from "../../../src/music/sponsorblock.ts";
import { settingsFromStored, validateSettingsPatch } from "../../../src/store/settings-schema.ts";

const spec = SETTINGS.find((s) => s.label === "sponsorblock");

describe("the sponsorblock setting", () => {
  it("reads categories (commas or spaces, any order), all and off", () => {
    expect(spec?.parse("intro, sponsor")).toEqual(["sponsor", "intro"]);
    expect(spec?.parse("music_offtopic filler")).toEqual(["music_offtopic", "filler"]);
    expect(spec?.parse("all")).toHaveLength(8);
    expect(spec?.parse("off")).toEqual([]);
    expect(() => spec?.parse("sponsor ads")).toThrow(/Name SponsorBlock categories/);
  });

  it("is validated when stored and read back", () => {
    expect(validateSettingsPatch({ sponsorBlockCategories: ["outro", "sponsor"] })).toEqual({
      sponsorBlockCategories: ["sponsor", "outro"],
    });
    expect(() => validateSettingsPatch({ sponsorBlockCategories: ["ads" as never] })).toThrow(/SponsorBlock/);
    expect(settingsFromStored({ sponsorBlockCategories: "sponsor" }).sponsorBlockCategories).toEqual([]);
    expect(Object.isFrozen(settingsFromStored({ sponsorBlockCategories: ["intro"] }).sponsorBlockCategories)).toBe(
      true,
    );
  });

  it("notes a skipped segment with its category and times", () => {
    expect(segmentNote(english, { category: "selfpromo", startMs: 5_400, endMs: 3_725_000 })).toBe(
      "⏭️ Skipped a self-promotion segment (0:05–1:02:05).",
    );
    expect(segmentNote(english, { category: "something_new", startMs: 0, endMs: 1_000 })).toBe(
      "⏭️ Skipped a marked segment (0:00–0:01).",
    );
  });
});
