import { FILTER_PRESETS } from "../../music/filters.ts";
import { defineCommand } from "../define.ts";
import type { OptionDef } from "../types.ts";

export const FILTER_OPTIONS = [
  { name: "preset", description: "The filter", type: "string", required: true, choices: FILTER_PRESETS },
  {
    name: "value",
    description: "bassboost: low/medium/high · speed, pitch, rate: 0.5–2 · eq: a preset, off, or band:gain pairs",
    type: "string",
    max: 200,
    rest: true,
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
