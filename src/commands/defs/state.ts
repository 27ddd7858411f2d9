import { defineCommand } from "../define.ts";
import type { OptionDef, SubcommandDef } from "../types.ts";

const SETTING_KEY = {
  name: "key",
  description: "Which setting",
  type: "string",
  required: true,
  max: 32,
  autocomplete: true,
} as const;
const PLAYLIST_NAME = {
  name: "name",
  description: "One of your playlists",
  type: "string",
  required: true,
  max: 100,
  autocomplete: true,
} as const;

export const SETUP_OPTIONS = [
  { name: "state", description: "on for this channel (default), off to stop", type: "boolean" },
] as const satisfies readonly OptionDef[];

export const SETTINGS_SUBCOMMANDS = [
  { name: "show", description: "Show every setting of this server", options: [] },
  {
    name: "set",
    description: "Change a setting",
    options: [
      SETTING_KEY,
      { name: "value", description: "The new value", type: "string", required: true, max: 200, rest: true },
    ],
  },
  { name: "reset", description: "Put a setting back to its default", options: [SETTING_KEY] },
] as const satisfies readonly SubcommandDef[];

export const PLAYLIST_SUBCOMMANDS = [
  {
    name: "create",
    description: "Start a new, empty playlist",
    options: [{ name: "name", description: "Its name", type: "string", required: true, max: 100, rest: true }],
  },
  {
    name: "add",
    description: "Add the current track, the whole queue, a search result or a link",
    options: [
      PLAYLIST_NAME,
      {
        name: "what",
        description: "current (the default), queue, search words or a link",
        type: "string",
        max: 500,
        rest: true,
      },
    ],
  },
  {
    name: "remove",
    description: "Remove a track or a range of tracks",
    options: [
      PLAYLIST_NAME,
      {
        name: "positions",
        description: "A position (3) or a range (2-4)",
        type: "string",
        required: true,
        max: 20,
      },
    ],
  },
  {
    name: "show",
    description: "List a playlist's tracks",
    options: [PLAYLIST_NAME, { name: "page", description: "Page number", type: "integer", min: 1, max: 10_000 }],
  },
  { name: "list", description: "List your playlists", options: [] },
  {
    name: "load",
    description: "Queue a playlist in your voice channel",
    options: [{ ...PLAYLIST_NAME, rest: true }],
    // Only loading touches voice; the other subcommands work anywhere in the server.
    preconditions: ["inVoice", "sameVoice", "joinable"],
  },
  { name: "delete", description: "Delete a playlist", options: [{ ...PLAYLIST_NAME, rest: true }] },
  {
    name: "rename",
    description: "Give a playlist a new name",
    options: [
      PLAYLIST_NAME,
      { name: "new_name", description: "The new name", type: "string", required: true, max: 100, rest: true },
    ],
  },
] as const satisfies readonly SubcommandDef[];

export const stateCommands = [
  defineCommand({
    name: "setup",
    aliases: ["requests", "request-channel"],
    description: "Make this channel the request channel: any message here plays (Manage Server)",
    category: "info",
    options: SETUP_OPTIONS,
    preconditions: ["guildOnly", "manageServer"],
    load: () => import("../handlers/setup.ts"),
  }),
  defineCommand({
    name: "settings",
    aliases: ["config", "set"],
    description: "Show or change this server's Encore settings (Manage Server)",
    category: "info",
    subcommands: SETTINGS_SUBCOMMANDS,
    defaultSubcommand: "show",
    preconditions: ["guildOnly", "manageServer"],
    load: () => import("../handlers/settings.ts"),
  }),
  defineCommand({
    name: "playlist",
    aliases: ["pl", "playlists"],
    description: "Your saved playlists: create, add, remove, show, list, load, delete or rename",
    category: "music",
    subcommands: PLAYLIST_SUBCOMMANDS,
    defaultSubcommand: "list",
    // Playlists belong to the member (the same in every server) but are used from a server: `add current` and
    // `load` need its player, and Encore's commands are registered for servers only.
    preconditions: ["guildOnly"],
    load: () => import("../handlers/playlist.ts"),
  }),
];
