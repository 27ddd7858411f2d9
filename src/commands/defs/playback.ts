import { defineCommand } from "../define.ts";
import type { OptionDef } from "../types.ts";

const QUERY = {
  name: "query",
  description: "What to play: search words or a link; prefix yt:, ytm:, sc:, sp:, am: or dz: picks a source",
  type: "string",
  required: true,
  max: 500,
  autocomplete: true,
  rest: true,
} as const;

const SHUFFLE = {
  name: "shuffle",
  description: "Shuffle a playlist's tracks as they are added",
  type: "boolean",
  flag: true,
} as const;

const FILE = {
  name: "file",
  description: "An audio file to play (mp3, ogg, flac, wav, m4a…) instead of a search or a link",
  type: "attachment",
} as const;

const CONTROL = ["inVoice", "sameVoice", "playerActive", "canControl"] as const;

const AMOUNT = {
  name: "amount",
  description: "How far: 10, 30, 1:30 or 2m (default 10 seconds)",
  type: "duration",
  min: 1000,
  max: 86_400_000,
} as const;

export const PLAY_OPTIONS = [{ ...QUERY, required: false }, SHUFFLE, FILE] as const satisfies readonly OptionDef[];

export const PLAYNEXT_OPTIONS = [QUERY, SHUFFLE] as const satisfies readonly OptionDef[];

export const SEARCH_OPTIONS = [
  {
    ...QUERY,
    description: "Search words (prefix yt:, ytm:, sc:, sp:, am: or dz: to pick a source)",
    autocomplete: false,
  },
] as const satisfies readonly OptionDef[];

/** forward and rewind. */
export const SEEK_BY_OPTIONS = [AMOUNT] as const satisfies readonly OptionDef[];

export const AUTOPLAY_OPTIONS = [
  { name: "state", description: "on or off (toggles when left out)", type: "boolean" },
] as const satisfies readonly OptionDef[];

export const SKIPTO_OPTIONS = [
  { name: "position", description: "Queue position", type: "integer", required: true, min: 1, max: 100_000 },
] as const satisfies readonly OptionDef[];

export const SKIP_OPTIONS = [
  { name: "to", description: "Queue position to skip to", type: "integer", min: 1, max: 100_000 },
] as const satisfies readonly OptionDef[];

export const SEEK_OPTIONS = [
  { name: "time", description: "Where to jump: 90, 1:30 or 1:02:03", type: "duration", required: true, min: 0 },
] as const satisfies readonly OptionDef[];

export const VOLUME_OPTIONS = [
  { name: "level", description: "New volume, 0 to 150", type: "integer", min: 0, max: 150 },
] as const satisfies readonly OptionDef[];

export const playbackCommands = [
  defineCommand({
    name: "play",
    aliases: ["p"],
    description: "Play a song or playlist from a search, a track URL, a playlist URL or an attached audio file",
    category: "music",
    options: PLAY_OPTIONS,
    preconditions: ["inVoice", "sameVoice", "joinable"],
    defer: true,
    load: () => import("../handlers/play.ts"),
  }),
  defineCommand({
    name: "playnext",
    aliases: ["pn", "playtop"],
    description: "Like play, but put it at the front of the queue",
    category: "music",
    options: PLAYNEXT_OPTIONS,
    preconditions: ["inVoice", "sameVoice", "joinable", "djMode"],
    defer: true,
    load: () => import("../handlers/playnext.ts"),
  }),
  defineCommand({
    name: "search",
    aliases: ["find"],
    description: "Search and pick up to 10 results from a menu",
    category: "music",
    options: SEARCH_OPTIONS,
    preconditions: ["inVoice", "sameVoice", "joinable"],
    selectMenu: true,
    defer: true,
    load: () => import("../handlers/search.ts"),
  }),
  defineCommand({
    name: "pause",
    description: "Pause playback",
    category: "music",
    preconditions: CONTROL,
    load: () => import("../handlers/pause.ts"),
  }),
  defineCommand({
    name: "resume",
    aliases: ["unpause"],
    description: "Resume paused playback",
    category: "music",
    preconditions: CONTROL,
    load: () => import("../handlers/resume.ts"),
  }),
  defineCommand({
    name: "skip",
    aliases: ["s", "next"],
    description: "Skip the current track (or vote to), or skip to a queue position",
    category: "music",
    options: SKIP_OPTIONS,
    // Skipping to a position needs control rights; a plain skip from anyone else is a vote.
    preconditions: [
      "inVoice",
      "sameVoice",
      "playerActive",
      "djMode",
      { check: "canControl", when: (a) => a.to !== undefined },
    ],
    load: () => import("../handlers/skip.ts"),
  }),
  defineCommand({
    name: "skipto",
    aliases: ["jump"],
    description: "Skip to a queue position, dropping the tracks before it",
    category: "music",
    options: SKIPTO_OPTIONS,
    preconditions: CONTROL,
    load: () => import("../handlers/skipto.ts"),
  }),
  defineCommand({
    name: "previous",
    aliases: ["prev", "back"],
    description: "Play the previous track again",
    category: "music",
    preconditions: ["inVoice", "sameVoice", "canControl"],
    load: () => import("../handlers/previous.ts"),
  }),
  defineCommand({
    name: "replay",
    aliases: ["restart"],
    description: "Restart the current track",
    category: "music",
    preconditions: CONTROL,
    load: () => import("../handlers/replay.ts"),
  }),
  defineCommand({
    name: "stop",
    description: "Stop playback and clear the queue (stays in the channel)",
    category: "music",
    preconditions: ["inVoice", "sameVoice", "canControl"],
    load: () => import("../handlers/stop.ts"),
  }),
  defineCommand({
    name: "leave",
    aliases: ["disconnect", "dc"],
    description: "Leave the voice channel and clear the queue",
    category: "music",
    preconditions: ["inVoice", "sameVoice", "canControl"],
    load: () => import("../handlers/leave.ts"),
  }),
  defineCommand({
    name: "volume",
    aliases: ["vol"],
    description: "Show or set the volume (0–150)",
    category: "music",
    options: VOLUME_OPTIONS,
    // Anyone may ask the volume; setting it needs control rights.
    preconditions: [
      "inVoice",
      "sameVoice",
      "playerActive",
      { check: "canControl", when: (a) => a.level !== undefined },
    ],
    load: () => import("../handlers/volume.ts"),
  }),
  defineCommand({
    name: "seek",
    description: "Jump to a time in the current track",
    category: "music",
    options: SEEK_OPTIONS,
    preconditions: CONTROL,
    load: () => import("../handlers/seek.ts"),
  }),
  defineCommand({
    name: "forward",
    aliases: ["fwd", "ff"],
    description: "Jump ahead in the current track (default 10 seconds)",
    category: "music",
    options: SEEK_BY_OPTIONS,
    preconditions: CONTROL,
    load: () => import("../handlers/forward.ts"),
  }),
  defineCommand({
    name: "rewind",
    aliases: ["rw"],
    description: "Jump back in the current track (default 10 seconds)",
    category: "music",
    options: SEEK_BY_OPTIONS,
    preconditions: CONTROL,
    load: () => import("../handlers/rewind.ts"),
  }),
  defineCommand({
    name: "join",
    aliases: ["summon", "connect"],
    description: "Join your voice channel, or move there from another one (the queue carries on)",
    category: "music",
    preconditions: ["inVoice", "joinable", "movingListenersNeedsDj"],
    defer: true,
    load: () => import("../handlers/join.ts"),
  }),
  defineCommand({
    name: "autoplay",
    aliases: ["ap", "radio"],
    description: "Turn autoplay on or off: related tracks follow when the queue runs out",
    category: "music",
    options: AUTOPLAY_OPTIONS,
    preconditions: ["inVoice", "sameVoice", "canControl"],
    load: () => import("../handlers/autoplay.ts"),
  }),
];
