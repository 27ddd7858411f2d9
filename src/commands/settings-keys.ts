import { UserError } from "../core/errors.ts";
import { type GuildSettings, SPONSORBLOCK_CATEGORIES, type SponsorBlockCategory } from "../store/types.ts";
import { parseDuration } from "./args.ts";

type Key = keyof GuildSettings;

interface SettingSpec {
  readonly key: Key;
  readonly label: string;
  readonly parse: (text: string) => GuildSettings[Key];
  readonly show: (s: Readonly<GuildSettings>, defaults: { prefix: string }) => string;
}

const onOff = (text: string): boolean => {
  const t = text.toLowerCase();
  if (["on", "true", "yes", "enable", "enabled", "1"].includes(t)) return true;
  if (["off", "false", "no", "disable", "disabled", "0"].includes(t)) return false;
  throw new UserError("BAD_ARGUMENT", "Use on or off.");
};
const numberOrDefault = (text: string): number | null => {
  if (["default", "none", "off"].includes(text.toLowerCase())) return null;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new UserError("BAD_ARGUMENT", "Give a number, or `default`.");
  return n;
};
const seconds = (text: string): number => {
  const ms = parseDuration(text);
  if (ms === null) throw new UserError("BAD_ARGUMENT", "Give a time like 90, 2m or 1:30.");
  return ms / 1000;
};
const roleIds = (text: string): string[] => {
  if (["none", "clear", "default"].includes(text.toLowerCase())) return [];
  const found = [...text.matchAll(/<@&(\d{17,20})>|\b(\d{17,20})\b/g)].map((m) => m[1] ?? m[2] ?? "");
  if (found.length === 0) throw new UserError("BAD_ARGUMENT", "Mention the DJ roles (or give their ids), or `none`.");
  return found;
};
const channelIds = (text: string): string[] => {
  if (["none", "clear", "all", "any", "default"].includes(text.toLowerCase())) return [];
  const found = [...text.matchAll(/<#(\d{17,20})>|\b(\d{17,20})\b/g)].map((m) => m[1] ?? m[2] ?? "");
  if (found.length === 0) throw new UserError("BAD_ARGUMENT", "Mention the channels (or give their ids), or `all`.");
  return found;
};
const oneChannel = (text: string): string | null => {
  const [id, ...more] = channelIds(text);
  if (more.length > 0) throw new UserError("BAD_ARGUMENT", "Name one voice channel, or `any`.");
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
    throw new UserError(
      "BAD_ARGUMENT",
      `Name SponsorBlock categories (${SPONSORBLOCK_CATEGORIES.join(", ")}), or \`all\` or \`off\`.`,
    );
  }
  return SPONSORBLOCK_CATEGORIES.filter((c) => named.includes(c));
};
const yesNo = (b: boolean) => (b ? "on" : "off");
const secs = (n: number) => (n % 60 === 0 && n >= 60 ? `${n / 60}m` : `${n}s`);

/** User-facing names of guild settings (kebab-case) with their parsers and displays. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    key: "prefix",
    label: "prefix",
    parse: (t) => (t.toLowerCase() === "default" ? null : t),
    show: (s, d) => `\`${s.prefix ?? d.prefix}\``,
  },
  {
    key: "djRoleIds",
    label: "dj-roles",
    parse: roleIds,
    show: (s) =>
      s.djRoleIds.length ? s.djRoleIds.map((id) => `<@&${id}>`).join(", ") : "none (a role named DJ counts)",
  },
  {
    key: "defaultVolume",
    label: "default-volume",
    parse: numberOrDefault,
    show: (s) => (s.defaultVolume === null ? "default" : `${s.defaultVolume}%`),
  },
  { key: "twentyFourSeven", label: "24-7", parse: onOff, show: (s) => yesNo(s.twentyFourSeven) },
  { key: "aloneLeaveSeconds", label: "alone-leave", parse: seconds, show: (s) => secs(s.aloneLeaveSeconds) },
  { key: "pauseWhenAlone", label: "pause-when-alone", parse: onOff, show: (s) => yesNo(s.pauseWhenAlone) },
  { key: "queueEndLeaveSeconds", label: "queue-end-leave", parse: seconds, show: (s) => secs(s.queueEndLeaveSeconds) },
  { key: "announceNowPlaying", label: "announce", parse: onOff, show: (s) => yesNo(s.announceNowPlaying) },
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
    show: (s) => (s.maxQueueLength === null ? "default" : String(s.maxQueueLength)),
  },
  {
    key: "maxTrackMinutes",
    label: "max-track-minutes",
    parse: numberOrDefault,
    show: (s) => (s.maxTrackMinutes === null ? "no limit" : `${s.maxTrackMinutes} min`),
  },
  { key: "fairQueue", label: "fair-queue", parse: onOff, show: (s) => yesNo(s.fairQueue) },
  { key: "djOnly", label: "dj-only", parse: onOff, show: (s) => yesNo(s.djOnly) },
  {
    key: "maxTracksPerMember",
    label: "member-queue-limit",
    parse: numberOrDefault,
    show: (s) => (s.maxTracksPerMember === null ? "no limit" : `${s.maxTracksPerMember} tracks (DJs exempt)`),
  },
  { key: "noDuplicates", label: "no-duplicates", parse: onOff, show: (s) => yesNo(s.noDuplicates) },
  {
    key: "commandChannelIds",
    label: "command-channels",
    parse: channelIds,
    show: (s) => (s.commandChannelIds.length ? s.commandChannelIds.map((id) => `<#${id}>`).join(", ") : "all"),
  },
  {
    key: "voiceChannelId",
    label: "voice-channel",
    parse: oneChannel,
    show: (s) => (s.voiceChannelId ? `<#${s.voiceChannelId}>` : "any"),
  },
  {
    key: "sponsorBlockCategories",
    label: "sponsorblock",
    parse: sponsorCategories,
    show: (s) => (s.sponsorBlockCategories.length ? s.sponsorBlockCategories.join(", ") : "off"),
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
    show: (s) => s.defaultSource ?? "default",
  },
];

export const SETTING_NAMES: readonly string[] = SETTINGS.map((s) => s.label);
