import { LANGUAGE_CODES, LANGUAGES, type Language, type Translate, userError } from "../i18n/translate.ts";
import { type GuildSettings, SPONSORBLOCK_CATEGORIES, type SponsorBlockCategory } from "../store/types.ts";
import { parseDuration } from "./args.ts";

type Key = keyof GuildSettings;

/** What a setting's display needs besides the settings: the default prefix, the language in force, `t`. */
export interface ShowContext {
  readonly prefix: string;
  /** The language the guild speaks when its own setting is null (its Discord language, else DEFAULT_LANGUAGE). */
  readonly defaultLanguage: Language;
  readonly t: Translate;
}

interface SettingSpec {
  readonly key: Key;
  readonly label: string;
  readonly parse: (text: string) => GuildSettings[Key];
  readonly show: (s: Readonly<GuildSettings>, c: ShowContext) => string;
}

const onOff = (text: string): boolean => {
  const t = text.toLowerCase();
  if (["on", "true", "yes", "enable", "enabled", "1", "an", "ja"].includes(t)) return true;
  if (["off", "false", "no", "disable", "disabled", "0", "aus", "nein"].includes(t)) return false;
  throw userError("BAD_ARGUMENT", "settings.onOff");
};
const numberOrDefault = (text: string): number | null => {
  if (["default", "none", "off"].includes(text.toLowerCase())) return null;
  const n = Number(text);
  if (!Number.isFinite(n)) throw userError("BAD_ARGUMENT", "settings.number");
  return n;
};
const seconds = (text: string): number => {
  const ms = parseDuration(text);
  if (ms === null) throw userError("BAD_ARGUMENT", "settings.time");
  return ms / 1000;
};
const roleIds = (text: string): string[] => {
  if (["none", "clear", "default"].includes(text.toLowerCase())) return [];
  const found = [...text.matchAll(/<@&(\d{17,20})>|\b(\d{17,20})\b/g)].map((m) => m[1] ?? m[2] ?? "");
  if (found.length === 0) throw userError("BAD_ARGUMENT", "settings.roles");
  return found;
};
const channelIds = (text: string): string[] => {
  if (["none", "clear", "all", "any", "default"].includes(text.toLowerCase())) return [];
  const found = [...text.matchAll(/<#(\d{17,20})>|\b(\d{17,20})\b/g)].map((m) => m[1] ?? m[2] ?? "");
  if (found.length === 0) throw userError("BAD_ARGUMENT", "settings.channels");
  return found;
};
const oneChannel = (text: string): string | null => {
  const [id, ...more] = channelIds(text);
  if (more.length > 0) throw userError("BAD_ARGUMENT", "settings.oneChannel");
  return id ?? null;
};
/** `sponsor, selfpromo` (commas or spaces), `all`, or `off`. */
const sponsorCategories = (text: string): SponsorBlockCategory[] => {
  const t = text.trim().toLowerCase();
  if (["off", "none", "clear", "default"].includes(t)) return [];
  if (t === "all") return [...SPONSORBLOCK_CATEGORIES];
  const named = t.split(/[\s,]+/).filter(Boolean);
  const unknown = named.filter((c) => !SPONSORBLOCK_CATEGORIES.some((k) => k === c));
  if (named.length === 0 || unknown.length > 0) {
    throw userError("BAD_ARGUMENT", "settings.sponsorblock", { categories: SPONSORBLOCK_CATEGORIES.join(", ") });
  }
  return SPONSORBLOCK_CATEGORIES.filter((c) => named.includes(c));
};

/** "de", "deutsch", "German", "en-GB" → the language; "default" → null. */
export const languageSetting = (text: string): Language | null => {
  const t = text.trim().toLowerCase();
  if (["default", "none", "auto"].includes(t)) return null;
  const found = LANGUAGE_CODES.find(
    (code) => code === t.split(/[-_]/)[0] || LANGUAGES[code].name.toLowerCase() === t || LANGUAGES[code].english === t,
  );
  if (!found) {
    const languages = LANGUAGE_CODES.map((code) => `\`${code}\` (${LANGUAGES[code].name})`).join(", ");
    throw userError("BAD_ARGUMENT", "settings.language", { languages });
  }
  return found;
};

const yesNo = (b: boolean, t: Translate) => t(b ? "settings.on" : "settings.off");
const secs = (n: number) => (n % 60 === 0 && n >= 60 ? `${n / 60}m` : `${n}s`);

/** User-facing names of guild settings (kebab-case) with their parsers and displays. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    key: "prefix",
    label: "prefix",
    parse: (t) => (t.toLowerCase() === "default" ? null : t),
    show: (s, c) => `\`${s.prefix ?? c.prefix}\``,
  },
  {
    key: "djRoleIds",
    label: "dj-roles",
    parse: roleIds,
    show: (s, c) => (s.djRoleIds.length ? s.djRoleIds.map((id) => `<@&${id}>`).join(", ") : c.t("settings.noRoles")),
  },
  {
    key: "defaultVolume",
    label: "default-volume",
    parse: numberOrDefault,
    show: (s, c) => (s.defaultVolume === null ? c.t("settings.default") : `${s.defaultVolume}%`),
  },
  { key: "twentyFourSeven", label: "24-7", parse: onOff, show: (s, c) => yesNo(s.twentyFourSeven, c.t) },
  { key: "aloneLeaveSeconds", label: "alone-leave", parse: seconds, show: (s) => secs(s.aloneLeaveSeconds) },
  { key: "pauseWhenAlone", label: "pause-when-alone", parse: onOff, show: (s, c) => yesNo(s.pauseWhenAlone, c.t) },
  { key: "queueEndLeaveSeconds", label: "queue-end-leave", parse: seconds, show: (s) => secs(s.queueEndLeaveSeconds) },
  { key: "announceNowPlaying", label: "announce", parse: onOff, show: (s, c) => yesNo(s.announceNowPlaying, c.t) },
  {
    key: "voteSkipRatio",
    label: "vote-skip-ratio",
    parse: (t) => Number(t.replace(/%$/, "")) / (t.endsWith("%") ? 100 : 1),
    show: (s) => `${Math.round(s.voteSkipRatio * 100)}%`,
  },
  {
    key: "maxQueueLength",
    label: "max-queue",
    parse: numberOrDefault,
    show: (s, c) => (s.maxQueueLength === null ? c.t("settings.default") : String(s.maxQueueLength)),
  },
  {
    key: "maxTrackMinutes",
    label: "max-track-minutes",
    parse: numberOrDefault,
    show: (s, c) =>
      s.maxTrackMinutes === null ? c.t("settings.noLimit") : c.t("settings.minutes", { count: s.maxTrackMinutes }),
  },
  { key: "fairQueue", label: "fair-queue", parse: onOff, show: (s, c) => yesNo(s.fairQueue, c.t) },
  { key: "djOnly", label: "dj-only", parse: onOff, show: (s, c) => yesNo(s.djOnly, c.t) },
  {
    key: "maxTracksPerMember",
    label: "member-queue-limit",
    parse: numberOrDefault,
    show: (s, c) =>
      s.maxTracksPerMember === null
        ? c.t("settings.noLimit")
        : c.t("settings.memberLimit", { count: s.maxTracksPerMember }),
  },
  { key: "noDuplicates", label: "no-duplicates", parse: onOff, show: (s, c) => yesNo(s.noDuplicates, c.t) },
  {
    key: "commandChannelIds",
    label: "command-channels",
    parse: channelIds,
    show: (s, c) =>
      s.commandChannelIds.length ? s.commandChannelIds.map((id) => `<#${id}>`).join(", ") : c.t("settings.all"),
  },
  {
    key: "voiceChannelId",
    label: "voice-channel",
    parse: oneChannel,
    show: (s, c) => (s.voiceChannelId ? `<#${s.voiceChannelId}>` : c.t("settings.any")),
  },
  {
    key: "sponsorBlockCategories",
    label: "sponsorblock",
    parse: sponsorCategories,
    show: (s, c) => (s.sponsorBlockCategories.length ? s.sponsorBlockCategories.join(", ") : c.t("settings.off")),
  },
  {
    key: "defaultSource",
    label: "default-source",
    parse: (t) => {
      const aliases: Record<string, string | null> = {
        yt: "ytsearch",
        ytm: "ytmsearch",
        sc: "scsearch",
        sp: "spsearch",
        spotify: "spsearch",
        am: "amsearch",
        apple: "amsearch",
        dz: "dzsearch",
        deezer: "dzsearch",
        default: null,
      };
      const lowered = t.toLowerCase();
      const v = lowered in aliases ? aliases[lowered] : lowered;
      return v as GuildSettings["defaultSource"];
    },
    show: (s, c) => s.defaultSource ?? c.t("settings.default"),
  },
  {
    key: "language",
    label: "language",
    parse: languageSetting,
    show: (s, c) =>
      s.language
        ? `${LANGUAGES[s.language].name} (\`${s.language}\`)`
        : c.t("settings.languageDefault", { language: LANGUAGES[c.defaultLanguage].name }),
  },
];

export const SETTING_NAMES: readonly string[] = SETTINGS.map((s) => s.label);
