import { isLanguage, LANGUAGE_CODES, type LocalText, text, userError } from "../i18n/translate.ts";
import {
  DEFAULT_GUILD_SETTINGS,
  type GuildSettings,
  SPONSORBLOCK_CATEGORIES,
  type SponsorBlockCategory,
} from "./types.ts";

/**
 * Rules for guild settings, shared by every store backend: what `update` accepts, and how stored values written by
 * any build (older, newer, hand-edited) are read back.
 */

const INVALID: unique symbol = Symbol("invalid");
type Parsed<T> = T | typeof INVALID;

interface SettingRule<K extends keyof GuildSettings> {
  /** Completes "Setting "x" must be …" in the error message. */
  allowed: LocalText;
  parse(value: unknown): Parsed<GuildSettings[K]>;
}

type Rules = { readonly [K in keyof GuildSettings]: SettingRule<K> };

export const SETTING_LIMITS = Object.freeze({
  prefixMaxLength: 10,
  maxDjRoles: 25,
  maxVolume: 150,
  maxLeaveSeconds: 86_400,
  maxQueueLength: 10_000,
  maxTrackMinutes: 1_440,
  maxCommandChannels: 25,
});

const SNOWFLAKE = /^\d{17,20}$/;
const SOURCES = ["ytsearch", "ytmsearch", "scsearch", "spsearch", "amsearch", "dzsearch"] as const;

const BOOLEAN = Object.freeze({
  allowed: text("allowed.boolean"),
  parse: (v: unknown): Parsed<boolean> => (typeof v === "boolean" ? v : INVALID),
});

function integer(min: number, max: number, v: unknown): Parsed<number> {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : INVALID;
}

function snowflakes(max: number, v: unknown): Parsed<string[]> {
  if (!Array.isArray(v) || !v.every((id): id is string => typeof id === "string" && SNOWFLAKE.test(id))) return INVALID;
  const unique = [...new Set(v)];
  return unique.length <= max ? unique : INVALID;
}

function nullable<T>(parse: (v: unknown) => Parsed<T>): (v: unknown) => Parsed<T | null> {
  return (v) => (v === null ? null : parse(v));
}

const RULES: Rules = {
  prefix: {
    allowed: text("allowed.prefix", { max: SETTING_LIMITS.prefixMaxLength }),
    parse: nullable((v) =>
      typeof v === "string" && v.length >= 1 && [...v].length <= SETTING_LIMITS.prefixMaxLength && !/\s/.test(v)
        ? v
        : INVALID,
    ),
  },
  djRoleIds: {
    allowed: text("allowed.roles", { max: SETTING_LIMITS.maxDjRoles }),
    parse: (v) => {
      if (!Array.isArray(v) || !v.every((id): id is string => typeof id === "string" && SNOWFLAKE.test(id))) {
        return INVALID;
      }
      const unique = [...new Set(v)];
      return unique.length <= SETTING_LIMITS.maxDjRoles ? unique : INVALID;
    },
  },
  defaultVolume: {
    allowed: text("allowed.wholeOrDefault", { min: 0, max: SETTING_LIMITS.maxVolume }),
    parse: nullable((v) => integer(0, SETTING_LIMITS.maxVolume, v)),
  },
  twentyFourSeven: BOOLEAN,
  aloneLeaveSeconds: {
    allowed: text("allowed.seconds", { max: SETTING_LIMITS.maxLeaveSeconds }),
    parse: (v) => integer(0, SETTING_LIMITS.maxLeaveSeconds, v),
  },
  pauseWhenAlone: BOOLEAN,
  queueEndLeaveSeconds: {
    allowed: text("allowed.seconds", { max: SETTING_LIMITS.maxLeaveSeconds }),
    parse: (v) => integer(0, SETTING_LIMITS.maxLeaveSeconds, v),
  },
  announceNowPlaying: BOOLEAN,
  voteSkipRatio: {
    allowed: text("allowed.ratio"),
    parse: (v) => (typeof v === "number" && v >= 0 && v <= 1 ? v : INVALID),
  },
  maxQueueLength: {
    allowed: text("allowed.wholeOrDefault", { min: 1, max: SETTING_LIMITS.maxQueueLength }),
    parse: nullable((v) => integer(1, SETTING_LIMITS.maxQueueLength, v)),
  },
  maxTrackMinutes: {
    allowed: text("allowed.minutes", { max: SETTING_LIMITS.maxTrackMinutes }),
    parse: nullable((v) => integer(1, SETTING_LIMITS.maxTrackMinutes, v)),
  },
  fairQueue: BOOLEAN,
  djOnly: BOOLEAN,
  maxTracksPerMember: {
    allowed: text("allowed.wholeOrNoLimit", { max: SETTING_LIMITS.maxQueueLength }),
    parse: nullable((v) => integer(1, SETTING_LIMITS.maxQueueLength, v)),
  },
  noDuplicates: BOOLEAN,
  commandChannelIds: {
    allowed: text("allowed.channels", { max: SETTING_LIMITS.maxCommandChannels }),
    parse: (v) => snowflakes(SETTING_LIMITS.maxCommandChannels, v),
  },
  voiceChannelId: {
    allowed: text("allowed.channelOrAny"),
    parse: nullable((v) => (typeof v === "string" && SNOWFLAKE.test(v) ? v : INVALID)),
  },
  requestChannelId: {
    allowed: text("allowed.channelOrNone"),
    parse: nullable((v) => (typeof v === "string" && SNOWFLAKE.test(v) ? v : INVALID)),
  },
  requestMessageId: {
    allowed: text("allowed.messageOrNone"),
    parse: nullable((v) => (typeof v === "string" && SNOWFLAKE.test(v) ? v : INVALID)),
  },
  sponsorBlockCategories: {
    allowed: text("allowed.sponsorblock", { categories: SPONSORBLOCK_CATEGORIES.join(", ") }),
    parse: (v) => {
      if (!Array.isArray(v)) return INVALID;
      const known = (c: unknown): c is SponsorBlockCategory => SPONSORBLOCK_CATEGORIES.some((k) => k === c);
      if (!v.every(known)) return INVALID;
      return SPONSORBLOCK_CATEGORIES.filter((c) => v.includes(c));
    },
  },
  language: {
    allowed: text("allowed.oneOf", { values: LANGUAGE_CODES.join(", ") }),
    parse: nullable((v) => (isLanguage(v) ? v : INVALID)),
  },
  defaultSource: {
    allowed: text("allowed.oneOf", { values: SOURCES.join(", ") }),
    parse: nullable((v) => (SOURCES.find((s) => s === v) === undefined ? INVALID : (v as (typeof SOURCES)[number]))),
  },
};

export const SETTING_KEYS: readonly (keyof GuildSettings)[] = Object.freeze(
  Object.keys(DEFAULT_GUILD_SETTINGS) as (keyof GuildSettings)[],
);

export function isSettingKey(key: string): key is keyof GuildSettings {
  return Object.hasOwn(RULES, key);
}

/**
 * Checks every key of `patch` and returns the normalised values (e.g. role ids deduplicated).
 * @throws UserError "BAD_ARGUMENT" for an unknown setting or a value outside its allowed range
 */
export function validateSettingsPatch(patch: Partial<GuildSettings>): Partial<GuildSettings> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!isSettingKey(key)) throw userError("BAD_ARGUMENT", "store.noSuchSetting", { key });
    const parsed = RULES[key].parse(value);
    if (parsed === INVALID) {
      throw userError("BAD_ARGUMENT", "store.settingMust", { key, allowed: RULES[key].allowed });
    }
    out[key] = parsed;
  }
  return out as Partial<GuildSettings>;
}

/**
 * Reads settings stored by any build: missing keys, keys with values this build does not accept, and anything that is
 * not an object read as defaults; unknown keys are ignored. Never throws. Returns a frozen object.
 */
export function settingsFromStored(stored: unknown): GuildSettings {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return DEFAULT_GUILD_SETTINGS;
  const source = stored as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const parsed = Object.hasOwn(source, key) ? RULES[key].parse(source[key]) : INVALID;
    out[key] = parsed === INVALID ? DEFAULT_GUILD_SETTINGS[key] : parsed;
  }
  return freezeSettings(out as unknown as GuildSettings);
}

/** Freezes a settings object and its role list, so a value shared through a cache cannot be changed by a reader. */
export function freezeSettings(s: GuildSettings): GuildSettings {
  if (Object.isFrozen(s)) return s;
  Object.freeze(s.djRoleIds);
  Object.freeze(s.commandChannelIds);
  Object.freeze(s.sponsorBlockCategories);
  return Object.freeze(s);
}
