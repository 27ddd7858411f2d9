import type { en } from "../en/index.ts";
import type { Translation } from "../types.ts";
import { core } from "./core.ts";
import { music } from "./music.ts";
import { render } from "./render.ts";
import { replies } from "./replies.ts";
import { settings } from "./settings.ts";

/** Every message Encore says, in German. */
export const de: Translation<typeof en> = { ...core, ...music, ...render, ...replies, ...settings };
