import { defineCommand } from "../define.ts";
import type { OptionDef } from "../types.ts";

export const MOVE_OPTIONS = [
  { name: "from", description: "Position of the track", type: "integer", required: true, min: 1, max: 100_000 },
  { name: "to", description: "Where it should go", type: "integer", required: true, min: 1, max: 100_000 },
] as const satisfies readonly OptionDef[];

export const LOOP_OPTIONS = [
  {
    name: "mode",
    description: "off, track or queue (cycles when left out)",
    type: "string",
    choices: ["off", "track", "queue"],
  },
] as const satisfies readonly OptionDef[];

export const HISTORY_OPTIONS = [
  { name: "page", description: "Page number", type: "integer", min: 1, max: 100 },
] as const satisfies readonly OptionDef[];

export const QUEUE_OPTIONS = [
  { name: "page", description: "Page number", type: "integer", min: 1, max: 10_000 },
] as const satisfies readonly OptionDef[];

export const REMOVE_OPTIONS = [
  { name: "positions", description: "A position (3) or a range (3-7)", type: "string", required: true, max: 20 },
] as const satisfies readonly OptionDef[];

export const REMOVEUSER_OPTIONS = [
  { name: "member", description: "Whose tracks to remove", type: "user", required: true },
] as const satisfies readonly OptionDef[];

export const IMPORT_OPTIONS = [
  { name: "file", description: "The .json file export made", type: "attachment", required: true },
] as const satisfies readonly OptionDef[];

export const queueCommands = [
  defineCommand({
    name: "queue",
    aliases: ["q"],
    description: "Show the queue",
    category: "queue",
    options: QUEUE_OPTIONS,
    preconditions: ["guildOnly"],
    load: () => import("../handlers/queue.ts"),
  }),
  defineCommand({
    name: "remove",
    aliases: ["rm"],
    description: "Remove a queue position or a range like 3-7",
    category: "queue",
    options: REMOVE_OPTIONS,
    preconditions: ["inVoice", "sameVoice", "removeRights"],
    load: () => import("../handlers/remove.ts"),
  }),
  defineCommand({
    name: "removedupes",
    aliases: ["dedupe", "rmd"],
    description: "Remove tracks that are already playing or queued earlier",
    category: "queue",
    preconditions: ["inVoice", "sameVoice", "canControl"],
    load: () => import("../handlers/removedupes.ts"),
  }),
  defineCommand({
    name: "removeuser",
    aliases: ["forceremove", "ru"],
    description: "Remove every upcoming track a member asked for (DJ, or your own)",
    category: "queue",
    options: REMOVEUSER_OPTIONS,
    preconditions: ["inVoice", "sameVoice", "othersNeedDj"],
    load: () => import("../handlers/removeuser.ts"),
  }),
  defineCommand({
    name: "move",
    aliases: ["mv"],
    description: "Move a track to another queue position",
    category: "queue",
    options: MOVE_OPTIONS,
    preconditions: ["inVoice", "sameVoice", "canControl"],
    load: () => import("../handlers/move.ts"),
  }),
  defineCommand({
    name: "clear",
    aliases: ["clearqueue", "cq"],
    description: "Remove every upcoming track (the current one keeps playing)",
    category: "queue",
    preconditions: ["inVoice", "sameVoice", "canControl"],
    load: () => import("../handlers/clear.ts"),
  }),
  defineCommand({
    name: "shuffle",
    aliases: ["mix"],
    description: "Shuffle the upcoming tracks",
    category: "queue",
    preconditions: ["inVoice", "sameVoice", "canControl"],
    load: () => import("../handlers/shuffle.ts"),
  }),
  defineCommand({
    name: "loop",
    aliases: ["repeat"],
    description: "Repeat nothing, the current track or the whole queue",
    category: "queue",
    options: LOOP_OPTIONS,
    preconditions: ["inVoice", "sameVoice", "playerActive", "canControl"],
    load: () => import("../handlers/loop.ts"),
  }),
  defineCommand({
    name: "export",
    aliases: ["exportqueue", "qexport"],
    description: "Get the queue as a file you can load again with import",
    category: "queue",
    preconditions: ["guildOnly"],
    load: () => import("../handlers/export.ts"),
  }),
  defineCommand({
    name: "import",
    aliases: ["importqueue", "qimport"],
    description: "Queue the tracks of a file made by export (attach it)",
    category: "queue",
    options: IMPORT_OPTIONS,
    preconditions: ["inVoice", "sameVoice", "joinable"],
    defer: true,
    load: () => import("../handlers/import.ts"),
  }),
  defineCommand({
    name: "history",
    aliases: ["recent"],
    description: "The tracks this server played last (up to 50)",
    category: "queue",
    options: HISTORY_OPTIONS,
    preconditions: ["guildOnly"],
    load: () => import("../handlers/history.ts"),
  }),
  defineCommand({
    name: "grab",
    aliases: ["save"],
    description: "Send yourself the current track in a direct message",
    category: "queue",
    preconditions: ["guildOnly", "playerActive"],
    load: () => import("../handlers/grab.ts"),
  }),
];
