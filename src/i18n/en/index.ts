import { core } from "./core.ts";
import { music } from "./music.ts";
import { render } from "./render.ts";
import { replies } from "./replies.ts";
import { settings } from "./settings.ts";

/** Every message Encore says, in English: the source catalogue other languages are typed against. */
export const en = { ...core, ...music, ...render, ...replies, ...settings } as const;
