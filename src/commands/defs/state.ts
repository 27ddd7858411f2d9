import { defineCommand } from "../define.ts";
import { SETTING_NAMES } from "../handlers/settings-keys.ts";

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
    cooldownMs: 0,
    load: () => import("../handlers/settings.ts"),
  }),
];
