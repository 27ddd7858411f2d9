import { defineCommand } from "../define.ts";
import type { OptionDef } from "../types.ts";

export const LYRICS_OPTIONS = [
  { name: "page", description: "Page number", type: "integer", min: 1, max: 100 },
] as const satisfies readonly OptionDef[];

export const HELP_OPTIONS = [
  { name: "command", description: "A command name", type: "string", max: 32 },
] as const satisfies readonly OptionDef[];

export const infoCommands = [
  defineCommand({
    name: "nowplaying",
    aliases: ["np", "current"],
    description: "Show the current track with its progress",
    category: "queue",
    preconditions: ["guildOnly", "playerActive"],
    load: () => import("../handlers/nowplaying.ts"),
  }),
  defineCommand({
    name: "lyrics",
    aliases: ["ly"],
    description: "Show the lyrics of the current track",
    category: "info",
    options: LYRICS_OPTIONS,
    preconditions: ["guildOnly", "playerActive"],
    defer: true,
    load: () => import("../handlers/lyrics.ts"),
  }),
  defineCommand({
    name: "ping",
    aliases: ["latency"],
    description: "Show Encore's latency to Discord and the music nodes",
    category: "info",
    load: () => import("../handlers/ping.ts"),
  }),
  defineCommand({
    name: "stats",
    aliases: ["status"],
    description: "Show Encore's uptime, memory, players, nodes, caches and rate limit (Manage Server)",
    category: "info",
    preconditions: ["manageServer"],
    load: () => import("../handlers/stats.ts"),
  }),
  defineCommand({
    name: "help",
    aliases: ["h", "commands"],
    description: "List the commands, or show one command's usage",
    category: "info",
    options: HELP_OPTIONS,
    load: () => import("../handlers/help.ts"),
  }),
];
