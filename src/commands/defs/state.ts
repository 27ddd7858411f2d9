import { defineCommand } from "../define.ts";
import { SETTING_NAMES } from "../settings-keys.ts";

/** `playlist` actions; the prefix form reads `!playlist <action> <name> <value…>`. */
export const PLAYLIST_ACTIONS = ["create", "add", "remove", "show", "list", "load", "delete", "rename"] as const;

export const stateCommands = [
  defineCommand({
    name: "settings",
    aliases: ["config", "set"],
    description: "Show or change this server's Encore settings (Manage Server)",
    category: "info",
    options: [
      { name: "action", description: "show, set or reset", type: "string", choices: ["show", "set", "reset"] },
      { name: "key", description: "Which setting", type: "string", choices: SETTING_NAMES },
      { name: "value", description: "New value (reset: leave empty)", type: "string", max: 200, rest: true },
    ],
    preconditions: ["guildOnly", "manageServer"],
    load: () => import("../handlers/settings.ts"),
  }),
  defineCommand({
    name: "playlist",
    aliases: ["pl", "playlists"],
    description: "Your saved playlists: create, add, remove, show, list, load, delete or rename",
    category: "music",
    options: [
      { name: "action", description: "What to do (list when left out)", type: "string", choices: PLAYLIST_ACTIONS },
      { name: "name", description: "The playlist's name", type: "string", max: 100, autocomplete: true },
      {
        name: "value",
        description: "add: current, queue, a search or a link · remove: 3 or 2-4 · show: page · rename: new name",
        type: "string",
        max: 500,
        rest: true,
      },
    ],
    // Only `load` needs voice; the handler checks inVoice and sameVoice for it.
    preconditions: ["guildOnly"],
    load: () => import("../handlers/playlist.ts"),
  }),
];
