import { effectCommands } from "./defs/effects.ts";
import { infoCommands } from "./defs/info.ts";
import { playbackCommands } from "./defs/playback.ts";
import { queueCommands } from "./defs/queue.ts";
import { stateCommands } from "./defs/state.ts";
import type { CommandDefinition } from "./types.ts";

/** The one list of commands. Definitions are data; each handler module is imported on first use. */
export function commandManifest(): readonly CommandDefinition[] {
  return [...playbackCommands, ...queueCommands, ...effectCommands, ...stateCommands, ...infoCommands];
}
