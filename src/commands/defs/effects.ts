import { FILTER_PRESETS } from "../../music/filters.ts";
import { defineCommand } from "../define.ts";
import type { OptionDef } from "../types.ts";

export const FILTER_OPTIONS = [
  { name: "preset", description: "The filter", type: "string", required: true, choices: FILTER_PRESETS },
  {
    name: "value",
    description: "bassboost: low, medium or high; speed, pitch, rate: 0.5 to 2",
    type: "string",
    max: 8,
  },
] as const satisfies readonly OptionDef[];

export const effectCommands = [
  defineCommand({
    name: "filter",
    aliases: ["filters", "fx"],
    description: "Apply an audio filter (again to remove it), or off to clear all",
    category: "effects",
    options: FILTER_OPTIONS,
    preconditions: ["inVoice", "sameVoice", "playerActive", "canControl"],
    load: () => import("../handlers/filter.ts"),
  }),
];
